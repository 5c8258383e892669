"""The rubric page /mid/<pk>/ocena/: expert and city scores side by side, each role scoring its column."""

from __future__ import annotations

from django.test import override_settings
from django.urls import reverse

from pim.plans.models import ActionPlan, RubricScore
from pim.plans.tests.base import MidTestCase

S = ActionPlan.State


# The assertions read the English interface; the site itself is Polish first (LANGUAGE_CODE="pl").
@override_settings(LANGUAGE_CODE="en")
class RubricViewTests(MidTestCase):
    def url(self) -> str:
        return reverse("plans:rubric", args=[self.member_plan.pk])

    def score(self, user, role: str, **scores: str):
        self.client.force_login(user)
        data = {"role": role}
        for criterion, value in scores.items():
            data[f"{role}-score_{criterion}"] = value
            data[f"{role}-note_{criterion}"] = f"notatka {value}"
        return self.client.post(self.url(), data)

    def test_the_expert_and_the_city_score_their_columns_and_see_both(self):
        self.set_state(self.member_plan, S.EXPERT_REVIEW)
        self.assertRedirects(self.score(self.expert, "expert", problem_defined="3", risks_mitigated="2"), self.url())
        self.assertRedirects(self.score(self.member_officer, "city", problem_defined="4"), self.url())
        rows = {(r.criterion, r.scorer_role): (r.score, r.scored_by) for r in RubricScore.objects.all()}
        self.assertEqual(rows, {
            ("problem_defined", "expert"): (3, self.expert),
            ("risks_mitigated", "expert"): (2, self.expert),
            ("problem_defined", "city"): (4, self.member_officer),
        })
        for user in (self.expert, self.member_officer):
            self.client.force_login(user)
            page = self.client.get(self.url())
            self.assertContains(page, "notatka 3")
            self.assertContains(page, "notatka 4")
            self.assertContains(page, "Political endorsement and link")
            self.assertContains(page, f'href="{self.member_plan.get_absolute_url()}"')
        self.client.force_login(self.expert)
        self.assertContains(self.client.get(self.url()), 'id="rubric-form-expert"')
        self.assertNotContains(self.client.get(self.url()), 'id="rubric-form-city"')

    def test_scoring_again_updates_in_place(self):
        self.score(self.expert, "expert", smart_objectives="1")
        self.score(self.expert, "expert", smart_objectives="4")
        self.assertEqual(RubricScore.objects.get().score, 4)

    def test_a_role_the_user_does_not_hold_is_403(self):
        response = self.score(self.member_officer, "expert", problem_defined="3")
        self.assertEqual(response.status_code, 403)
        response = self.score(self.expert, "city", problem_defined="3")
        self.assertEqual(response.status_code, 403)
        self.assertFalse(RubricScore.objects.exists())

    def test_a_score_out_of_range_is_a_field_error(self):
        response = self.score(self.expert, "expert", problem_defined="7")
        self.assertContains(response, 'role="alert"', status_code=400)
        self.assertFalse(RubricScore.objects.exists())

    def test_outsiders_get_404(self):
        for name in ("outsider_officer", "ministry_reviewer"):
            self.client.force_login(self.persona(name))
            self.assertEqual(self.client.get(self.url()).status_code, 404)

    def test_a_historical_mid_shows_no_form(self):
        self.set_state(self.member_plan, S.PUBLISHED)
        self.client.force_login(self.coordinator)
        self.assertNotContains(self.client.get(self.url()), "rubric-form")
        self.assertEqual(self.score(self.coordinator, "expert", problem_defined="3").status_code, 403)
