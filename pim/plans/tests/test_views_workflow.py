"""The workflow page /mid/<pk>/obieg/: state, allowed steps, history, refusals."""

from __future__ import annotations

from django.test import override_settings
from django.urls import reverse

from pim.plans.models import ActionPlan, Comment, PlanTransition
from pim.plans.tests.base import MidTestCase
from pim.programmes.models import RoleAssignment
from pim.programmes.tests.factories import RoleAssignmentFactory

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


@override_settings(LANGUAGE_CODE="en")
class ExpertAssignViewTests(MidTestCase):
    def url(self) -> str:
        return reverse("plans:workflow", args=[self.member_plan.pk])

    def assign(self, user, value):
        self.client.force_login(user)
        return self.client.post(self.url(), {"form": "expert", "expert": value})

    def test_the_operator_chooses_among_the_networks_experts(self):
        other = RoleAssignmentFactory(role=RoleAssignment.Role.THEMATIC_EXPERT, network=self.other_network).person
        self.client.force_login(self.coordinator)
        response = self.client.get(self.url())
        self.assertContains(response, f'<option value="{self.expert.person.pk}">{self.expert.person.name}</option>',
                            html=True)
        self.assertNotContains(response, other.name)
        response = self.assign(self.coordinator, self.expert.person.pk)
        self.assertRedirects(response, self.url())
        self.assertEqual(ActionPlan.objects.get(pk=self.member_plan.pk).expert, self.expert.person)
        self.assertContains(self.client.get(self.url()), self.expert.person.name)

    def test_the_networks_expert_may_assign_themself(self):
        self.assertEqual(self.assign(self.expert, self.expert.person.pk).status_code, 302)
        self.assertEqual(ActionPlan.objects.get(pk=self.member_plan.pk).expert, self.expert.person)

    def test_bad_values_are_refused_on_the_field_and_change_nothing(self):
        other = RoleAssignmentFactory(role=RoleAssignment.Role.THEMATIC_EXPERT, network=self.other_network).person
        for value in ("abc", "999999", other.pk, self.member_officer.person.pk):
            with self.subTest(value=value):
                response = self.assign(self.coordinator, value)
                self.assertEqual(response.status_code, 400)
                self.assertContains(response, 'aria-invalid="true"', status_code=400)
                self.assertContains(response, "Select a valid choice", status_code=400)
        self.assertIsNone(ActionPlan.objects.get(pk=self.member_plan.pk).expert)

    def test_the_city_team_sees_the_expert_but_cannot_assign_one(self):
        self.client.force_login(self.member_officer)
        response = self.client.get(self.url())
        self.assertContains(response, "Reviewing expert")
        self.assertNotContains(response, 'name="expert"')
        self.assertEqual(self.assign(self.member_officer, self.expert.person.pk).status_code, 403)
        self.assertEqual(self.assign(self.outsider_officer, self.expert.person.pk).status_code, 404)
        self.client.logout()
        self.assertEqual(self.client.post(self.url(), {"form": "expert", "expert": self.expert.person.pk}).status_code, 404)
        self.assertIsNone(ActionPlan.objects.get(pk=self.member_plan.pk).expert)
