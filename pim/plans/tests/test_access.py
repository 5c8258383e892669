"""Fetching a MID through `get_action_plan_for_user`: read by all, written by its city, reviewed by the expert."""

from __future__ import annotations

from django.http import Http404

from pim.plans.access import get_action_plan_for_user
from pim.plans.tests.factories import ActionPlanFactory
from pim.programmes.tests.personas import PersonaTestCase


class ActionPlanAccessTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.plan = ActionPlanFactory(network=cls.network, participant=cls.member_city)

    def test_anonymous_visitors_read_a_mid(self):
        self.assertEqual(get_action_plan_for_user(self.anonymous, self.plan.pk), self.plan)

    def test_the_city_team_gets_its_mid_for_writing_in_two_queries(self):
        with self.assertNumQueries(2):
            plan = get_action_plan_for_user(self.member_officer, self.plan.pk, write=True)
            self.assertEqual(plan.participant.voivodeship.slug, "mazowieckie")

    def test_another_citys_officer_gets_404_for_writing(self):
        for name in ("lead_officer", "outsider_officer", "lp_coordinator", "anonymous"):
            with self.subTest(persona=name), self.assertRaises(Http404):
                get_action_plan_for_user(self.persona(name), self.plan.pk, write=True)

    def test_only_the_expert_and_the_coordinator_get_it_for_review(self):
        self.assertEqual(get_action_plan_for_user(self.expert, self.plan.pk, review=True), self.plan)
        with self.assertRaises(Http404):
            get_action_plan_for_user(self.member_officer, self.plan.pk, review=True)

    def test_content_follows_the_workflow_state(self):
        for name in ("anonymous", "lead_officer", "lp_coordinator"):
            with self.subTest(persona=name), self.assertRaises(Http404):
                get_action_plan_for_user(self.persona(name), self.plan.pk, content=True)
        self.assertEqual(get_action_plan_for_user(self.expert, self.plan.pk, content=True), self.plan)
        self.plan.state = self.plan.State.APPROVED
        self.plan.save(update_fields=["state"])
        self.assertEqual(get_action_plan_for_user(self.anonymous, self.plan.pk, content=True), self.plan)
