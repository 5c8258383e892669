"""Factories for MIDs and their content."""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory

from pim.places.tests.factories import ParticipantFactory
from pim.plans.models import (
    Action,
    ActionFunding,
    ActionPlan,
    Barrier,
    Comment,
    CommunicationItem,
    Indicator,
    Objective,
    ProblemTreeNode,
    Risk,
    Stakeholder,
)
from pim.programmes.tests.factories import NetworkFactory


class ActionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionPlan

    network = factory.SubFactory(NetworkFactory)
    edition = factory.LazyAttribute(lambda p: p.network.edition)
    participant = factory.SubFactory(ParticipantFactory)
    title = factory.Sequence(lambda n: f"Zielona transformacja dzielnicy {n}")
    state = ActionPlan.State.DRAFT
    is_demo = True


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objective

    plan = factory.SubFactory(ActionPlanFactory)
    kind = Objective.Kind.SPECIFIC
    parent = factory.LazyAttribute(
        lambda o: ObjectiveFactory(plan=o.plan, kind=Objective.Kind.GENERAL, parent=None)
        if o.kind == Objective.Kind.SPECIFIC else None
    )
    text = factory.Sequence(lambda n: f"Cel {n}")
    order = factory.Sequence(lambda n: n)


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    plan = factory.SubFactory(ActionPlanFactory)
    title = factory.Sequence(lambda n: f"Działanie {n}")
    type = Action.Type.INVESTMENT
    lead_unit = "Wydział Zieleni Miejskiej"
    starts_on = datetime.date(2024, 1, 1)
    ends_on = datetime.date(2024, 12, 31)
    cost_estimate = Decimal("100000.00")
    order = factory.Sequence(lambda n: n)


class ActionFundingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionFunding

    action = factory.SubFactory(ActionFactory)
    source = "Budżet miasta"
    kind = ActionFunding.Kind.CITY_BUDGET
    amount = factory.LazyAttribute(lambda f: f.action.cost_estimate or Decimal("0"))
    status = ActionFunding.Status.SECURED


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    plan = factory.SubFactory(ActionPlanFactory)
    name = factory.Sequence(lambda n: f"Wskaźnik {n}")
    unit = "m²"
    baseline = Decimal("0")
    target = Decimal("1000")


class StakeholderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stakeholder

    plan = factory.SubFactory(ActionPlanFactory)
    name = factory.Sequence(lambda n: f"Interesariusz {n}")


class ProblemTreeNodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProblemTreeNode

    plan = factory.SubFactory(ActionPlanFactory)
    kind = ProblemTreeNode.Kind.CORE_PROBLEM
    text = "Za mało zieleni w centrum"


class RiskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Risk

    plan = factory.SubFactory(ActionPlanFactory)
    description = "Brak wykonawców w przetargu"
    mitigation = "Wcześniejsze dialogi techniczne"


class CommunicationItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommunicationItem

    plan = factory.SubFactory(ActionPlanFactory)
    target_group = "Mieszkańcy śródmieścia"
    channel = "Spotkania otwarte"


class BarrierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Barrier

    plan = factory.SubFactory(ActionPlanFactory)
    type = Barrier.Type.LEGAL
    description = "Przepisy nie pozwalają na…"


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    plan = factory.SubFactory(ActionPlanFactory)
    section = "stakeholders"
    body = "Proszę dodać radę osiedla."


def complete_content(plan: ActionPlan, *, actions: int = 2, indicators_per_action: int = 1) -> list[Action]:
    """Fill `plan` so that it passes every completeness check; returns its actions."""
    plan.challenge_title = "Zieleń w centrum"
    plan.challenge_statement = "<p>Centrum miasta nagrzewa się latem.</p>"
    plan.save(update_fields=["challenge_title", "challenge_statement"])
    core = ProblemTreeNodeFactory(plan=plan)
    ProblemTreeNodeFactory(plan=plan, kind=ProblemTreeNode.Kind.CAUSE, parent=core, text="Uszczelnione podwórka")
    for _ in range(3):
        StakeholderFactory(plan=plan)
    general = ObjectiveFactory(plan=plan, kind=Objective.Kind.GENERAL, parent=None)
    specific = ObjectiveFactory(plan=plan, parent=general)
    rows = []
    for n in range(actions):
        action = ActionFactory(plan=plan, objective=specific, order=n)
        ActionFundingFactory(action=action)
        for _ in range(indicators_per_action):
            IndicatorFactory(plan=plan, action=action)
        rows.append(action)
    RiskFactory(plan=plan)
    CommunicationItemFactory(plan=plan)
    BarrierFactory(plan=plan)
    return rows
