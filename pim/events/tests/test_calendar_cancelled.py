"""The calendar marks cancelled events in words and struck out, at no extra query per event."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.translation import gettext

from pim.events.tests.factories import EventFactory
from pim.events.tests.test_calendar import CalendarTestCase


class CancelledInCalendarTests(CalendarTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.called_off = EventFactory(network=cls.network, title="Warsztat odwołany", cancelled_at=timezone.now(),
                                      cancellation_reason="Brak sali", starts_on=datetime.date(2022, 5, 17),
                                      ends_on=None)

    def test_the_month_and_the_list_mark_the_cancelled_event(self) -> None:
        badge = f'<span class="badge cancelled-badge">{gettext("cancelled")}</span>'
        for response in (self.month(), self.listing()):
            with self.subTest(url=response.request["PATH_INFO"]):
                self.assertContains(response, "<s>Warsztat odwołany</s>")
                self.assertContains(response, badge, count=1)
                self.assertContains(response, "Warsztat w Lublinie")
                self.assertNotContains(response, "<s>Warsztat w Lublinie</s>")

    def test_query_counts_do_not_grow_with_cancelled_events(self) -> None:
        counts = []
        for extra in (2, 10):
            EventFactory.create_batch(extra, network=self.network, cancelled_at=timezone.now(),
                                      starts_on=datetime.date(2022, 5, 3), ends_on=None)
            with CaptureQueriesContext(connection) as month:
                self.month()
            with CaptureQueriesContext(connection) as listing:
                self.listing()
            counts.append((len(month), len(listing)))
        self.assertEqual(counts[0], counts[1])

    def test_the_network_page_marks_the_cancelled_event(self) -> None:
        response = self.client.get(self.network.get_absolute_url())
        self.assertContains(response, "<s>Warsztat odwołany</s>")
        self.assertContains(response, f'<span class="badge cancelled-badge">{gettext("cancelled")}</span>', count=1)
