"""The real history in the calendar: every known meeting appears with its level and as precise a date as
the sources give, and the pilot's meetings known only as counts are shown as counts."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from pim.events.models import Event
from pim.programmes.models import EditionFigure


def load_history() -> str:
    # Through the command: the loader lives in the portal, a layer this app may not import.
    out = StringIO()
    call_command("load_pim_history", stdout=out)
    return out.getvalue()


class HistoryInCalendarTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        load_history()
        cls.records = json.loads(Path(settings.PIM_HISTORY_FILE).read_text(encoding="utf-8"))["events"]

    def test_every_known_meeting_is_an_event_with_its_level(self) -> None:
        self.assertEqual(Event.objects.count(), len(self.records))
        for event in Event.objects.all():
            with self.subTest(event=event.title):
                if event.kind == Event.Kind.LP_MEETING:
                    self.assertEqual(event.level, Event.Level.LOCAL_PARTNERSHIP)
                elif event.network_id is None:
                    self.assertEqual(event.level, Event.Level.EDITION)
                else:
                    self.assertEqual(event.level, Event.Level.NETWORK)

    def test_the_list_shows_them_all_and_undated_ones_honestly(self) -> None:
        response = self.client.get(reverse("calendar:list"))
        self.assertEqual(response.context["page_obj"].paginator.count, len(self.records))
        unknown = [e for e in response.context["groups"][-1].events]
        self.assertTrue(unknown)
        self.assertTrue(all(e.date_precision == Event.DatePrecision.UNKNOWN for e in unknown))

    def test_month_known_meeting_is_under_its_month_not_on_a_day(self) -> None:
        response = self.client.get(reverse("calendar:month", args=[2018, 1]))
        self.assertEqual([e.label for e in response.context["month_undated"]], ["Spotkanie sieci Rewitalizacja #1"])
        self.assertEqual(response.context["event_count"], 0)
        response = self.client.get(reverse("calendar:month", args=[2022, 5]))
        titles = {e.label for week in response.context["weeks"] for d in week for e in d.events}
        self.assertIn("Indywidualne Spotkanie Sieci #1", titles)

    def test_the_pilots_counts_are_shown_as_stated(self) -> None:
        response = self.client.get(reverse("calendar:list"), {"edition": "2017-2019"})
        figures = {f.key: f.display_value for f in response.context["figures"]}
        self.assertEqual(figures[EditionFigure.Key.JOINT_MEETINGS], "4")
        self.assertEqual(figures[EditionFigure.Key.NETWORK_MEETINGS], "16")
        self.assertEqual(figures[EditionFigure.Key.NETWORK_MEETING_CITIES], "20+")
        response = self.client.get(reverse("calendar:list"), {"edition": "2024-2026"})
        self.assertEqual(response.context["figures"], [])

    def test_loading_again_changes_nothing(self) -> None:
        levels = dict(Event.objects.values_list("pk", "level"))
        load_history()
        self.assertEqual(dict(Event.objects.values_list("pk", "level")), levels)
        self.assertEqual(Event.objects.count(), len(self.records))
