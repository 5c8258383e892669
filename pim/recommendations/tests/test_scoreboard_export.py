"""The scoreboard's CSV and JSON downloads: the whole filtered set, streamed, with stable columns."""

from __future__ import annotations

import csv
import io
import json

from django.urls import reverse

from pim.recommendations.scoreboard import EXPORT_COLUMNS
from pim.recommendations.tests.factories import ImprovementPlanFactory, RecommendationFactory
from pim.recommendations.tests.test_scoreboard import ScoreboardTestCase, State
from pim.recommendations.views_public import SCOREBOARD_PER_PAGE

CSV_URL = reverse("recommendations:scoreboard_csv")
JSON_URL = reverse("recommendations:scoreboard_json")


def body(response) -> bytes:
    return b"".join(response.streaming_content)


class ExportTest(ScoreboardTestCase):
    def test_csv_starts_with_a_bom_and_has_the_stable_header(self) -> None:
        response = self.client.get(CSV_URL)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.streaming)
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        self.assertIn("attachment", response["Content-Disposition"])
        content = body(response)
        self.assertTrue(content.startswith("\ufeff".encode()))
        rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
        self.assertEqual(list(rows[0]), list(EXPORT_COLUMNS))
        by_text = {row["text"]: row for row in rows}
        self.assertEqual(set(by_text), {"Bez odpowiedzi", "Wdrażana", "Odrzucona po analizie", "Historyczna"})
        row = by_text["Wdrażana"]
        self.assertEqual(row["current_status"], "in_progress")
        self.assertEqual(row["status_on"], "2024-09-01")
        self.assertEqual(row["addressees"], "Ministerstwo Finansów Testowe")
        self.assertEqual(row["type"], "financial")
        self.assertEqual(row["is_key"], "false")
        self.assertTrue(row["trace_url"].endswith(reverse("recommendations:trace", args=[self.in_progress.pk])))
        self.assertEqual(by_text["Historyczna"]["current_status"], "not_recorded")

    def test_json_has_count_and_items_and_follows_the_filters(self) -> None:
        response = self.client.get(JSON_URL, {"status": "not_accepted"})
        self.assertEqual(response.status_code, 200)
        data = json.loads(body(response))
        self.assertEqual(data["count"], 1)
        self.assertEqual(list(data["items"][0]), list(EXPORT_COLUMNS))
        self.assertEqual(data["items"][0]["text"], "Odrzucona po analizie")
        self.assertIs(data["items"][0]["is_key"], False)

    def test_drafts_stay_out_of_the_public_export(self) -> None:
        texts = [item["text"] for item in json.loads(body(self.client.get(JSON_URL)))["items"]]
        self.assertNotIn("Szkic sieci cyfrowej", texts)
        self.client.force_login(self.coordinator)
        texts = [item["text"] for item in json.loads(body(self.client.get(JSON_URL)))["items"]]
        self.assertIn("Szkic sieci cyfrowej", texts)

    def test_the_export_holds_every_row_not_one_page(self) -> None:
        plan = ImprovementPlanFactory(state=State.FINAL)
        RecommendationFactory.create_batch(SCOREBOARD_PER_PAGE + 1, improvement_plan=plan)
        data = json.loads(body(self.client.get(JSON_URL, {"network": plan.network.slug})))
        self.assertEqual(data["count"], SCOREBOARD_PER_PAGE + 1)
        self.assertEqual(len(data["items"]), SCOREBOARD_PER_PAGE + 1)

    def test_an_empty_result_is_valid_json_and_a_header_only_csv(self) -> None:
        data = json.loads(body(self.client.get(JSON_URL, {"status": "implemented"})))
        self.assertEqual(data, {"count": 0, "items": []})
        lines = body(self.client.get(CSV_URL, {"status": "implemented"})).decode("utf-8-sig").splitlines()
        self.assertEqual(lines, [",".join(EXPORT_COLUMNS)])

    def test_export_queries_do_not_grow_with_rows(self) -> None:
        plan = ImprovementPlanFactory(state=State.FINAL)
        RecommendationFactory.create_batch(2, improvement_plan=plan, addressees=[self.ministry])
        params = {"network": plan.network.slug}
        # The network filter's lookup, the rows with their status, their addressees (one prefetch per chunk).
        with self.assertNumQueries(3):
            body(self.client.get(CSV_URL, params))
        RecommendationFactory.create_batch(8, improvement_plan=plan, addressees=[self.ministry])
        with self.assertNumQueries(3):
            body(self.client.get(CSV_URL, params))
        with self.assertNumQueries(4):
            body(self.client.get(JSON_URL, params))
