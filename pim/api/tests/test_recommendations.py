"""/api/v1/recommendations."""

from __future__ import annotations

from pim.api.tests.base import ApiTestCase
from pim.programmes.tests.factories import EditionFactory, NetworkFactory
from pim.recommendations.models import Recommendation
from pim.recommendations.tests.factories import ImprovementPlanFactory, RecommendationFactory


class RecommendationEndpointsTest(ApiTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        first = EditionFactory(slug="pim-1", start_year=2021, end_year=2023)
        second = EditionFactory(slug="pim-2", start_year=2024, end_year=2026)
        transport = ImprovementPlanFactory(
            network=NetworkFactory(edition=first, slug="transport", name="Transport"), title="PU Transport"
        )
        energy = ImprovementPlanFactory(
            network=NetworkFactory(edition=second, slug="energia", name="Energia")
        )
        RecommendationFactory(improvement_plan=transport, order=2, text="Zmienić ustawę", is_key=True)
        RecommendationFactory(
            improvement_plan=transport, order=1, text="Dofinansować", type=Recommendation.Type.FINANCIAL
        )
        RecommendationFactory(improvement_plan=energy, order=1, text="Szkolenia")

    def test_it_lists_recommendations_per_network_in_order(self) -> None:
        body = self.get_json("/api/v1/recommendations")
        self.assertEqual(body["count"], 3)
        self.assertEqual([r["text"] for r in body["items"]], ["Szkolenia", "Dofinansować", "Zmienić ustawę"])
        key = body["items"][2]
        self.assertTrue(key["is_key"])
        self.assertEqual(key["type"], "legal")
        self.assertEqual(key["network"], {"slug": "transport", "name": "Transport"})
        self.assertEqual(key["edition"]["slug"], "pim-1")
        self.assertEqual(key["improvement_plan"], {"title": "PU Transport", "state": "draft"})

    def test_it_filters_by_network_edition_type_and_key(self) -> None:
        def texts(**params: str) -> list[str]:
            return [r["text"] for r in self.get_json("/api/v1/recommendations", **params)["items"]]

        self.assertEqual(texts(network="energia"), ["Szkolenia"])
        self.assertEqual(texts(edition="pim-1"), ["Dofinansować", "Zmienić ustawę"])
        self.assertEqual(texts(type="financial"), ["Dofinansować"])
        self.assertEqual(texts(is_key="true"), ["Zmienić ustawę"])

    def test_bad_filters_are_refused(self) -> None:
        self.assert_refused("/api/v1/recommendations", "type", type="moral")
        self.assert_refused("/api/v1/recommendations", "is_key", is_key="maybe")


class RecommendationQueryCountTest(ApiTestCase):
    def test_recommendation_list_queries_do_not_grow_with_rows(self) -> None:
        def make(n: int) -> None:
            for _ in range(n):
                RecommendationFactory(improvement_plan=ImprovementPlanFactory())

        self.assert_queries_do_not_grow("/api/v1/recommendations", make, queries=2)
