"""/api/v1/action-plans, its detail, actions and indicators, /api/v1/indicators/{id}/values and
/api/v1/actions/{id}/status-reports."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from pim.api.tests.base import ApiTestCase
from pim.places.tests.factories import ParticipantFactory
from pim.plans.models import Action, ActionPlan, ActionStatusReport, Indicator, IndicatorValue
from pim.plans.tests.factories import (
    ActionFactory,
    ActionFundingFactory,
    ActionPlanFactory,
    IndicatorFactory,
    complete_content,
)
from pim.programmes.tests.factories import EditionFactory, NetworkFactory
from pim.programmes.tests.personas import PersonaTestCase


class ActionPlanEndpointsTest(ApiTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        edition = EditionFactory(slug="pim-1")
        transport = NetworkFactory(edition=edition, slug="transport", name="Transport")
        energy = NetworkFactory(edition=edition, slug="energia", name="Energia")
        lublin = ParticipantFactory(slug="lublin", name="Lublin")
        cls.plan = ActionPlanFactory(
            network=transport,
            participant=lublin,
            title="Rower miejski",
            state=ActionPlan.State.PUBLISHED,
            sources="P7",
        )
        # A historical MID whose city the sources do not name.
        ActionPlanFactory(network=energy, participant=None, title="", order=1)

    def test_it_lists_mids_with_network_and_participant(self) -> None:
        body = self.get_json("/api/v1/action-plans")
        self.assertEqual(body["count"], 2)
        unnamed, named = body["items"]
        self.assertIsNone(unnamed["participant"])
        self.assertEqual(unnamed["title"], "")
        self.assertEqual(named["participant"], {"slug": "lublin", "name": "Lublin"})
        self.assertEqual(named["network"], {"slug": "transport", "name": "Transport"})
        self.assertEqual(named["edition"]["slug"], "pim-1")
        self.assertEqual(named["state"], "published")
        self.assertEqual(named["sources"], ["P7"])
        self.assertEqual(named["url"], f"/mid/{self.plan.pk}/")

    def test_it_filters_by_network_edition_participant_and_state(self) -> None:
        def titles(**params: str) -> list[str]:
            return [p["title"] for p in self.get_json("/api/v1/action-plans", **params)["items"]]

        self.assertEqual(titles(network="transport"), ["Rower miejski"])
        self.assertEqual(titles(participant="lublin"), ["Rower miejski"])
        self.assertEqual(titles(state="draft"), [""])
        self.assertEqual(len(titles(edition="pim-1")), 2)
        self.assertEqual(titles(edition="pim-2"), [])

    def test_an_unknown_state_is_refused(self) -> None:
        self.assert_refused("/api/v1/action-plans", "state", state="lost")


class ActionPlanQueryCountTest(ApiTestCase):
    def test_action_plan_list_queries_do_not_grow_with_rows(self) -> None:
        network = NetworkFactory()
        self.assert_queries_do_not_grow(
            "/api/v1/action-plans", lambda n: ActionPlanFactory.create_batch(n, network=network), queries=2
        )


class ActionPlanContentTest(PersonaTestCase, ApiTestCase):
    """The detail, actions, indicators and values: content only for who may read the MID's working content."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.draft = ActionPlanFactory(network=cls.network, participant=cls.lead_city, title="Szkic")
        complete_content(cls.draft, actions=1)
        cls.approved = ActionPlanFactory(
            network=cls.network, participant=cls.member_city, title="Zatwierdzona", state=ActionPlan.State.APPROVED,
            is_example=True,
        )
        actions = complete_content(cls.approved, actions=2)
        Action.objects.filter(pk=actions[0].pk).update(risks="Brak zgody wspólnot")
        # Filed later but dated earlier: the history is in the reports' dates, the current status the latest.
        ActionStatusReport.objects.create(action=actions[0], status=ActionStatusReport.Status.IN_PROGRESS, percent=30,
                                          reported_on=datetime.date(2025, 6, 1), note="Trwają prace",
                                          reported_by=cls.member_officer)
        ActionStatusReport.objects.create(action=actions[0], status=ActionStatusReport.Status.NOT_STARTED,
                                          reported_on=datetime.date(2025, 1, 1))
        cls.action = actions[0]
        actions[1].dependencies.add(actions[0])
        cls.indicator = Indicator.objects.filter(plan=cls.approved).order_by("pk").first()
        for month, value in ((1, "2"), (6, "5.5")):
            IndicatorValue.objects.create(
                indicator=cls.indicator, measured_on=datetime.date(2025, month, 1), value=Decimal(value)
            )
        cls.draft_indicator = Indicator.objects.filter(plan=cls.draft).first()
        cls.draft_action = Action.objects.filter(plan=cls.draft).first()
        ActionStatusReport.objects.create(action=cls.draft_action, status=ActionStatusReport.Status.NOT_STARTED)

    def test_is_example_filter(self) -> None:
        titles = [p["title"] for p in self.get_json("/api/v1/action-plans", is_example="true")["items"]]
        self.assertEqual(titles, ["Zatwierdzona"])
        titles = [p["title"] for p in self.get_json("/api/v1/action-plans", is_example="false")["items"]]
        self.assertEqual(titles, ["Szkic"])
        self.assert_refused("/api/v1/action-plans", "is_example", is_example="maybe")

    def test_an_approved_mid_shows_its_content_to_anonymous(self) -> None:
        body = self.get_json(f"/api/v1/action-plans/{self.approved.pk}")
        self.assertTrue(body["content_visible"])
        self.assertEqual(body["state"], "approved")
        self.assertEqual(len(body["sections"]["actions"]["actions"]), 2)
        self.assertIn("budget", body["sections"])

    def test_a_draft_shows_only_its_catalogue_record_to_outsiders(self) -> None:
        for name in ("anonymous", "outsider_officer", "member_officer", "ministry_reviewer"):
            with self.subTest(persona=name):
                self.client.logout()
                if name != "anonymous":
                    self.client.force_login(self.persona(name))
                body = self.get_json(f"/api/v1/action-plans/{self.draft.pk}")
                self.assertEqual(body["title"], "Szkic")
                self.assertFalse(body["content_visible"])
                self.assertIsNone(body["sections"])
                for url in (f"/api/v1/action-plans/{self.draft.pk}/actions",
                            f"/api/v1/action-plans/{self.draft.pk}/indicators",
                            f"/api/v1/indicators/{self.draft_indicator.pk}/values",
                            f"/api/v1/actions/{self.draft_action.pk}/status-reports"):
                    self.assertIn("No ", self.get_json(url, status=404)["detail"])

    def test_a_draft_shows_its_content_to_its_team_expert_and_operator(self) -> None:
        for name in ("lead_officer", "expert", "coordinator"):
            with self.subTest(persona=name):
                self.client.force_login(self.persona(name))
                body = self.get_json(f"/api/v1/action-plans/{self.draft.pk}")
                self.assertTrue(body["content_visible"])
                self.assertEqual(len(body["sections"]["actions"]["actions"]), 1)
                self.assertEqual(self.get_json(f"/api/v1/action-plans/{self.draft.pk}/actions")["count"], 1)
                self.assertEqual(
                    self.get_json(f"/api/v1/actions/{self.draft_action.pk}/status-reports")["count"], 1
                )

    def test_actions_carry_objective_dates_cost_fundings_and_status(self) -> None:
        body = self.get_json(f"/api/v1/action-plans/{self.approved.pk}/actions")
        self.assertEqual(body["count"], 2)
        first, second = body["items"]
        self.assertEqual(first["current_status"], "in_progress")
        self.assertEqual(first["current_percent"], 30)
        self.assertIsNone(second["current_status"])
        self.assertEqual(second["dependencies"], [first["id"]])
        self.assertEqual(first["cost_estimate"], "100000.00")
        self.assertEqual(first["starts_on"], "2024-01-01")
        self.assertTrue(first["objective"]["text"])
        self.assertEqual(first["fundings"][0]["amount"], "100000.00")
        self.assertEqual(first["fundings"][0]["kind"], "city_budget")
        self.assertEqual((first["risks"], second["risks"]), ("Brak zgody wspólnot", ""))
        self.assertEqual(first["status_reports_url"], f"/api/v1/actions/{self.action.pk}/status-reports")

    def test_an_actions_status_reports_oldest_first_without_who_reported(self) -> None:
        body = self.get_json(f"/api/v1/actions/{self.action.pk}/status-reports")
        self.assertEqual(body["count"], 2)
        self.assertEqual(
            [(r["reported_on"], r["status"], r["percent"], r["note"]) for r in body["items"]],
            [("2025-01-01", "not_started", 0, ""), ("2025-06-01", "in_progress", 30, "Trwają prace")],
        )
        self.assertEqual(set(body["items"][0]), {"id", "status", "percent", "note", "reported_on"})
        self.assertNotIn("member_officer", str(body))
        body = self.get_json(f"/api/v1/actions/{self.action.pk}/status-reports", limit="1", offset="1")
        self.assertEqual((body["count"], body["items"][0]["status"]), (2, "in_progress"))

    def test_a_page_of_actions_carries_its_own_fundings_and_dependencies(self) -> None:
        everything = self.get_json(f"/api/v1/action-plans/{self.approved.pk}/actions")["items"]
        body = self.get_json(f"/api/v1/action-plans/{self.approved.pk}/actions", limit="1", offset="1")
        self.assertEqual(body["count"], 2)
        self.assertEqual(body["items"], everything[1:])
        self.assertEqual(body["items"][0]["dependencies"], [everything[0]["id"]])
        self.assertEqual(len(body["items"][0]["fundings"]), 1)

    def test_indicators_and_their_values(self) -> None:
        body = self.get_json(f"/api/v1/action-plans/{self.approved.pk}/indicators")
        self.assertEqual(body["count"], 2)
        first = body["items"][0]
        self.assertEqual((first["baseline"], first["target"]), ("0.0000", "1000.0000"))
        self.assertEqual(first["values_url"], f"/api/v1/indicators/{self.indicator.pk}/values")
        values = self.get_json(first["values_url"])
        self.assertEqual([(v["measured_on"], v["value"]) for v in values["items"]],
                         [("2025-01-01", "2.0000"), ("2025-06-01", "5.5000")])

    def test_missing_objects_and_bad_ids_answer_json_404_and_422(self) -> None:
        self.assertEqual(self.get_json("/api/v1/action-plans/999999", status=404)["detail"], "No MID with id=999999.")
        self.get_json("/api/v1/action-plans/999999/actions", status=404)
        self.get_json("/api/v1/indicators/999999/values", status=404)
        self.assertEqual(self.get_json("/api/v1/actions/999999/status-reports", status=404)["detail"],
                         "No action with id=999999 whose MID's content you may read.")
        self.assert_refused("/api/v1/actions/0/status-reports", "id")
        self.assert_refused("/api/v1/action-plans/0/actions", "id")
        self.assert_refused("/api/v1/action-plans/99999999999999999999", "id")
        self.assert_refused(f"/api/v1/action-plans/{self.approved.pk}/actions", "limit", limit=101)


class ActionPlanContentQueryCountTest(ApiTestCase):
    def setUp(self) -> None:
        self.plan = ActionPlanFactory(state=ActionPlan.State.APPROVED)

    def test_action_list_queries_do_not_grow_with_rows(self) -> None:
        def make(n: int) -> None:
            for _ in range(n):
                action = ActionFactory(plan=self.plan)
                ActionFundingFactory(action=action)
                ActionFundingFactory(action=action)
                ActionStatusReport.objects.create(action=action, status=ActionStatusReport.Status.DONE, percent=100)

        # The MID, count, actions (with their status), fundings, dependencies.
        self.assert_queries_do_not_grow(f"/api/v1/action-plans/{self.plan.pk}/actions", make, queries=5)

    def test_indicator_list_queries_do_not_grow_with_rows(self) -> None:
        action = ActionFactory(plan=self.plan)
        self.assert_queries_do_not_grow(
            f"/api/v1/action-plans/{self.plan.pk}/indicators",
            lambda n: IndicatorFactory.create_batch(n, plan=self.plan, action=action), queries=3,
        )

    def test_indicator_value_list_queries_do_not_grow_with_rows(self) -> None:
        indicator = IndicatorFactory(plan=self.plan)

        def make(n: int) -> None:
            for day in range(n):
                IndicatorValue.objects.create(
                    indicator=indicator, measured_on=datetime.date(2025, 1, 1) + datetime.timedelta(days=day),
                    value=Decimal(day),
                )

        self.assert_queries_do_not_grow(f"/api/v1/indicators/{indicator.pk}/values", make, queries=3)

    def test_status_report_list_queries_do_not_grow_with_rows(self) -> None:
        action = ActionFactory(plan=self.plan)

        def make(n: int) -> None:
            for _ in range(n):
                ActionStatusReport.objects.create(action=action, status=ActionStatusReport.Status.IN_PROGRESS)

        # The action with its MID, count, reports.
        self.assert_queries_do_not_grow(f"/api/v1/actions/{action.pk}/status-reports", make, queries=3)

    def test_detail_queries_do_not_grow_with_content(self) -> None:
        url = f"/api/v1/action-plans/{self.plan.pk}"
        complete_content(self.plan, actions=2)
        with CaptureQueriesContext(connection) as small:
            self.get_json(url)
        complete_content(self.plan, actions=10, indicators_per_action=2)
        with self.assertNumQueries(len(small)):
            body = self.get_json(url)
        self.assertEqual(len(body["sections"]["actions"]["actions"]), 12)
