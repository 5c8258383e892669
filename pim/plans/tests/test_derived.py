"""The derived sections: the schedule's Gantt rows and the budget summary."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.test import TestCase

from pim.plans import derived
from pim.plans.models import ActionFunding, ActionPlan
from pim.plans.tests.factories import ActionFactory, ActionFundingFactory, ActionPlanFactory, ObjectiveFactory

D = datetime.date


class ScheduleTests(TestCase):
    def test_rows_are_offset_in_months_from_the_earliest_start(self):
        plan = ActionPlanFactory()
        first = ActionFactory(plan=plan, starts_on=D(2024, 3, 15), ends_on=D(2024, 5, 1), order=1)
        second = ActionFactory(plan=plan, starts_on=D(2024, 11, 1), ends_on=D(2025, 2, 28), order=2)
        ActionFactory(plan=plan, title="Bez dat", starts_on=None, ends_on=None, order=3)
        result = derived.schedule(ActionPlan.objects.with_content().get(pk=plan.pk))
        self.assertEqual(result.start, D(2024, 3, 15))
        self.assertEqual([(r.action_id, r.offset_months, r.duration_months) for r in result.rows],
                         [(first.pk, 0, 3), (second.pk, 8, 4)])
        self.assertEqual(result.span_months, 12)
        self.assertEqual([a.title for a in result.undated], ["Bez dat"])

    def test_a_plan_without_dated_actions_has_an_empty_schedule(self):
        result = derived.schedule(ActionPlan.objects.with_content().get(pk=ActionPlanFactory().pk))
        self.assertEqual((result.start, result.rows, result.span_months), (None, [], 0))


class BudgetTests(TestCase):
    def test_totals_per_kind_status_and_objective(self):
        plan = ActionPlanFactory()
        objective = ObjectiveFactory(plan=plan, text="Więcej drzew")
        planting = ActionFactory(plan=plan, objective=objective, cost_estimate=Decimal("300"))
        ActionFundingFactory(action=planting, amount=Decimal("100"), kind=ActionFunding.Kind.CITY_BUDGET)
        ActionFundingFactory(action=planting, amount=Decimal("150"), kind=ActionFunding.Kind.EU_FUNDS,
                             status=ActionFunding.Status.PLANNED)
        study = ActionFactory(plan=plan, objective=None, cost_estimate=Decimal("50"))
        ActionFundingFactory(action=study, amount=Decimal("50"), status=ActionFunding.Status.NEEDED)
        ActionFactory(plan=plan, cost_estimate=None)
        result = derived.budget(ActionPlan.objects.with_content().get(pk=plan.pk))
        self.assertEqual((result.total_cost, result.total_funding, result.gap), (Decimal("350"), Decimal("300"),
                                                                                   Decimal("50")))
        self.assertEqual(result.by_kind["city_budget"], Decimal("150"))
        self.assertEqual(result.by_kind["eu_funds"], Decimal("150"))
        self.assertEqual(result.by_status, {"secured": Decimal("100"), "planned": Decimal("150"),
                                            "needed": Decimal("50")})
        self.assertEqual([(o.text, o.cost, o.funding) for o in result.by_objective],
                         [("Więcej drzew", Decimal("300"), Decimal("250")), ("", Decimal("50"), Decimal("50"))])
        self.assertEqual(result.uncosted_actions, 1)
