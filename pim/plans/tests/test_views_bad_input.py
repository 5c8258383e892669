"""Bad input on the rubric, section and action forms: 400 with a clear message, nothing saved."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext

from pim.plans.models import Action, ActionPlan, PlanVersion, RubricScore
from pim.plans.tests.base import MidTestCase


class RubricBadInputTests(MidTestCase):
    def url(self) -> str:
        return reverse("plans:rubric", args=[self.member_plan.pk])

    def setUp(self) -> None:
        self.set_state(self.member_plan, ActionPlan.State.EXPERT_REVIEW)
        self.client.force_login(self.member_officer)

    def test_a_post_naming_no_criterion_is_400_and_saves_nothing(self) -> None:
        for posted in ({"role": "city", "city-score_ambition": "7"}, {"role": "city"}):
            with self.subTest(posted=posted):
                response = self.client.post(self.url(), posted)
                self.assertContains(
                    response, gettext("Choose a score for at least one criterion: nothing was saved."), status_code=400
                )
                self.assertNotContains(response, gettext("The scores are saved."), status_code=400)
        self.assertFalse(RubricScore.objects.exists())

    def test_a_note_without_a_score_is_a_field_error(self) -> None:
        response = self.client.post(self.url(), {
            "role": "city", "city-score_problem_defined": "3", "city-note_risks_mitigated": "Bez oceny",
        })
        self.assertContains(response, gettext("Choose a score: a note is saved only with a score."), status_code=400)
        self.assertContains(response, 'aria-invalid="true"', status_code=400)
        self.assertFalse(RubricScore.objects.exists())

    def test_a_score_out_of_range_is_400(self) -> None:
        response = self.client.post(self.url(), {"role": "city", "city-score_problem_defined": "7"})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(RubricScore.objects.exists())


class EditorBadInputTests(MidTestCase):
    def setUp(self) -> None:
        self.client.force_login(self.member_officer)

    def test_the_section_editor_answers_400_to_a_full_page_post_and_200_to_htmx(self) -> None:
        url = reverse("plans:section_edit", args=[self.member_plan.pk, "metadata"])
        posted = {"expected_revision": "0", "title": "", "started_on": "jutro"}
        self.assertContains(self.client.post(url, posted), 'aria-invalid="true"', status_code=400)
        # htmx 2 swaps no 4xx response: the form with its errors must come back as 200 to be shown.
        response = self.client.post(url, posted, headers={"HX-Request": "true"})
        self.assertContains(response, 'aria-invalid="true"')
        self.assertFalse(PlanVersion.objects.filter(plan=self.member_plan).exists())

    def test_the_action_editor_answers_400_to_bad_input(self) -> None:
        url = reverse("plans:action_add", args=[self.member_plan.pk])
        posted = {
            "expected_revision": "0", "title": "", "type": "rakieta", "cost_estimate": "-5",
            "fundings-TOTAL_FORMS": "0", "fundings-INITIAL_FORMS": "0",
        }
        response = self.client.post(url, posted)
        self.assertContains(response, 'aria-invalid="true"', status_code=400)
        self.assertFalse(Action.objects.filter(plan=self.member_plan).exists())

    def test_a_missing_management_form_is_400_not_500(self) -> None:
        url = reverse("plans:action_add", args=[self.member_plan.pk])
        response = self.client.post(url, {"expected_revision": "0", "title": "Parki", "type": "soft"})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Action.objects.filter(plan=self.member_plan).exists())
