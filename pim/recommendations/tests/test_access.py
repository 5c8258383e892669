"""Fetching an Improvement Plan, its recommendations and the register through the access helpers."""

from __future__ import annotations

from django.http import Http404

from pim.recommendations.access import (
    get_improvement_plan_for_user,
    get_network_register_for_user,
    get_recommendation_for_user,
)
from pim.recommendations.models import ImprovementPlan
from pim.recommendations.tests.base import PuTestCase


class RecommendationAccessTests(PuTestCase):
    def test_anonymous_visitors_read_the_record_but_not_a_drafts_content(self):
        self.assertEqual(get_improvement_plan_for_user(self.anonymous, self.network.slug), self.plan)
        with self.assertRaises(Http404):
            get_improvement_plan_for_user(self.anonymous, self.network.slug, content=True)
        self.set_state(self.plan, ImprovementPlan.State.FINAL)
        self.assertEqual(get_improvement_plan_for_user(self.anonymous, self.network.slug, content=True), self.plan)

    def test_the_expert_writes_a_recommendation_the_city_does_not(self):
        self.assertEqual(get_recommendation_for_user(self.expert, self.recommendation.pk, write=True),
                         self.recommendation)
        with self.assertRaises(Http404):
            get_recommendation_for_user(self.lead_officer, self.recommendation.pk, write=True)

    def test_the_ministry_check_needs_no_extra_query(self):
        self.hand_over()
        recommendation = get_recommendation_for_user(self.ministry_reviewer, self.recommendation.pk)
        with self.assertNumQueries(0):  # the roles were read by the fetch, the addressees prefetched
            self.assertTrue(self.ministry_reviewer.has_perm("recommendations.respond_recommendation", recommendation))

    def test_outsiders_get_404_for_the_register(self):
        self.assertEqual(get_network_register_for_user(self.member_officer, self.network.slug), self.network)
        for name in ("outsider_officer", "anonymous", "ministry_reviewer"):
            with self.subTest(persona=name), self.assertRaises(Http404):
                get_network_register_for_user(self.persona(name), self.network.slug)
        with self.assertRaises(Http404):
            get_network_register_for_user(self.member_officer, self.network.slug, write=True)
