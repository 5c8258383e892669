"""Implementation follow-up: action status reports and indicator values after approval."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError

from pim.plans.models import Action, ActionPlan, ActionStatusReport, IndicatorValue
from pim.plans.services import action_status_report, indicator_value_record
from pim.plans.tests.base import MidTestCase
from pim.plans.tests.factories import ActionFactory, IndicatorFactory
from pim.programmes.models import Edition

S = ActionPlan.State
D = datetime.date


class FollowUpTestCase(MidTestCase):
    def setUp(self) -> None:
        self.plan = self.set_state(self.member_plan, S.IN_IMPLEMENTATION)
        self.action = ActionFactory(plan=self.plan)
        self.indicator = IndicatorFactory(plan=self.plan, action=self.action)

    def report(self, user, **kwargs):
        kwargs = {"status": "in_progress", "percent": 40, "note": "Trwają prace", **kwargs}
        return action_status_report(action=kwargs.pop("action", self.action), by=user, **kwargs)

    def record(self, user, **kwargs):
        kwargs = {"measured_on": D(2025, 6, 30), "value": "420.5", **kwargs}
        return indicator_value_record(indicator=kwargs.pop("indicator", self.indicator), by=user, **kwargs)


class StatusReportTests(FollowUpTestCase):
    def test_the_city_team_and_the_coordinator_report(self):
        self.assertServiceAllowedExactly(lambda user: self.report(user), {"coordinator", "member_officer"})
        outsider_action = ActionFactory(plan=self.set_state(self.outsider_plan, S.APPROVED))
        self.assertServiceAllowedExactly(lambda user: self.report(user, action=outsider_action),
                                         {"coordinator", "outsider_officer"})

    def test_reports_only_after_approval(self):
        for state in (S.DRAFT, S.CONSULTATION, S.EXPERT_REVIEW, S.PUBLISHED):
            self.set_state(self.plan, state)
            with self.subTest(state=state), self.assertRaises(ValidationError) as caught:
                self.report(self.member_officer)
            self.assertEqual(caught.exception.code, "not_approved")
        for state in (S.APPROVED, S.COMPLETED):
            self.set_state(self.plan, state)
            with self.subTest(state=state):
                self.report(self.member_officer)

    def test_history_is_kept_and_the_latest_report_is_the_current_status(self):
        self.report(self.member_officer, reported_on=D(2024, 3, 1), percent=10)
        self.report(self.member_officer, reported_on=D(2025, 3, 1), status="delayed", percent=30)
        self.report(self.member_officer, reported_on=D(2024, 9, 1), percent=20)
        self.assertEqual(self.action.status_reports.count(), 3)
        action = Action.objects.with_current_status().get(pk=self.action.pk)
        self.assertEqual((action.current_status, action.current_percent, action.status_reported_on),
                         ("delayed", 30, D(2025, 3, 1)))
        with self.assertNumQueries(0):
            self.assertEqual(action.current_status, "delayed")
        plain = Action.objects.get(pk=self.action.pk)
        with self.assertNumQueries(1):
            self.assertEqual(plain.current_status, "delayed")

    def test_bad_reports_are_refused_with_the_field_named(self):
        for kwargs, field in (({"percent": 120}, "percent"), ({"status": "done", "percent": 90}, "percent"),
                              ({"status": "forgotten"}, "status")):
            with self.subTest(**kwargs), self.assertRaises(ValidationError) as caught:
                self.report(self.member_officer, **kwargs)
            self.assertIn(field, caught.exception.message_dict)
        self.assertFalse(ActionStatusReport.objects.exists())

    def test_the_action_list_annotates_status_in_one_query_for_any_size(self):
        for n in range(10):
            action = ActionFactory(plan=self.plan)
            if n % 2:
                self.report(self.member_officer, action=action)
        for size in (2, 10):
            with self.subTest(size=size), self.assertNumQueries(1):
                rows = list(Action.objects.filter(plan=self.plan).for_list()[:size])
                [(a.current_status, a.objective) for a in rows]


class IndicatorValueTests(FollowUpTestCase):
    def test_the_city_team_and_the_coordinator_record_values(self):
        self.assertServiceAllowedExactly(lambda user: self.record(user), {"coordinator", "member_officer"})

    def test_values_are_kept_also_after_the_edition_ended(self):
        Edition.objects.filter(pk=self.edition.pk).update(state=Edition.State.CLOSED, ends_on=D(2023, 12, 31))
        self.set_state(self.plan, S.COMPLETED)
        self.record(self.member_officer, measured_on=D(2024, 6, 30), value="300")
        self.record(self.member_officer, measured_on=D(2026, 6, 30), value=Decimal("450"))
        values = list(IndicatorValue.objects.filter(indicator=self.indicator).values_list("measured_on", "value",
                                                                                           "recorded_by"))
        self.assertEqual(values, [(D(2024, 6, 30), Decimal("300"), self.member_officer.pk),
                                  (D(2026, 6, 30), Decimal("450"), self.member_officer.pk)])

    def test_values_only_after_approval(self):
        self.set_state(self.plan, S.DRAFT)
        with self.assertRaises(ValidationError):
            self.record(self.member_officer)

    def test_a_bad_value_is_refused(self):
        with self.assertRaises(ValidationError) as caught:
            self.record(self.member_officer, value="dużo", measured_on=None)
        self.assertEqual(set(caught.exception.message_dict), {"value", "measured_on"})
