"""The `sources` and `demo_badge` filters: links to the about page, without touching the database."""

from __future__ import annotations

from dataclasses import dataclass

from django.template import Context, Template
from django.test import SimpleTestCase

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
