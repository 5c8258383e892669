"""Editions, thematic networks and memberships: /api/v1/editions, /networks, /memberships."""

# No `from __future__ import annotations` here: ninja reads the views' parameter annotations at import
# time, and a string annotation such as `Query[Filters]` leaves its query model undefined (PydanticUserError).

import datetime
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import paginate

from pim.api.common import (
    DETAIL_ERRORS,
    LIST_ERRORS,
    SLUG_PATTERN,
    EditionRef,
    NetworkRef,
    Page,
    ParticipantRef,
    Slug,
    SourcedOut,
    choice_type,
    get_for_user_or_404,
)
from pim.programmes.models import (
    Edition,
    EditionFigure,
    EditionParticipant,
    Membership,
    ProductKind,
    ThematicNetwork,
)

router = Router(tags=["programmes"])

EditionState = choice_type(Edition.State)
NetworkType = choice_type(ThematicNetwork.Type)
MembershipRole = choice_type(Membership.Role)
FigureKey = choice_type(EditionFigure.Key)
FigureQualifier = choice_type(EditionFigure.Qualifier)
ProductKindValue = choice_type(ProductKind)


class InstitutionRef(Schema):
    slug: str
    name: str
    short_name: str


class EditionOut(SourcedOut):
    slug: str
    name: str
    short_name: str
    start_year: int
    end_year: int
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    state: EditionState
    network_count: int
    participant_count: int = Field(..., description="Distinct participants with a membership in the edition.")


class EditionNetworkOut(NetworkRef):
    type: NetworkType


class ProductOut(Schema):
    kind: ProductKindValue
    deadline: datetime.date | None
    note: str


class FigureOut(Schema):
    key: FigureKey
    value: int
    qualifier: FigureQualifier
    note: str


class EditionDetailOut(EditionOut):
    programme: str
    description: str
    owner: InstitutionRef | None
    strategic_partner: InstitutionRef | None
    networks: list[EditionNetworkOut]
    participants_without_network: list[ParticipantRef] = Field(
        ..., description="Participants the sources place in the edition without naming their network."
    )
    products: list[ProductOut]
    figures: list[FigureOut] = Field(
        ..., description="Numbers the sources state about the edition, as stated."
    )

    @staticmethod
    def resolve_programme(obj: Any) -> str:
        return obj.programme.name

    @staticmethod
    def resolve_networks(obj: Any) -> list[Any]:
        return obj.networks.all()

    @staticmethod
    def resolve_participants_without_network(obj: Any) -> list[Any]:
        return [row.participant for row in obj.participants_without_network.all()]

    @staticmethod
    def resolve_products(obj: Any) -> list[Any]:
        return obj.products.all()

    @staticmethod
    def resolve_figures(obj: Any) -> list[Any]:
        return obj.figures.all()


def _editions() -> QuerySet[Edition]:
    return Edition.objects.with_counts().order_by("-start_year", "pk")


@router.get("/editions", response={200: list[EditionOut], **LIST_ERRORS}, summary="List editions")
@paginate(Page)
def edition_list(request: HttpRequest) -> QuerySet[Edition]:
    return _editions()


@router.get("/editions/{slug}", response={200: EditionDetailOut, **DETAIL_ERRORS}, summary="One edition")
def edition_detail(
    request: HttpRequest, slug: str = Path(..., pattern=SLUG_PATTERN, max_length=50)
) -> Edition:
    editions = (
        _editions()
        .select_related("programme", "owner", "strategic_partner")
        .prefetch_related(
            Prefetch("networks", queryset=ThematicNetwork.objects.order_by("name", "pk")),
            Prefetch("participants_without_network", queryset=EditionParticipant.objects.for_list()),
            "products",
            "figures",
        )
    )
    return get_for_user_or_404(request, editions, "edition", slug=slug)


class NetworkOut(SourcedOut):
    slug: str
    name: str
    short_name: str
    type: NetworkType
    theme: str
    edition: EditionRef
    member_count: int = Field(..., description="Distinct participants that are or were members.")
    current_leads: list[ParticipantRef] = Field(
        ..., description="Participants leading the network now (usually one; empty if the lead is unknown)."
    )

    @staticmethod
    def resolve_current_leads(obj: Any) -> list[Any]:
        return [membership.participant for membership in obj.current_leads]


class NetworkMemberOut(Schema):
    participant: ParticipantRef
    role: MembershipRole
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    ended: bool


class NetworkDetailOut(NetworkOut):
    description: str
    classifications: dict[str, Any]
    members: list[NetworkMemberOut] = Field(..., description="Every membership, current and ended.")

    @staticmethod
    def resolve_members(obj: Any) -> list[Any]:
        return obj.member_list


class NetworkFilters(Schema):
    edition: Slug | None = Field(None, description="Edition slug.")
    type: NetworkType | None = None


def _networks() -> QuerySet[ThematicNetwork]:
    return (
        ThematicNetwork.objects.select_related("edition")
        .with_member_counts()
        .with_current_leads()
        .order_by("-edition__start_year", "name", "pk")
    )


@router.get("/networks", response={200: list[NetworkOut], **LIST_ERRORS}, summary="List thematic networks")
@paginate(Page)
def network_list(request: HttpRequest, filters: Query[NetworkFilters]) -> QuerySet[ThematicNetwork]:
    networks = _networks()
    if filters.edition:
        networks = networks.filter(edition__slug=filters.edition)
    if filters.type:
        networks = networks.filter(type=filters.type)
    return networks


@router.get(
    "/networks/{slug}", response={200: NetworkDetailOut, **DETAIL_ERRORS}, summary="One thematic network"
)
def network_detail(
    request: HttpRequest, slug: str = Path(..., pattern=SLUG_PATTERN, max_length=120)
) -> ThematicNetwork:
    return get_for_user_or_404(request, _networks().with_members(), "network", slug=slug)


class MembershipOut(Schema):
    id: int
    network: NetworkRef
    edition: EditionRef
    participant: ParticipantRef
    role: MembershipRole
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    ended: bool = Field(..., description="The membership ended; its end date may be unknown.")
    is_demo: bool

    @staticmethod
    def resolve_edition(obj: Any) -> Any:
        return obj.network.edition


class MembershipFilters(Schema):
    network: Slug | None = Field(None, description="Network slug.")
    participant: Slug | None = Field(None, description="Participant slug.")
    edition: Slug | None = Field(None, description="Edition slug.")
    role: MembershipRole | None = None


@router.get(
    "/memberships",
    response={200: list[MembershipOut], **LIST_ERRORS},
    summary="List memberships",
    description=(
        "Filtered by `network` or `participant`, the memberships come newest edition first, then by network "
        "name, role and participant name. Otherwise they come in the order they were recorded (by `id`), "
        "which stays stable from page to page: sorting every membership by names in four tables on each "
        "request made the unfiltered list the slowest of the API."
    ),
)
@paginate(Page)
def membership_list(request: HttpRequest, filters: Query[MembershipFilters]) -> QuerySet[Membership]:
    memberships = Membership.objects.select_related("participant", "network__edition")
    if filters.network or filters.participant:
        memberships = memberships.order_by(
            "-network__edition__start_year", "network__name", "role", "participant__name", "pk"
        )
    else:
        memberships = memberships.order_by("pk")
    if filters.network:
        memberships = memberships.filter(network__slug=filters.network)
    if filters.participant:
        memberships = memberships.filter(participant__slug=filters.participant)
    if filters.edition:
        memberships = memberships.filter(network__edition__slug=filters.edition)
    if filters.role:
        memberships = memberships.filter(role=filters.role)
    return memberships
