"""The LP page lists the LP's meetings, upcoming and past, that the visitor may see."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pim.partnerships.tests.base import LpTestCase


class LpMeetingsListTests(LpTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        today = timezone.localdate()
        cls.next_meeting = cls.meeting("Spotkanie LP jesienne", today + datetime.timedelta(days=14), is_public=False)
        cls.open_meeting = cls.meeting("Spotkanie LP otwarte", today + datetime.timedelta(days=40), is_public=True)
        cls.last_meeting = cls.meeting("Spotkanie LP wiosenne", today - datetime.timedelta(days=60), is_public=False)
        # Another city's LP and another kind of event at the same host are not this LP's meetings.
        cls.outsider_meeting = cls.meeting("Spotkanie LP obce", today, is_public=True, host=cls.outsider_city)
        cls.workshop = cls.member_city.hosted_events.create(
            kind="network_workshop", level="network", title="Warsztat w mieście", edition=cls.edition,
            network=cls.network, starts_on=today,
        )

    @classmethod
    def meeting(cls, title: str, day: datetime.date, *, is_public: bool, host: Any = None) -> Any:
        # Events are a layer above partnerships, whose tests may not import them: made through the host.
        return (host or cls.member_city).hosted_events.create(
            kind="lp_meeting", level="lp", title=title, edition=cls.edition, network=cls.network,
            starts_on=day, ends_on=day, is_public=is_public,
        )

    def page(self, name: str) -> Any:
        if name == "anonymous":
            self.client.logout()
        else:
            self.client.force_login(self.persona(name))
        response = self.client.get(self.member_lp.get_absolute_url())
        self.assertEqual(response.status_code, 200)
        return response

    def test_the_lp_member_sees_upcoming_and_past_meetings_with_links(self):
        response = self.page("lp_member")
        self.assertEqual(response.context["upcoming_meetings"], [self.next_meeting, self.open_meeting])
        self.assertEqual(response.context["past_meetings"], [self.last_meeting])
        for meeting in (self.next_meeting, self.open_meeting, self.last_meeting):
            self.assertContains(response, f'href="{meeting.get_absolute_url()}"')
        self.assertContains(response, '<span class="badge private-badge">niepubliczne</span>', count=2, html=False)
        self.assertNotContains(response, self.outsider_meeting.get_absolute_url())
        self.assertNotContains(response, self.workshop.get_absolute_url())
        calendar = f'{reverse("calendar:list")}?participant={self.member_city.slug}&amp;kind=lp_meeting'
        self.assertContains(response, f'href="{calendar}"')

    def test_the_lp_team_sees_them_too(self):
        for name in ("member_officer", "lp_coordinator", "coordinator"):
            with self.subTest(persona=name):
                response = self.page(name)
                self.assertEqual(response.context["upcoming_meetings"], [self.next_meeting, self.open_meeting])
                self.assertEqual(response.context["past_meetings"], [self.last_meeting])

    def test_others_see_only_the_public_meeting(self):
        for name in ("anonymous", "outsider_officer", "lead_officer", "expert", "ministry_reviewer"):
            with self.subTest(persona=name):
                response = self.page(name)
                self.assertEqual(response.context["upcoming_meetings"], [self.open_meeting])
                self.assertEqual(response.context["past_meetings"], [])
                self.assertNotContains(response, "Spotkanie LP jesienne")
                self.assertContains(response, "Brak minionych spotkań.")

    def test_the_new_meeting_link_is_for_the_lp_team_only(self):
        link = f'{reverse("events:create")}?kind=lp_meeting&amp;host={self.member_city.pk}'
        for name, shown in (("member_officer", True), ("lp_coordinator", True), ("coordinator", True),
                            ("lp_member", False), ("expert", False), ("anonymous", False)):
            with self.subTest(persona=name):
                self.assertEqual(link in self.page(name).content.decode(), shown)

    def test_queries_do_not_grow_with_meetings(self):
        counts = []
        for extra in (2, 10):
            for i in range(extra):
                self.meeting(f"Spotkanie dodatkowe {extra}-{i}", timezone.localdate(), is_public=i % 2 == 0)
            for name in ("anonymous", "lp_member"):
                if name == "anonymous":
                    self.client.logout()
                else:
                    self.client.force_login(self.lp_member)
                with CaptureQueriesContext(connection) as queries:
                    self.client.get(self.member_lp.get_absolute_url())
                counts.append(len(queries))
        self.assertEqual(counts[:2], counts[2:])
