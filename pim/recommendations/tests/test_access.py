"""Fetching an Improvement Plan and its recommendations through the access helpers."""

from __future__ import annotations

from django.http import Http404

from pim.programmes.tests.personas import PersonaTestCase
from pim.recommendations.access import get_improvement_plan_for_user, get_recommendation_for_user
from pim.recommendations.tests.factories import ImprovementPlanFactory, RecommendationFactory


class RecommendationAccessTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.improvement_plan = ImprovementPlanFactory(network=cls.network)
        cls.recommendation = RecommendationFactory(improvement_plan=cls.improvement_plan)

    def test_anonymous_visitors_read_the_plan_by_its_network(self):
        self.assertEqual(get_improvement_plan_for_user(self.anonymous, self.network.slug), self.improvement_plan)

    def test_the_expert_writes_a_recommendation_the_city_does_not(self):
        self.assertEqual(get_recommendation_for_user(self.expert, self.recommendation.pk, write=True),
                         self.recommendation)
        with self.assertRaises(Http404):
            get_recommendation_for_user(self.lead_officer, self.recommendation.pk, write=True)

    def test_the_ministry_check_needs_no_extra_query(self):
        recommendation = get_recommendation_for_user(self.ministry_reviewer, self.recommendation.pk)
        with self.assertNumQueries(1):  # the roles
            self.assertTrue(self.ministry_reviewer.has_perm("recommendations.respond_recommendation", recommendation))
