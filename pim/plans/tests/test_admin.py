"""The MID admin opens for the coordinator and refuses city officers."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.urls import reverse

from pim.plans.models import (
    Action,
    ActionStatusReport,
    Barrier,
    Comment,
    CommunicationItem,
    Criterion,
    Indicator,
    IndicatorValue,
    Objective,
    PlanTransition,
    PlanVersion,
    ProblemTreeNode,
    Risk,
    RubricScore,
    SectionRevision,
    Stakeholder,
    StrategyLink,
)
from pim.plans.tests.factories import ActionPlanFactory, CommentFactory, complete_content
from pim.programmes.tests.personas import PersonaTestCase


class ActionPlanAdminTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.plans = [ActionPlanFactory(network=cls.network, participant=city) for city in (cls.lead_city, cls.member_city)]

    def test_the_coordinator_opens_the_mid_admin_pages(self):
        self.assertAdminPagesOpen(self.plans[0])

    def test_city_officers_are_refused(self):
        self.assertAdminRefusesCityOfficers(self.plans[0])


class PlanPartAdminTests(PersonaTestCase):
    """Every part of a MID has an admin page the coordinator opens; city officers are refused."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.plan = ActionPlanFactory(network=cls.network, participant=cls.lead_city, title="Miasto zielone MID")
        actions = complete_content(cls.plan, actions=2)
        ActionStatusReport.objects.create(action=actions[0], status=ActionStatusReport.Status.IN_PROGRESS, percent=40)
        indicator = Indicator.objects.filter(plan=cls.plan).first()
        IndicatorValue.objects.create(indicator=indicator, measured_on=datetime.date(2025, 1, 1), value=Decimal("3"))
        StrategyLink.objects.create(plan=cls.plan, title="Strategia rozwoju miasta")
        cls.comment = CommentFactory(plan=cls.plan, author=cls.lead_officer)
        PlanTransition.objects.create(plan=cls.plan, from_state="draft", to_state="consultation", by=cls.coordinator)
        PlanVersion.objects.create(plan=cls.plan, number=1, section="create", snapshot={})
        SectionRevision.objects.create(plan=cls.plan, section="metadata", revision=1)
        RubricScore.objects.create(
            plan=cls.plan, criterion=Criterion.values[0],
            scorer_role="expert", score=3,
        )

    EDITABLE = (
        Action, Indicator, Objective, Stakeholder, ProblemTreeNode, StrategyLink, CommunicationItem, Risk, Barrier,
        Comment, RubricScore,
    )
    READ_ONLY = (PlanTransition, PlanVersion, SectionRevision)

    def test_the_coordinator_opens_every_part_admin(self) -> None:
        for model in self.EDITABLE:
            with self.subTest(model=model.__name__):
                self.assertAdminPagesOpen(model.objects.filter(plan=self.plan).first())
        for model in self.READ_ONLY:
            with self.subTest(model=model.__name__):
                self.assertAdminPagesOpen(model.objects.filter(plan=self.plan).first(), add=False)

    def test_the_history_cannot_be_added_through_the_admin(self) -> None:
        self.client.force_login(self.coordinator)
        for model in self.READ_ONLY:
            with self.subTest(model=model.__name__):
                url = reverse(f"admin:plans_{model._meta.model_name}_add")
                self.assertEqual(self.client.get(url).status_code, 403)

    def test_city_officers_are_refused_the_action_admin(self) -> None:
        self.assertAdminRefusesCityOfficers(Action.objects.filter(plan=self.plan).first())

    def test_city_officers_are_refused_the_indicator_admin(self) -> None:
        self.assertAdminRefusesCityOfficers(Indicator.objects.filter(plan=self.plan).first())
