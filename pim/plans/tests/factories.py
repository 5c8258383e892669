"""Factories for MIDs."""

from __future__ import annotations

import factory

from pim.places.tests.factories import ParticipantFactory
from pim.plans.models import ActionPlan
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
