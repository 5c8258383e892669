"""The real 2021-2023 recommendations on the scoreboard: every one of them, none with an invented answer."""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from pim.recommendations.models import RecommendationResponse, RecommendationStatusUpdate

HISTORY = Path(settings.BASE_DIR) / "data" / "pim_history.json"


class HistoricalRecommendationsTest(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        # Through the command, by name: the loader lives in `pim.portal`, a layer above this app.
        call_command("load_pim_history", verbosity=0)
        plans = json.loads(HISTORY.read_text(encoding="utf-8"))["improvement_plans"]
        cls.expected = {
            (plan["network"], rec["order"]): rec["text"]
            for plan in plans if plan["network"].startswith("2021-2023-") for rec in plan["recommendations"]
        }

    def test_the_three_networks_recommendations_are_on_the_scoreboard_with_no_response_recorded(self) -> None:
        self.assertEqual(len(self.expected), 8)
        response = self.client.get(reverse("recommendations:scoreboard"), {"status": "not_recorded"})
        rows = {
            (row.recommendation.improvement_plan.network.slug, row.recommendation.order): row
            for row in response.context["rows"]
        }
        for key, text in self.expected.items():
            with self.subTest(recommendation=key):
                self.assertEqual(rows[key].recommendation.text, text)
                self.assertEqual(rows[key].status, "not_recorded")
                self.assertFalse(rows[key].recommendation.is_demo)

    def test_no_response_or_status_was_invented(self) -> None:
        self.assertFalse(RecommendationResponse.objects.exists())
        self.assertFalse(RecommendationStatusUpdate.objects.exists())

    def test_each_has_a_public_trace(self) -> None:
        for row in self.client.get(reverse("recommendations:scoreboard")).context["rows"]:
            with self.subTest(recommendation=row.recommendation.pk):
                response = self.client.get(row.trace_url)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response.context["trace"].current_status, "not_recorded")
