"""The public calendar: a month grid and a paginated list of events, filtered by edition, network, participant,
kind and level, and the iCalendar feeds of a network, a participant and a person.

The pages show the events the visitor may see (`EventQuerySet.visible_to()`, the `events.view_event` rule):
public ones to everyone, and to a signed-in person also the private ones of their roles and registrations,
marked as not public. The public feeds of a network and a participant carry public events only, whoever asks
(`calendar_events()`). Events whose day the sources do not state are never put on a day: the month view lists
those of its month ("May 2022, day unknown") and of its year under the grid, and the list groups them under
their month, their year or "date unknown".
Every page reads a bounded number of rows: the month view only its month (at most `MONTH_EVENT_LIMIT`),
the list one page, each feed at most `pim.events.ical.FEED_EVENT_LIMIT` events.
"""

from __future__ import annotations

import calendar
import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Case, F, Q, QuerySet, Subquery, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pim.core.forms import LenientFilterForm
from pim.events.models import LIST_ORDER, Event
from pim.places.models import Participant
from pim.programmes.models import Edition, EditionFigure, ThematicNetwork

LIST_PER_PAGE = 50
# A month of the national bench data holds a few hundred events; the grid reads at most this many (as rows of
# values, cheap) and says so beyond.
MONTH_EVENT_LIMIT = 1000
# A day cell lists this many events and counts the rest, which the month's list shows in full.
EVENTS_PER_DAY = 4
FIRST_YEAR, LAST_YEAR = 1990, 2100
# The figures stated for meetings whose dates the sources do not give (the pilot's 4 joint and 16 network
# meetings): the calendar shows them as counts, never as invented events.
MEETING_FIGURES = (
    EditionFigure.Key.JOINT_MEETINGS, EditionFigure.Key.NETWORK_MEETINGS, EditionFigure.Key.NETWORK_MEETING_CITIES,
)
MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")
ANY = ("", _("any"))
# What a row of the list shows.
LIST_FIELDS = ("pk", "title", "sequence_number", "kind", "place", "is_online", "is_demo", "is_public", "cancelled_at",
               "date_precision", "starts_on", "ends_on", "network__name", "host__name", "edition__short_name")
PUBLIC, PRIVATE = "public", "private"


def calendar_events() -> QuerySet[Event]:
    """What the public feeds may show: public events only, whoever asks."""
    return Event.objects.public()


def month_bounds(year: int, month: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, month, 1), datetime.date(year, month, calendar.monthrange(year, month)[1])


def in_month(events: QuerySet[Event], first: datetime.date, last: datetime.date) -> QuerySet[Event]:
    """Day-dated events touching the month: starting in it, or starting before and ending in or after it."""
    return events.filter(date_precision=Event.DatePrecision.DAY).filter(
        Q(starts_on__range=(first, last)) | Q(starts_on__lt=first, ends_on__gte=first)
    )


@dataclass(frozen=True, slots=True)
class NetworkChoice:
    pk: int
    slug: str
    name: str
    edition_short_name: str


class CalendarFilterForm(LenientFilterForm):
    """The calendar's GET filters. Like the portal's lists, a bad value is dropped with a notice, not refused."""

    edition = forms.ChoiceField(label=_("Edition"), required=False)
    network = forms.ChoiceField(label=_("Network"), required=False)
    participant = forms.CharField(
        label=_("Participant (city)"), required=False, max_length=120,
        help_text=_("The participant's address name (as in its page's address) or its full name."),
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[ANY, *Event.Kind.choices])
    level = forms.ChoiceField(label=_("Level"), required=False, choices=[ANY, *Event.Level.choices])
    month = forms.CharField(label=_("Month (YYYY-MM)"), required=False, max_length=7)
    # Added for signed-in people only (`with_visibility`): anonymous visitors see public events alone.
    visibility = forms.ChoiceField(
        label=_("Visibility"), required=False, choices=[ANY, (PUBLIC, _("public only")), (PRIVATE, _("not public only"))]
    )

    def __init__(self, data: Any, *, editions: Iterable[Edition], networks: Iterable[NetworkChoice],
                 with_visibility: bool = False, **kwargs: Any):
        super().__init__(data, **kwargs)
        if not with_visibility:
            del self.fields["visibility"]
        self.editions = {e.slug: e for e in editions}
        self.networks = {n.slug: n for n in networks}
        self.fields["edition"].choices = [ANY, *((e.slug, e.name) for e in self.editions.values())]
        self.fields["network"].choices = [
            ANY, *((n.slug, f"{n.name} ({n.edition_short_name})") for n in self.networks.values())
        ]

    def clean_participant(self) -> Participant | None:
        value = self.cleaned_data["participant"].strip()
        if not value:
            return None
        # An exact address name wins over a name that several participants may share (the oldest record then).
        participant = (
            Participant.objects.filter(Q(slug=value) | Q(name__iexact=value))
            .order_by(Case(When(slug=value, then=0), default=1), "pk").first()
        )
        if participant is None:
            raise ValidationError(_("No participant is called “%(value)s”."), params={"value": value})
        return participant

    def clean_month(self) -> tuple[int, int] | None:
        value = self.cleaned_data["month"].strip()
        if not value:
            return None
        match = MONTH_PATTERN.match(value)
        if not match or not 1 <= int(match[2]) <= 12 or not FIRST_YEAR <= int(match[1]) <= LAST_YEAR:
            raise ValidationError(_("Write the month as YYYY-MM, e.g. 2022-05."))
        return int(match[1]), int(match[2])

    def notices(self) -> list[tuple[str, str]]:
        """(element id, text) per filter ignored because its value is not known or not valid."""
        self.is_valid()
        return [
            (
                f"{self[name].auto_id}_error",
                gettext("The filter “%(filter)s” was ignored: %(problem)s")
                % {"filter": self.fields[name].label, "problem": " ".join(errors)},
            )
            for name, errors in self.errors.items()
        ]

    def apply(self, events: QuerySet[Event]) -> QuerySet[Event]:
        """The events matching the valid filters; the month filter is the list view's business."""
        filters = self.filters()
        if "edition" in filters:
            events = events.filter(edition_id=self.editions[filters["edition"]].pk)
        if "network" in filters:
            events = events.filter(network_id=self.networks[filters["network"]].pk)
        if participant := filters.get("participant"):
            events = of_participant(events, participant)
        if "kind" in filters:
            events = events.filter(kind=filters["kind"])
        if "level" in filters:
            events = events.filter(level=filters["level"])
        if "visibility" in filters:
            events = events.filter(is_public=filters["visibility"] == PUBLIC)
        return events

    def filter_rows(self) -> list[tuple[Any, SafeString | None]]:
        """(bound field, its <select> as HTML or None) for each filter the form shows.

        The menus are built here in one pass: Django renders each <option> through a template, and the
        network menu's 200 options on the national data cost more than the rest of the page.
        """
        self.is_valid()
        rows = []
        for name in ("edition", "network", "participant", "kind", "level", "visibility"):
            if name not in self.fields:
                continue
            field = self[name]
            html = None
            if isinstance(field.field, forms.ChoiceField):
                chosen = str(self.data.get(name, ""))
                options = format_html_join(
                    "", '<option value="{}"{}>{}</option>',
                    ((value, mark_safe(" selected") if str(value) == chosen else "", label)
                     for value, label in field.field.choices),
                )
                invalid = (format_html(' aria-invalid="true" aria-describedby="{}_error"', field.auto_id)
                           if field.errors else "")
                html = format_html('<select name="{}" id="{}"{}>{}</select>', name, field.auto_id, invalid, options)
            rows.append((field, html))
        return rows

    def query(self, **changes: str) -> str:
        """The valid filters as a query string, with `changes`; for links that keep the filters."""
        self.is_valid()
        params = {name: self.data.get(name, "") for name in self.fields if name not in self.errors}
        params.update(changes)
        return urlencode({name: value for name, value in params.items() if value})


def of_participant(events: QuerySet[Event], participant: Participant) -> QuerySet[Event]:
    """Events the participant hosts or of networks it belongs or belonged to."""
    networks = participant.memberships.order_by().values("network_id")
    return events.filter(Q(host=participant) | Q(network_id__in=Subquery(networks)))


def _filter_form(request: HttpRequest) -> CalendarFilterForm:
    editions = list(Edition.objects.order_by("start_year", "pk").only("slug", "name", "short_name", "start_year"))
    # A chosen edition narrows the network menu to its networks (the national data has 200); read as values.
    chosen = next((e for e in editions if e.slug == request.GET.get("edition")), None)
    networks = ThematicNetwork.objects.order_by("edition__start_year", "name", "pk")
    if chosen is not None:
        networks = networks.filter(edition=chosen)
    choices = [NetworkChoice(*row) for row in networks.values_list("pk", "slug", "name", "edition__short_name")]
    return CalendarFilterForm(request.GET, editions=editions, networks=choices,
                              with_visibility=request.user.is_authenticated)


def _meeting_figures(form: CalendarFilterForm) -> list[EditionFigure]:
    figures = EditionFigure.objects.filter(key__in=MEETING_FIGURES).select_related("edition")
    if edition := form.filters().get("edition"):
        figures = figures.filter(edition_id=form.editions[edition].pk)
    return list(figures.order_by("edition__start_year", "edition_id", "key"))


def _event_urls(events: Iterable[Event]) -> None:
    """Give each event its `url` (its `get_absolute_url()`) at the cost of one reverse() for all of them."""
    marker = 987654321
    prefix, suffix = Event(pk=marker).get_absolute_url().split(str(marker))
    for event in events:
        event.url = f"{prefix}{event.pk}{suffix}"


# --- the month view -------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class GridEvent:
    """An event as the month view shows it: read as a row of values, not a model instance (a busy month has
    hundreds, and instances with their text columns cost most of the page)."""

    pk: int
    label: str
    is_demo: bool
    is_public: bool
    is_cancelled: bool
    starts_on: datetime.date
    ends_on: datetime.date | None
    date_precision: str
    kind_label: str
    place_label: str
    url: str


@dataclass
class Day:
    date: datetime.date
    in_month: bool
    is_today: bool
    events: list[GridEvent] = field(default_factory=list)
    more: int = 0


def _month_events(events: QuerySet[Event], first: datetime.date, last: datetime.date) -> list[GridEvent]:
    """In one read: the day-dated events touching the month, those known only by this month, and those known
    only by this year; at most `MONTH_EVENT_LIMIT` + 1 of them."""
    marker = 987654321
    prefix, suffix = Event(pk=marker).get_absolute_url().split(str(marker))
    kinds = {value: str(label) for value, label in Event.Kind.choices}
    month_or_year = Q(date_precision=Event.DatePrecision.MONTH, starts_on__range=(first, last)) | Q(
        date_precision=Event.DatePrecision.YEAR, starts_on__year=first.year
    )
    rows = (in_month(events, first, last) | events.filter(month_or_year)).order_by(*LIST_ORDER).values_list(
        "pk", "title", "sequence_number", "is_demo", "is_public", "starts_on", "ends_on", "date_precision", "kind",
        "place", "is_online", "cancelled_at",
    )[: MONTH_EVENT_LIMIT + 1]
    day = Event.DatePrecision.DAY
    return [
        GridEvent(
            pk=pk, label=f"{title} #{number}" if number else title, is_demo=is_demo, is_public=is_public,
            is_cancelled=cancelled_at is not None,
            starts_on=starts_on, ends_on=ends_on, date_precision=precision,
            # Only the lists under the grid show the kind and the place; a day cell shows the title.
            kind_label="" if precision == day else kinds.get(kind, kind),
            place_label="" if precision == day else Event.place_label.fget(
                SimpleNamespace(place=place, is_online=is_online)
            ),
            url=f"{prefix}{pk}{suffix}",
        )
        for pk, title, number, is_demo, is_public, starts_on, ends_on, precision, kind, place, is_online, cancelled_at in rows
    ]


def _weeks(year: int, month: int, events: list[GridEvent], first: datetime.date, last: datetime.date) -> list[list[Day]]:
    """The month's weeks, Monday first, each day with the events on it (a multi-day event on each of its days)."""
    today = timezone.localdate()
    days = {
        date: Day(date=date, in_month=date.month == month, is_today=date == today)
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month) for date in week
    }
    for event in events:
        start, end = max(event.starts_on, first), min(event.ends_on or event.starts_on, last)
        for offset in range((end - start).days + 1):
            day = days[start + datetime.timedelta(days=offset)]
            if len(day.events) < EVENTS_PER_DAY:
                day.events.append(event)
            else:
                day.more += 1
    ordered = list(days.values())
    return [ordered[i:i + 7] for i in range(0, len(ordered), 7)]


def _weekday_names() -> list[str]:
    monday = datetime.date(2024, 1, 1)
    return [date_format(monday + datetime.timedelta(days=i), "l") for i in range(7)]


def calendar_month(request: HttpRequest, year: int | None = None, month: int | None = None) -> HttpResponse:
    if year is None or month is None:
        today = timezone.localdate()
        year, month = today.year, today.month
    if not (1 <= month <= 12 and FIRST_YEAR <= year <= LAST_YEAR):
        raise Http404(gettext("There is no such month in the calendar."))
    form = _filter_form(request)
    events = form.apply(Event.objects.visible_to(request.user))
    first, last = month_bounds(year, month)
    month_events = _month_events(events, first, last)
    too_many = len(month_events) > MONTH_EVENT_LIMIT
    del month_events[MONTH_EVENT_LIMIT:]
    on_days = [e for e in month_events if e.date_precision == Event.DatePrecision.DAY]
    previous = first - datetime.timedelta(days=1)
    following = last + datetime.timedelta(days=1)
    month_query = form.query(month=f"{year:04d}-{month:02d}")
    context = {
        "form": form,
        "notices": [(i, t) for i, t in form.notices() if not i.endswith("month_error")],
        "first": first,
        "weeks": _weeks(year, month, on_days, first, last),
        "weekdays": _weekday_names(),
        "event_count": len(on_days),
        "too_many": too_many,
        "month_limit": MONTH_EVENT_LIMIT,
        "month_undated": [e for e in month_events if e.date_precision == Event.DatePrecision.MONTH],
        "year_undated": [e for e in month_events if e.date_precision == Event.DatePrecision.YEAR],
        "filter_query": form.query(month=""),
        "previous_url": _month_url(previous, form),
        "next_url": _month_url(following, form),
        "list_url": f"{reverse('calendar:list')}?{month_query}",
        "figures": _meeting_figures(form),
        "feeds": _feeds(form),
    }
    template = "events/calendar_month.html#results" if request.htmx else "events/calendar_month.html"
    return _render(request, template, context)


def _month_url(day: datetime.date, form: CalendarFilterForm) -> str:
    url = reverse("calendar:month", args=[day.year, day.month])
    query = form.query(month="")
    return f"{url}?{query}" if query else url


def _feeds(form: CalendarFilterForm) -> list[tuple[str, str]]:
    """(label, address) of the iCalendar feeds matching the chosen network or participant."""
    filters = form.filters()
    feeds = []
    if network := filters.get("network"):
        feeds.append((
            gettext("Calendar of the network %(name)s (iCalendar)") % {"name": form.networks[network].name},
            reverse("calendar:network_feed", args=[network]),
        ))
    if participant := filters.get("participant"):
        feeds.append((
            gettext("Calendar of %(name)s (iCalendar)") % {"name": participant.name},
            reverse("calendar:participant_feed", args=[participant.slug]),
        ))
    return feeds


# --- the list view --------------------------------------------------------------------------------------

@dataclass
class Group:
    """The events of one page sharing a heading: a month, a year whose month is unknown, or no known date."""

    heading: str
    events: list[Event] = field(default_factory=list)


def group_heading(event: Event) -> str:
    if event.starts_on is None or event.date_precision == Event.DatePrecision.UNKNOWN:
        return gettext("Date unknown")
    if event.date_precision == Event.DatePrecision.YEAR:
        return gettext("%(year)s, month unknown") % {"year": event.starts_on.year}
    return date_format(event.starts_on, "F Y").capitalize()


def _groups(events: Iterable[Event]) -> list[Group]:
    groups: list[Group] = []
    for event in events:
        heading = group_heading(event)
        if not groups or groups[-1].heading != heading:
            groups.append(Group(heading=heading))
        groups[-1].events.append(event)
    return groups


def _page(request: HttpRequest, events: QuerySet) -> tuple[Page, list[tuple[str, str]]]:
    paginator = Paginator(events, LIST_PER_PAGE)
    raw = request.GET.get("page", "1")
    try:
        number = int(raw)
    except ValueError:
        return paginator.page(1), [("", gettext("“%(page)s” is not a page number; showing the first page.")
                                    % {"page": raw})]
    if number < 1:
        return paginator.page(1), [("", gettext("Page numbers start at 1; showing the first page."))]
    if number > paginator.num_pages:
        return paginator.page(paginator.num_pages), [
            ("", gettext("There is no page %(page)s; showing the last page.") % {"page": number})
        ]
    return paginator.page(number), []


def calendar_list(request: HttpRequest) -> HttpResponse:
    form = _filter_form(request)
    events = form.apply(Event.objects.visible_to(request.user))
    month = form.filters().get("month")
    if month:
        first, last = month_bounds(*month)
        events = in_month(events, first, last) | events.filter(
            date_precision=Event.DatePrecision.MONTH, starts_on__range=(first, last)
        )
    # Date order, undated events last. On a shared date an event known only by its year comes first (it opens
    # its year's group), then those dated to the day, then those known only by their month.
    rank = Case(
        When(date_precision=Event.DatePrecision.YEAR, then=0), When(date_precision=Event.DatePrecision.DAY, then=1),
        default=2,
    )
    ordered = events.order_by(F("starts_on").asc(nulls_last=True), rank, "kind", "sequence_number", "pk")
    # The page is picked among ids only, then its rows are read with what they show: sorting the joined rows
    # of every event (20,000 on the bench data) cost ten times as much.
    page, page_notices = _page(request, ordered.values_list("pk", flat=True))
    pks = list(page.object_list)
    rows = Event.objects.filter(pk__in=pks).select_related("network", "host", "edition").only(*LIST_FIELDS)
    by_pk = {event.pk: event for event in rows}
    page_events = [by_pk[pk] for pk in pks]
    _event_urls(page_events)
    query = form.query()
    context = {
        "form": form,
        "notices": form.notices() + page_notices,
        "page_obj": page,
        "groups": _groups(page_events),
        "page_query": f"{query}&" if query else "",
        "month": datetime.date(*month, 1) if month else None,
        "month_url": _month_url(datetime.date(*month, 1), form) if month else "",
        "filter_query": query,
        "figures": _meeting_figures(form),
        "feeds": _feeds(form),
    }
    template = "events/calendar_list.html#results" if request.htmx else "events/calendar_list.html"
    return _render(request, template, context)


def _render(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    response = render(request, template, context)
    # A signed-in person's calendar holds the private events of their roles: no shared cache may keep it.
    if request.user.is_authenticated:
        patch_cache_control(response, private=True)
    return response
