"""`manage.py load_example_mid`: the worked example MID for the demo city, complete and idempotent."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from pim.places.models import Participant
from pim.plans.checks import completeness
from pim.plans.models import (
    Action,
    ActionPlan,
    ActionStatusReport,
    Indicator,
    IndicatorValue,
    PlanTransition,
    PlanVersion,
    Stakeholder,
)
from pim.programmes.tests.factories import EditionFactory, NetworkFactory


def run() -> str:
    out = StringIO()
    call_command("load_example_mid", stdout=out)
    return out.getvalue()


class LoadExampleMidTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        edition = EditionFactory(slug="2021-2023", name="PIM 2021-2023")
        cls.network = NetworkFactory(edition=edition, name="Miasto zielone", classifications={
            "solution_areas": ["planowanie zielonej infrastruktury", "adaptacja do zmian klimatu"],
        })
        NetworkFactory(edition=edition, name="Miasto cyfrowe")

    def test_it_creates_a_complete_clearly_marked_example_in_implementation(self):
        output = run()
        plan = ActionPlan.objects.get(is_example=True)
        self.assertIn("Created the example MID", output)
        self.assertIn("all checks pass", output)
        self.assertTrue(plan.title.startswith("Przykład: "))
        self.assertTrue(plan.is_demo)
        self.assertEqual((plan.network, plan.state), (self.network, ActionPlan.State.IN_IMPLEMENTATION))
        self.assertEqual(plan.participant.name, "Miasto Przykładowe (demo)")
        self.assertTrue(plan.participant.is_demo)
        self.assertEqual(plan.participant.kind, Participant.Kind.MUNICIPALITY)
        self.assertEqual(plan.classification, {"solution_areas": "adaptacja do zmian klimatu"})
        self.assertEqual([c.key for c in completeness(plan) if not c.ok], [])
        self.assertEqual(Stakeholder.objects.filter(plan=plan).count(), 5)
        self.assertEqual(Action.objects.filter(plan=plan).count(), 8)
        self.assertTrue(ActionStatusReport.objects.filter(action__plan=plan).exists())
        self.assertTrue(IndicatorValue.objects.filter(indicator__plan=plan).exists())
        self.assertEqual(PlanTransition.objects.filter(plan=plan).last().to_state, ActionPlan.State.IN_IMPLEMENTATION)
        self.assertEqual(list(PlanVersion.objects.filter(plan=plan).values_list("number", flat=True)), [1])

    def test_it_is_idempotent(self):
        run()
        plan = ActionPlan.objects.get(is_example=True)
        counts = [model.objects.count() for model in (ActionPlan, Participant, Action, Indicator, IndicatorValue,
                                                      ActionStatusReport, PlanTransition, PlanVersion)]
        output = run()
        self.assertIn("Reset the example MID", output)
        self.assertEqual(ActionPlan.objects.get(is_example=True).pk, plan.pk)
        self.assertEqual(counts, [model.objects.count() for model in (ActionPlan, Participant, Action, Indicator,
                                                                      IndicatorValue, ActionStatusReport,
                                                                      PlanTransition, PlanVersion)])

    def test_no_real_city_is_credited_with_the_example(self):
        run()
        self.assertEqual(list(ActionPlan.objects.filter(participant__is_demo=False, is_example=True)), [])


class MissingNetworkTests(TestCase):
    def test_it_skips_with_a_message_when_the_green_network_is_absent(self):
        output = run()
        self.assertIn("Skipped", output)
        self.assertFalse(ActionPlan.objects.exists())
        self.assertFalse(Participant.objects.filter(slug="miasto-przykladowe-demo").exists())
