"""/api/v1/improvement-plans, /recommendations (with responses and status updates), /good-practices, /barriers."""

from __future__ import annotations

import datetime

from django.utils import timezone

from pim.api.tests.base import ApiTestCase
from pim.places.tests.factories import ParticipantFactory
from pim.plans.tests.factories import ActionPlanFactory
from pim.plans.tests.factories import BarrierFactory as MidBarrierFactory
from pim.programmes.models import RoleAssignment
from pim.programmes.tests.factories import (
    EditionFactory,
    InstitutionFactory,
    NetworkFactory,
    PersonFactory,
    RoleAssignmentFactory,
    UserFactory,
)
from pim.recommendations.models import Barrier, ImprovementPlan, Recommendation, RecommendationResponse
from pim.recommendations.tests.factories import (
    BarrierFactory,
    GoodPracticeFactory,
    ImprovementPlanFactory,
    RecommendationFactory,
    RecommendationResponseFactory,
    RecommendationStatusUpdateFactory,
)

State = ImprovementPlan.State


class RecommendationEndpointsTest(ApiTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        first = EditionFactory(slug="pim-1", start_year=2021, end_year=2023)
        second = EditionFactory(slug="pim-2", start_year=2024, end_year=2026)
        cls.mf = InstitutionFactory(slug="mf", name="Ministerstwo Finansów", short_name="MF")
        transport = ImprovementPlanFactory(
            network=NetworkFactory(edition=first, slug="transport", name="Transport"), title="PU Transport",
            state=State.HANDED_OVER, summary="Streszczenie",
        )
        energy = ImprovementPlanFactory(
            network=NetworkFactory(edition=second, slug="energia", name="Energia"), state=State.FINAL
        )
        cls.draft_network = NetworkFactory(edition=second, slug="szkic", name="Szkic")
        ImprovementPlanFactory(network=cls.draft_network, state=State.DRAFT, summary="Roboczy")
        cls.key = RecommendationFactory(improvement_plan=transport, order=2, text="Zmienić ustawę", is_key=True,
                                        addressees=[cls.mf])
        cls.funding = RecommendationFactory(
            improvement_plan=transport, order=1, text="Dofinansować", type=Recommendation.Type.FINANCIAL
        )
        RecommendationFactory(improvement_plan=energy, order=1, text="Szkolenia", sources="A", is_demo=False)
        cls.draft = RecommendationFactory(improvement_plan=cls.draft_network.improvement_plan, text="Robocza")
        RecommendationResponseFactory(recommendation=cls.key, institution=cls.mf, text="Analiza",
                                      responded_on=datetime.date(2024, 1, 10))
        RecommendationResponseFactory(recommendation=cls.key, institution=cls.mf, text="Przyjęta",
                                      decision=RecommendationResponse.Decision.ACCEPTED,
                                      responded_on=datetime.date(2024, 2, 10))
        RecommendationStatusUpdateFactory(recommendation=cls.key, institution=cls.mf, evidence="Projekt w Sejmie",
                                          reported_on=datetime.date(2024, 6, 1))
        RecommendationResponseFactory(recommendation=cls.funding, institution=cls.mf,
                                      decision=RecommendationResponse.Decision.NOT_ACCEPTED)

    def test_it_lists_public_recommendations_per_network_in_order(self) -> None:
        body = self.get_json("/api/v1/recommendations")
        self.assertEqual(body["count"], 3)
        self.assertEqual([r["text"] for r in body["items"]], ["Szkolenia", "Dofinansować", "Zmienić ustawę"])
        key = body["items"][2]
        self.assertTrue(key["is_key"])
        self.assertEqual(key["type"], "legal")
        self.assertEqual(key["network"], {"slug": "transport", "name": "Transport"})
        self.assertEqual(key["edition"]["slug"], "pim-1")
        self.assertEqual(key["improvement_plan"], {"title": "PU Transport", "state": "handed_over"})
        self.assertEqual(key["addressees"], [{"slug": "mf", "name": "Ministerstwo Finansów", "short_name": "MF"}])
        self.assertEqual((key["current_status"], key["status_on"]), ("in_progress", "2024-06-01"))
        self.assertEqual(key["trace_url"], f"/rekomendacje/slad/{self.key.pk}/")
        self.assertEqual([r["current_status"] for r in body["items"][:2]], ["not_recorded", "not_accepted"])

    def test_drafts_show_only_to_their_readers(self) -> None:
        expert = UserFactory()
        RoleAssignmentFactory(person=PersonFactory(user=expert), role=RoleAssignment.Role.THEMATIC_EXPERT,
                              network=self.draft_network)
        self.client.force_login(expert)
        self.assertIn("Robocza", [r["text"] for r in self.get_json("/api/v1/recommendations")["items"]])
        self.assertEqual(self.get_json(f"/api/v1/recommendations/{self.draft.pk}/responses")["count"], 0)
        self.client.logout()
        self.get_json(f"/api/v1/recommendations/{self.draft.pk}/responses", status=404)
        self.get_json(f"/api/v1/recommendations/{self.draft.pk}/status-updates", status=404)

    def test_it_filters_by_network_edition_type_key_addressee_and_status(self) -> None:
        def texts(**params: str) -> list[str]:
            return [r["text"] for r in self.get_json("/api/v1/recommendations", **params)["items"]]

        self.assertEqual(texts(network="energia"), ["Szkolenia"])
        self.assertEqual(texts(edition="pim-1"), ["Dofinansować", "Zmienić ustawę"])
        self.assertEqual(texts(type="financial"), ["Dofinansować"])
        self.assertEqual(texts(is_key="true"), ["Zmienić ustawę"])
        self.assertEqual(texts(addressee="mf"), ["Zmienić ustawę"])
        self.assertEqual(texts(current_status="not_recorded"), ["Szkolenia"])
        self.assertEqual(texts(current_status="in_progress", edition="pim-2"), [])

    def test_bad_filters_are_refused(self) -> None:
        self.assert_refused("/api/v1/recommendations", "type", type="moral")
        self.assert_refused("/api/v1/recommendations", "is_key", is_key="maybe")
        self.assert_refused("/api/v1/recommendations", "current_status", current_status="forgotten")
        self.assert_refused("/api/v1/recommendations", "addressee", addressee="ż ź")
        self.assert_refused("/api/v1/improvement-plans", "state", state="lost")

    def test_responses_and_status_updates_come_oldest_first(self) -> None:
        body = self.get_json(f"/api/v1/recommendations/{self.key.pk}/responses")
        self.assertEqual([(r["text"], r["decision"]) for r in body["items"]],
                         [("Analiza", "under_analysis"), ("Przyjęta", "accepted")])
        self.assertEqual(body["items"][0]["institution"]["slug"], "mf")
        body = self.get_json(f"/api/v1/recommendations/{self.key.pk}/status-updates")
        self.assertEqual([(u["status"], u["reported_on"]) for u in body["items"]], [("in_progress", "2024-06-01")])
        self.get_json("/api/v1/recommendations/999999/responses", status=404)

    def test_improvement_plans_hide_a_drafts_summary(self) -> None:
        body = self.get_json("/api/v1/improvement-plans")
        self.assertEqual(body["count"], 3)
        by_network = {p["network"]["slug"]: p for p in body["items"]}
        self.assertEqual(by_network["transport"]["summary"], "Streszczenie")
        self.assertIsNone(by_network["szkic"]["summary"])
        self.assertEqual(by_network["szkic"]["state"], "draft")
        self.assertEqual([p["network"]["slug"] for p in self.get_json("/api/v1/improvement-plans", state="final")[
            "items"]], ["energia"])


class GoodPracticeEndpointTest(ApiTestCase):
    def test_it_lists_and_filters_good_practices(self) -> None:
        network = NetworkFactory(slug="zielen", edition=EditionFactory(slug="pim-3"))
        city = ParticipantFactory(name="Łódź", slug="lodz")
        GoodPracticeFactory(title="Podwórka", participant=city, network=network, theme="rewitalizacja")
        GoodPracticeFactory(title="Dachy", foreign_city="Oslo", country="Norwegia", source_kind="meeting")
        body = self.get_json("/api/v1/good-practices")
        self.assertEqual([p["title"] for p in body["items"]], ["Dachy", "Podwórka"])
        practice = body["items"][1]
        self.assertEqual(practice["participant"], {"slug": "lodz", "name": "Łódź"})
        self.assertEqual(practice["edition"]["slug"], "pim-3")
        self.assertEqual(practice["event_ids"], [])
        self.assertEqual([p["title"] for p in self.get_json("/api/v1/good-practices", q="LODZ")["items"]],
                         ["Podwórka"])
        self.assertEqual([p["title"] for p in self.get_json("/api/v1/good-practices", edition="pim-3")["items"]],
                         ["Podwórka"])
        self.assertEqual([p["title"] for p in self.get_json("/api/v1/good-practices", country="Norwegia")["items"]],
                         ["Dachy"])
        self.assert_refused("/api/v1/good-practices", "source_kind", source_kind="rumour")


class BarrierEndpointTest(ApiTestCase):
    def test_barriers_behind_public_recommendations_are_listed_with_their_sources(self) -> None:
        network = NetworkFactory(slug="woda")
        plan = ImprovementPlanFactory(network=network, state=State.FINAL)
        recommendation = RecommendationFactory(improvement_plan=plan)
        city = ParticipantFactory(slug="gdynia", name="Gdynia")
        mid = ActionPlanFactory(network=network, participant=city, title="MID Gdyni")
        cluster = BarrierFactory(network=network, description="Bariera wodna", cities=[city],
                                 plan_barriers=[MidBarrierFactory(plan=mid)])
        BarrierFactory(network=network, description="Scalona", merged_into=cluster)
        BarrierFactory(network=network, description="Niepowiązana")
        recommendation.barriers.add(cluster)
        draft_barrier = BarrierFactory(description="Z roboczego PU")
        RecommendationFactory(improvement_plan=ImprovementPlanFactory(network=draft_barrier.network)).barriers.add(
            draft_barrier
        )
        body = self.get_json("/api/v1/barriers")
        self.assertEqual([b["description"] for b in body["items"]], ["Bariera wodna", "Scalona"])
        first = body["items"][0]
        self.assertEqual(first["cities"], [{"slug": "gdynia", "name": "Gdynia"}])
        self.assertEqual(first["mids"], [{"mid_id": mid.pk, "mid_title": "MID Gdyni",
                                          "participant": {"slug": "gdynia", "name": "Gdynia"}}])
        self.assertEqual(first["recommendation_ids"], [recommendation.pk])
        self.assertEqual(body["items"][1]["merged_into_id"], cluster.pk)
        self.assertEqual(self.get_json("/api/v1/barriers", recommendation=str(recommendation.pk))["count"], 1)
        self.assert_refused("/api/v1/barriers", "type", type="moral")


class QueryCountTest(ApiTestCase):
    def test_recommendation_list_queries_do_not_grow_with_rows(self) -> None:
        ministry = InstitutionFactory()

        def make(n: int) -> None:
            for _ in range(n):
                rec = RecommendationFactory(improvement_plan=ImprovementPlanFactory(state=State.FINAL),
                                            addressees=[ministry])
                RecommendationStatusUpdateFactory(recommendation=rec, institution=ministry)

        # Count, rows with their status and overdue flag, addressees, barrier ids, good-practice ids.
        self.assert_queries_do_not_grow("/api/v1/recommendations", make, queries=5)

    def test_improvement_plan_list_queries_do_not_grow_with_rows(self) -> None:
        self.assert_queries_do_not_grow(
            "/api/v1/improvement-plans", lambda n: ImprovementPlanFactory.create_batch(n), queries=2
        )

    def test_response_and_update_lists_queries_do_not_grow_with_rows(self) -> None:
        rec = RecommendationFactory(improvement_plan=ImprovementPlanFactory(state=State.FINAL))
        self.assert_queries_do_not_grow(
            f"/api/v1/recommendations/{rec.pk}/responses",
            lambda n: RecommendationResponseFactory.create_batch(n, recommendation=rec), queries=3,
        )
        self.assert_queries_do_not_grow(
            f"/api/v1/recommendations/{rec.pk}/status-updates",
            lambda n: RecommendationStatusUpdateFactory.create_batch(n, recommendation=rec), queries=3,
        )

    def test_good_practice_list_queries_do_not_grow_with_rows(self) -> None:
        network = NetworkFactory()
        self.assert_queries_do_not_grow(
            "/api/v1/good-practices",
            lambda n: GoodPracticeFactory.create_batch(n, network=network, participant=ParticipantFactory()),
            queries=4,
        )

    def test_barrier_list_queries_do_not_grow_with_rows(self) -> None:
        plan = ImprovementPlanFactory(state=State.FINAL)
        rec = RecommendationFactory(improvement_plan=plan)

        def make(n: int) -> None:
            for _ in range(n):
                barrier = BarrierFactory(network=plan.network, cities=[ParticipantFactory()],
                                         plan_barriers=[MidBarrierFactory()])
                rec.barriers.add(barrier)

        self.assert_queries_do_not_grow("/api/v1/barriers", make, queries=5)


class OverdueDefaultAddresseeAndDetailTest(ApiTestCase):
    """Overdue flags, the owner ministry's default answer, and the detail endpoints that rebuild a trace."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.owner = InstitutionFactory(slug="mfipr", name="Ministerstwo Funduszy")
        cls.mf = InstitutionFactory(slug="mf", name="Ministerstwo Finansów")
        edition = EditionFactory(slug="pim-1", owner=cls.owner)
        network = NetworkFactory(edition=edition, slug="transport")
        cls.plan = ImprovementPlanFactory(network=network, state=State.HANDED_OVER, introduction="Wstęp PU")
        past = timezone.localdate() - datetime.timedelta(days=5)
        # A historical record of 2021-23: no addressee named, so the owner ministry answers; overdue.
        cls.historical = RecommendationFactory(improvement_plan=cls.plan, order=1, text="Historyczna", sources="A",
                                               response_due_on=past)
        cls.answered = RecommendationFactory(improvement_plan=cls.plan, order=2, text="Odpowiedziana",
                                             addressees=[cls.mf], response_due_on=past)
        RecommendationResponseFactory(recommendation=cls.answered, institution=cls.mf)
        cls.public_barrier = BarrierFactory(network=network, description="Bariera publiczna", sources="A")
        # Copied from a MID that is not approved: its text is not public.
        cls.private_barrier = BarrierFactory(
            network=network, description="Z notatek", origin=Barrier.Origin.MID,
            plan_barriers=[MidBarrierFactory(plan=ActionPlanFactory(network=network))],
        )
        cls.historical.barriers.add(cls.public_barrier, cls.private_barrier)
        cls.plan.barriers.add(cls.public_barrier)
        cls.practice = GoodPracticeFactory(title="Podwórka", network=network)
        cls.historical.good_practices.add(cls.practice)
        cls.plan.good_practices.add(cls.practice)
        cls.draft_plan = ImprovementPlanFactory(state=State.DRAFT, introduction="Tajny wstęp")
        cls.draft = RecommendationFactory(improvement_plan=cls.draft_plan, text="Robocza")
        cls.draft.good_practices.add(cls.practice)

    def items(self, **params: str) -> dict[str, dict]:
        return {r["text"]: r for r in self.get_json("/api/v1/recommendations", **params)["items"]}

    def test_overdue_flag_and_filter(self) -> None:
        items = self.items()
        self.assertIs(items["Historyczna"]["overdue"], True)
        self.assertIs(items["Odpowiedziana"]["overdue"], False)
        self.assertEqual(list(self.items(overdue="true")), ["Historyczna"])
        self.assertEqual(list(self.items(overdue="false")), ["Odpowiedziana"])
        self.assert_refused("/api/v1/recommendations", "overdue", overdue="maybe")

    def test_the_owner_ministry_answers_by_default_and_is_found_by_the_addressee_filter(self) -> None:
        historical = self.items()["Historyczna"]
        self.assertEqual(historical["addressees"], [])
        self.assertEqual([i["slug"] for i in historical["answered_by"]], ["mfipr"])
        self.assertIs(historical["addressee_is_default"], True)
        answered = self.items()["Odpowiedziana"]
        self.assertEqual(([i["slug"] for i in answered["answered_by"]], answered["addressee_is_default"]),
                         (["mf"], False))
        self.assertEqual(list(self.items(addressee="mfipr")), ["Historyczna"])
        self.assertEqual(list(self.items(addressee="mf")), ["Odpowiedziana"])
        self.assertEqual(list(self.items(addressee="nobody")), [])

    def test_recommendation_detail_carries_barrier_and_practice_ids(self) -> None:
        body = self.get_json(f"/api/v1/recommendations/{self.historical.pk}")
        self.assertEqual(body["barrier_ids"], sorted([self.public_barrier.pk, self.private_barrier.pk]))
        self.assertEqual(body["good_practice_ids"], [self.practice.pk])
        self.assertEqual(body["improvement_plan_id"], self.plan.pk)
        self.assertIs(body["overdue"], True)
        self.assertEqual(self.items()["Historyczna"]["barrier_ids"], body["barrier_ids"])
        # The barriers behind it, from the register: a private source's text stays a placeholder.
        barriers = self.get_json("/api/v1/barriers", recommendation=str(self.historical.pk))["items"]
        descriptions = {b["id"]: b["description"] for b in barriers}
        self.assertEqual(descriptions[self.public_barrier.pk], "Bariera publiczna")
        self.assertEqual(descriptions[self.private_barrier.pk], Barrier.text_or_placeholder("Z notatek", False))
        self.get_json(f"/api/v1/recommendations/{self.draft.pk}", status=404)
        self.get_json("/api/v1/recommendations/999999", status=404)
        self.get_json("/api/v1/recommendations/0", status=422)

    def test_improvement_plan_detail_shows_content_only_when_public(self) -> None:
        body = self.get_json(f"/api/v1/improvement-plans/{self.plan.pk}")
        self.assertIs(body["content_visible"], True)
        self.assertEqual(body["introduction"], "Wstęp PU")
        self.assertEqual(body["barrier_ids"], [self.public_barrier.pk])
        self.assertEqual(body["good_practice_ids"], [self.practice.pk])
        self.assertEqual(body["recommendation_ids"], [self.historical.pk, self.answered.pk])
        draft = self.get_json(f"/api/v1/improvement-plans/{self.draft_plan.pk}")
        self.assertEqual(draft["state"], "draft")
        self.assertIs(draft["content_visible"], False)
        self.assertEqual([draft[key] for key in ("introduction", "barrier_ids", "good_practice_ids",
                                                 "recommendation_ids", "summary")], [None] * 5)
        self.assertNotIn("Tajny", str(draft))
        self.get_json("/api/v1/improvement-plans/999999", status=404)

    def test_good_practices_list_the_readable_recommendations_they_support(self) -> None:
        practice = self.get_json("/api/v1/good-practices")["items"][0]
        self.assertEqual(practice["recommendation_ids"], [self.historical.pk])

    def test_detail_queries_are_constant(self) -> None:
        def grow() -> None:
            for n in range(5):
                barrier = BarrierFactory(network=self.plan.network)
                practice = GoodPracticeFactory(network=self.plan.network)
                self.historical.barriers.add(barrier)
                self.historical.good_practices.add(practice)
                self.plan.barriers.add(barrier)
                self.plan.good_practices.add(practice)
                RecommendationFactory(improvement_plan=self.plan, order=10 + n)

        for _round in range(2):
            # The row with its status, flag and PU; addressees; barrier ids; good-practice ids.
            with self.assertNumQueries(4):
                self.get_json(f"/api/v1/recommendations/{self.historical.pk}")
            # The PU; its barrier ids, good-practice ids and recommendation ids.
            with self.assertNumQueries(4):
                self.get_json(f"/api/v1/improvement-plans/{self.plan.pk}")
            grow()
