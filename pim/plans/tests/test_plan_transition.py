"""The MID workflow: every step allowed and refused, with its reasons."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError

from pim.plans.models import WORKFLOW, ActionPlan, Comment, PlanTransition
from pim.plans.services import plan_transition
from pim.plans.tests.base import MidTestCase
from pim.plans.tests.factories import CommentFactory

S = ActionPlan.State
CITY_STEPS = [
    (S.DRAFT, S.CONSULTATION),
    (S.CONSULTATION, S.DRAFT),
    (S.CONSULTATION, S.EXPERT_REVIEW),
    (S.APPROVED, S.IN_IMPLEMENTATION),
    (S.IN_IMPLEMENTATION, S.COMPLETED),
]
EXPERT_STEPS = [(S.EXPERT_REVIEW, S.DRAFT), (S.EXPERT_REVIEW, S.APPROVED)]


class TransitionPermissionTests(MidTestCase):
    def step(self, plan, source, target):
        def call(user):
            self.set_state(plan, source)
            return plan_transition(plan=plan, to_state=target, by=user, reason="Proszę uzupełnić budżet")

        return call

    def test_the_workflow_table_has_exactly_the_documented_steps(self):
        self.assertEqual(set(WORKFLOW), set(CITY_STEPS + EXPERT_STEPS))

    def test_the_city_team_and_the_coordinator_take_the_citys_steps(self):
        for source, target in CITY_STEPS:
            with self.subTest(step=f"{source}→{target}"):
                self.assertServiceAllowedExactly(self.step(self.member_plan, source, target),
                                                 {"coordinator", "member_officer"})
                self.assertServiceAllowedExactly(self.step(self.outsider_plan, source, target),
                                                 {"coordinator", "outsider_officer"})

    def test_the_networks_expert_and_the_coordinator_send_back_or_approve(self):
        for source, target in EXPERT_STEPS:
            with self.subTest(step=f"{source}→{target}"):
                self.assertServiceAllowedExactly(self.step(self.member_plan, source, target), {"coordinator", "expert"})
                self.assertServiceAllowedExactly(self.step(self.outsider_plan, source, target), {"coordinator"})

    def test_transitions_for_lists_the_steps_the_user_may_take(self):
        plan = self.set_state(self.member_plan, S.CONSULTATION)
        self.assertEqual({t.target for t in plan.transitions_for(self.member_officer)}, {S.DRAFT, S.EXPERT_REVIEW})
        self.assertEqual(plan.transitions_for(self.expert), [])
        plan = self.set_state(self.member_plan, S.EXPERT_REVIEW)
        self.assertEqual({t.target for t in plan.transitions_for(self.expert)}, {S.DRAFT, S.APPROVED})
        self.assertEqual(plan.transitions_for(self.member_officer), [])


class TransitionTests(MidTestCase):
    def test_each_step_is_recorded_with_who_and_why(self):
        plan = self.member_plan
        plan_transition(plan=plan, to_state=S.CONSULTATION, by=self.member_officer)
        plan_transition(plan=plan, to_state=S.EXPERT_REVIEW, by=self.member_officer)
        plan_transition(plan=plan, to_state=S.DRAFT, by=self.expert, reason="Brak wskaźników")
        self.assertEqual(plan.state, S.DRAFT)
        self.assertEqual(ActionPlan.objects.get(pk=plan.pk).state, S.DRAFT)
        steps = list(PlanTransition.objects.filter(plan=plan).values_list("from_state", "to_state", "by", "reason"))
        self.assertEqual(steps, [
            (S.DRAFT, S.CONSULTATION, self.member_officer.pk, ""),
            (S.CONSULTATION, S.EXPERT_REVIEW, self.member_officer.pk, ""),
            (S.EXPERT_REVIEW, S.DRAFT, self.expert.pk, "Brak wskaźników"),
        ])

    def test_the_full_path_to_completion(self):
        plan = self.member_plan
        for target, user in [(S.CONSULTATION, self.member_officer), (S.EXPERT_REVIEW, self.member_officer),
                             (S.APPROVED, self.expert), (S.IN_IMPLEMENTATION, self.member_officer),
                             (S.COMPLETED, self.member_officer)]:
            plan_transition(plan=plan, to_state=target, by=user)
        self.assertEqual(ActionPlan.objects.get(pk=plan.pk).state, S.COMPLETED)

    def test_sending_back_needs_a_reason(self):
        plan = self.set_state(self.member_plan, S.EXPERT_REVIEW)
        for reason in ("", "   "):
            with self.subTest(reason=reason), self.assertRaises(ValidationError) as caught:
                plan_transition(plan=plan, to_state=S.DRAFT, by=self.expert, reason=reason)
            self.assertIn("reason", caught.exception.message_dict)
        self.assertEqual(ActionPlan.objects.get(pk=plan.pk).state, S.EXPERT_REVIEW)

    def test_steps_outside_the_table_are_refused_with_the_states_named(self):
        refused = [(S.DRAFT, S.APPROVED), (S.DRAFT, S.EXPERT_REVIEW), (S.APPROVED, S.DRAFT),
                   (S.COMPLETED, S.IN_IMPLEMENTATION), (S.IN_IMPLEMENTATION, S.APPROVED), (S.DRAFT, "nonsense")]
        for source, target in refused:
            plan = self.set_state(self.member_plan, source)
            with self.subTest(step=f"{source}→{target}"), self.assertRaises(ValidationError) as caught:
                plan_transition(plan=plan, to_state=target, by=self.coordinator)
            self.assertEqual(caught.exception.code, "invalid_transition")
        self.assertFalse(PlanTransition.objects.exists())

    def test_a_historical_mid_takes_no_step(self):
        plan = self.set_state(self.member_plan, S.PUBLISHED)
        for target in S.values:
            with self.subTest(target=target), self.assertRaises(ValidationError) as caught:
                plan_transition(plan=plan, to_state=target, by=self.coordinator)
            self.assertEqual(caught.exception.code, "historical")

    def test_an_outsider_is_refused_before_anything_changes(self):
        with self.assertRaises(PermissionDenied):
            plan_transition(plan=self.member_plan, to_state=S.CONSULTATION, by=self.outsider_officer)
        self.assertEqual(ActionPlan.objects.get(pk=self.member_plan.pk).state, S.DRAFT)


class ApprovalWithOpenCommentsTests(MidTestCase):
    def setUp(self) -> None:
        self.plan = self.set_state(self.member_plan, S.EXPERT_REVIEW)

    def test_open_comments_block_approval_with_a_clear_message(self):
        CommentFactory(plan=self.plan, author=self.expert)
        CommentFactory(plan=self.plan, author=self.lp_coordinator)
        with self.assertRaises(ValidationError) as caught:
            plan_transition(plan=self.plan, to_state=S.APPROVED, by=self.expert)
        self.assertEqual(caught.exception.code, "open_comments")
        self.assertIn("2", caught.exception.messages[0])
        self.assertEqual(ActionPlan.objects.get(pk=self.plan.pk).state, S.EXPERT_REVIEW)

    def test_a_public_comment_awaiting_moderation_also_blocks(self):
        CommentFactory(plan=self.plan, is_public=True, moderation=Comment.Moderation.PENDING)
        with self.assertRaises(ValidationError):
            plan_transition(plan=self.plan, to_state=S.APPROVED, by=self.expert)

    def test_resolved_rejected_and_reply_comments_do_not_block(self):
        root = CommentFactory(plan=self.plan, state=Comment.State.RESOLVED)
        CommentFactory(plan=self.plan, parent=root)
        CommentFactory(plan=self.plan, is_public=True, moderation=Comment.Moderation.REJECTED)
        plan_transition(plan=self.plan, to_state=S.APPROVED, by=self.expert)
        self.assertEqual(ActionPlan.objects.get(pk=self.plan.pk).state, S.APPROVED)
