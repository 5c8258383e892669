"""Who may write an Improvement Plan's recommendations and who answers them, persona by persona."""

from __future__ import annotations

from pim.programmes.tests.personas import CAST, SUPPORTING, PersonaTestCase
from pim.recommendations.tests.factories import ImprovementPlanFactory, RecommendationFactory


class RecommendationPermissionTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.improvement_plan = ImprovementPlanFactory(network=cls.network)
        cls.recommendation = RecommendationFactory(improvement_plan=cls.improvement_plan)

    def test_every_persona_reads_recommendations(self):
        self.assertAllowedExactly("recommendations.view_recommendation", self.recommendation, set(CAST + SUPPORTING))

    def test_the_coordinator_and_the_network_expert_write_the_plan_and_its_recommendations(self):
        writers = {"coordinator", "expert"}
        self.assertAllowedExactly("recommendations.change_improvementplan", self.improvement_plan, writers)
        self.assertAllowedExactly("recommendations.change_recommendation", self.recommendation, writers)
        self.assertAllowedExactly("recommendations.add_recommendation", self.improvement_plan, writers)

    def test_cities_cannot_change_recommendations(self):
        for name in ("lead_officer", "member_officer", "outsider_officer", "lp_coordinator"):
            with self.subTest(persona=name):
                self.assertFalse(self.persona(name).has_perm("recommendations.change_recommendation", self.recommendation))

    def test_the_owner_ministry_answers_the_recommendations(self):
        self.assertAllowedExactly(
            "recommendations.respond_recommendation", self.recommendation, {"coordinator", "ministry_reviewer"}
        )
