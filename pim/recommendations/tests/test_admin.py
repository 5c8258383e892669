"""The Improvement Plan, recommendation and barrier admin opens for the coordinator, refuses city officers and
writes nothing but the catalogue marks."""

from __future__ import annotations

from django.urls import reverse

from pim.programmes.tests.personas import PersonaTestCase
from pim.recommendations.models import Barrier, ImprovementPlan, Recommendation
from pim.recommendations.tests.factories import BarrierFactory, ImprovementPlanFactory, RecommendationFactory


class RecommendationAdminTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.improvement_plan = ImprovementPlanFactory(network=cls.network)
        cls.recommendations = RecommendationFactory.create_batch(3, improvement_plan=cls.improvement_plan)
        ImprovementPlanFactory(network=cls.other_network)

    def test_the_coordinator_opens_the_improvement_plan_admin_pages(self):
        self.assertAdminPagesOpen(self.improvement_plan, add=False)

    def test_the_coordinator_opens_the_recommendation_admin_pages(self):
        self.assertAdminPagesOpen(self.recommendations[0], add=False)

    def test_city_officers_are_refused(self):
        self.assertAdminRefusesCityOfficers(self.recommendations[0])

    def test_the_coordinator_opens_the_barrier_admin_pages_and_city_officers_are_refused(self):
        barrier = BarrierFactory(network=self.network, cities=[self.lead_city])
        self.assertAdminPagesOpen(barrier, add=False)
        self.assertAdminRefusesCityOfficers(barrier)

    def test_the_admin_writes_only_sources_and_the_demo_mark(self):
        plan, recommendation = self.improvement_plan, self.recommendations[0]
        barrier = BarrierFactory(network=self.network, description="Brak przepisów")
        self.client.force_login(self.coordinator)
        posts = [
            (plan, {"state": "handed_over", "revision": "9", "title": "Inny", "sources": "Źródło A"}),
            (recommendation, {"text": "Przepisana", "response_due_on": "2020-01-01", "sources": "Źródło A"}),
            (barrier, {"description": "Przepisana", "sources": "Źródło A"}),
        ]
        for obj, data in posts:
            name = obj._meta.model_name
            with self.subTest(model=name):
                before = {key: getattr(obj, key) for key in data if key != "sources"}
                inline = {"recommendations-TOTAL_FORMS": "0", "recommendations-INITIAL_FORMS": "0"}
                response = self.client.post(reverse(f"admin:recommendations_{name}_change", args=[obj.pk]),
                                            {**data, **inline})
                self.assertEqual(response.status_code, 302, response.content.decode()[-1500:])
                obj.refresh_from_db()
                self.assertEqual({key: getattr(obj, key) for key in before}, before)
                self.assertEqual(obj.sources, "Źródło A")
                for url in (reverse(f"admin:recommendations_{name}_add"),
                            reverse(f"admin:recommendations_{name}_delete", args=[obj.pk])):
                    self.assertEqual(self.client.get(url).status_code, 403)
        self.assertEqual((ImprovementPlan.objects.filter(pk=plan.pk).count(), Recommendation.objects.count(),
                          Barrier.objects.filter(pk=barrier.pk).count()), (1, 3, 1))
