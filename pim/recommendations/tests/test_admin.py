"""The Improvement Plan and recommendation admin opens for the coordinator and refuses city officers."""

from __future__ import annotations

from pim.programmes.tests.personas import PersonaTestCase
from pim.recommendations.tests.factories import BarrierFactory, ImprovementPlanFactory, RecommendationFactory


class RecommendationAdminTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.improvement_plan = ImprovementPlanFactory(network=cls.network)
        cls.recommendations = RecommendationFactory.create_batch(3, improvement_plan=cls.improvement_plan)
        ImprovementPlanFactory(network=cls.other_network)

    def test_the_coordinator_opens_the_improvement_plan_admin_pages(self):
        self.assertAdminPagesOpen(self.improvement_plan)

    def test_the_coordinator_opens_the_recommendation_admin_pages(self):
        self.assertAdminPagesOpen(self.recommendations[0])

    def test_city_officers_are_refused(self):
        self.assertAdminRefusesCityOfficers(self.recommendations[0])

    def test_the_coordinator_opens_the_barrier_admin_pages_and_city_officers_are_refused(self):
        barrier = BarrierFactory(network=self.network, cities=[self.lead_city])
        self.assertAdminPagesOpen(barrier)
        self.assertAdminRefusesCityOfficers(barrier)
