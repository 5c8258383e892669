"""Who an organiser may register: an advisory's list never names the city's LP members (experts organise it)."""

from __future__ import annotations

from django.urls import reverse

from pim.events.tests.base import EventTestCase


class EligiblePeopleTests(EventTestCase):
    def test_an_advisory_takes_the_city_team_the_lp_coordinator_and_the_networks_experts(self):
        self.assertEqual(
            set(self.advisory.eligible_people()),
            {self.member_officer.person, self.lp_coordinator.person, self.expert.person},
        )

    def test_an_lp_meeting_still_takes_the_lp_members(self):
        self.assertIn(self.lp_member.person, self.lp_meeting.eligible_people())

    def test_the_experts_registration_page_for_an_advisory_does_not_name_an_lp_member(self):
        self.client.force_login(self.expert)
        response = self.client.get(reverse("events:registrations", args=[self.advisory.pk]))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, self.member_officer.person.name)
        self.assertNotContains(response, self.lp_member.person.name)

    def test_an_lp_member_cannot_be_registered_for_an_advisory(self):
        self.client.force_login(self.expert)
        response = self.client.post(
            reverse("events:registrations", args=[self.advisory.pk]), {"person": self.lp_member.person.pk}
        )
        self.assertIn("person", response.context["form"].errors)
        self.assertFalse(self.advisory.registrations.exists())
