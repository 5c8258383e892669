"""Factories for Improvement Plans and recommendations."""

from __future__ import annotations

import factory

from pim.programmes.tests.factories import NetworkFactory
from pim.recommendations.models import ImprovementPlan, Recommendation


class ImprovementPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImprovementPlan

    network = factory.SubFactory(NetworkFactory)
    authors = "Zespół testowy"
    is_demo = True


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    improvement_plan = factory.SubFactory(ImprovementPlanFactory)
    order = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Rekomendacja testowa {n}")
    type = Recommendation.Type.LEGAL
    is_demo = True
