"""The persona cast with a MID for three cities, and a helper to run a service as every persona."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from pim.plans.models import ActionPlan
from pim.plans.tests.factories import ActionPlanFactory
from pim.programmes.tests.personas import CAST, SUPPORTING, PersonaTestCase

EVERYONE = set(CAST + SUPPORTING)


class MidTestCase(PersonaTestCase):
    """`member_plan` is the member city's MID (its team: `member_officer`; its LP: `lp_coordinator`),
    `lead_plan` the lead city's in the same network, `outsider_plan` a city's in another network."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.member_plan = ActionPlanFactory(network=cls.network, participant=cls.member_city, title="MID członka")
        cls.lead_plan = ActionPlanFactory(network=cls.network, participant=cls.lead_city, title="MID lidera")
        cls.outsider_plan = ActionPlanFactory(
            network=cls.other_network, participant=cls.outsider_city, title="MID obcego"
        )

    def set_state(self, plan: ActionPlan, state: str, **fields: Any) -> ActionPlan:
        ActionPlan.objects.filter(pk=plan.pk).update(state=state, **fields)
        plan.refresh_from_db()
        return plan

    def assertServiceAllowedExactly(self, call: Callable[[Any], Any], allowed: set[str]) -> None:
        """`call(user)` succeeds for the personas in `allowed` and raises PermissionDenied for the others.

        Each call runs in a savepoint that is rolled back, so one persona's success does not change
        what the next one finds.
        """
        for name in self.personas:
            with self.subTest(persona=name), transaction.atomic():
                try:
                    call(self.persona(name))
                except PermissionDenied:
                    self.assertNotIn(name, allowed, f"{name} was refused")
                else:
                    self.assertIn(name, allowed, f"{name} was allowed")
                finally:
                    transaction.set_rollback(True)
