"""The account page as a work hub: each role's links, upcoming registrations, and queries that do not grow."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pim.events.tests.base import EventTestCase
from pim.events.tests.factories import EventFactory, RegistrationFactory
from pim.partnerships.tests.factories import PartnershipFactory
from pim.places.tests.factories import ParticipantFactory
from pim.plans.tests.factories import ActionPlanFactory
from pim.programmes.models import RoleAssignment
from pim.programmes.tests.factories import NetworkFactory, RoleAssignmentFactory
from pim.recommendations.tests.factories import ImprovementPlanFactory

Role = RoleAssignment.Role


class AccountHubTests(EventTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.member_plan = ActionPlanFactory(network=cls.network, participant=cls.member_city, title="MID członka")
        cls.lead_plan = ActionPlanFactory(network=cls.network, participant=cls.lead_city, title="MID lidera")
        cls.member_lp = PartnershipFactory(participant=cls.member_city, edition=cls.edition)
        ImprovementPlanFactory(network=cls.network, title="Plan Ulepszeń testowy")
        soon = timezone.localdate() + datetime.timedelta(days=10)
        cls.upcoming = EventFactory(network=cls.network, title="Nadchodzące spotkanie", starts_on=soon, ends_on=soon)
        cls.past = EventFactory(network=cls.network, title="Dawne spotkanie")

    def hub_of(self, name: str) -> Any:
        self.client.force_login(self.persona(name))
        response = self.client.get(reverse("account"))
        self.assertEqual(response.status_code, 200)
        return response

    def test_a_city_officer_gets_their_citys_mid_lp_and_a_prefilled_lp_meeting(self):
        response = self.hub_of("member_officer")
        hub = response.context["hub"]
        self.assertEqual(hub.plans, [self.member_plan])
        self.assertEqual(hub.partnerships, [self.member_lp])
        self.assertContains(response, self.member_plan.get_absolute_url())
        self.assertContains(response, self.member_lp.get_absolute_url())
        self.assertContains(response, f'href="{reverse("events:create")}?kind=lp_meeting&amp;host={self.member_city.pk}"')
        self.assertEqual(hub.my_data_url, "")
        self.assertEqual((hub.networks, hub.inbox_url), ([], ""))
        self.assertNotContains(response, self.lead_plan.get_absolute_url())

    def test_an_lp_member_gets_the_mid_the_lp_and_their_data_but_no_new_event(self):
        response = self.hub_of("lp_member")
        hub = response.context["hub"]
        self.assertEqual(hub.plans, [self.member_plan])
        self.assertEqual(hub.partnerships, [self.member_lp])
        self.assertContains(response, reverse("partnerships:my_data"))
        self.assertEqual(hub.new_event_url, "")
        self.assertNotContains(response, reverse("events:create"))

    def test_a_city_without_an_lp_is_pointed_to_the_lp_list(self):
        response = self.hub_of("lead_officer")
        self.assertEqual(response.context["hub"].partnerships, [])
        self.assertContains(response, f'href="{reverse("partnerships:list")}"')

    def test_an_expert_gets_the_pu_editor_the_barrier_register_and_a_new_event(self):
        other = NetworkFactory(edition=self.edition, name="Sieć bez planu", slug="siec-bez-planu")
        RoleAssignmentFactory(person=self.expert.person, role=Role.THEMATIC_EXPERT, network=other)
        response = self.hub_of("expert")
        hub = response.context["hub"]
        self.assertEqual([t.network for t in hub.networks], [self.network, other])
        self.assertContains(response, reverse("recommendations:plan", args=[self.network.slug]))
        self.assertContains(response, reverse("recommendations:register", args=[self.network.slug]))
        # Without a PU yet, the link goes to the network page's PU section, where the expert starts one.
        self.assertContains(response, f'{reverse("portal:network", args=[other.slug])}#plan-ulepszen')
        self.assertContains(response, reverse("recommendations:register", args=[other.slug]))
        self.assertEqual(hub.new_event_url, reverse("events:create"))
        self.assertEqual(hub.lp_meeting_links, [])
        self.assertEqual((hub.plans, hub.partnerships, hub.inbox_url), ([], [], ""))

    def test_a_ministry_liaison_gets_the_inbox(self):
        response = self.hub_of("ministry_reviewer")
        hub = response.context["hub"]
        self.assertContains(response, f'href="{reverse("recommendations:inbox")}"')
        self.assertEqual((hub.plans, hub.networks, hub.new_event_url), ([], [], ""))

    def test_the_upcoming_events_one_is_registered_for_are_listed(self):
        RegistrationFactory(event=self.upcoming, person=self.member_officer.person)
        RegistrationFactory(event=self.past, person=self.member_officer.person)
        RegistrationFactory(event=self.workshop, person=self.lead_officer.person)
        response = self.hub_of("member_officer")
        self.assertEqual([r.event for r in response.context["hub"].registrations], [self.upcoming])
        self.assertContains(response, "Nadchodzące spotkanie")
        self.assertNotContains(response, "Dawne spotkanie")

    def test_someone_without_roles_is_told_there_is_nothing_yet(self):
        RoleAssignment.objects.filter(person=self.outsider_officer.person).update(ended=True)
        response = self.hub_of("outsider_officer")
        self.assertTrue(response.context["hub"].is_empty)
        self.assertNotContains(response, reverse("events:create"))


class AccountHubQueryTests(EventTestCase):
    """One role of each kind, or many of each with many rows: the same number of queries."""

    def queries(self, user: Any) -> int:
        self.client.force_login(user)
        with CaptureQueriesContext(connection) as captured:
            self.assertEqual(self.client.get(reverse("account")).status_code, 200)
        return len(captured)

    def give_roles(self, person: Any, n: int) -> None:
        soon = timezone.localdate() + datetime.timedelta(days=5)
        for _ in range(n):
            city = ParticipantFactory()
            network = NetworkFactory(edition=self.edition)
            for role in (Role.CITY_TEAM_MEMBER, Role.LP_COORDINATOR, Role.LP_MEMBER):
                RoleAssignmentFactory(person=person, role=role, participant=city)
            RoleAssignmentFactory(person=person, role=Role.THEMATIC_EXPERT, network=network)
            ImprovementPlanFactory(network=network)
            ActionPlanFactory(network=network, participant=city)
            PartnershipFactory(participant=city, edition=self.edition)
            RegistrationFactory(event=EventFactory(network=network, starts_on=soon, ends_on=soon), person=person)

    def test_queries_do_not_grow_with_roles_and_rows(self):
        person = self.member_officer.person
        self.give_roles(person, 2)
        # Session, user, person, role rows, `user_roles`, registrations, private events of the user's cities and
        # networks, MIDs, LPs, networks with a PU (an expert may add events, so the lead-city check of
        # `events.add_event` is not reached).
        self.assertEqual(self.queries(self.member_officer), 10)
        self.give_roles(person, 8)
        self.assertEqual(self.queries(self.member_officer), 10)
        hub = self.client.get(reverse("account")).context["hub"]
        self.assertEqual((len(hub.plans), len(hub.networks), len(hub.registrations)), (10, 10, 10))
        self.assertEqual(len(hub.lp_meeting_links), 11)


class NewEventLinkTests(EventTestCase):
    """The "new event" links beside the work: on the LP page for its team, on the network page for organisers."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.member_lp = PartnershipFactory(participant=cls.member_city, edition=cls.edition)

    def page_for(self, name: str, url: str) -> str:
        if name != "anonymous":
            self.client.force_login(self.persona(name))
        else:
            self.client.logout()
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_the_lp_page_offers_a_new_lp_meeting_to_the_lp_team_only(self):
        link = f'{reverse("events:create")}?kind=lp_meeting&amp;host={self.member_city.pk}'
        for name, shown in (("member_officer", True), ("lp_coordinator", True), ("coordinator", True),
                            ("lp_member", False), ("lead_officer", False), ("anonymous", False)):
            with self.subTest(persona=name):
                html = self.page_for(name, self.member_lp.get_absolute_url())
                self.assertEqual(link in html, shown)

    def test_the_network_page_offers_a_new_event_to_its_organisers_only(self):
        url = reverse("portal:network", args=[self.network.slug])
        link = f'href="{reverse("events:create")}?network={self.network.pk}"'
        for name, shown in (("coordinator", True), ("expert", True), ("lead_officer", True),
                            ("member_officer", False), ("outsider_officer", False), ("anonymous", False)):
            with self.subTest(persona=name):
                self.assertEqual(link in self.page_for(name, url), shown)
