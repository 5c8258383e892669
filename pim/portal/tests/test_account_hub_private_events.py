"""The account hub's "events you organise or your roles concern": upcoming private events no public list carries."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pim.events.models import Event
from pim.events.tests.base import EventTestCase
from pim.events.tests.factories import EventFactory, RegistrationFactory

Kind = Event.Kind
HEADING = "Wydarzenia, które organizujesz lub których dotyczą Twoje role"


class HubPrivateEventsTests(EventTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        soon = timezone.localdate() + datetime.timedelta(days=10)
        private = {"is_public": False, "starts_on": soon, "ends_on": soon, "network": cls.network}
        cls.next_lp_meeting = EventFactory(host=cls.member_city, kind=Kind.LP_MEETING, title="Najbliższe LP", **private)
        cls.next_advisory = EventFactory(host=cls.member_city, kind=Kind.INDIVIDUAL_ADVISORY, title="Doradztwo", **private)
        cls.lead_lp_meeting = EventFactory(host=cls.lead_city, kind=Kind.LP_MEETING, title="LP lidera", **private)
        cls.public_event = EventFactory(host=cls.member_city, title="Otwarte spotkanie", **{**private, "is_public": True})

    def hub_of(self, name: str) -> Any:
        self.client.force_login(self.persona(name))
        response = self.client.get(reverse("account"))
        self.assertEqual(response.status_code, 200)
        return response

    def test_an_lp_member_finds_their_citys_next_lp_meeting(self):
        response = self.hub_of("lp_member")
        self.assertEqual(response.context["hub"].private_events, [self.next_lp_meeting])
        self.assertContains(response, f'href="{self.next_lp_meeting.get_absolute_url()}"')
        self.assertContains(response, HEADING)
        self.assertContains(response, f'href="{reverse("calendar:list")}?visibility=private"')

    def test_the_organisers_find_what_they_organise_and_nothing_past_or_public(self):
        response = self.hub_of("member_officer")
        self.assertEqual(response.context["hub"].private_events, [self.next_lp_meeting, self.next_advisory])
        self.assertNotContains(response, self.lp_meeting.get_absolute_url())  # 2022: past
        self.assertNotContains(response, "Otwarte spotkanie")
        self.assertEqual(self.hub_of("expert").context["hub"].private_events, [self.next_advisory])
        self.assertEqual(self.hub_of("lead_officer").context["hub"].private_events, [self.lead_lp_meeting])

    def test_an_event_one_is_registered_for_is_listed_once_among_the_registrations(self):
        RegistrationFactory(event=self.next_lp_meeting, person=self.lp_member.person)
        hub = self.hub_of("lp_member").context["hub"]
        self.assertEqual([r.event for r in hub.registrations], [self.next_lp_meeting])
        self.assertEqual(hub.private_events, [])

    def test_a_role_that_shows_no_private_event_gets_no_section(self):
        response = self.hub_of("ministry_reviewer")
        self.assertEqual((response.context["hub"].private_events, response.context["hub"].private_events_url), ([], ""))
        self.assertNotContains(response, HEADING)

    def test_queries_do_not_grow_with_private_events(self):
        def queries() -> int:
            with CaptureQueriesContext(connection) as captured:
                self.client.get(reverse("account"))
            return len(captured)

        soon = timezone.localdate() + datetime.timedelta(days=3)
        self.client.force_login(self.member_officer)
        EventFactory.create_batch(2, host=self.member_city, kind=Kind.LP_MEETING, is_public=False, starts_on=soon,
                                  ends_on=soon, network=self.network)
        few = queries()
        EventFactory.create_batch(10, host=self.member_city, kind=Kind.LP_MEETING, is_public=False, starts_on=soon,
                                  ends_on=soon, network=self.network)
        self.assertEqual(queries(), few)
        self.assertEqual(len(self.client.get(reverse("account")).context["hub"].private_events), 14)
