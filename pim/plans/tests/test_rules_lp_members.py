"""LP members with a light account (invited through pim.partnerships) read and comment on their city's MID
during consultation, like the LP coordinator, and at no other time or city."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.urls import reverse

from pim.plans import services
from pim.plans.models import ActionPlan, Comment
from pim.plans.tests.factories import ActionPlanFactory
from pim.programmes.models import RoleAssignment
from pim.programmes.tests.personas import CAST, SUPPORTING, PersonaTestCase

S = ActionPlan.State


class LpMemberMidTests(PersonaTestCase):
    personas = CAST + SUPPORTING + ("lp_member",)

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.lp_member = cls.make_persona("lp_member", RoleAssignment.Role.LP_MEMBER, participant=cls.member_city)
        cls.plan = ActionPlanFactory(network=cls.network, participant=cls.member_city)
        cls.lead_plan = ActionPlanFactory(network=cls.network, participant=cls.lead_city)

    def in_state(self, plan: ActionPlan, state: str) -> ActionPlan:
        ActionPlan.objects.filter(pk=plan.pk).update(state=state, public_consultation=False)
        return ActionPlan.objects.get(pk=plan.pk)

    def test_the_lp_reads_and_comments_during_consultation(self):
        plan = self.in_state(self.plan, S.CONSULTATION)
        insiders = {"coordinator", "member_officer", "expert", "lp_coordinator", "lp_member"}
        self.assertAllowedExactly("plans.view_actionplan_draft", plan, insiders)
        self.assertAllowedExactly("plans.comment_actionplan", plan, insiders)

    def test_outside_consultation_an_lp_member_neither_reads_nor_comments(self):
        for state in (S.DRAFT, S.EXPERT_REVIEW):
            with self.subTest(state=state):
                plan = self.in_state(self.plan, state)
                self.assertFalse(self.lp_member.has_perm("plans.view_actionplan_draft", plan))
                self.assertFalse(self.lp_member.has_perm("plans.comment_actionplan", plan))

    def test_another_citys_mid_stays_closed_to_the_lp_member(self):
        plan = self.in_state(self.lead_plan, S.CONSULTATION)
        self.assertFalse(self.lp_member.has_perm("plans.view_actionplan_draft", plan))
        self.assertFalse(self.lp_member.has_perm("plans.comment_actionplan", plan))

    def test_an_lp_members_comment_needs_no_moderation_and_they_cannot_moderate(self):
        plan = self.in_state(self.plan, S.CONSULTATION)
        comment = services.comment_add(plan=plan, section="", body="Proszę dodać więcej zieleni.", by=self.lp_member)
        self.assertEqual(comment.moderation, Comment.Moderation.APPROVED)
        self.assertFalse(self.lp_member.has_perm("plans.moderate_actionplan", plan))
        self.assertFalse(self.lp_member.has_perm("plans.change_actionplan", plan))

    def test_the_comment_page_takes_an_lp_members_comment(self):
        plan = self.in_state(self.plan, S.CONSULTATION)
        self.client.force_login(self.lp_member)
        response = self.client.post(reverse("plans:comments", args=[plan.pk]), {"section": "", "body": "Uwaga LP."})
        self.assertEqual(response.status_code, 302)
        self.assertTrue(Comment.objects.filter(plan=plan, body="Uwaga LP.").exists())

    def test_in_draft_the_service_refuses_an_lp_member(self):
        plan = self.in_state(self.plan, S.DRAFT)
        with self.assertRaises(PermissionDenied):
            services.comment_add(plan=plan, section="", body="Za wcześnie.", by=self.lp_member)
