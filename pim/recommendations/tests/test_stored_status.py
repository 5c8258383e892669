"""The stored current status: every path that writes a response or a status update keeps it equal to the
history, also for two answers at once; the migration fills it; the admin cannot change it."""

from __future__ import annotations

import datetime
import random
import threading
import time
import unittest
from unittest import mock

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.db.migrations.executor import MigrationExecutor
from django.test import RequestFactory, TransactionTestCase
from django.utils import timezone

from pim.programmes.models import RoleAssignment
from pim.programmes.tests.factories import (
    InstitutionFactory,
    PersonFactory,
    RoleAssignmentFactory,
    UserFactory,
)
from pim.recommendations import services
from pim.recommendations.models import (
    ImprovementPlan,
    Recommendation,
    RecommendationResponse,
    RecommendationStatusUpdate,
    status_from_history,
)
from pim.recommendations.scoreboard import NO_RESPONSE, NOT_RECORDED, recommendations
from pim.recommendations.tests.base import PuTestCase
from pim.recommendations.tests.factories import (
    ImprovementPlanFactory,
    RecommendationFactory,
    RecommendationResponseFactory,
    RecommendationStatusUpdateFactory,
)

Decision = RecommendationResponse.Decision
Status = RecommendationStatusUpdate.Status


def expected_status(recommendation: Recommendation) -> tuple[str, datetime.date | None]:
    """The rule written out in Python, from the rows: the latest update (date, then id), else the latest response."""
    updates = sorted(recommendation.status_updates.all(), key=lambda u: (u.reported_on, u.pk))
    if updates:
        return updates[-1].status, updates[-1].reported_on
    responses = sorted(recommendation.responses.all(), key=lambda r: (r.responded_on, r.pk))
    if responses:
        return responses[-1].decision, responses[-1].responded_on
    return "", None


class StoredStatusAssertions:
    def assert_stored_status_is_the_historys(self) -> None:
        """Stored columns == `status_from_history` computed now == the rule in Python, for every recommendation;
        and the scoreboard's `current_status` reads them."""
        computed = {f"computed_{name}": expression for name, expression in status_from_history().items()}
        rows = recommendations().with_current_status().annotate(**computed).prefetch_related(
            "responses", "status_updates"
        )
        for rec in rows:
            stored = (rec.latest_status, rec.latest_status_on)
            self.assertEqual(stored, (rec.computed_latest_status, rec.computed_latest_status_on), rec.pk)
            self.assertEqual(stored, expected_status(rec), rec.pk)
            nothing = NOT_RECORDED if rec.sources else NO_RESPONSE
            self.assertEqual((rec.current_status, rec.status_on), (rec.latest_status or nothing, rec.latest_status_on))


class ServicePathTests(StoredStatusAssertions, PuTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.hand_over()
        self.today = timezone.localdate()

    def answer(self, recommendation: Recommendation, institution, **kwargs) -> RecommendationResponse:
        return services.recommendation_answer(
            recommendation=recommendation, institution=institution, text="Odpowiedź.", by=self.coordinator, **kwargs
        )

    def report(self, recommendation: Recommendation, institution, **kwargs) -> RecommendationStatusUpdate:
        return services.recommendation_status_report(
            recommendation=recommendation, institution=institution, by=self.coordinator,
            **{"evidence": "Dowód.", **kwargs},
        )

    def test_random_histories_stay_stored_after_every_service_call(self) -> None:
        # Three days only, so many entries share a day and the id decides; both kinds, both recommendations.
        days = [self.today - datetime.timedelta(days=n) for n in range(3)]
        pairs = [(self.recommendation, self.ministry), (self.other_recommendation, self.other_ministry)]
        for seed in range(3):
            rng = random.Random(seed)
            for _step in range(15):
                recommendation, institution = rng.choice(pairs)
                if rng.random() < 0.5 or not recommendation.responses.filter(institution=institution).exists():
                    self.answer(recommendation, institution, decision=rng.choice(Decision.values),
                                responded_on=rng.choice(days))
                else:
                    # A status is never dated before the institution's first response.
                    first = min(recommendation.responses.filter(institution=institution).values_list(
                        "responded_on", flat=True))
                    self.report(recommendation, institution, status=rng.choice(Status.values),
                                reported_on=rng.choice([day for day in days if day >= first]))
                self.assert_stored_status_is_the_historys()

    def test_an_answer_stores_the_status_on_the_callers_instance_too(self) -> None:
        self.answer(self.recommendation, self.ministry, decision=Decision.ACCEPTED, responded_on=self.today)
        self.assertEqual((self.recommendation.latest_status, self.recommendation.latest_status_on),
                         (Decision.ACCEPTED, self.today))
        self.report(self.recommendation, self.ministry, status=Status.IN_PROGRESS, reported_on=self.today)
        self.assertEqual(self.recommendation.latest_status, Status.IN_PROGRESS)

    def test_an_older_answer_recorded_later_does_not_replace_the_newer_one(self) -> None:
        self.answer(self.recommendation, self.ministry, decision=Decision.ACCEPTED, responded_on=self.today)
        self.answer(self.recommendation, self.ministry, decision=Decision.UNDER_ANALYSIS,
                    responded_on=self.today - datetime.timedelta(days=30))
        self.assertEqual(Recommendation.objects.get(pk=self.recommendation.pk).latest_status, Decision.ACCEPTED)

    def test_a_refused_call_changes_nothing(self) -> None:
        self.answer(self.recommendation, self.ministry, decision=Decision.ACCEPTED, responded_on=self.today)
        with self.assertRaises(ValidationError):
            self.report(self.recommendation, self.ministry, status=Status.IMPLEMENTED, reported_on=self.today,
                        evidence="")
        with self.assertRaises(ValidationError):
            self.answer(self.recommendation, self.ministry, decision="maybe", responded_on=self.today)
        self.assertEqual(Recommendation.objects.get(pk=self.recommendation.pk).latest_status, Decision.ACCEPTED)
        self.assert_stored_status_is_the_historys()

    def test_new_and_historical_recommendations_start_with_no_response(self) -> None:
        plan = self.other_plan  # a draft
        created = services.recommendation_save(plan=plan, data={"text": "Nowa"}, expected_revision=plan.revision,
                                               by=self.coordinator)
        historical = RecommendationFactory(improvement_plan=self.plan, order=9, sources="A", is_demo=False)
        rows = {rec.pk: rec.current_status for rec in recommendations().with_current_status()}
        self.assertEqual((rows[created.pk], rows[historical.pk]), (NO_RESPONSE, NOT_RECORDED))
        self.assert_stored_status_is_the_historys()

    def test_same_day_entries_are_decided_by_id(self) -> None:
        day = datetime.date(2024, 3, 1)
        rng = random.Random(7)
        for _n in range(6):
            RecommendationResponseFactory(recommendation=self.recommendation, institution=self.ministry,
                                          decision=rng.choice(Decision.values), responded_on=day)
            self.assert_stored_status_is_the_historys()
        for _n in range(4):
            RecommendationStatusUpdateFactory(recommendation=self.recommendation, institution=self.ministry,
                                              status=rng.choice(Status.values), reported_on=day)
            self.assert_stored_status_is_the_historys()
        latest = self.recommendation.status_updates.order_by("pk").last()
        self.assertEqual(Recommendation.objects.get(pk=self.recommendation.pk).latest_status, latest.status)

    def test_the_status_filter_and_column_need_no_subquery(self) -> None:
        sql = str(recommendations().with_status(Decision.ACCEPTED).with_current_status().query).lower()
        self.assertNotIn("recommendationresponse", sql)
        self.assertNotIn("recommendationstatusupdate", sql)


class AdminTests(PuTestCase):
    def test_the_admin_cannot_change_the_stored_status_or_the_history(self) -> None:
        request = RequestFactory().get("/")
        request.user = self.coordinator
        form = admin.site.get_model_admin(Recommendation).get_form(request, self.recommendation)
        self.assertNotIn("latest_status", form.base_fields)
        self.assertNotIn("latest_status_on", form.base_fields)
        history = (RecommendationResponse, RecommendationStatusUpdate)
        for model in history:
            self.assertFalse(admin.site.is_registered(model), model)
        inlined = {inline.model for model_admin in admin.site._registry.values() for inline in model_admin.inlines}
        self.assertFalse(inlined & set(history))


class MigrationBackfillTests(StoredStatusAssertions, TransactionTestCase):
    """0006 fills the columns of the rows that exist; it also goes back (the columns are dropped)."""

    serialized_rollback = True
    before = [("recommendations", "0005_barrier_merged_into_partial_index")]
    after = [("recommendations", "0006_recommendation_latest_status")]

    def migrate(self, targets: list[tuple[str, str]] | None) -> None:
        """Migrate to `targets`; None: every app's latest migration, as the other tests expect the schema."""
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(targets if targets is not None else executor.loader.graph.leaf_nodes())

    def test_the_migration_fills_the_status_of_existing_rows(self) -> None:
        ministry = InstitutionFactory()
        plan = ImprovementPlanFactory(state=ImprovementPlan.State.HANDED_OVER)
        answered, reported, untouched = (RecommendationFactory(improvement_plan=plan, order=n) for n in (1, 2, 3))
        historical = RecommendationFactory(improvement_plan=plan, order=4, sources="A")
        day = datetime.date(2024, 3, 1)
        for decision in (Decision.UNDER_ANALYSIS, Decision.NOT_ACCEPTED):  # same day: the later id wins
            RecommendationResponseFactory(recommendation=answered, institution=ministry, decision=decision,
                                          responded_on=day)
        RecommendationResponseFactory(recommendation=reported, institution=ministry, responded_on=day)
        RecommendationStatusUpdateFactory(recommendation=reported, institution=ministry, status=Status.IMPLEMENTED,
                                          reported_on=day)
        self.migrate(self.before)
        try:
            with connection.cursor() as cursor:
                columns = {c.name for c in connection.introspection.get_table_description(
                    cursor, Recommendation._meta.db_table)}
            self.assertNotIn("latest_status", columns)
            self.migrate(self.after)
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT id, latest_status FROM {Recommendation._meta.db_table}")
                stored = dict(cursor.fetchall())
        finally:
            self.migrate(None)
        self.assertEqual(
            [stored[rec.pk] for rec in (answered, reported, untouched, historical)],
            [Decision.NOT_ACCEPTED, Status.IMPLEMENTED, "", ""],
        )
        self.assert_stored_status_is_the_historys()


@unittest.skipUnless(connection.vendor == "postgresql", "row locks need PostgreSQL; SQLite serialises writers")
class ConcurrentAnswerTests(StoredStatusAssertions, TransactionTestCase):
    """Two answers to one recommendation at the same moment: the row lock makes the second store its status
    after reading the first's response."""

    serialized_rollback = True

    def test_two_concurrent_answers_leave_the_status_of_the_whole_history(self) -> None:
        ministry = InstitutionFactory()
        operator = UserFactory()
        RoleAssignmentFactory(person=PersonFactory(user=operator), role=RoleAssignment.Role.OPERATOR)
        plan = ImprovementPlanFactory(state=ImprovementPlan.State.HANDED_OVER)
        recommendation = RecommendationFactory(improvement_plan=plan, addressees=[ministry])
        today = timezone.localdate()
        # Each thread waits here (at most a second) between writing its response and storing the status. Without
        # the lock both get here; then the newer answer stores first and keeps its transaction open a moment,
        # and the older one's store starts meanwhile, from a history without the newer response, so it would
        # overwrite "accepted" once the newer one commits. With the lock the second thread never gets here early.
        meet = threading.Barrier(2, timeout=1)
        store = services._store_status

        def store_after_meeting(rec: Recommendation) -> None:
            try:
                meet.wait()
            except threading.BrokenBarrierError:
                pass  # the other thread waits for our lock, as it should
            if threading.current_thread().name == "newer":
                store(rec)
                time.sleep(0.3)
            else:
                time.sleep(0.1)
                store(rec)

        errors: list[Exception] = []

        def answer(decision: str, day: datetime.date) -> None:
            try:
                services.recommendation_answer(
                    recommendation=Recommendation.objects.get(pk=recommendation.pk), institution=ministry,
                    decision=decision, text="Odpowiedź.", responded_on=day, by=operator,
                )
            except Exception as error:  # noqa: BLE001 (reported by the assertion below)
                errors.append(error)
            finally:
                connections.close_all()

        with mock.patch.object(services, "_store_status", store_after_meeting):
            threads = [
                threading.Thread(target=answer, args=(Decision.ACCEPTED, today), name="newer"),
                threading.Thread(target=answer, args=(Decision.UNDER_ANALYSIS, today - datetime.timedelta(days=5)),
                                 name="older"),
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        self.assertEqual(errors, [])
        self.assertEqual(recommendation.responses.count(), 2)
        self.assertEqual(Recommendation.objects.get(pk=recommendation.pk).latest_status, Decision.ACCEPTED)
        self.assert_stored_status_is_the_historys()
