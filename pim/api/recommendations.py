"""Improvement Plans (Plan Ulepszeń), their recommendations with responses and status, good practices and the
barrier register: /api/v1/improvement-plans (and one PU's content), /recommendations (and one), /good-practices,
/barriers. The ids between them rebuild a recommendation's trace (barriers and good practices behind it)."""

# No `from __future__ import annotations` here: ninja reads the views' parameter annotations at import
# time, and a string annotation such as `Query[Filters]` leaves its query model undefined (PydanticUserError).

import datetime
from typing import Any, Literal

from django.db.models import F, Prefetch, Q, QuerySet, Subquery
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
from pim.api.plans import MAX_ID
from pim.api.programmes import InstitutionRef
from pim.events.models import Event
from pim.programmes.models import Institution
from pim.programmes.rules import user_roles
from pim.recommendations.models import (
    Barrier,
    GoodPractice,
    ImprovementPlan,
    Recommendation,
    RecommendationResponse,
    RecommendationStatusUpdate,
)
from pim.recommendations.practices import catalogue, filter_practices
from pim.recommendations.rules import member_network_ids
from pim.recommendations.scoreboard import STATUS_CHOICES, recommendations, trace_paths, url_maker

router = Router(tags=["recommendations"])

RecommendationType = choice_type(Recommendation.Type)
ImprovementPlanState = choice_type(ImprovementPlan.State)
# Statuses, decisions and the two "no response" values: one inline enum, like `choice_type` makes.
CurrentStatus = Literal[tuple(value for value, _label in STATUS_CHOICES)]
Decision = choice_type(RecommendationResponse.Decision)
ImplementationStatus = choice_type(RecommendationStatusUpdate.Status)
PracticeSource = choice_type(GoodPractice.SourceKind)
BarrierType = choice_type(Barrier.Type)
BarrierOrigin = choice_type(Barrier.Origin)


def _id(description: str) -> Any:
    return Path(..., ge=1, le=MAX_ID, description=description)


def _public_plan(plan: ImprovementPlan) -> bool:
    return plan.state in ImprovementPlan.PUBLIC_STATES


# --- Improvement Plans ------------------------------------------------------------------------------------


class ImprovementPlanRef(Schema):
    title: str
    state: ImprovementPlanState


class ImprovementPlanOut(SourcedOut):
    id: int
    title: str
    state: ImprovementPlanState
    authors: str
    network: NetworkRef
    edition: EditionRef
    summary: str | None = Field(
        ..., description="The PU's summary once it is public (from `final` on); null while it is drafted."
    )
    handed_over_on: datetime.date | None
    handed_over_to: InstitutionRef | None

    @staticmethod
    def resolve_edition(obj: Any) -> Any:
        return obj.network.edition

    @staticmethod
    def resolve_summary(obj: Any) -> str | None:
        return obj.summary if _public_plan(obj) else None


class ImprovementPlanFilters(Schema):
    edition: Slug | None = Field(None, description="Edition slug.")
    network: Slug | None = Field(None, description="Network slug.")
    state: ImprovementPlanState | None = None


@router.get(
    "/improvement-plans", response={200: list[ImprovementPlanOut], **LIST_ERRORS},
    summary="List Improvement Plans (PU)",
)
@paginate(Page)
def improvement_plan_list(
    request: HttpRequest, filters: Query[ImprovementPlanFilters]
) -> QuerySet[ImprovementPlan]:
    # The catalogue record of every PU is public (`recommendations.view_improvementplan`), drafts included.
    plans = ImprovementPlan.objects.select_related("network__edition", "handed_over_to").order_by(
        "-network__edition__start_year", "network__name", "pk"
    )
    if filters.edition:
        plans = plans.filter(network__edition__slug=filters.edition)
    if filters.network:
        plans = plans.filter(network__slug=filters.network)
    if filters.state:
        plans = plans.filter(state=filters.state)
    return plans


class ImprovementPlanDetailOut(ImprovementPlanOut):
    content_visible: bool = Field(
        ..., description="Whether the content is shown: public from `final` on; before that for the network's "
        "experts, the operator and the network's city teams."
    )
    introduction: str | None = Field(..., description="The PU's introduction, plain text; null when hidden.")
    barrier_ids: list[int] | None = Field(
        ..., description="The register barriers the PU addresses, ascending (see /barriers); null when hidden."
    )
    good_practice_ids: list[int] | None = Field(
        ..., description="The good practices the PU cites, ascending (see /good-practices); null when hidden."
    )
    recommendation_ids: list[int] | None = Field(
        ..., description="Its recommendations in the PU's order (see /recommendations/{id}); null when hidden."
    )


@router.get(
    "/improvement-plans/{id}", response={200: ImprovementPlanDetailOut, **DETAIL_ERRORS},
    summary="One Improvement Plan (PU), with its content",
)
def improvement_plan_detail(request: HttpRequest, id: int = _id("Improvement Plan id.")) -> Any:
    plan = ImprovementPlan.objects.select_related("network__edition", "handed_over_to").filter(pk=id).first()
    if plan is None or not request.user.has_perm("recommendations.view_improvementplan", plan):
        raise Http404(f"No Improvement Plan with id={id}.")
    # The catalogue record is public, the content follows the PU's state (`view_improvementplan_content`).
    plan.content_visible = request.user.has_perm("recommendations.view_improvementplan_content", plan)
    if plan.content_visible:
        # Ids from the link tables: three queries whatever the PU's size.
        plan.barrier_ids = list(ImprovementPlan.barriers.through.objects.filter(
            improvementplan_id=plan.pk).order_by("barrier_id").values_list("barrier_id", flat=True))
        plan.good_practice_ids = list(ImprovementPlan.good_practices.through.objects.filter(
            improvementplan_id=plan.pk).order_by("goodpractice_id").values_list("goodpractice_id", flat=True))
        plan.recommendation_ids = list(plan.recommendations.order_by("order", "pk").values_list("pk", flat=True))
    else:
        plan.introduction = plan.barrier_ids = plan.good_practice_ids = plan.recommendation_ids = None
    return plan


# --- Recommendations --------------------------------------------------------------------------------------


class RecommendationOut(SourcedOut):
    id: int
    order: int
    text: str
    type: RecommendationType
    is_key: bool = Field(..., description="The Improvement Plan marks it as a key recommendation.")
    horizon: str = Field(..., description="`short`, `medium`, `long`, or empty when not stated.")
    priority: str = Field(..., description="`high`, `medium`, `low`, or empty when not stated.")
    addressees: list[InstitutionRef] = Field(..., description="The addressees the PU names; may be empty.")
    answered_by: list[InstitutionRef] = Field(
        ..., description="Who answers it: the named addressees, else the edition's owner ministry by default "
        "(see `addressee_is_default`).",
    )
    addressee_is_default: bool = Field(
        ..., description="No addressee is named, so the edition's owner ministry answers by default."
    )
    response_due_on: datetime.date | None
    overdue: bool = Field(
        ..., description="Past `response_due_on` and some addressee (with none named, anyone) has not responded."
    )
    current_status: CurrentStatus = Field(
        ..., description="The latest status update, else the latest response's decision, else `no_response` "
        "(`not_recorded` for records of the programme's history, whose answers are not known)."
    )
    status_on: datetime.date | None = Field(..., description="Date of the update or response giving the status.")
    trace_url: str = Field(..., description="The page tracing it from the cities' barriers to today's status.")
    improvement_plan: ImprovementPlanRef
    improvement_plan_id: int = Field(..., description="See /improvement-plans/{id}.")
    network: NetworkRef
    edition: EditionRef
    barrier_ids: list[int] = Field(
        ..., description="The register barriers it answers, ascending (see /barriers?recommendation=id)."
    )
    good_practice_ids: list[int] = Field(
        ..., description="The good practices supporting it, ascending (see /good-practices)."
    )

    @staticmethod
    def resolve_network(obj: Any) -> Any:
        return obj.improvement_plan.network

    @staticmethod
    def resolve_barrier_ids(obj: Any) -> list[int]:
        return [barrier.pk for barrier in obj.barriers.all()]

    @staticmethod
    def resolve_good_practice_ids(obj: Any) -> list[int]:
        return [practice.pk for practice in obj.good_practices.all()]

    @staticmethod
    def resolve_edition(obj: Any) -> Any:
        return obj.improvement_plan.network.edition

    @staticmethod
    def resolve_addressees(obj: Any) -> list[Institution]:
        return list(obj.addressees.all())

    @staticmethod
    def resolve_answered_by(obj: Any) -> list[Institution]:
        owner = obj.improvement_plan.network.edition.owner
        return list(obj.addressees.all()) or ([owner] if owner else [])

    @staticmethod
    def resolve_addressee_is_default(obj: Any) -> bool:
        return not obj.addressees.all() and obj.improvement_plan.network.edition.owner_id is not None

    @staticmethod
    def resolve_overdue(obj: Any) -> bool:
        return obj.is_overdue

    @staticmethod
    def resolve_trace_url(obj: Any) -> str:
        return trace_paths()(obj.pk)


class RecommendationFilters(Schema):
    edition: Slug | None = Field(None, description="Edition slug.")
    network: Slug | None = Field(None, description="Network slug.")
    type: RecommendationType | None = None
    is_key: bool | None = None
    addressee: Slug | None = Field(
        None, description="Slug of an institution that answers: a named addressee, or the edition's owner ministry "
        "of recommendations naming none.",
    )
    current_status: CurrentStatus | None = Field(None, description="Only recommendations with this current status.")
    overdue: bool | None = Field(None, description="Only overdue recommendations (true) or only the others (false).")


@router.get(
    "/recommendations", response={200: list[RecommendationOut], **LIST_ERRORS}, summary="List recommendations"
)
@paginate(Page)
def recommendation_list(
    request: HttpRequest, filters: Query[RecommendationFilters]
) -> QuerySet[Recommendation]:
    rows = recommendations().visible_to(request.user)
    if filters.edition:
        rows = rows.filter(improvement_plan__network__edition__slug=filters.edition)
    if filters.network:
        rows = rows.filter(improvement_plan__network__slug=filters.network)
    if filters.type:
        rows = rows.filter(type=filters.type)
    if filters.is_key is not None:
        rows = rows.filter(is_key=filters.is_key)
    if filters.addressee:
        rows = rows.addressed_to(Subquery(Institution.objects.filter(slug=filters.addressee).values("pk")[:1]))
    if filters.current_status:
        rows = rows.with_status(filters.current_status)
    rows = rows.with_current_status().with_overdue()
    if filters.overdue is not None:
        rows = rows.filter(is_overdue=filters.overdue)
    return _with_links(rows).order_by("improvement_plan__network__name", "order", "pk")


def _with_links(rows: QuerySet[Recommendation]) -> QuerySet[Recommendation]:
    """What `RecommendationOut` reads besides the row: one query per relation, whatever the number of rows."""
    return rows.select_related("improvement_plan__network__edition__owner").prefetch_related(
        "addressees",
        Prefetch("barriers", queryset=Barrier.objects.only("pk").order_by("pk")),
        Prefetch("good_practices", queryset=GoodPractice.objects.only("pk").order_by("pk")),
    )


@router.get(
    "/recommendations/{id}", response={200: RecommendationOut, **DETAIL_ERRORS}, summary="One recommendation"
)
def recommendation_detail(request: HttpRequest, id: int = _id("Recommendation id.")) -> Any:
    found = _with_links(
        recommendations().visible_to(request.user).filter(pk=id).with_current_status().with_overdue()
    ).first()
    if found is None:
        raise Http404(f"No recommendation with id={id}.")
    return found


def _recommendation_for(request: HttpRequest, pk: int) -> Recommendation:
    """The recommendation, if the user may read it; else the same 404 as for a missing one."""
    recommendation = recommendations().visible_to(request.user).filter(pk=pk).only("pk").first()
    if recommendation is None:
        raise Http404(f"No recommendation with id={pk}.")
    return recommendation


class ResponseOut(Schema):
    id: int
    institution: InstitutionRef
    decision: Decision
    text: str
    responded_on: datetime.date


@router.get(
    "/recommendations/{id}/responses", response={200: list[ResponseOut], **DETAIL_ERRORS},
    summary="A recommendation's formal responses, oldest first",
)
@paginate(Page)
def recommendation_responses(
    request: HttpRequest, id: int = _id("Recommendation id.")
) -> QuerySet[RecommendationResponse]:
    recommendation = _recommendation_for(request, id)
    return RecommendationResponse.objects.filter(recommendation=recommendation).select_related(
        "institution"
    ).order_by("responded_on", "pk")


class StatusUpdateOut(Schema):
    id: int
    institution: InstitutionRef
    status: ImplementationStatus
    evidence: str
    evidence_url: str
    reported_on: datetime.date


@router.get(
    "/recommendations/{id}/status-updates", response={200: list[StatusUpdateOut], **DETAIL_ERRORS},
    summary="A recommendation's implementation status reports, oldest first",
)
@paginate(Page)
def recommendation_status_updates(
    request: HttpRequest, id: int = _id("Recommendation id.")
) -> QuerySet[RecommendationStatusUpdate]:
    recommendation = _recommendation_for(request, id)
    return RecommendationStatusUpdate.objects.filter(recommendation=recommendation).select_related(
        "institution"
    ).order_by("reported_on", "pk")


# --- Good practices ---------------------------------------------------------------------------------------


class GoodPracticeOut(SourcedOut):
    id: int
    title: str
    participant: ParticipantRef | None = Field(..., description="Empty for a foreign city's practice.")
    foreign_city: str
    country: str
    theme: str
    description: str
    source_kind: PracticeSource
    network: NetworkRef | None
    edition: EditionRef | None
    mid_id: int | None = Field(..., description="The MID it comes from, if any (see /action-plans/{id}).")
    event_ids: list[int] = Field(..., description="Public events where it was shown (see /events).")
    recommendation_ids: list[int] = Field(
        ..., description="The recommendations it supports that you may read, ascending (see /recommendations/{id})."
    )

    @staticmethod
    def resolve_edition(obj: Any) -> Any:
        return obj.edition or (obj.network.edition if obj.network else None)

    @staticmethod
    def resolve_mid_id(obj: Any) -> int | None:
        return obj.plan_id

    @staticmethod
    def resolve_event_ids(obj: Any) -> list[int]:
        return [event.pk for event in obj.events.all()]

    @staticmethod
    def resolve_recommendation_ids(obj: Any) -> list[int]:
        return [recommendation.pk for recommendation in obj.recommendations.all()]


class GoodPracticeFilters(Schema):
    edition: Slug | None = Field(None, description="Edition slug.")
    network: Slug | None = Field(None, description="Network slug.")
    source_kind: PracticeSource | None = None
    country: str | None = Field(None, max_length=100, pattern=r"^[^\x00]*$", description="Country, as written.")
    theme: str | None = Field(None, max_length=200, pattern=r"^[^\x00]*$", description="Theme, as written.")
    q: str | None = Field(
        None, max_length=100, pattern=r"^[^\x00]*$",
        description="Text in the title, description, theme or city; ignores case and Polish diacritics.",
    )


@router.get(
    "/good-practices", response={200: list[GoodPracticeOut], **LIST_ERRORS}, summary="List good practices"
)
@paginate(Page)
def good_practice_list(request: HttpRequest, filters: Query[GoodPracticeFilters]) -> QuerySet[GoodPractice]:
    public_events = Prefetch("events", queryset=Event.objects.filter(is_public=True).order_by("pk"))
    # A draft PU's recommendations stay with its readers, as on the practice's page (`recommendations_of`).
    readable = Prefetch(
        "recommendations", queryset=recommendations().visible_to(request.user).only("pk").order_by("pk")
    )
    practices = catalogue().prefetch_related(public_events, readable)
    if filters.edition:
        practices = practices.filter(Q(edition__slug=filters.edition) | Q(
            edition__isnull=True, network__edition__slug=filters.edition
        ))
    if filters.network:
        practices = practices.filter(network__slug=filters.network)
    return filter_practices(
        practices, source_kind=filters.source_kind or "", country=filters.country or "", theme=filters.theme or "",
        q=filters.q or "",
    )


# --- The barrier register ---------------------------------------------------------------------------------


class MidBarrierOut(Schema):
    mid_id: int
    mid_title: str
    participant: ParticipantRef | None


class BarrierOut(SourcedOut):
    id: int
    network: NetworkRef
    type: BarrierType
    origin: BarrierOrigin
    description: str
    merged_into_id: int | None = Field(..., description="The barrier it was merged into; its sources live on there.")
    cities: list[ParticipantRef]
    mids: list[MidBarrierOut] = Field(..., description="The MIDs whose barriers section names it.")
    recommendation_ids: list[int] = Field(..., description="Ids of the recommendations it stands behind, ascending.")

    # `BarrierRows` gives ready dicts: the sources and URL are in them already.
    @staticmethod
    def resolve_sources(obj: Any) -> list[str]:
        return obj["sources"]

    @staticmethod
    def resolve_url(obj: Any) -> str:
        return obj["url"]


BARRIER_VALUES = (
    "id", "network__slug", "network__name", "type", "origin", "description", "merged_into_id", "is_demo", "sources",
    "network_id", "network__edition_id", "has_public_text",
)


class BarrierRows:
    """A page of the register for the paginator, as ready `BarrierOut` dicts: the slice the paginator takes runs
    four queries (barriers, their cities, MIDs and recommendations) whatever its size.

    Value rows read from the link tables, not model instances: three prefetches built a related manager and a
    queryset per barrier, and the instances behind them, for most of a 100-barrier page's time.
    """

    def __init__(self, barriers: QuerySet[Barrier], *, user: Any) -> None:
        self.barriers = barriers
        # Who reads the register (`recommendations.view_barrier`) reads every description; others read those
        # whose sources are public (`Barrier.with_public_text`) and a placeholder for the rest.
        roles = user_roles(user)
        self.reveal_all = roles.operator_of_all_editions
        self.reveal_networks = roles.expert_networks | member_network_ids(user)
        self.reveal_editions = roles.operator_editions

    def _description(self, row: dict[str, Any]) -> str:
        revealed = (row["has_public_text"] or self.reveal_all or row["network_id"] in self.reveal_networks
                    or row["network__edition_id"] in self.reveal_editions)
        return Barrier.text_or_placeholder(row["description"], revealed)

    def all(self) -> QuerySet[Barrier]:
        # The paginator counts with `.all().count()`.
        return self.barriers

    def __getitem__(self, page: slice) -> list[dict[str, Any]]:
        rows = list(self.barriers[page].values(*BARRIER_VALUES))
        ids = [row["id"] for row in rows]
        cities: dict[int, list[dict[str, str]]] = {pk: [] for pk in ids}
        # In the participants' own order (by name), as the related manager gave them.
        for barrier_id, slug, name in Barrier.cities.through.objects.filter(barrier_id__in=ids).order_by(
                "participant__name", "participant_id").values_list("barrier_id", "participant__slug",
                                                                   "participant__name"):
            cities[barrier_id].append({"slug": slug, "name": name})
        mids: dict[int, list[dict[str, Any]]] = {pk: [] for pk in ids}
        # Both ends of this many-to-many are models called "Barrier", so Django names its columns from_/to_.
        for barrier_id, plan_id, title, slug, name in Barrier.plan_barriers.through.objects.filter(
                from_barrier_id__in=ids).order_by("to_barrier_id").values_list(
                "from_barrier_id", "to_barrier__plan_id", "to_barrier__plan__title",
                "to_barrier__plan__participant__slug", "to_barrier__plan__participant__name"):
            mids[barrier_id].append({"mid_id": plan_id, "mid_title": title,
                                     "participant": {"slug": slug, "name": name} if slug is not None else None})
        recommendation_ids: dict[int, list[int]] = {pk: [] for pk in ids}
        # By id, from the link table alone: ordering by the PU and order joined every recommendation (2 ms).
        for barrier_id, recommendation_id in Recommendation.barriers.through.objects.filter(
                barrier_id__in=ids).order_by("recommendation_id").values_list("barrier_id", "recommendation_id"):
            recommendation_ids[barrier_id].append(recommendation_id)
        # The register page is for the network's people; the public reads a barrier on a trace page.
        network_url = url_maker("portal:network", "x")
        return [{
            "id": row["id"], "network": {"slug": row["network__slug"], "name": row["network__name"]},
            "type": row["type"], "origin": row["origin"], "description": self._description(row),
            "merged_into_id": row["merged_into_id"], "is_demo": row["is_demo"],
            "sources": [key.strip() for key in row["sources"].split(",") if key.strip()],
            "url": network_url(row["network__slug"]), "cities": cities[row["id"]], "mids": mids[row["id"]],
            "recommendation_ids": recommendation_ids[row["id"]],
        } for row in rows]


class BarrierFilters(Schema):
    network: Slug | None = Field(None, description="Network slug.")
    type: BarrierType | None = None
    recommendation: int | None = Field(None, ge=1, le=MAX_ID, description="Only the barriers behind this recommendation.")


def _visible_barriers(user: Any) -> QuerySet[Barrier]:
    """Barriers behind a public recommendation or PU, and the ones merged into them; the whole register of the
    networks the user reads (`recommendations.view_barrier`)."""
    # A register entry belongs to the network whose PU uses it, so "its network's PU is public and some
    # recommendation (or the PU) names it" is the test: the network condition narrows the rows first, and the
    # named ids are one hashed list per query. Joining each recommendation's PU instead, or EXISTS probes per
    # barrier, cost two to four times as much on the bench's 20,000 barriers. (Were an entry ever linked from
    # another network's PU, it would stay hidden: the safe side.)
    #
    # The ids are compared as `id + 0`: with planner statistics SQLite answered the OR of four INs by reading
    # every link-table row through an index per term ("MULTI-INDEX OR"), 16 ms for a page of the bench's register
    # instead of 0.5 ms; the expression leaves it no index to do so. PostgreSQL plans both forms alike.
    named = Recommendation.barriers.through.objects.values("barrier_id")
    in_plan = ImprovementPlan.barriers.through.objects.values("barrier_id")
    # The public PUs' networks as a small id list, not a join through the networks: a quarter off the count.
    public_networks = ImprovementPlan.objects.filter(state__in=ImprovementPlan.PUBLIC_STATES).values("network_id")
    visible = Q(network_id__in=public_networks) & (
        Q(own_id__in=named) | Q(own_id__in=in_plan) | Q(cluster_id__in=named) | Q(cluster_id__in=in_plan)
    )
    roles = user_roles(user)
    if roles.operator_of_all_editions:
        return Barrier.objects.all()
    # Only the roles the user holds: an empty `__in` still adds its join, and the anonymous list would pay it.
    if roles.operator_editions:
        visible |= Q(network__edition_id__in=roles.operator_editions)
    if networks := roles.expert_networks | member_network_ids(user):
        visible |= Q(network_id__in=networks)
    return Barrier.objects.alias(own_id=F("id") + 0, cluster_id=F("merged_into_id") + 0).filter(visible)


@router.get("/barriers", response={200: list[BarrierOut], **LIST_ERRORS}, summary="List the barrier register")
@paginate(Page)
def barrier_list(request: HttpRequest, filters: Query[BarrierFilters]) -> BarrierRows:
    barriers = _visible_barriers(request.user)
    if filters.network:
        barriers = barriers.filter(network__slug=filters.network)
    if filters.type:
        barriers = barriers.filter(type=filters.type)
    if filters.recommendation:
        barriers = barriers.filter(recommendations=filters.recommendation)
    return BarrierRows(barriers.with_public_text().order_by("network_id", "pk"), user=request.user)
