"""The workflow page /mid/<pk>/obieg/: state, allowed steps, history, refusals."""

from __future__ import annotations

from django.test import override_settings
from django.urls import reverse

from pim.plans.models import ActionPlan, Comment, PlanTransition
from pim.plans.tests.base import MidTestCase

S = ActionPlan.State


# The assertions read the English interface; the site itself is Polish first (LANGUAGE_CODE="pl").
@override_settings(LANGUAGE_CODE="en")
class WorkflowViewTests(MidTestCase):
    def url(self, plan: ActionPlan | None = None) -> str:
        return reverse("plans:workflow", args=[(plan or self.member_plan).pk])

    def post(self, user, to_state: str, reason: str = "", plan: ActionPlan | None = None):
        self.client.force_login(user)
        return self.client.post(self.url(plan), {"to_state": to_state, "reason": reason})

    def test_the_team_sees_its_steps_and_a_link_back_to_the_mid(self):
        self.client.force_login(self.member_officer)
        response = self.client.get(self.url())
        self.assertContains(response, 'data-target-state="consultation"')
        self.assertContains(response, f'href="{self.member_plan.get_absolute_url()}"')

    def test_a_draft_is_hidden_from_outsiders_and_the_public(self):
        for name in ("outsider_officer", "ministry_reviewer", "anonymous"):
            with self.subTest(persona=name):
                if name == "anonymous":
                    self.client.logout()
                else:
                    self.client.force_login(self.persona(name))
                self.assertEqual(self.client.get(self.url()).status_code, 404)

    def test_the_expert_sees_no_step_on_a_draft(self):
        self.client.force_login(self.expert)
        response = self.client.get(self.url())
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "data-target-state")

    def test_every_step_through_the_view(self):
        steps = [
            (self.member_officer, S.CONSULTATION, ""),
            (self.member_officer, S.DRAFT, ""),
            (self.member_officer, S.CONSULTATION, ""),
            (self.member_officer, S.EXPERT_REVIEW, ""),
            (self.expert, S.DRAFT, "Dopracujcie budżet"),
            (self.member_officer, S.CONSULTATION, ""),
            (self.member_officer, S.EXPERT_REVIEW, ""),
            (self.expert, S.APPROVED, ""),
            (self.member_officer, S.IN_IMPLEMENTATION, ""),
            (self.member_officer, S.COMPLETED, ""),
        ]
        for user, target, reason in steps:
            with self.subTest(target=target):
                response = self.post(user, target, reason)
                self.assertRedirects(response, self.url())
                self.member_plan.refresh_from_db()
                self.assertEqual(self.member_plan.state, target)
        response = self.client.get(self.url())
        self.assertContains(response, "Dopracujcie budżet")
        self.assertEqual(PlanTransition.objects.filter(plan=self.member_plan).count(), len(steps))

    def test_a_step_the_user_may_not_take_is_403(self):
        self.set_state(self.member_plan, S.EXPERT_REVIEW)
        response = self.post(self.member_officer, S.APPROVED)
        self.assertEqual(response.status_code, 403)
        self.member_plan.refresh_from_db()
        self.assertEqual(self.member_plan.state, S.EXPERT_REVIEW)

    def test_an_invalid_step_is_refused_with_a_message(self):
        response = self.post(self.member_officer, S.APPROVED)
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, 'role="alert"', status_code=400)
        self.assertContains(response, "cannot move to", status_code=400)
        self.member_plan.refresh_from_db()
        self.assertEqual(self.member_plan.state, S.DRAFT)

    def test_sending_back_needs_a_reason(self):
        self.set_state(self.member_plan, S.EXPERT_REVIEW)
        response = self.post(self.expert, S.DRAFT, "  ")
        self.assertContains(response, "Say what the city should change", status_code=400)
        self.member_plan.refresh_from_db()
        self.assertEqual(self.member_plan.state, S.EXPERT_REVIEW)

    def test_approval_is_blocked_by_open_comments(self):
        self.set_state(self.member_plan, S.EXPERT_REVIEW)
        Comment.objects.create(plan=self.member_plan, section="actions", body="Brak kosztów", author=self.expert)
        response = self.post(self.expert, S.APPROVED)
        self.assertContains(response, "still open", status_code=400)
        self.member_plan.refresh_from_db()
        self.assertEqual(self.member_plan.state, S.EXPERT_REVIEW)

    def test_a_historical_mid_takes_no_step(self):
        self.set_state(self.member_plan, S.PUBLISHED)
        response = self.post(self.coordinator, S.DRAFT)
        self.assertContains(response, "historical", status_code=400)

    def test_get_only_and_post(self):
        self.client.force_login(self.member_officer)
        self.assertEqual(self.client.put(self.url()).status_code, 405)
