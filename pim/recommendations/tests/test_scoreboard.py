"""The public scoreboard: current status per recommendation, filters, visibility, paging and query counts."""

from __future__ import annotations

import datetime

from django.urls import reverse

from pim.programmes.tests.factories import InstitutionFactory
from pim.programmes.tests.personas import PersonaTestCase
from pim.recommendations.models import ImprovementPlan, Recommendation, RecommendationResponse
from pim.recommendations.scoreboard import STATUS_CHOICES, recommendations
from pim.recommendations.tests.factories import (
    ImprovementPlanFactory,
    RecommendationFactory,
    RecommendationResponseFactory,
    RecommendationStatusUpdateFactory,
)

URL = reverse("recommendations:scoreboard")
State = ImprovementPlan.State
Decision = RecommendationResponse.Decision


class ScoreboardTestCase(PersonaTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.finance = InstitutionFactory(name="Ministerstwo Finansów Testowe", slug="mf-test")
        cls.plan = ImprovementPlanFactory(network=cls.network, state=State.HANDED_OVER, title="PU Miasto zielone")
        cls.unanswered = RecommendationFactory(improvement_plan=cls.plan, order=1, text="Bez odpowiedzi")
        cls.in_progress = RecommendationFactory(
            improvement_plan=cls.plan, order=2, text="Wdrażana", type=Recommendation.Type.FINANCIAL,
            addressees=[cls.finance],
        )
        RecommendationResponseFactory(
            recommendation=cls.in_progress, institution=cls.finance, decision=Decision.ACCEPTED,
            responded_on=datetime.date(2024, 3, 1),
        )
        RecommendationStatusUpdateFactory(recommendation=cls.in_progress, institution=cls.finance,
                                          reported_on=datetime.date(2024, 9, 1))
        cls.reconsidered = RecommendationFactory(
            improvement_plan=cls.plan, order=3, text="Odrzucona po analizie", addressees=[cls.ministry]
        )
        RecommendationResponseFactory(recommendation=cls.reconsidered, institution=cls.ministry,
                                      decision=Decision.UNDER_ANALYSIS, responded_on=datetime.date(2024, 3, 1))
        RecommendationResponseFactory(recommendation=cls.reconsidered, institution=cls.ministry,
                                      decision=Decision.NOT_ACCEPTED, responded_on=datetime.date(2024, 5, 1))
        cls.historical = RecommendationFactory(
            improvement_plan=cls.plan, order=4, text="Historyczna", sources="A", is_demo=False
        )
        cls.draft_plan = ImprovementPlanFactory(network=cls.other_network, state=State.DRAFT)
        cls.draft = RecommendationFactory(improvement_plan=cls.draft_plan, order=1, text="Szkic sieci cyfrowej")

    def statuses(self, user=None, **params: str) -> dict[str, str]:
        if user is not None:
            self.client.force_login(user)
        response = self.client.get(URL, params)
        self.assertEqual(response.status_code, 200)
        return {row.recommendation.text: row.status for row in response.context["rows"]}


class CurrentStatusTest(ScoreboardTestCase):
    def test_status_is_latest_update_else_latest_decision_else_no_response(self) -> None:
        self.assertEqual(self.statuses(), {
            "Bez odpowiedzi": "no_response",
            "Wdrażana": "in_progress",
            "Odrzucona po analizie": "not_accepted",
            "Historyczna": "not_recorded",
        })

    def test_the_page_shows_labels_dates_and_addressees(self) -> None:
        response = self.client.get(URL)
        self.assertContains(response, "Ministerstwo Finansów Testowe")
        self.assertContains(response, reverse("recommendations:trace", args=[self.in_progress.pk]))
        self.assertContains(response, 'data-status="not_recorded"')
        self.assertEqual(response.context["page_obj"].paginator.count, 4)

    def test_a_later_status_update_wins_over_an_earlier_one_on_the_same_day(self) -> None:
        RecommendationStatusUpdateFactory(recommendation=self.in_progress, institution=self.finance,
                                          status="implemented", reported_on=datetime.date(2024, 9, 1))
        self.assertEqual(recommendations().with_current_status().get(pk=self.in_progress.pk).current_status,
                         "implemented")


class VisibilityTest(ScoreboardTestCase):
    def test_drafts_are_hidden_from_the_public_and_from_other_networks(self) -> None:
        for name in ("anonymous", "lead_officer", "member_officer", "ministry_reviewer", "expert"):
            with self.subTest(persona=name):
                self.client.logout()
                self.assertNotIn("Szkic sieci cyfrowej", self.statuses(self.persona(name) if name != "anonymous"
                                                                        else None))

    def test_drafts_show_to_the_operator_and_the_networks_own_city_teams(self) -> None:
        for name in ("coordinator", "outsider_officer"):
            with self.subTest(persona=name):
                self.assertIn("Szkic sieci cyfrowej", self.statuses(self.persona(name)))


class FilterTest(ScoreboardTestCase):
    def test_filters_by_network_type_addressee_status_and_edition(self) -> None:
        self.client.force_login(self.coordinator)
        cases = [
            ({"network": self.other_network.slug}, {"Szkic sieci cyfrowej"}),
            ({"type": "financial"}, {"Wdrażana"}),
            ({"addressee": "mf-test"}, {"Wdrażana"}),
            ({"status": "not_accepted"}, {"Odrzucona po analizie"}),
            ({"status": "not_recorded"}, {"Historyczna"}),
            ({"status": "no_response", "network": self.network.slug}, {"Bez odpowiedzi"}),
            ({"edition": self.edition.slug, "type": "legal", "status": "in_progress"}, set()),
        ]
        for params, expected in cases:
            with self.subTest(params=params):
                self.assertEqual(set(self.statuses(**params)), expected)

    def test_an_unknown_filter_value_is_ignored_with_a_notice(self) -> None:
        response = self.client.get(URL, {"status": "lost", "network": "no-such-network"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(len(response.context["rows"]), 4)
        self.assertEqual([element for element, _text in response.context["notices"]],
                         ["id_network_error", "id_status_error"])
        self.assertContains(response, 'id="id_status_error"')

    def test_a_bad_page_number_shows_a_page(self) -> None:
        for page in ("0", "x", "999"):
            with self.subTest(page=page):
                self.assertEqual(self.client.get(URL, {"page": page}).status_code, 200)


class ScoreboardQueryCountTest(PersonaTestCase):
    def test_queries_do_not_grow_with_rows(self) -> None:
        plan = ImprovementPlanFactory(network=self.network, state=State.FINAL)

        def make(n: int) -> None:
            for _ in range(n):
                rec = RecommendationFactory(improvement_plan=plan, addressees=[self.ministry, InstitutionFactory()])
                RecommendationResponseFactory(recommendation=rec, institution=self.ministry)
                RecommendationStatusUpdateFactory(recommendation=rec, institution=self.ministry)

        make(2)
        # Filter choices (edition, network, addressee), count, the page's ids, its rows with their status,
        # their addressees.
        with self.assertNumQueries(7):
            self.assertEqual(len(self.client.get(URL).context["rows"]), 2)
        make(8)
        with self.assertNumQueries(7):
            self.assertEqual(len(self.client.get(URL).context["rows"]), 10)
        with self.assertNumQueries(7):
            self.assertEqual(len(self.client.get(URL, {"status": "in_progress"}).context["rows"]), 10)


class AddresseeChoicesTest(ScoreboardTestCase):
    def test_a_drafts_addressee_is_offered_only_to_its_readers(self) -> None:
        hidden = InstitutionFactory(name="Urząd z roboczej rekomendacji", slug="urzad-roboczy")
        self.draft.addressees.add(hidden)
        response = self.client.get(URL)
        self.assertNotIn(hidden, response.context["form"].fields["addressee"].queryset)
        self.assertNotContains(response, "Urząd z roboczej rekomendacji")
        self.client.force_login(self.coordinator)
        self.assertEqual(set(self.statuses(addressee="urzad-roboczy")), {"Szkic sieci cyfrowej"})


class StatusFilterAgreesWithStatusTest(ScoreboardTestCase):
    def test_each_status_filter_finds_exactly_the_rows_with_that_current_status(self) -> None:
        RecommendationStatusUpdateFactory(recommendation=self.reconsidered, institution=self.ministry,
                                          status="implemented", reported_on=datetime.date(2024, 4, 1))
        rows = recommendations().with_current_status()
        for value, _label in STATUS_CHOICES:
            with self.subTest(status=value):
                expected = {rec.pk for rec in rows if rec.current_status == value}
                self.assertEqual(set(recommendations().with_status(value).values_list("pk", flat=True)), expected)
