"""Recommendations of the networks' Improvement Plans (Plan Ulepszeń): /api/v1/recommendations."""

# No `from __future__ import annotations` here: ninja reads the views' parameter annotations at import
# time, and a string annotation such as `Query[Filters]` leaves its query model undefined (PydanticUserError).

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from pim.api.common import LIST_ERRORS, EditionRef, NetworkRef, Page, Slug, SourcedOut, choice_type
from pim.recommendations.models import ImprovementPlan, Recommendation

router = Router(tags=["recommendations"])

RecommendationType = choice_type(Recommendation.Type)
ImprovementPlanState = choice_type(ImprovementPlan.State)


class ImprovementPlanRef(Schema):
    title: str
    state: ImprovementPlanState


class RecommendationOut(SourcedOut):
    id: int
    order: int
    text: str
    type: RecommendationType
    is_key: bool = Field(..., description="The Improvement Plan marks it as a key recommendation.")
    improvement_plan: ImprovementPlanRef
    network: NetworkRef
    edition: EditionRef

    @staticmethod
    def resolve_network(obj: Any) -> Any:
        return obj.improvement_plan.network

    @staticmethod
    def resolve_edition(obj: Any) -> Any:
        return obj.improvement_plan.network.edition


class RecommendationFilters(Schema):
    edition: Slug | None = Field(None, description="Edition slug.")
    network: Slug | None = Field(None, description="Network slug.")
    type: RecommendationType | None = None
    is_key: bool | None = None


@router.get(
    "/recommendations", response={200: list[RecommendationOut], **LIST_ERRORS}, summary="List recommendations"
)
@paginate(Page)
def recommendation_list(
    request: HttpRequest, filters: Query[RecommendationFilters]
) -> QuerySet[Recommendation]:
    recommendations = Recommendation.objects.select_related("improvement_plan__network__edition").order_by(
        "improvement_plan__network__name", "order", "pk"
    )
    if filters.edition:
        recommendations = recommendations.filter(improvement_plan__network__edition__slug=filters.edition)
    if filters.network:
        recommendations = recommendations.filter(improvement_plan__network__slug=filters.network)
    if filters.type:
        recommendations = recommendations.filter(type=filters.type)
    if filters.is_key is not None:
        recommendations = recommendations.filter(is_key=filters.is_key)
    return recommendations
