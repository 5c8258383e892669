"""Query counts do not grow with data: 2 rows and 10 rows cost the same on every PU screen."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pim.recommendations.models import ImprovementPlanComment, Recommendation
from pim.recommendations.tests.base import PuTestCase
from pim.recommendations.tests.factories import (
    BarrierFactory,
    GoodPracticeFactory,
    RecommendationFactory,
    RecommendationResponseFactory,
    RecommendationStatusUpdateFactory,
)


class QueryCountTests(PuTestCase):
    def add_rows(self, count: int) -> None:
        """Bring the PU to `count` recommendations, each with links, a response and a status update."""
        while Recommendation.objects.filter(improvement_plan=self.plan).count() < count:
            barrier = BarrierFactory(network=self.network, cities=[self.lead_city, self.member_city])
            practice = GoodPracticeFactory()
            recommendation = RecommendationFactory(improvement_plan=self.plan, addressees=[self.ministry],
                                                   response_due_on=datetime.date(2024, 1, 1))
            recommendation.barriers.add(barrier)
            recommendation.good_practices.add(practice)
            self.plan.barriers.add(barrier)
            self.plan.good_practices.add(practice)
            RecommendationResponseFactory(recommendation=recommendation, institution=self.ministry)
            RecommendationStatusUpdateFactory(recommendation=recommendation, institution=self.ministry)
            ImprovementPlanComment.objects.create(improvement_plan=self.plan, author=self.member_officer, body="Uwaga")

    def count(self, url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return len(queries)

    def assertFlat(self, url: str, user) -> None:
        self.client.force_login(user)
        Recommendation.objects.filter(improvement_plan=self.plan).delete()  # the cast's rows have no links
        self.add_rows(2)
        small = self.count(url)
        self.add_rows(10)
        self.assertEqual(self.count(url), small, url)

    def test_plan_page(self):
        self.assertFlat(reverse("recommendations:plan", args=[self.network.slug]), self.member_officer)

    def test_plan_page_for_the_liaison_after_the_hand_over(self):
        self.hand_over()
        self.assertFlat(reverse("recommendations:plan", args=[self.network.slug]), self.ministry_reviewer)

    def test_editor(self):
        self.assertFlat(reverse("recommendations:plan_edit", args=[self.network.slug]), self.expert)

    def test_register(self):
        self.assertFlat(reverse("recommendations:register", args=[self.network.slug]), self.expert)

    def test_inbox(self):
        self.hand_over()
        self.assertFlat(reverse("recommendations:inbox"), self.ministry_reviewer)

    def test_exports(self):
        self.assertFlat(reverse("recommendations:export", args=[self.network.slug, "docx"]), self.expert)
