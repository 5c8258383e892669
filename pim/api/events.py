"""Events of the programme (workshops, joint meetings, study visits…): /api/v1/events and /api/v1/events/{id}.

Only public events are ever answered (`Event.objects.public()`), to everyone alike: a private event is a 404
even for its organisers, so the online link is never given away. A cancelled event stays listed, with
`cancelled` and `cancelled_at`; who cancelled it is not said. Registrations, attendance, minutes and
every other personal datum stay out of the API.
"""

# No `from __future__ import annotations` here: ninja reads the views' parameter annotations at import
# time, and a string annotation such as `Query[Filters]` leaves its query model undefined (PydanticUserError).

import datetime

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
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
    get_for_user_or_404,
)
from pim.api.plans import MAX_ID
from pim.events.models import AgendaItem, Event

router = Router(tags=["events"])

EventKind = choice_type(Event.Kind)
DatePrecision = choice_type(Event.DatePrecision)
EventLevel = choice_type(Event.Level)


class EventOut(SourcedOut):
    id: int
    kind: EventKind
    level: EventLevel = Field(..., description="`edition`, `network` or `lp` (a Local Partnership's meeting).")
    title: str
    sequence_number: int | None = Field(
        ..., description="The event's number in its series: its kind within the network, the edition or the host city."
    )
    edition: EditionRef
    network: NetworkRef | None = Field(..., description="Empty for edition-level events.")
    host: ParticipantRef | None
    place: str
    is_online: bool
    online_link: str = Field(..., description="The online meeting's address (empty if none).")
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    start_time: datetime.time | None = Field(..., description="Local time (Europe/Warsaw), when known.")
    end_time: datetime.time | None
    date_precision: DatePrecision = Field(
        ..., description="How much of `starts_on` the sources state: with `month`, only year and month count."
    )
    description: str
    cancelled: bool = Field(..., description="Whether the organisers called the event off; it stays listed.")
    cancelled_at: datetime.datetime | None = Field(..., description="When it was cancelled (empty if it is not).")

    @staticmethod
    def resolve_cancelled(obj: Event) -> bool:
        return obj.is_cancelled


class AgendaItemOut(Schema):
    order: int
    day: datetime.date | None = Field(..., description="For events of several days.")
    time: datetime.time | None
    title: str
    speaker: str = Field(..., description="Speaker or lead, as the organiser wrote it (empty if none).")
    description: str


class EventDetailOut(EventOut):
    agenda: list[AgendaItemOut] = Field(..., description="The programme, in order.")

    @staticmethod
    def resolve_agenda(obj: Event) -> list[AgendaItem]:
        return list(obj.agenda_items.all())


class EventFilters(Schema):
    edition: Slug | None = Field(None, description="Edition slug.")
    network: Slug | None = Field(None, description="Network slug.")
    host: Slug | None = Field(None, description="Slug of the hosting participant.")
    kind: EventKind | None = None


@router.get("/events", response={200: list[EventOut], **LIST_ERRORS}, summary="List events")
@paginate(Page)
def event_list(request: HttpRequest, filters: Query[EventFilters]) -> QuerySet[Event]:
    events = Event.objects.public().for_list()
    if filters.edition:
        events = events.filter(edition__slug=filters.edition)
    if filters.network:
        events = events.filter(network__slug=filters.network)
    if filters.host:
        events = events.filter(host__slug=filters.host)
    if filters.kind:
        events = events.filter(kind=filters.kind)
    return events


@router.get("/events/{id}", response={200: EventDetailOut, **DETAIL_ERRORS}, summary="One event with its agenda")
def event_detail(request: HttpRequest, id: int = Path(..., ge=1, le=MAX_ID, description="Event id.")) -> Event:
    events = Event.objects.public().for_list().prefetch_related(
        Prefetch("agenda_items", queryset=AgendaItem.objects.order_by("order", "pk"))
    )
    return get_for_user_or_404(request, events, "public event", pk=id)
