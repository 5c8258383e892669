"""Events of the programme (workshops, joint meetings, study visits…): /api/v1/events."""

# No `from __future__ import annotations` here: ninja reads the views' parameter annotations at import
# time, and a string annotation such as `Query[Filters]` leaves its query model undefined (PydanticUserError).

import datetime

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from pim.api.common import (
    LIST_ERRORS,
    EditionRef,
    NetworkRef,
    Page,
    ParticipantRef,
    Slug,
    SourcedOut,
    choice_type,
)
from pim.events.models import Event

router = Router(tags=["events"])

EventKind = choice_type(Event.Kind)
DatePrecision = choice_type(Event.DatePrecision)


class EventOut(SourcedOut):
    id: int
    kind: EventKind
    title: str
    sequence_number: int | None
    edition: EditionRef
    network: NetworkRef | None = Field(..., description="Empty for edition-level events.")
    host: ParticipantRef | None
    place: str
    is_online: bool
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    date_precision: DatePrecision = Field(
        ..., description="How much of `starts_on` the sources state: with `month`, only year and month count."
    )
    description: str


class EventFilters(Schema):
    edition: Slug | None = Field(None, description="Edition slug.")
    network: Slug | None = Field(None, description="Network slug.")
    host: Slug | None = Field(None, description="Slug of the hosting participant.")
    kind: EventKind | None = None


@router.get("/events", response={200: list[EventOut], **LIST_ERRORS}, summary="List events")
@paginate(Page)
def event_list(request: HttpRequest, filters: Query[EventFilters]) -> QuerySet[Event]:
    events = Event.objects.for_list()
    if filters.edition:
        events = events.filter(edition__slug=filters.edition)
    if filters.network:
        events = events.filter(network__slug=filters.network)
    if filters.host:
        events = events.filter(host__slug=filters.host)
    if filters.kind:
        events = events.filter(kind=filters.kind)
    return events
