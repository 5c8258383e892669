"""The public network page: members with roles and dates, history, experts, MIDs, events and the PU."""

from __future__ import annotations

import datetime

from django.test import TestCase, override_settings

from pim.events.tests.factories import EventFactory
from pim.places.tests.factories import ParticipantFactory, voivodeship
from pim.plans.tests.factories import ActionPlanFactory
from pim.programmes.models import Membership, RoleAssignment
from pim.programmes.tests.factories import (
    MembershipFactory,
    NetworkFactory,
    PersonFactory,
    RoleAssignmentFactory,
)
from pim.recommendations.models import ImprovementPlan, Recommendation
from pim.recommendations.tests.factories import ImprovementPlanFactory, RecommendationFactory

LEAD = Membership.Role.LEAD


# The assertions read the English interface; the site itself is Polish first (LANGUAGE_CODE="pl").
@override_settings(LANGUAGE_CODE="en")
class NetworkPageTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.network = NetworkFactory(
            name="Rewitalizacja", slug="rewitalizacja", theme="Rewitalizacja dzielnic",
            classifications={
                "sectors": [{"key": "public_buildings", "name": "Budynki użyteczności publicznej",
                             "examples": "ratusz", "participants": ["gdynia", "nieznane-miasto"]}],
                "horizontal_areas": ["integracja danych", "cyberbezpieczeństwo"],
            },
        )
        cls.katowice = ParticipantFactory(name="Katowice", slug="katowice", voivodeship=voivodeship("slaskie"))
        cls.gdynia = ParticipantFactory(name="Gdynia", slug="gdynia", voivodeship=voivodeship("pomorskie"))
        MembershipFactory(network=cls.network, participant=cls.katowice, role=LEAD,
                          valid_from=datetime.date(2017, 10, 2), note="Koordynuje sieć do kwietnia 2019 r.")
        MembershipFactory(network=cls.network, participant=cls.gdynia, role=Membership.Role.PARTNER)
        cls.url = cls.network.get_absolute_url()

    def test_it_lists_the_lead_city_and_the_partner_city_with_their_roles(self):
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        members = response.context["members"]
        self.assertEqual([(m.name, m.role) for m in members], [("Katowice", "lead"), ("Gdynia", "partner")])
        self.assertEqual([m.slug for m in response.context["leads"]], ["katowice"])
        self.assertContains(response, "<td>lead</td>", html=True)
        self.assertContains(response, '<a href="/uczestnicy/katowice/">Katowice</a>', html=True)
        self.assertContains(response, "Koordynuje sieć do kwietnia 2019 r.")
        self.assertContains(response, "śląskie")
        self.assertContains(response, "pomorskie")

    def test_a_replaced_leader_is_shown_as_history_with_an_unknown_end(self):
        network = NetworkFactory(name="Jakość powietrza", slug="jakosc-powietrza")
        nowy_sacz = ParticipantFactory(name="Nowy Sącz", slug="nowy-sacz")
        sbof = ParticipantFactory(name="Stowarzyszenie Białostockiego Obszaru Funkcjonalnego", slug="sbof")
        MembershipFactory(network=network, participant=nowy_sacz, role=LEAD, ended=True,
                          note="Zastąpiony w roli lidera.")
        MembershipFactory(network=network, participant=sbof, role=LEAD)

        response = self.client.get(network.get_absolute_url())

        self.assertEqual([m.slug for m in response.context["leads"]], [sbof.slug])
        self.assertEqual([m.slug for m in response.context["members"]], [sbof.slug])
        former = list(response.context["former_members"])
        self.assertEqual([(m.slug, m.role) for m in former], [(nowy_sacz.slug, "lead")])
        self.assertContains(response, "Membership history")
        self.assertContains(response, "ended, date unknown")
        self.assertContains(response, "Zastąpiony w roli lidera.")
        self.assertContains(response, "Nowy Sącz")

    def test_experts_mids_events_and_classifications_are_shown(self):
        RoleAssignmentFactory(person=PersonFactory(name="Anna Ekspertka"), role=RoleAssignment.Role.THEMATIC_EXPERT,
                              network=self.network)
        ActionPlanFactory(network=self.network, participant=self.gdynia, title="Rewitalizacja Obłuża")
        ActionPlanFactory(network=self.network, participant=None, title="")
        EventFactory(network=self.network, title="Spotkanie sieci", sequence_number=2, host=self.katowice)

        response = self.client.get(self.url)

        self.assertContains(response, "Anna Ekspertka")
        self.assertContains(response, "Rewitalizacja Obłuża")
        self.assertContains(response, "title unknown")
        self.assertContains(response, "city not named by the sources")
        self.assertContains(response, "Spotkanie sieci #2")
        self.assertContains(response, "Budynki użyteczności publicznej")
        self.assertContains(response, "PPP sectors")
        self.assertContains(response, "cyberbezpieczeństwo")
        # A participant key the registry knows becomes a link; an unknown key stays plain text.
        self.assertContains(response, '<a href="/uczestnicy/gdynia/">Gdynia</a>', html=True)
        self.assertContains(response, "nieznane-miasto")

    def test_the_improvement_plan_and_its_recommendations_are_anchored(self):
        # A final PU: a draft's recommendations are the network's business (pim.recommendations.rules).
        plan = ImprovementPlanFactory(network=self.network, title="Plan Ulepszeń sieci Rewitalizacja",
                                      state=ImprovementPlan.State.FINAL)
        RecommendationFactory(improvement_plan=plan, order=1, text="Uprościć procedury.", is_key=True,
                              type=Recommendation.Type.LEGAL)
        RecommendationFactory(improvement_plan=plan, order=2, text="Wesprzeć finansowanie.",
                              type=Recommendation.Type.FINANCIAL)

        response = self.client.get(self.url)

        self.assertContains(response, 'id="plan-ulepszen"')
        self.assertContains(response, 'id="plan-ulepszen-1"')
        self.assertContains(response, "Uprościć procedury.")
        self.assertContains(response, "key recommendation", count=1)
        self.assertContains(response, "financial")

    def test_a_network_without_a_plan_says_so(self):
        response = self.client.get(self.url)
        self.assertIsNone(response.context["improvement_plan"])
        self.assertContains(response, "No Improvement Plan is recorded for this network.")

    def test_demo_records_carry_a_badge_and_sources_link_to_the_about_page(self):
        network = NetworkFactory(is_demo=True, sources="B, P9")
        response = self.client.get(network.get_absolute_url())
        self.assertContains(response, "demo-badge")
        self.assertContains(response, 'href="/o-programie/#zrodlo-P9"')

    def test_an_unknown_slug_is_404(self):
        self.assertEqual(self.client.get("/sieci/nie-ma-takiej-sieci/").status_code, 404)

    def test_the_query_count_does_not_grow_with_members_mids_events_and_recommendations(self):
        network = NetworkFactory()
        plan = ImprovementPlanFactory(network=network)

        def add(n: int) -> None:
            for _ in range(n):
                member = MembershipFactory(network=network)
                MembershipFactory(network=network, ended=True)
                ActionPlanFactory(network=network, participant=member.participant)
                EventFactory(network=network, host=member.participant)
                RecommendationFactory(improvement_plan=plan)
                RoleAssignmentFactory(role=RoleAssignment.Role.THEMATIC_EXPERT, network=network)

        add(2)
        with self.assertNumQueries(8):
            self.client.get(network.get_absolute_url())
        add(8)
        with self.assertNumQueries(8):
            response = self.client.get(network.get_absolute_url())
        self.assertEqual(len(response.context["members"]), 10)
        self.assertEqual(len(response.context["former_members"]), 10)
        self.assertEqual(len(response.context["events"]), 10)
