"""The persona cast with a PU in each of the two networks, a second ministry and its liaison."""

from __future__ import annotations

import datetime
from typing import Any

from pim.programmes.tests.factories import InstitutionFactory
from pim.programmes.tests.personas import CAST, SUPPORTING, PersonaTestCase, Role
from pim.recommendations import services
from pim.recommendations.models import ImprovementPlan
from pim.recommendations.tests.factories import ImprovementPlanFactory, RecommendationFactory

HANDED_OVER = datetime.date(2024, 5, 10)


class PuTestCase(PersonaTestCase):
    """`plan` is the network's PU (draft), `other_plan` the other network's; `recommendation` is addressed to
    the edition's owner ministry (`ministry`, answered by `ministry_reviewer`), `other_recommendation` to
    `other_ministry` (answered by `other_liaison`)."""

    personas = (*CAST, *SUPPORTING, "other_liaison")

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.other_ministry = InstitutionFactory(name="Ministerstwo Testowe Finansów")
        cls.other_liaison = cls.make_persona("other_liaison", Role.MINISTRY_LIAISON, institution=cls.other_ministry)
        cls.plan = ImprovementPlanFactory(network=cls.network, title="Plan Ulepszeń testowy")
        cls.other_plan = ImprovementPlanFactory(network=cls.other_network, title="Plan Ulepszeń innej sieci")
        cls.recommendation = RecommendationFactory(
            improvement_plan=cls.plan, order=1, text="Uprościć procedurę zielonych zamówień", addressees=[cls.ministry]
        )
        cls.other_recommendation = RecommendationFactory(
            improvement_plan=cls.plan, order=2, text="Zmienić zasady finansowania retencji",
            addressees=[cls.other_ministry],
        )

    @staticmethod
    def set_state(plan: ImprovementPlan, state: str) -> None:
        ImprovementPlan.objects.filter(pk=plan.pk).update(state=state)
        plan.refresh_from_db()

    def hand_over(self, plan: ImprovementPlan | None = None) -> ImprovementPlan:
        plan = plan or self.plan
        self.set_state(plan, ImprovementPlan.State.FINAL)
        services.improvement_plan_transition(
            plan=plan, to_state=ImprovementPlan.State.HANDED_OVER, by=self.coordinator,
            handed_over_on=HANDED_OVER, handed_over_to=self.ministry,
        )
        return plan

    def login(self, name: str) -> Any:
        user = self.persona(name)
        if name != "anonymous":
            self.client.force_login(user)
        return user
