"""The permission matrix: persona × action × own or other network, and who answers which recommendation."""

from __future__ import annotations

from pim.recommendations.models import ImprovementPlan
from pim.recommendations.rules import may_answer_for
from pim.recommendations.tests.base import PuTestCase
from pim.recommendations.tests.factories import BarrierFactory, RecommendationFactory

NETWORK_READERS = {"coordinator", "expert", "lead_officer", "member_officer"}
WRITERS = {"coordinator", "expert"}


class PlanPermissionTests(PuTestCase):
    def test_a_draft_is_read_by_the_network_only(self):
        self.assertAllowedExactly("recommendations.view_improvementplan_content", self.plan, NETWORK_READERS)
        self.assertAllowedExactly("recommendations.view_recommendation", self.recommendation, NETWORK_READERS)

    def test_the_other_networks_draft_is_hidden_from_this_network(self):
        # The outsider city belongs to the other network; the expert and the cities of this one see nothing.
        self.assertAllowedExactly(
            "recommendations.view_improvementplan_content", self.other_plan, {"coordinator", "outsider_officer"}
        )

    def test_from_final_on_everybody_reads_the_content(self):
        for state in ImprovementPlan.PUBLIC_STATES:
            self.set_state(self.plan, state)
            self.assertAllowedExactly("recommendations.view_improvementplan_content", self.plan, set(self.personas))

    def test_the_catalogue_record_is_public(self):
        self.assertAllowedExactly("recommendations.view_improvementplan", self.plan, set(self.personas))

    def test_experts_and_the_operator_write_in_draft_and_consultation_only(self):
        self.assertAllowedExactly("recommendations.change_recommendation", self.recommendation, WRITERS)
        for state in ImprovementPlan.State:
            self.set_state(self.plan, state)
            allowed = WRITERS if state in ImprovementPlan.EDITABLE_STATES else set()
            with self.subTest(state=state):
                self.assertAllowedExactly("recommendations.edit_improvementplan", self.plan, allowed)

    def test_the_expert_of_another_network_cannot_write(self):
        self.assertFalse(self.expert.has_perm("recommendations.edit_improvementplan", self.other_plan))

    def test_the_cities_comment_only_during_consultation(self):
        self.assertAllowedExactly("recommendations.comment_improvementplan", self.plan, WRITERS)
        self.set_state(self.plan, ImprovementPlan.State.CONSULTATION)
        self.assertAllowedExactly("recommendations.comment_improvementplan", self.plan, NETWORK_READERS)
        self.set_state(self.plan, ImprovementPlan.State.FINAL)
        self.assertAllowedExactly("recommendations.comment_improvementplan", self.plan, set())

    def test_only_the_operator_hands_over_and_sets_deadlines(self):
        self.assertAllowedExactly("recommendations.hand_over_improvementplan", self.plan, {"coordinator"})
        self.assertAllowedExactly(
            "recommendations.set_due_date_recommendation", self.recommendation, {"coordinator"}
        )


class AnswerPermissionTests(PuTestCase):
    def test_nobody_answers_before_the_hand_over(self):
        self.assertAllowedExactly("recommendations.respond_recommendation", self.recommendation, set())

    def test_each_liaison_answers_the_recommendations_addressed_to_their_institution(self):
        self.hand_over()
        self.assertAllowedExactly(
            "recommendations.respond_recommendation", self.recommendation, {"coordinator", "ministry_reviewer"}
        )
        self.assertAllowedExactly(
            "recommendations.respond_recommendation", self.other_recommendation, {"coordinator", "other_liaison"}
        )

    def test_a_liaison_answers_only_for_their_own_institution(self):
        self.hand_over()
        both = RecommendationFactory(improvement_plan=self.plan, addressees=[self.ministry, self.other_ministry])
        both = type(both).objects.prefetch_related("addressees").get(pk=both.pk)
        self.assertTrue(may_answer_for(self.ministry_reviewer, both, self.ministry.pk))
        self.assertFalse(may_answer_for(self.ministry_reviewer, both, self.other_ministry.pk))
        self.assertTrue(may_answer_for(self.other_liaison, both, self.other_ministry.pk))
        self.assertTrue(may_answer_for(self.coordinator, both, self.other_ministry.pk))
        # Nobody answers for an institution the recommendation is not addressed to.
        self.assertFalse(may_answer_for(self.coordinator, self.recommendation, self.other_ministry.pk))

    def test_without_addressees_the_owner_ministry_answers(self):
        self.hand_over()
        unaddressed = RecommendationFactory(improvement_plan=self.plan)
        self.assertAllowedExactly(
            "recommendations.respond_recommendation", unaddressed, {"coordinator", "ministry_reviewer"}
        )


class RegisterPermissionTests(PuTestCase):
    def test_the_network_reads_its_register_and_experts_write_it(self):
        barrier = BarrierFactory(network=self.network)
        self.assertAllowedExactly("recommendations.view_barrier", barrier, NETWORK_READERS)
        self.assertAllowedExactly("recommendations.view_barrier", self.network, NETWORK_READERS)
        self.assertAllowedExactly("recommendations.change_barrier", self.network, WRITERS)
        self.assertAllowedExactly("recommendations.change_barrier", self.other_network, {"coordinator"})
