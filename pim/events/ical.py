"""iCalendar (RFC 5545) feeds of events, generated with the `icalendar` library, and the views serving them.

A feed holds the events whose day the sources state (an event known only by its month or year cannot be
put in a calendar app without inventing a day): the coming ones, then the past ones of the last
`FEED_DAYS_BACK` days, at most `FEED_EVENT_LIMIT` in all (see `feed_events`). Each event keeps its UID across requests (`pim-event-<id>@…`), so calendar
apps update it in place. An event without times is an all-day event: DATE values, DTEND the day after
its last day (DTEND is exclusive). Times are local to Europe/Warsaw, whose VTIMEZONE the feed carries.
A cancelled event stays in the feed with `STATUS:CANCELLED` and the reason, the others are `CONFIRMED`.

The network and participant feeds are public and list public events only. The person feed lists the
events the person is registered for; calendar apps cannot log in, so its address holds a secret token
(`CalendarFeedToken`) and it is the only feed that carries online meeting links.
"""

from __future__ import annotations

import datetime
import functools
import secrets
from collections.abc import Iterable
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from icalendar import Calendar, Timezone
from icalendar import Event as VEvent

from pim.events.calendar import calendar_events, of_participant
from pim.events.models import CalendarFeedToken, Event
from pim.events.models.feed import token_hash
from pim.places.access import get_participant_for_user
from pim.programmes.access import get_network_for_user, get_person_for_user
from pim.programmes.models import Person
from pim.programmes.rules import is_own_person

TZID = "Europe/Warsaw"
ZONE = ZoneInfo(TZID)
FEED_DAYS_BACK = 365
FEED_EVENT_LIMIT = 100
PRODID = "-//Partnerska Inicjatywa Miast//Platforma PIM//PL"
UID_DOMAIN = "partnerska-inicjatywa-miast"


@functools.cache
def _vtimezone() -> Timezone:
    # The transitions of the years feeds can hold; computing them takes ~1 ms, so once per process.
    return Timezone.from_tzid(TZID, first_date=datetime.date(2000, 1, 1), last_date=datetime.date(2040, 1, 1))


def event_uid(event: Event) -> str:
    return f"pim-event-{event.pk}@{UID_DOMAIN}"


def _times(event: Event) -> tuple[datetime.date | datetime.datetime, datetime.date | datetime.datetime | None]:
    """DTSTART and DTEND: dates for an all-day event (end exclusive), local date-times when a start time is set."""
    last_day = event.ends_on or event.starts_on
    if event.start_time is None:
        return event.starts_on, last_day + datetime.timedelta(days=1)
    start = datetime.datetime.combine(event.starts_on, event.start_time, tzinfo=ZONE)
    if event.end_time is not None:
        end = datetime.datetime.combine(last_day, event.end_time, tzinfo=ZONE)
        return start, end if end > start else None
    if last_day > event.starts_on:
        return start, datetime.datetime.combine(last_day + datetime.timedelta(days=1), datetime.time(), tzinfo=ZONE)
    return start, None


def build_calendar(events: Iterable[Event], *, name: str, base_url: str, with_links: bool = False) -> bytes:
    """The events as an iCalendar file; `base_url` makes the events' addresses absolute.

    `with_links` adds each event's online meeting link (the person feed only: the link is for guests).
    """
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", TZID)
    calendar.add_component(_vtimezone())
    stamp = timezone.now()
    kinds = {value: str(label) for value, label in Event.Kind.choices}
    demo_note = gettext("Demo content, not part of the programme's real history")
    for event in events:
        vevent = VEvent()
        vevent.add("uid", event_uid(event))
        vevent.add("dtstamp", stamp)
        start, end = _times(event)
        vevent.add("dtstart", start)
        if end is not None:
            vevent.add("dtend", end)
        vevent.add("summary", str(event))
        # Calendar apps strike a cancelled event out (or drop it) when the feed next updates it by its UID.
        vevent.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
        url = f"{base_url}{event.get_absolute_url()}"
        vevent.add("url", url)
        if location := event.place_label:
            vevent.add("location", location)
        # Demo content says so first: a calendar app shows the description, rarely a COMMENT.
        description = [demo_note] if event.is_demo else []
        if event.is_cancelled:
            description.append(gettext("Cancelled: %(reason)s") % {"reason": event.cancellation_reason})
        if event.description:
            description.append(event.description)
        if with_links and event.online_link:
            description.append(gettext("Online meeting: %(link)s") % {"link": event.online_link})
        description.append(url)
        vevent.add("description", "\n\n".join(description))
        vevent.add("categories", [kinds.get(event.kind, event.kind)])
        calendar.add_component(vevent)
    return calendar.to_ical()


def feed_events(events: QuerySet[Event], *, today: datetime.date | None = None) -> list[Event]:
    """The events a feed carries, in date order: dated to the day, at most `FEED_EVENT_LIMIT` of them.

    The coming events first (today's on), then as many past ones of the last `FEED_DAYS_BACK` days as still
    fit, newest first: a busy participant's feed keeps what is ahead rather than last year's meetings.
    Two bounded queries; building each event costs ~0.5 ms in `icalendar`, so the limit keeps a feed fast.
    """
    today = today or timezone.localdate()
    dated = events.filter(date_precision=Event.DatePrecision.DAY, starts_on__isnull=False).select_related(
        "host", "network"
    )
    coming = list(dated.filter(starts_on__gte=today).order_by("starts_on", "pk")[:FEED_EVENT_LIMIT])
    room = FEED_EVENT_LIMIT - len(coming)
    since = today - datetime.timedelta(days=FEED_DAYS_BACK)
    past = list(
        dated.filter(starts_on__lt=today).filter(Q(starts_on__gte=since) | Q(ends_on__gte=since))
        .order_by("-starts_on", "-pk")[:room]
    ) if room else []
    return [*reversed(past), *coming]


def feed_response(request: HttpRequest, events: QuerySet[Event], *, name: str, filename: str,
                  with_links: bool = False) -> HttpResponse:
    base_url = f"{request.scheme}://{request.get_host()}"
    body = build_calendar(feed_events(events), name=name, base_url=base_url, with_links=with_links)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}.ics"'
    return response


def network_feed(request: HttpRequest, slug: str) -> HttpResponse:
    """The network's public events and its edition's edition-wide ones (joint meetings, conferences)."""
    network = get_network_for_user(request.user, slug)
    events = calendar_events().filter(Q(network=network) | Q(network__isnull=True, edition_id=network.edition_id))
    return feed_response(request, events, name=f"PIM: {network.name}", filename=network.slug)


def participant_feed(request: HttpRequest, slug: str) -> HttpResponse:
    """The public events the participant hosts or of the networks it belongs or belonged to."""
    participant = get_participant_for_user(request.user, slug)
    events = of_participant(calendar_events(), participant)
    return feed_response(request, events, name=f"PIM: {participant.name}", filename=participant.slug)


# --- the person's feed: a secret address ----------------------------------------------------------------

@transaction.atomic
def calendar_feed_token_renew(*, person: Person, by: Any) -> str:
    """A new secret feed address for the person's own registrations; the old one stops working.

    Returns the token, which is stored only as its hash: the caller shows it once.
    """
    if not is_own_person(by, person):
        raise PermissionDenied("events.renew_calendar_feed")
    token = secrets.token_urlsafe(32)
    feed, _created = CalendarFeedToken.objects.select_for_update().get_or_create(
        person=person, defaults={"token_hash": token_hash(token)}
    )
    feed.token_hash = token_hash(token)
    feed.full_clean()
    feed.save()
    return token


@transaction.atomic
def calendar_feed_token_revoke(*, person: Person, by: Any) -> None:
    if not is_own_person(by, person):
        raise PermissionDenied("events.revoke_calendar_feed")
    CalendarFeedToken.objects.filter(person=person).delete()


def person_events(person: Person) -> QuerySet[Event]:
    """The events the person is registered for, public or not: they are the person's guest events."""
    return Event.objects.filter(registrations__person=person)


def person_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The feed of the person holding the token; an unknown token is 404, like an unknown address."""
    feed = CalendarFeedToken.objects.select_related("person").filter(token_hash=token_hash(token)).first()
    if feed is None:
        raise Http404
    return feed_response(request, person_events(feed.person), name=gettext("PIM: my events"),
                         filename="pim-moje-wydarzenia", with_links=True)


def my_feed(request: HttpRequest) -> HttpResponse:
    """Where a person creates (or replaces, or removes) the secret address of their feed."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    person = getattr(request.user, "person", None)
    if person is not None:
        person = get_person_for_user(request.user, person.pk)
    feed_url = ""
    if request.method == "POST" and person is not None:
        if request.POST.get("action") == "revoke":
            calendar_feed_token_revoke(person=person, by=request.user)
            messages.success(request, gettext("The address was removed; calendar apps using it get nothing more."))
            return HttpResponseRedirect(reverse("calendar:my_feed"))
        token = calendar_feed_token_renew(person=person, by=request.user)
        feed_url = request.build_absolute_uri(reverse("calendar:person_feed", args=[token]))
    has_feed = person is not None and CalendarFeedToken.objects.filter(person=person).exists()
    return render(request, "events/calendar_feed.html", {
        "person": person, "feed_url": feed_url, "has_feed": has_feed,
        "registrations": person_events(person).count() if person is not None else 0,
    })
