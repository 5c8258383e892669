"""Overdue responses and the owner ministry's default answer on the public scoreboard, trace and exports."""

from __future__ import annotations

import csv
import datetime
import io
import json

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from pim.programmes.tests.factories import EditionFactory, InstitutionFactory, NetworkFactory
from pim.recommendations.models import Recommendation
from pim.recommendations.scoreboard import default_addressee_marker, is_overdue, recommendations
from pim.recommendations.tests.factories import (
    ImprovementPlanFactory,
    RecommendationFactory,
    RecommendationResponseFactory,
)
from pim.recommendations.tests.test_scoreboard import URL, ScoreboardTestCase, State

CSV_URL = reverse("recommendations:scoreboard_csv")
JSON_URL = reverse("recommendations:scoreboard_json")


def trace_url(recommendation: Recommendation) -> str:
    return reverse("recommendations:trace", args=[recommendation.pk])


def body(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8-sig")


class OverdueAndDefaultAddresseeTest(ScoreboardTestCase):
    """The persona edition's owner is `self.ministry`; `unanswered` and `historical` name no addressee."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        past = timezone.localdate() - datetime.timedelta(days=10)
        cls.late = RecommendationFactory(improvement_plan=cls.plan, order=5, text="Spóźniona",
                                         addressees=[cls.finance, cls.ministry], response_due_on=past)
        # One of two addressees answered: still overdue.
        RecommendationResponseFactory(recommendation=cls.late, institution=cls.finance)
        cls.answered = RecommendationFactory(improvement_plan=cls.plan, order=6, text="Odpowiedziana na czas",
                                             addressees=[cls.finance], response_due_on=past)
        RecommendationResponseFactory(recommendation=cls.answered, institution=cls.finance)
        cls.not_due = RecommendationFactory(
            improvement_plan=cls.plan, order=7, text="Jeszcze czas", addressees=[cls.finance],
            response_due_on=timezone.localdate() + datetime.timedelta(days=10),
        )
        # A historical record of 2021-23: no addressee, so the owner ministry answers; its deadline passed.
        Recommendation.objects.filter(pk=cls.historical.pk).update(response_due_on=past)
        cls.other = InstitutionFactory(name="Ministerstwo Inne", slug="inne")

    def rows(self, **params: str):
        response = self.client.get(URL, params)
        self.assertEqual(response.status_code, 200)
        return {row.recommendation.text: row for row in response.context["rows"]}

    def test_overdue_rows_carry_a_text_badge_and_filter(self) -> None:
        rows = self.rows()
        self.assertEqual({text for text, row in rows.items() if row.overdue}, {"Spóźniona", "Historyczna"})
        response = self.client.get(URL)
        self.assertContains(response, 'class="badge overdue-badge"', count=2)
        self.assertEqual(set(self.rows(overdue="1")), {"Spóźniona", "Historyczna"})
        # An unknown value is ignored with a notice, as the other filters are.
        response = self.client.get(URL, {"overdue": "maybe"})
        self.assertEqual(len(response.context["rows"]), len(rows))
        self.assertEqual([element for element, _text in response.context["notices"]], ["id_overdue_error"])

    def test_the_flag_on_the_trace_matches_the_queryset_rule(self) -> None:
        flagged = set(recommendations().overdue().values_list("pk", flat=True))
        for rec in Recommendation.objects.prefetch_related("addressees", "responses"):
            with self.subTest(rec=rec.text):
                self.assertEqual(is_overdue(rec, list(rec.responses.all())), rec.pk in flagged)
        self.assertContains(self.client.get(trace_url(self.late)), 'id="overdue"')
        self.assertNotContains(self.client.get(trace_url(self.answered)), 'id="overdue"')

    def test_the_owner_ministry_answers_unaddressed_recommendations_and_is_marked_as_default(self) -> None:
        # Filtering by the owner ministry finds what it was named for and what it answers by default.
        self.assertEqual(set(self.rows(addressee=self.ministry.slug)),
                         {"Bez odpowiedzi", "Historyczna", "Odrzucona po analizie", "Spóźniona"})
        self.assertEqual(set(self.rows(addressee=self.finance.slug)),
                         {"Wdrażana", "Spóźniona", "Odpowiedziana na czas", "Jeszcze czas"})
        rows = self.rows()
        self.assertEqual(rows["Historyczna"].addressees, f"{self.ministry.name} {default_addressee_marker()}")
        self.assertEqual(rows["Wdrażana"].addressees, self.finance.name)
        trace = self.client.get(trace_url(self.historical))
        self.assertContains(trace, 'id="default-addressee"')
        self.assertContains(trace, self.ministry.name)
        self.assertNotContains(self.client.get(trace_url(self.in_progress)), 'id="default-addressee"')

    def test_the_owner_ministry_is_offered_in_the_addressee_filter(self) -> None:
        plan = ImprovementPlanFactory(network=NetworkFactory(edition=EditionFactory(owner=self.other)),
                                      state=State.FINAL)
        RecommendationFactory(improvement_plan=plan, text="Bez adresata")
        slugs = [institution.slug for institution in self.client.get(URL).context["form"].fields[
            "addressee"].queryset]
        self.assertIn(self.other.slug, slugs)

    def test_exports_carry_the_deadline_the_flag_and_the_default_addressee(self) -> None:
        rows = {row["text"]: row for row in csv.DictReader(io.StringIO(body(self.client.get(CSV_URL))))}
        self.assertEqual(rows["Spóźniona"]["overdue"], "true")
        self.assertEqual(rows["Odpowiedziana na czas"]["overdue"], "false")
        self.assertEqual(rows["Spóźniona"]["response_due_on"],
                         (timezone.localdate() - datetime.timedelta(days=10)).isoformat())
        self.assertEqual(rows["Historyczna"]["addressees"], f"{self.ministry.name} {default_addressee_marker()}")
        self.assertEqual(rows["Historyczna"]["addressees_default"], "true")
        self.assertEqual(rows["Wdrażana"]["addressees_default"], "false")
        items = {item["text"]: item for item in json.loads(body(self.client.get(JSON_URL, {"overdue": "1"})))[
            "items"]}
        self.assertEqual(set(items), {"Spóźniona", "Historyczna"})
        self.assertIs(items["Historyczna"]["overdue"], True)
        self.assertIs(items["Historyczna"]["addressees_default"], True)
        csv_for_owner = body(self.client.get(CSV_URL, {"addressee": self.ministry.slug}))
        self.assertIn("Historyczna", csv_for_owner)

    def test_the_marker_is_polish(self) -> None:
        # Needs the catalogue with locale/fragments/recfinish.po merged.
        self.assertEqual(gettext("(the competent ministry — by default)"), "(ministerstwo właściwe — domyślnie)")

    def test_queries_stay_seven_with_the_overdue_and_addressee_filters(self) -> None:
        # A chosen addressee costs the form's one lookup of it, as before the owner ministry's fallback.
        for params, count in (({}, 7), ({"overdue": "1"}, 7), ({"addressee": self.ministry.slug}, 8)):
            with self.subTest(params=params), self.assertNumQueries(count):
                self.client.get(URL, params)
