"""The `sources` and `demo_badge` filters: links to the about page, without touching the database."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.admin.models import ADDITION, LogEntry
from django.template import Context, Template
from django.test import SimpleTestCase
from django.utils import translation

from pim.core.models import SourcedModel


@dataclass
class Record:
    """Stands in for any `SourcedModel` (core may not import the domain apps that define them)."""

    sources: str = ""
    is_demo: bool = False

    source_keys = SourcedModel.source_keys


def render(record: object) -> str:
    return Template("{% load pim_tags %}{{ record|sources }}|{{ record|demo_badge }}").render(Context({"record": record}))


class SourcesFilterTests(SimpleTestCase):
    def test_each_source_key_links_to_its_anchor_on_the_about_page(self):
        html = render(Record(sources="B, P2 ,P10"))
        self.assertInHTML('<a href="/o-programie/#zrodlo-B">B</a>', html)
        self.assertInHTML('<a href="/o-programie/#zrodlo-P2">P2</a>', html)
        self.assertInHTML('<a href="/o-programie/#zrodlo-P10">P10</a>', html)

    def test_a_record_without_sources_or_demo_flag_renders_nothing(self):
        self.assertEqual(render(Record(sources="")), "|")
        self.assertEqual(render(None), "|")

    def test_demo_records_get_a_visible_badge(self):
        self.assertIn('class="badge demo-badge"', render(Record(is_demo=True)))

    def test_keys_are_escaped(self):
        self.assertNotIn("<script>", render(Record(sources="<script>")))


class DisplayFilterTests(SimpleTestCase):
    """`display` must say what `get_FOO_display()` says, in the active language (LogEntry: a model with choices)."""

    def render(self, record: object, field: str) -> str:
        return Template("{% load pim_tags %}{{ record|display:field }}").render(Context({"record": record, "field": field}))

    def test_it_shows_the_label_of_a_choice_in_the_active_language(self):
        entry = LogEntry(action_flag=ADDITION)
        for language in ("en", "pl"):
            with self.subTest(language=language), translation.override(language):
                self.assertEqual(self.render(entry, "action_flag"), entry.get_action_flag_display())
        with translation.override("pl"):
            self.assertNotEqual(self.render(entry, "action_flag"), "Addition")

    def test_a_value_outside_the_choices_or_a_field_without_choices_shows_the_value(self):
        self.assertEqual(self.render(LogEntry(action_flag=9), "action_flag"), "9")
        self.assertEqual(self.render(LogEntry(object_repr="x"), "object_repr"), "x")
