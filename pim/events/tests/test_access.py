"""Fetching an event through `get_event_for_user`."""

from __future__ import annotations

from django.http import Http404

from pim.events.access import get_event_for_user
from pim.events.tests.factories import EventFactory
from pim.programmes.tests.personas import PersonaTestCase


class EventAccessTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.event = EventFactory(network=cls.network, host=cls.member_city)

    def test_anonymous_visitors_read_an_event(self):
        self.assertEqual(get_event_for_user(self.anonymous, self.event.pk), self.event)

    def test_the_lead_city_writes_it_an_outsider_gets_404(self):
        self.assertEqual(get_event_for_user(self.lead_officer, self.event.pk, write=True), self.event)
        with self.assertRaises(Http404):
            get_event_for_user(self.outsider_officer, self.event.pk, write=True)
