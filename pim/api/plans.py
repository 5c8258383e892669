"""MIDs (Miejska Inicjatywa Działania, the cities' action plans): /api/v1/action-plans."""

# No `from __future__ import annotations` here: ninja reads the views' parameter annotations at import
# time, and a string annotation such as `Query[Filters]` leaves its query model undefined (PydanticUserError).

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import paginate

from pim.api.common import (
    DETAIL_ERRORS,
    LIST_ERRORS,
    EditionRef,
    NetworkRef,
    Page,
    ParticipantRef,
    Slug,
    SourcedOut,
    choice_type,
)
from pim.plans import sections
from pim.plans.models import Action, ActionFunding, ActionPlan, ActionStatusReport, Indicator, IndicatorValue

router = Router(tags=["plans"])

ActionPlanState = choice_type(ActionPlan.State)


class ActionPlanOut(SourcedOut):
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


class ActionPlanFilters(Schema):
    edition: Slug | None = Field(None, description="Edition slug.")
    network: Slug | None = Field(None, description="Network slug.")
    participant: Slug | None = Field(None, description="Participant slug.")
    state: ActionPlanState | None = None
    is_example: bool | None = Field(None, description="Only the worked example MID (true) or the others (false).")


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
    if filters.is_example is not None:
        plans = plans.filter(is_example=filters.is_example)
    return plans


# Ids are database keys: bounded so that no generated number overflows the driver (a 500, not a 404).
MAX_ID = 2_147_483_647
CONTENT_PERM = "plans.view_actionplan_draft"


def _plan_id(description: str = "MID id.") -> Any:
    return Path(..., ge=1, le=MAX_ID, description=description)


def _may_read_content(request: HttpRequest, plan: ActionPlan) -> bool:
    return request.user.has_perm("plans.view_actionplan", plan) and request.user.has_perm(CONTENT_PERM, plan)


def _plan_with_content_for(request: HttpRequest, plan_id: int) -> ActionPlan:
    """The MID whose working content the user may read; else the same 404 as for a missing MID."""
    plan = ActionPlan.objects.filter(pk=plan_id).first()
    if plan is None or not _may_read_content(request, plan):
        raise Http404(f"No MID with id={plan_id} whose content you may read.")
    return plan


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


class ActionPlanDetailOut(ActionPlanOut):
    content_visible: bool = Field(
        ..., description="Whether the working content is shown: always from approval on, else for the team, "
        "the network's expert, the operator (and everyone during a public consultation)."
    )
    sections: dict[str, Any] | None = Field(
        ..., description="Every section's data keyed by section (see docs/mid.md); null when the content is hidden."
    )


@router.get(
    "/action-plans/{id}", response={200: ActionPlanDetailOut, **DETAIL_ERRORS}, summary="One MID, with its content"
)
def action_plan_detail(request: HttpRequest, id: int = _plan_id()) -> Any:
    plan = ActionPlan.objects.select_related("edition", "network", "participant").filter(pk=id).first()
    if plan is None or not request.user.has_perm("plans.view_actionplan", plan):
        raise Http404(f"No MID with id={id}.")
    visible = request.user.has_perm(CONTENT_PERM, plan)
    # serialise() loads every section's rows in a fixed number of queries, whatever the MID's size.
    plan.content_visible = visible
    plan.sections = sections.serialise(plan) if visible else None
    return plan


ActionType = choice_type(Action.Type)
FundingKind = choice_type(ActionFunding.Kind)
FundingStatus = choice_type(ActionFunding.Status)
ActionStatus = choice_type(ActionStatusReport.Status)


class ObjectiveRef(Schema):
    id: int
    text: str


class FundingOut(Schema):
    id: int
    source: str
    kind: FundingKind
    amount: str = Field(..., description="PLN, a decimal string.")
    status: FundingStatus


class ActionOut(Schema):
    id: int
    order: int
    title: str
    description: str
    type: ActionType
    objective: ObjectiveRef | None = Field(..., description="The specific objective the action serves.")
    lead_unit: str
    partners: str
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    cost_estimate: str | None = Field(..., description="PLN, a decimal string.")
    outputs: str
    risks: str
    dependencies: list[int] = Field(..., description="Ids of the actions this one depends on.")
    fundings: list[FundingOut]
    current_status: ActionStatus | None = Field(..., description="The latest status report's status.")
    current_percent: int | None
    status_reported_on: datetime.date | None
    status_reports_url: str = Field(..., description="Every status report of the action, oldest first.")


ACTION_VALUES = (
    "id", "order", "title", "description", "type", "objective_id", "objective__text", "lead_unit", "partners",
    "starts_on", "ends_on", "cost_estimate", "outputs", "risks", "current_status", "current_percent",
    "status_reported_on",
)


class ActionRows:
    """A MID's actions for the paginator, as ready `ActionOut` dicts: the slice the paginator takes runs three
    queries (actions, their fundings, their dependencies) whatever its size.

    Value rows, not model instances: prefetching fundings and dependencies builds a related manager and a
    queryset per action, and the schema's resolvers built them again; half of the endpoint's time for a big MID.
    """

    def __init__(self, actions: QuerySet[Action]) -> None:
        self.actions = actions

    def all(self) -> QuerySet[Action]:
        # The paginator counts with `.all().count()`.
        return self.actions

    def __getitem__(self, page: slice) -> list[dict[str, Any]]:
        rows = list(self.actions[page].values(*ACTION_VALUES))
        ids = [row["id"] for row in rows]
        fundings: dict[int, list[dict[str, Any]]] = {pk: [] for pk in ids}
        for funding in ActionFunding.objects.filter(action_id__in=ids).order_by("action_id", "order", "pk").values(
                "id", "action_id", "source", "kind", "amount", "status"):
            funding["amount"] = str(funding["amount"])
            fundings[funding.pop("action_id")].append(funding)
        dependencies: dict[int, list[int]] = {pk: [] for pk in ids}
        # In the actions' own order (the model's), like the rest of the API.
        for source, target in Action.dependencies.through.objects.filter(from_action_id__in=ids).order_by(
                "to_action__plan_id", "to_action__order", "to_action_id").values_list("from_action_id", "to_action_id"):
            dependencies[source].append(target)
        for row in rows:
            objective_id, objective_text = row.pop("objective_id"), row.pop("objective__text")
            row["objective"] = {"id": objective_id, "text": objective_text} if objective_id else None
            row["cost_estimate"] = _decimal(row["cost_estimate"])
            row["fundings"] = fundings[row["id"]]
            row["dependencies"] = dependencies[row["id"]]
            row["status_reports_url"] = f"/api/v1/actions/{row['id']}/status-reports"
        return rows


@router.get(
    "/action-plans/{id}/actions", response={200: list[ActionOut], **DETAIL_ERRORS}, summary="A MID's actions"
)
@paginate(Page)
def action_plan_actions(request: HttpRequest, id: int = _plan_id()) -> ActionRows:
    plan = _plan_with_content_for(request, id)
    return ActionRows(Action.objects.filter(plan=plan).for_list())


class ActionRef(Schema):
    id: int
    title: str


class IndicatorOut(Schema):
    id: int
    action: ActionRef | None = Field(..., description="Empty for an indicator of the whole MID.")
    name: str
    unit: str
    baseline: str | None = Field(..., description="A decimal string.")
    baseline_on: datetime.date | None
    target: str | None = Field(..., description="A decimal string.")
    target_on: datetime.date | None
    source: str
    frequency: str
    responsible: str
    values_url: str

    @staticmethod
    def resolve_baseline(obj: Any) -> str | None:
        return _decimal(obj.baseline)

    @staticmethod
    def resolve_target(obj: Any) -> str | None:
        return _decimal(obj.target)

    @staticmethod
    def resolve_values_url(obj: Any) -> str:
        return f"/api/v1/indicators/{obj.pk}/values"


@router.get(
    "/action-plans/{id}/indicators", response={200: list[IndicatorOut], **DETAIL_ERRORS},
    summary="A MID's indicators (baseline and target)",
)
@paginate(Page)
def action_plan_indicators(request: HttpRequest, id: int = _plan_id()) -> QuerySet[Indicator]:
    plan = _plan_with_content_for(request, id)
    return Indicator.objects.filter(plan=plan).select_related("action").order_by("order", "pk")


class IndicatorValueOut(Schema):
    id: int
    measured_on: datetime.date
    value: str = Field(..., description="A decimal string.")
    note: str

    @staticmethod
    def resolve_value(obj: Any) -> str:
        return str(obj.value)


@router.get(
    "/indicators/{id}/values", response={200: list[IndicatorValueOut], **DETAIL_ERRORS},
    summary="An indicator's measured values over time",
)
@paginate(Page)
def indicator_values(request: HttpRequest, id: int = _plan_id("Indicator id.")) -> QuerySet[IndicatorValue]:
    indicator = Indicator.objects.select_related("plan").filter(pk=id).first()
    if indicator is None or not request.user.has_perm(CONTENT_PERM, indicator.plan):
        raise Http404(f"No indicator with id={id} whose MID's content you may read.")
    return IndicatorValue.objects.filter(indicator=indicator).order_by("measured_on", "pk")


class StatusReportOut(Schema):
    """A status report without who filed it: the reporting user is personal data and stays in the portal."""

    id: int
    status: ActionStatus
    percent: int = Field(..., description="Progress, 0–100.")
    note: str
    reported_on: datetime.date


@router.get(
    "/actions/{id}/status-reports", response={200: list[StatusReportOut], **DETAIL_ERRORS},
    summary="An action's status reports over time, oldest first",
)
@paginate(Page)
def action_status_reports(request: HttpRequest, id: int = _plan_id("Action id.")) -> QuerySet[ActionStatusReport]:
    action = Action.objects.select_related("plan").filter(pk=id).first()
    if action is None or not _may_read_content(request, action.plan):
        raise Http404(f"No action with id={id} whose MID's content you may read.")
    return ActionStatusReport.objects.filter(action=action).order_by("reported_on", "pk").only(
        "id", "status", "percent", "note", "reported_on"
    )
