"""Private events in the calendar: shown, marked, to those who may see them; the public feeds stay public."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pim.events.models import Event
from pim.events.tests.base import EventTestCase
from pim.events.tests.factories import EventFactory

BADGE = '<span class="badge private-badge">niepubliczne</span>'


class CalendarPrivateEventsTests(EventTestCase):
    def pages(self, name: str, query: dict | None = None) -> list[Any]:
        if name == "anonymous":
            self.client.logout()
        else:
            self.client.force_login(self.persona(name))
        return [
            self.client.get(reverse("calendar:month", args=[2022, 5]), query or {}),
            self.client.get(reverse("calendar:list"), query or {}),
        ]

    def test_an_lp_member_sees_their_lp_meeting_marked_as_not_public(self):
        for response in self.pages("lp_member"):
            with self.subTest(page=response.request["PATH_INFO"]):
                self.assertContains(response, self.lp_meeting.get_absolute_url())
                self.assertContains(response, BADGE, html=False)
                # The advisory and the other city's LP meeting are not theirs.
                self.assertNotContains(response, self.advisory.get_absolute_url())
                self.assertNotContains(response, self.other_lp_meeting.get_absolute_url())

    def test_strangers_and_anonymous_visitors_do_not_see_it(self):
        for name in ("outsider_officer", "ministry_reviewer", "anonymous"):
            for response in self.pages(name):
                with self.subTest(persona=name, page=response.request["PATH_INFO"]):
                    self.assertContains(response, self.workshop.get_absolute_url())
                    self.assertNotContains(response, self.lp_meeting.get_absolute_url())
                    self.assertNotContains(response, "private-badge")

    def test_the_organisers_see_every_private_event_of_their_roles(self):
        for response in self.pages("member_officer"):
            with self.subTest(page=response.request["PATH_INFO"]):
                self.assertContains(response, self.lp_meeting.get_absolute_url())
                self.assertContains(response, self.advisory.get_absolute_url())

    def test_signed_in_people_may_keep_only_the_private_or_the_public_events(self):
        month, listing = self.pages("member_officer", {"visibility": "private"})
        self.assertEqual(
            {e.pk for g in listing.context["groups"] for e in g.events}, {self.lp_meeting.pk, self.advisory.pk}
        )
        self.assertContains(month, self.lp_meeting.get_absolute_url())
        self.assertNotContains(month, self.workshop.get_absolute_url())
        _, listing = self.pages("member_officer", {"visibility": "public"})
        self.assertNotIn(self.lp_meeting.pk, {e.pk for g in listing.context["groups"] for e in g.events})

    def test_anonymous_visitors_get_no_visibility_filter_and_a_wrong_value_is_ignored(self):
        for response in self.pages("anonymous", {"visibility": "private"}):
            self.assertNotContains(response, 'name="visibility"')
            self.assertNotContains(response, self.lp_meeting.get_absolute_url())
        for response in self.pages("lp_member", {"visibility": "secret"}):
            self.assertContains(response, 'name="visibility"')
            self.assertContains(response, 'id="id_visibility_error"')

    def test_a_signed_in_calendar_is_never_kept_by_a_shared_cache(self):
        for response in self.pages("lp_member"):
            self.assertIn("private", response["Cache-Control"])
        for response in self.pages("anonymous"):
            self.assertFalse(response.has_header("Cache-Control"))

    def test_the_public_feeds_carry_no_private_event_even_for_its_lp_member(self):
        # Feeds carry the coming events and those of the last year.
        soon = {"starts_on": timezone.localdate() + datetime.timedelta(days=7), "ends_on": None}
        public = EventFactory(network=self.network, host=self.member_city, **soon)
        private = EventFactory(network=self.network, host=self.member_city, kind=Event.Kind.LP_MEETING,
                               is_public=False, **soon)
        self.client.force_login(self.lp_member)
        for url in (reverse("calendar:participant_feed", args=[self.member_city.slug]),
                    reverse("calendar:network_feed", args=[self.network.slug])):
            with self.subTest(url=url):
                feed = self.client.get(url).content.decode()
                self.assertIn(f"pim-event-{public.pk}@", feed)
                self.assertNotIn(f"pim-event-{private.pk}@", feed)


class CalendarPrivateEventsQueryTests(EventTestCase):
    """Anonymous pages run the queries they ran before private events were shown; signed-in ones a fixed few."""

    def counts(self, name: str) -> tuple[int, int]:
        if name == "anonymous":
            self.client.logout()
        else:
            self.client.force_login(self.persona(name))
        with CaptureQueriesContext(connection) as month:
            self.client.get(reverse("calendar:month", args=[2022, 5]))
        with CaptureQueriesContext(connection) as listing:
            self.client.get(reverse("calendar:list"))
        return len(month), len(listing)

    def add_events(self, n: int) -> None:
        for _ in range(n):
            EventFactory(network=self.network, host=self.member_city, kind=Event.Kind.LP_MEETING, is_public=False)
            EventFactory(network=self.network, host=self.lead_city, is_public=False)

    def test_anonymous_pages_cost_what_they_did_and_do_not_grow(self):
        # Month: editions, networks, events, figures. List: editions, networks, count, page ids, rows, figures.
        self.assertEqual(self.counts("anonymous"), (4, 6))
        self.add_events(10)
        self.assertEqual(self.counts("anonymous"), (4, 6))

    def test_signed_in_pages_add_the_session_user_and_roles_and_do_not_grow(self):
        for name in ("lp_member", "member_officer", "expert", "coordinator"):
            with self.subTest(persona=name):
                self.add_events(2)
                few = self.counts(name)
                self.add_events(10)
                self.assertEqual(self.counts(name), few)
                # The session, the user and the roles; the private events come in the same queries as the rest.
                self.assertEqual(few, (4 + 3, 6 + 3))
