"""MIDs (Miejska Inicjatywa Działania, the cities' action plans): /api/v1/action-plans."""

# No `from __future__ import annotations` here: ninja reads the views' parameter annotations at import
# time, and a string annotation such as `Query[Filters]` leaves its query model undefined (PydanticUserError).

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from pim.api.common import LIST_ERRORS, EditionRef, NetworkRef, Page, ParticipantRef, Slug, choice_type
from pim.plans.models import ActionPlan

router = Router(tags=["plans"])

ActionPlanState = choice_type(ActionPlan.State)


class ActionPlanOut(Schema):
    id: int
    title: str = Field(..., description="Empty when the sources do not give it.")
    state: ActionPlanState
    edition: EditionRef
    network: NetworkRef | None
    participant: ParticipantRef | None = Field(
        ..., description="Empty when the sources do not name the city."
    )
    summary: str
    attribution_note: str
    is_demo: bool
    sources: list[str]
    url: str

    @staticmethod
    def resolve_sources(obj: Any) -> list[str]:
        return obj.source_keys

    @staticmethod
    def resolve_url(obj: Any) -> str:
        return obj.get_absolute_url()


class ActionPlanFilters(Schema):
    edition: Slug | None = Field(None, description="Edition slug.")
    network: Slug | None = Field(None, description="Network slug.")
    participant: Slug | None = Field(None, description="Participant slug.")
    state: ActionPlanState | None = None


@router.get(
    "/action-plans", response={200: list[ActionPlanOut], **LIST_ERRORS}, summary="List MIDs (action plans)"
)
@paginate(Page)
def action_plan_list(request: HttpRequest, filters: Query[ActionPlanFilters]) -> QuerySet[ActionPlan]:
    plans = ActionPlan.objects.for_list().select_related("edition")
    if filters.edition:
        plans = plans.filter(edition__slug=filters.edition)
    if filters.network:
        plans = plans.filter(network__slug=filters.network)
    if filters.participant:
        plans = plans.filter(participant__slug=filters.participant)
    if filters.state:
        plans = plans.filter(state=filters.state)
    return plans
