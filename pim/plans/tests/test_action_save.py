"""Adding, changing and deleting actions (with funding and dependencies) and indicators."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import translation

from pim.plans.models import Action, ActionFunding, Indicator, PlanVersion
from pim.plans.services import (
    ConcurrentEditError,
    action_delete,
    action_save,
    indicator_delete,
    indicator_save,
    plan_section_save,
)
from pim.plans.tests.base import MidTestCase
from pim.plans.tests.factories import ActionFactory, ActionFundingFactory, IndicatorFactory, ObjectiveFactory

ACTION = {
    "title": "Odszczelnienie podwórek",
    "type": "investment",
    "lead_unit": "Zarząd Zieleni Miejskiej",
    "starts_on": "2024-03-01",
    "ends_on": "2025-06-30",
    "cost_estimate": "250000.00",
    "fundings": [
        {"source": "Budżet miasta", "kind": "city_budget", "amount": "50000", "status": "secured"},
        {"source": "FEnIKS", "kind": "eu_funds", "amount": "200000", "status": "planned"},
    ],
}


class ActionSaveTestCase(MidTestCase):
    def save_action(self, data, *, action_id=None, plan=None, by=None, revision=None):
        plan = plan or self.member_plan
        revision = plan.section_revisions()["actions"] if revision is None else revision
        return action_save(plan=plan, action_id=action_id, data=data, expected_revision=revision,
                           by=by or self.member_officer)


class ActionSaveTests(ActionSaveTestCase):
    def test_only_the_citys_team_and_the_coordinator_add_actions(self):
        self.assertServiceAllowedExactly(lambda user: self.save_action(ACTION, by=user), {"coordinator", "member_officer"})
        self.assertServiceAllowedExactly(
            lambda user: self.save_action(ACTION, plan=self.outsider_plan, by=user), {"coordinator", "outsider_officer"}
        )

    def test_an_action_is_saved_with_its_funding(self):
        saved = self.save_action(ACTION)
        action = saved.obj
        self.assertEqual(action.cost_estimate, Decimal("250000.00"))
        self.assertEqual(sorted(action.fundings.values_list("amount", flat=True)), [Decimal("50000"), Decimal("200000")])
        self.assertEqual(saved.revision, 1)
        self.assertEqual(saved.version.section, "actions")
        self.assertEqual(len(saved.version.snapshot["actions"]["actions"][0]["fundings"]), 2)

    def test_changing_an_action_keeps_what_is_left_out(self):
        action = self.save_action(ACTION).obj
        funding = action.fundings.get(kind="city_budget")
        self.save_action({"title": "Nowy tytuł", "fundings": [{"id": funding.pk, "amount": "250000"}]},
                         action_id=action.pk)
        action.refresh_from_db()
        self.assertEqual((action.title, action.lead_unit), ("Nowy tytuł", "Zarząd Zieleni Miejskiej"))
        self.assertEqual(list(action.fundings.values_list("pk", "amount")), [(funding.pk, Decimal("250000"))])

    def test_bad_fields_and_funding_rows_are_named_and_nothing_is_saved(self):
        data = {**ACTION, "ends_on": "2023-01-01", "cost_estimate": "-5",
                "fundings": [{"source": "X", "kind": "lottery", "amount": "abc"}]}
        with self.assertRaises(ValidationError) as caught:
            self.save_action(data)
        errors = caught.exception.message_dict
        self.assertIn("cost_estimate", errors)
        self.assertIn("fundings.0.kind", errors)
        self.assertIn("fundings.0.amount", errors)
        self.assertFalse(Action.objects.filter(plan=self.member_plan).exists())
        self.assertFalse(ActionFunding.objects.exists())
        self.assertFalse(PlanVersion.objects.filter(plan=self.member_plan).exists())

    def test_the_end_cannot_precede_the_start(self):
        with self.assertRaises(ValidationError) as caught:
            self.save_action({**ACTION, "ends_on": "2023-01-01"})
        self.assertIn("ends_on", caught.exception.message_dict)

    def test_an_action_serves_a_specific_objective_of_its_own_mid(self):
        own = ObjectiveFactory(plan=self.member_plan)
        self.assertEqual(self.save_action({**ACTION, "objective": own.pk}).obj.objective, own)
        for objective in (ObjectiveFactory(plan=self.lead_plan), own.parent):
            with self.subTest(objective=objective.kind), self.assertRaises(ValidationError) as caught:
                self.save_action({**ACTION, "objective": objective.pk})
            self.assertIn("objective", caught.exception.message_dict)

    def test_dependencies_are_other_actions_of_the_mid_and_never_circular(self):
        first = ActionFactory(plan=self.member_plan)
        second = self.save_action({**ACTION, "dependencies": [first.pk]}).obj
        self.assertEqual(list(second.dependencies.all()), [first])
        with self.assertRaises(ValidationError) as caught:
            self.save_action({"dependencies": [second.pk]}, action_id=first.pk)
        self.assertIn("dependencies", caught.exception.message_dict)
        foreign = ActionFactory(plan=self.lead_plan)
        with self.assertRaises(ValidationError):
            self.save_action({"dependencies": [foreign.pk]}, action_id=first.pk)

    def test_a_deleted_or_foreign_action_is_refused(self):
        foreign = ActionFactory(plan=self.lead_plan)
        with self.assertRaises(ValidationError):
            self.save_action({"title": "x"}, action_id=foreign.pk)

    def test_two_editors_of_the_action_table_do_not_overwrite_each_other(self):
        loaded = self.member_plan.section_revisions()["actions"]
        self.save_action(ACTION, revision=loaded)
        with translation.override("en"), self.assertRaises(ConcurrentEditError) as caught:
            self.save_action({**ACTION, "title": "Inne działanie"}, revision=loaded, by=self.coordinator)
        self.assertIn("+Action 1: Odszczelnienie podwórek", caught.exception.diff)
        self.assertEqual(Action.objects.filter(plan=self.member_plan).count(), 1)

    def test_deleting_an_action_deletes_its_funding_and_indicators_and_bumps_both_sections(self):
        action = ActionFactory(plan=self.member_plan)
        ActionFundingFactory(action=action)
        IndicatorFactory(plan=self.member_plan, action=action)
        saved = action_delete(plan=self.member_plan, action_id=action.pk, expected_revision=0, by=self.member_officer)
        self.assertFalse(Action.objects.filter(pk=action.pk).exists())
        self.assertFalse(Indicator.objects.filter(plan=self.member_plan).exists())
        self.assertEqual((saved.revisions["actions"], saved.revisions["monitoring"]), (1, 1))

    def test_the_whole_action_table_saves_as_a_list_with_references(self):
        plan_section_save(plan=self.member_plan, section="actions", expected_revision=0, by=self.member_officer, data=[
            {**ACTION, "ref": "a"},
            {**ACTION, "title": "Ogrody deszczowe", "dependencies": ["a"], "fundings": []},
        ])
        first, second = Action.objects.filter(plan=self.member_plan).order_by("order")
        self.assertEqual(list(second.dependencies.all()), [first])
        self.assertEqual(first.fundings.count(), 2)

    def test_dropping_an_action_from_the_list_drops_it_from_the_others_dependencies(self):
        first = ActionFactory(plan=self.member_plan)
        second = ActionFactory(plan=self.member_plan)
        second.dependencies.add(first)
        plan_section_save(plan=self.member_plan, section="actions", data=[{"id": second.pk}], expected_revision=0,
                          by=self.member_officer)
        self.assertEqual(list(Action.objects.filter(plan=self.member_plan)), [second])
        self.assertEqual(list(second.dependencies.all()), [])


class IndicatorSaveTests(ActionSaveTestCase):
    def save_indicator(self, data, *, indicator_id=None, by=None):
        return indicator_save(plan=self.member_plan, indicator_id=indicator_id, data=data,
                              expected_revision=self.member_plan.section_revisions()["monitoring"],
                              by=by or self.member_officer)

    def test_only_the_citys_team_and_the_coordinator_add_indicators(self):
        self.assertServiceAllowedExactly(lambda user: self.save_indicator({"name": "Drzewa"}, by=user),
                                         {"coordinator", "member_officer"})

    def test_an_indicator_of_an_action_is_saved_and_changed(self):
        action = ActionFactory(plan=self.member_plan)
        indicator = self.save_indicator({"name": "Powierzchnia odszczelniona", "unit": "m²", "action": action.pk,
                                         "baseline": "0", "target": "1200.5", "baseline_on": "2024-01-01"}).obj
        self.assertEqual((indicator.action, indicator.target), (action, Decimal("1200.5")))
        saved = self.save_indicator({"target": "1500"}, indicator_id=indicator.pk)
        self.assertEqual(saved.revision, 2)
        indicator.refresh_from_db()
        self.assertEqual((indicator.name, indicator.target), ("Powierzchnia odszczelniona", Decimal("1500")))

    def test_bad_values_are_named(self):
        foreign_action = ActionFactory(plan=self.lead_plan)
        with self.assertRaises(ValidationError) as caught:
            self.save_indicator({"name": "", "baseline": "dużo", "action": foreign_action.pk})
        self.assertEqual(set(caught.exception.message_dict), {"name", "baseline", "action"})
        self.assertFalse(Indicator.objects.exists())

    def test_an_indicator_is_deleted(self):
        indicator = IndicatorFactory(plan=self.member_plan)
        indicator_delete(plan=self.member_plan, indicator_id=indicator.pk, expected_revision=0, by=self.member_officer)
        self.assertFalse(Indicator.objects.filter(pk=indicator.pk).exists())



class DeletedMeanwhileTests(ActionSaveTestCase):
    def test_saving_or_deleting_an_action_someone_deleted_meanwhile_is_refused_clearly(self):
        other_plans_action = ActionFactory(plan=self.outsider_plan)
        for call in (
            lambda: self.save_action(ACTION, action_id=other_plans_action.pk),
            lambda: action_delete(plan=self.member_plan, action_id=other_plans_action.pk, expected_revision=0,
                                  by=self.member_officer),
        ):
            with self.subTest(call=call), self.assertRaises(ValidationError) as caught:
                call()
            self.assertEqual(caught.exception.code, "gone")
        self.assertTrue(Action.objects.filter(pk=other_plans_action.pk).exists())
        self.assertFalse(PlanVersion.objects.filter(plan=self.member_plan).exists())

    def test_deleting_an_indicator_someone_deleted_meanwhile_is_refused_clearly(self):
        with self.assertRaises(ValidationError) as caught:
            indicator_delete(plan=self.member_plan, indicator_id=10**9, expected_revision=0, by=self.member_officer)
        self.assertEqual(caught.exception.code, "gone")


class ActionSaveQueryTests(ActionSaveTestCase):
    """Saving one action reads the plan's content once before the write and once after, whatever its size."""

    def fill(self, plan, actions: int) -> Action:
        objective = ObjectiveFactory(plan=plan)
        rows = [ActionFactory(plan=plan, objective=objective) for _n in range(actions)]
        for action in rows:
            ActionFundingFactory(action=action)
            IndicatorFactory(plan=plan, action=action)
        rows[0].dependencies.add(rows[1])
        return rows[0]

    def test_changing_an_action_costs_the_same_in_a_small_and_a_large_mid(self):
        for plan, by, count in ((self.member_plan, self.member_officer, 2), (self.lead_plan, self.lead_officer, 10)):
            action = self.fill(plan, count)
            funding = action.fundings.get()
            data = {"title": "Nowy tytuł", "fundings": [{"id": funding.pk, "amount": "5000"}],
                    "dependencies": [a.pk for a in plan.actions.exclude(pk=action.pk)[:1]]}
            with self.subTest(actions=count), self.assertNumQueries(ACTION_SAVE_QUERIES):
                saved = self.save_action(data, action_id=action.pk, plan=plan, by=by, revision=0)
            self.assertEqual((saved.revision, saved.obj.title), (1, "Nowy tytuł"))

    def test_adding_an_action_costs_the_same_in_a_small_and_a_large_mid(self):
        for plan, by, count in ((self.member_plan, self.member_officer, 2), (self.lead_plan, self.lead_officer, 10)):
            self.fill(plan, count)
            with self.subTest(actions=count), self.assertNumQueries(ACTION_ADD_QUERIES):
                saved = self.save_action(ACTION, plan=plan, by=by, revision=0)
            self.assertEqual(saved.obj.order, plan.actions.order_by("-order").first().order)


# The lock with the plan's content (12), the user's roles, the revision check, the action's update with its
# funding and dependencies, the content again after the write (12), the revision bump and the version.
ACTION_SAVE_QUERIES = 43
ACTION_ADD_QUERIES = 40
