"""Factories for Improvement Plans, their recommendations and follow-up, the barrier register and good practices."""

from __future__ import annotations

import datetime
from typing import Any

import factory

from pim.programmes.tests.factories import InstitutionFactory, NetworkFactory
from pim.recommendations.models import (
    Barrier,
    GoodPractice,
    ImprovementPlan,
    ImprovementPlanTransition,
    ImprovementPlanVersion,
    Recommendation,
    RecommendationResponse,
    RecommendationStatusUpdate,
)


class ImprovementPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImprovementPlan

    network = factory.SubFactory(NetworkFactory)
    authors = "Zespół testowy"
    is_demo = True


class ImprovementPlanVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImprovementPlanVersion

    improvement_plan = factory.SubFactory(ImprovementPlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    snapshot = factory.LazyFunction(dict)


class ImprovementPlanTransitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImprovementPlanTransition

    improvement_plan = factory.SubFactory(ImprovementPlanFactory)
    from_state = ImprovementPlan.State.DRAFT
    to_state = ImprovementPlan.State.CONSULTATION


class BarrierFactory(factory.django.DjangoModelFactory):
    """A register entry added by an expert; pass `cities=[...]` or `plan_barriers=[...]` to link sources."""

    class Meta:
        model = Barrier
        skip_postgeneration_save = True

    network = factory.SubFactory(NetworkFactory)
    type = Barrier.Type.LEGAL
    description = factory.Sequence(lambda n: f"Przykładowa bariera prawna {n}")
    origin = Barrier.Origin.EXPERT
    is_demo = True

    @factory.post_generation
    def cities(self, create: bool, extracted: list | None, **kwargs) -> None:
        if create and extracted:
            self.cities.add(*extracted)

    @factory.post_generation
    def plan_barriers(self, create: bool, extracted: list | None, **kwargs) -> None:
        if create and extracted:
            self.plan_barriers.add(*extracted)


class GoodPracticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GoodPractice

    title = factory.Sequence(lambda n: f"Przykładowa dobra praktyka {n}")
    description = "Przykładowy opis dobrej praktyki."
    source_kind = GoodPractice.SourceKind.STUDY_VISIT
    is_demo = True


class RecommendationFactory(factory.django.DjangoModelFactory):
    """Pass `addressees=[institution, ...]` to address it."""

    class Meta:
        model = Recommendation
        skip_postgeneration_save = True

    improvement_plan = factory.SubFactory(ImprovementPlanFactory)
    order = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Rekomendacja testowa {n}")
    type = Recommendation.Type.LEGAL
    is_demo = True

    @factory.post_generation
    def addressees(self, create: bool, extracted: list | None, **kwargs) -> None:
        if create and extracted:
            self.addressees.add(*extracted)


def _with_status_stored(row: RecommendationResponse | RecommendationStatusUpdate) -> Any:
    """A factory's row skips the services: store the recommendation's status as they would."""
    Recommendation.objects.filter(pk=row.recommendation_id).refresh_status()
    return row


class RecommendationResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecommendationResponse

    recommendation = factory.SubFactory(RecommendationFactory)
    institution = factory.SubFactory(InstitutionFactory)
    decision = RecommendationResponse.Decision.UNDER_ANALYSIS
    text = "Rekomendacja jest analizowana."
    responded_on = datetime.date(2024, 3, 1)

    @classmethod
    def _create(cls, model_class: type, *args, **kwargs) -> RecommendationResponse:
        return _with_status_stored(super()._create(model_class, *args, **kwargs))


class RecommendationStatusUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecommendationStatusUpdate

    recommendation = factory.SubFactory(RecommendationFactory)
    institution = factory.SubFactory(InstitutionFactory)
    status = RecommendationStatusUpdate.Status.IN_PROGRESS
    evidence = "Trwają prace nad projektem ustawy."
    reported_on = datetime.date(2024, 6, 1)

    @classmethod
    def _create(cls, model_class: type, *args, **kwargs) -> RecommendationStatusUpdate:
        return _with_status_stored(super()._create(model_class, *args, **kwargs))
