"""Assigning a MID's reviewing expert: who may, whom they may choose, and the version it records."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError

from pim.plans import sections
from pim.plans.models import ActionPlan, PlanVersion
from pim.plans.services import plan_expert_set, plan_section_save, plan_version_restore
from pim.plans.tests.base import MidTestCase
from pim.programmes.models import RoleAssignment
from pim.programmes.tests.factories import PersonFactory, RoleAssignmentFactory


class ExpertSetTests(MidTestCase):
    def current_expert(self, plan: ActionPlan | None = None):
        return ActionPlan.objects.get(pk=(plan or self.member_plan).pk).expert

    def test_the_operator_and_the_networks_expert_assign_the_expert(self):
        person = self.expert.person
        self.assertServiceAllowedExactly(
            lambda user: plan_expert_set(plan=self.member_plan, expert=person, by=user), {"coordinator", "expert"}
        )
        self.assertServiceAllowedExactly(
            lambda user: plan_expert_set(plan=self.outsider_plan, expert=None, by=user), {"coordinator"}
        )

    def test_the_assignment_is_a_metadata_version(self):
        saved = plan_expert_set(plan=self.member_plan, expert=self.expert.person, by=self.coordinator)
        self.assertEqual(self.current_expert(), self.expert.person)
        self.assertEqual((saved.section, saved.revision), ("metadata", 1))
        self.assertEqual(saved.version.snapshot["metadata"]["expert_name"], self.expert.person.name)
        self.assertIsNone(plan_expert_set(plan=self.member_plan, expert=self.expert.person, by=self.coordinator).version)
        plan_expert_set(plan=self.member_plan, expert=None, by=self.coordinator)
        self.assertIsNone(self.current_expert())

    def test_only_an_active_thematic_expert_of_the_network_can_be_chosen(self):
        other_network = RoleAssignmentFactory(role=RoleAssignment.Role.THEMATIC_EXPERT, network=self.other_network)
        ended = RoleAssignmentFactory(role=RoleAssignment.Role.THEMATIC_EXPERT, network=self.network, ended=True)
        for person in (other_network.person, ended.person, PersonFactory(), self.member_officer.person):
            with self.subTest(person=person.name), self.assertRaises(ValidationError) as caught:
                plan_expert_set(plan=self.member_plan, expert=person, by=self.coordinator)
            self.assertIn("expert", caught.exception.message_dict)
        self.assertIsNone(self.current_expert())
        self.assertFalse(PlanVersion.objects.filter(plan=self.member_plan).exists())

    def test_the_expert_is_assigned_in_review_but_not_on_a_historical_record(self):
        self.set_state(self.member_plan, ActionPlan.State.EXPERT_REVIEW)
        plan_expert_set(plan=self.member_plan, expert=self.expert.person, by=self.coordinator)
        self.assertEqual(self.current_expert(), self.expert.person)
        self.set_state(self.member_plan, ActionPlan.State.PUBLISHED)
        with self.assertRaises(PermissionDenied):
            plan_expert_set(plan=self.member_plan, expert=None, by=self.coordinator)

    def test_the_city_team_cannot_set_the_expert_through_the_metadata_or_a_restore(self):
        plan_section_save(plan=self.member_plan, section="challenge", data={"challenge_title": "Upał"},
                          expected_revision=0, by=self.member_officer)
        before = self.member_plan.versions.order_by("-number").first().number
        plan_expert_set(plan=self.member_plan, expert=self.expert.person, by=self.coordinator)
        with self.assertRaises(PermissionDenied):
            plan_section_save(plan=self.member_plan, section="metadata", data={"expert": None},
                              expected_revision=1, by=self.member_officer)
        # Restoring a version from before the assignment keeps the expert the operator chose.
        plan_version_restore(plan=self.member_plan, number=before, by=self.member_officer)
        self.assertEqual(self.current_expert(), self.expert.person)
        self.assertEqual(sections.serialise(self.member_plan)["challenge"]["challenge_title"], "Upał")
