"""The completeness checklist: each rule failing and passing, in a fixed number of queries."""

from __future__ import annotations

from decimal import Decimal

from django.test import TestCase
from django.utils import translation

from pim.plans.checks import RULE_KEYS, completeness, is_complete
from pim.plans.models import ActionFunding, ActionPlan, Objective, ProblemTreeNode
from pim.plans.tests.factories import (
    ActionFactory,
    ActionFundingFactory,
    ActionPlanFactory,
    IndicatorFactory,
    ObjectiveFactory,
    ProblemTreeNodeFactory,
    complete_content,
)


class ChecklistTestCase(TestCase):
    def setUp(self) -> None:
        self.enterContext(translation.override("en"))
        self.plan = ActionPlanFactory()
        self.actions = complete_content(self.plan)

    def result(self, key: str):
        checks = {c.key: c for c in completeness(ActionPlan.objects.get(pk=self.plan.pk))}
        return checks[key]

    def assertFails(self, key: str, *fragments: str) -> None:
        check = self.result(key)
        self.assertFalse(check.ok, key)
        detail = "\n".join(check.detail)
        for fragment in fragments:
            self.assertIn(fragment, detail)


class CompletePlanTests(ChecklistTestCase):
    def test_a_complete_plan_passes_every_rule_in_order(self):
        checks = completeness(self.plan)
        self.assertEqual([c.key for c in checks], list(RULE_KEYS))
        self.assertEqual([c.key for c in checks if not c.ok], [])
        self.assertTrue(all(c.detail == [] for c in checks))
        self.assertTrue(is_complete(self.plan))

    def test_an_empty_plan_fails_every_rule_but_the_vacuous_one(self):
        failing = [c.key for c in completeness(ActionPlanFactory()) if not c.ok]
        self.assertEqual(failing, [k for k in RULE_KEYS if k not in ("objectives_have_actions", "budget_matches")])


class RuleTests(ChecklistTestCase):
    def test_exactly_one_core_problem(self):
        ProblemTreeNodeFactory(plan=self.plan, text="Drugi rdzeń")
        self.assertFails("one_core_problem", "2")
        ProblemTreeNode.objects.filter(plan=self.plan, kind="core_problem").delete()
        self.assertFails("one_core_problem", "0")

    def test_the_challenge_statement_is_present(self):
        ActionPlan.objects.filter(pk=self.plan.pk).update(challenge_statement="<p> </p>")
        self.assertFails("challenge_statement")

    def test_at_least_three_stakeholders(self):
        self.plan.stakeholders.first().delete()
        self.assertFails("stakeholders", "2")

    def test_every_specific_objective_has_an_action(self):
        general = Objective.objects.get(plan=self.plan, kind="general")
        ObjectiveFactory(plan=self.plan, parent=general, text="Cel bez działań")
        self.assertFails("objectives_have_actions", "Cel bez działań")

    def test_every_action_is_complete(self):
        action = self.actions[0]
        action.lead_unit = ""
        action.ends_on = None
        action.save()
        action.indicators.all().delete()
        incomplete = ActionFactory(plan=self.plan, title="Bez kosztów", cost_estimate=None)
        IndicatorFactory(plan=self.plan, action=incomplete)
        self.assertFails("actions_complete", f"{action.title}: no lead unit, no end date, no indicator",
                         "Bez kosztów: no cost estimate")

    def test_a_plan_without_actions_is_incomplete(self):
        self.plan.actions.all().delete()
        self.assertFails("actions_complete")

    def test_funding_adds_up_to_each_cost_estimate(self):
        action = self.actions[1]
        ActionFundingFactory(action=action, amount=Decimal("2500.50"), kind=ActionFunding.Kind.EU_FUNDS)
        self.assertFails("budget_matches", f"{action.title}: cost 100000.00 PLN, funding 102500.50 PLN "
                                           "(difference -2500.50 PLN)")
        action.fundings.all().delete()
        self.assertFails("budget_matches", "funding 0.00 PLN (difference 100000.00 PLN)")

    def test_at_least_one_risk_and_one_communication_item(self):
        self.plan.risks.all().delete()
        self.plan.communication_items.all().delete()
        self.assertFails("risks")
        self.assertFails("communication")

    def test_at_least_one_indicator_with_baseline_and_target(self):
        self.plan.indicators.update(target=None)
        self.assertFails("monitoring_indicator")
        IndicatorFactory(plan=self.plan, baseline=Decimal("1"), target=Decimal("2"))
        self.assertTrue(self.result("monitoring_indicator").ok)

    def test_barriers_are_listed_or_declared_absent(self):
        self.plan.barriers.all().delete()
        self.assertFails("barriers")
        ActionPlan.objects.filter(pk=self.plan.pk).update(no_barriers=True)
        self.assertTrue(self.result("barriers").ok)


class ChecklistQueryTests(TestCase):
    def queries_for(self, actions: int, indicators_per_action: int) -> int:
        plan = ActionPlanFactory()
        complete_content(plan, actions=actions, indicators_per_action=indicators_per_action)
        plan = ActionPlan.objects.get(pk=plan.pk)
        with self.assertNumQueries(12) as context:
            checks = completeness(plan)
        self.assertTrue(all(c.ok for c in checks))
        return len(context.captured_queries)

    def test_the_checklist_costs_the_same_for_2_and_60_actions(self):
        self.assertEqual(self.queries_for(2, 1), self.queries_for(60, 2))

    def test_a_loaded_plan_is_checked_without_queries(self):
        plan = ActionPlanFactory()
        complete_content(plan, actions=3)
        plan = ActionPlan.objects.with_content().get(pk=plan.pk)
        with self.assertNumQueries(0):
            completeness(plan)
