"""The quality rubric: the 12 URBACT criteria scored 1-4 by the expert and by the city."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.test import override_settings

from pim.plans.models import RUBRIC_CRITERIA, ActionPlan, Criterion, RubricScore
from pim.plans.services import rubric_score
from pim.plans.tests.base import MidTestCase


@override_settings(LANGUAGE_CODE="en")
class RubricTests(MidTestCase):
    def score(self, user, *, role="expert", plan=None, criterion=Criterion.REALISTIC_SCHEDULE, score=3):
        return rubric_score(plan=plan or self.member_plan, criterion=criterion, score=score, by=user, role=role,
                            note="Harmonogram napięty")

    def test_there_are_twelve_criteria_with_english_labels(self):
        self.assertEqual(len(RUBRIC_CRITERIA), 12)
        self.assertEqual(RUBRIC_CRITERIA[0], ("problem_defined", "Problem clearly defined and evidence-based"))

    def test_the_networks_expert_and_the_coordinator_score_as_expert(self):
        self.assertServiceAllowedExactly(lambda user: self.score(user), {"coordinator", "expert"})
        self.assertServiceAllowedExactly(lambda user: self.score(user, plan=self.outsider_plan), {"coordinator"})

    def test_the_city_team_and_the_coordinator_score_as_city(self):
        self.assertServiceAllowedExactly(lambda user: self.score(user, role="city"), {"coordinator", "member_officer"})

    def test_scoring_again_updates_the_score_in_place(self):
        self.score(self.expert, score=2)
        row = self.score(self.expert, score=4)
        self.score(self.member_officer, role="city", score=1)
        self.assertEqual(RubricScore.objects.filter(plan=self.member_plan).count(), 2)
        row.refresh_from_db()
        self.assertEqual((row.score, row.scored_by, row.note), (4, self.expert, "Harmonogram napięty"))

    def test_bad_scores_criteria_and_roles_are_refused(self):
        for kwargs, field in (({"score": 0}, "score"), ({"score": 5}, "score"), ({"criterion": "beauty"}, "criterion"),
                              ({"role": "ministry"}, "role")):
            with self.subTest(**kwargs), self.assertRaises(ValidationError) as caught:
                self.score(self.coordinator, **kwargs)
            self.assertIn(field, caught.exception.message_dict)
        self.assertFalse(RubricScore.objects.exists())

    def test_a_historical_mid_is_not_scored(self):
        plan = self.set_state(self.member_plan, ActionPlan.State.PUBLISHED)
        with self.assertRaises(ValidationError):
            self.score(self.expert, plan=plan)
