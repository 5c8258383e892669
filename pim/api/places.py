"""Participants of the registry (cities, municipalities, unions, associations): /api/v1/participants."""

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
    VoivodeshipRef,
    choice_type,
    get_for_user_or_404,
)
from pim.places.models import Participant, SizeClass
from pim.programmes.models import Membership

router = Router(tags=["places"])

ParticipantKind = choice_type(Participant.Kind)
SizeClassValue = choice_type(SizeClass)
MembershipRole = choice_type(Membership.Role)


class ParticipantOut(Schema):
    slug: str
    name: str
    kind: ParticipantKind
    voivodeship: VoivodeshipRef | None
    teryt: str
    population: int | None
    size_class: SizeClassValue = Field(
        ...,
        description="From the population: small < 20,000 <= medium <= 100,000 < large; unknown without it.",
    )
    latitude: float | None
    longitude: float | None
    is_demo: bool
    url: str = Field(..., description="The participant's public page.")

    @staticmethod
    def resolve_url(obj: Any) -> str:
        return obj.get_absolute_url()


class ParticipantMembershipOut(Schema):
    network: NetworkRef
    edition: EditionRef
    role: MembershipRole
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    ended: bool

    @staticmethod
    def resolve_edition(obj: Any) -> Any:
        return obj.network.edition


class ParticipantDetailOut(ParticipantOut):
    population_source: str
    parent: ParticipantRef | None = Field(..., description="For a city unit: the city it belongs to.")
    editions: list[EditionRef] = Field(
        ...,
        description="PIM editions the participant took part in, oldest first; includes editions whose "
        "network the sources do not name.",
    )
    memberships: list[ParticipantMembershipOut] = Field(..., description="Newest edition first.")
    sources: list[str]

    @staticmethod
    def resolve_memberships(obj: Any) -> list[Any]:
        return obj.membership_list

    @staticmethod
    def resolve_sources(obj: Any) -> list[str]:
        return obj.source_keys


class ParticipantFilters(Schema):
    q: str | None = Field(
        None,
        max_length=100,
        # No NUL: PostgreSQL refuses it in a query parameter with a server error.
        pattern=r"^[^\x00]*$",
        description="Part of the name, ignoring case and Polish diacritics (`lodz` finds Łódź).",
    )
    voivodeship: Slug | None = Field(None, description="Voivodeship slug, e.g. `lubelskie`.")
    size_class: SizeClassValue | None = None
    kind: ParticipantKind | None = None
    edition: Slug | None = Field(
        None,
        description="Edition slug: only participants of that edition (also those without a known network).",
    )
    in_pim: bool | None = Field(
        None,
        description="`true`: only participants that took part in PIM (in a network, or placed in an edition "
        "without a known network); `false`: only the others. Without it: the whole registry.",
    )


@router.get("/participants", response={200: list[ParticipantOut], **LIST_ERRORS}, summary="List participants")
@paginate(Page)
def participant_list(request: HttpRequest, filters: Query[ParticipantFilters]) -> QuerySet[Participant]:
    # The same filters as the participant list page; its default (PIM participants only) is the
    # `in_pim=true` filter here, and without `in_pim` the API lists the whole registry.
    participants = Participant.objects.filter_by(
        voivodeship=filters.voivodeship or "",
        size_class=filters.size_class or "",
        kind=filters.kind or "",
        edition=filters.edition or "",
        q=filters.q or "",
        pim_only=filters.in_pim is True,
    )
    if filters.in_pim is False:
        participants = participants.exclude(pk__in=Participant.objects.in_pim().values("pk"))
    return participants.for_list()


@router.get(
    "/participants/{slug}", response={200: ParticipantDetailOut, **DETAIL_ERRORS}, summary="One participant"
)
def participant_detail(
    request: HttpRequest, slug: str = Path(..., pattern=SLUG_PATTERN, max_length=200)
) -> Participant:
    memberships = Prefetch(
        "memberships", queryset=Membership.objects.for_participant_page(), to_attr="membership_list"
    )
    participants = (
        Participant.objects.for_list().with_editions().select_related("parent").prefetch_related(memberships)
    )
    return get_for_user_or_404(request, participants, "participant", slug=slug)
