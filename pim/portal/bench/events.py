"""The events scenario: 20,000 events with 400,000 attendance records and 60,000 Local Partnership members added
to the bench database, and the calendar, the event-heavy network and participant pages and the iCalendar
feeds timed on them.

Like the MID scenario (`mid.py`), the rows are added by `ensure_events()` after the dataset is built or
reused, not by `synthetic.build()`, so the dataset's fingerprint does not change. The function is idempotent
(it finds the scenario by its events' title prefix), and every row is demo content named "Syntetyczn…".

The events fall between 2025 and 2027 in the networks of the four latest synthetic editions, so a month holds
a few hundred of them and the feeds (a year back, then what is ahead) are full while the bench is run in
2026-2027.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.urls import reverse

from pim.events.models import Attendance, CalendarFeedToken, Event, Registration
from pim.events.models.feed import token_hash
from pim.partnerships.models import Category, LocalPartnership, PartnershipMember
from pim.portal.bench.measure import Target
from pim.portal.bench.synthetic import LOREM, SOURCE_KEYS
from pim.programmes.models import Edition, Membership, Person, ThematicNetwork

TITLE_PREFIX = "Syntetyczne wydarzenie (benchmark)"
PERSON_PREFIX = "Syntetyczna osoba (wydarzenia)"
# The bench person's feed token: known, so the feed's address can be timed; it exists only in bench databases.
BENCH_TOKEN = "syntetyczny-token-benchmarku"
PAGE_BUDGET_MS = 50.0
FEED_BUDGET_MS = 200.0
BATCH = 5000
FIRST_DAY, LAST_DAY = datetime.date(2025, 1, 1), datetime.date(2027, 12, 31)
KINDS = (Event.Kind.NETWORK_WORKSHOP, Event.Kind.ONLINE_MEETING, Event.Kind.STUDY_VISIT, Event.Kind.LP_MEETING)


@dataclass(frozen=True)
class EventsSize:
    events: int
    attendance_per_event: int
    lp_members: int
    members_per_partnership: int = 100
    people: int = 2000
    # The registrations of the person whose feed is timed.
    feed_registrations: int = 300
    editions: int = 4


NATIONAL_EVENTS = EventsSize(events=20_000, attendance_per_event=20, lp_members=60_000)
# On the small dataset, for the "same query count" comparison.
SMALL_EVENTS = EventsSize(events=200, attendance_per_event=5, lp_members=300, people=50, feed_registrations=20,
                          editions=2)


def ensure_events(size: EventsSize) -> None:
    """Add the scenario's rows to the current bench database, once."""
    if Event.objects.filter(title__startswith=TITLE_PREFIX, is_demo=True).exists():
        return
    with transaction.atomic():
        _create(size)


def _create(size: EventsSize) -> None:
    editions = list(Edition.objects.order_by("-start_year", "-pk")[: size.editions])
    networks = list(ThematicNetwork.objects.filter(edition__in=editions).order_by("pk"))
    if not networks:
        raise LookupError("The bench database has no networks to add events to.")
    members: dict[int, list[int]] = {}
    for network_id, participant_id in (
        Membership.objects.filter(network__in=networks).order_by("network_id", "pk")
        .values_list("network_id", "participant_id")
    ):
        members.setdefault(network_id, []).append(participant_id)
    span = (LAST_DAY - FIRST_DAY).days
    events = []
    for i in range(size.events):
        network = networks[i % len(networks)]
        kind = KINDS[i % len(KINDS)]
        hosts = members.get(network.pk) or [None]
        host_id = None if kind == Event.Kind.ONLINE_MEETING else hosts[(i // len(networks)) % len(hosts)]
        starts_on = FIRST_DAY + datetime.timedelta(days=(i * 37) % span)
        timed = i % 3 == 0
        events.append(Event(
            kind=kind, title=f"{TITLE_PREFIX} {i + 1:05d}", edition_id=network.edition_id, network=network,
            level=Event.Level.LOCAL_PARTNERSHIP if kind == Event.Kind.LP_MEETING else Event.Level.NETWORK,
            host_id=host_id, place="Syntetyczne miasto", is_online=kind == Event.Kind.ONLINE_MEETING,
            starts_on=starts_on, ends_on=starts_on + datetime.timedelta(days=i % 3),
            start_time=datetime.time(10) if timed else None, end_time=datetime.time(14) if timed else None,
            # Some known only by their month, a few not public: both are filtered on the way to the pages.
            date_precision=Event.DatePrecision.MONTH if i % 50 == 49 else Event.DatePrecision.DAY,
            is_public=i % 20 != 19, description=LOREM, is_demo=True, sources=SOURCE_KEYS,
        ))
    events = Event.objects.bulk_create(events, batch_size=BATCH)
    people = Person.objects.bulk_create(
        [Person(name=f"{PERSON_PREFIX} {i:05d}", organisation="Syntetyczna instytucja", is_demo=True)
         for i in range(size.people)],
        batch_size=BATCH,
    )
    attendance = (
        Attendance(event_id=event.pk, person_id=people[(i * size.attendance_per_event + k) % len(people)].pk,
                   participant_id=event.host_id)
        for i, event in enumerate(events) for k in range(size.attendance_per_event)
    )
    _bulk(Attendance, attendance)
    step = max(1, len(events) // size.feed_registrations)
    Registration.objects.bulk_create(
        [Registration(event_id=event.pk, person_id=people[0].pk) for event in events[::step][: size.feed_registrations]],
        batch_size=BATCH,
    )
    _partnerships(size, editions[0])


def _bulk(model: type, rows) -> None:
    """Insert a generator of rows in batches, never holding all of them."""
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            model.objects.bulk_create(batch)
            batch = []
    if batch:
        model.objects.bulk_create(batch)


def _partnerships(size: EventsSize, edition: Edition) -> None:
    count = -(-size.lp_members // size.members_per_partnership)
    taken = LocalPartnership.objects.filter(edition=edition).values("participant_id")
    participants = list(
        Membership.objects.filter(network__edition=edition).exclude(participant_id__in=taken)
        .order_by("participant_id").values_list("participant_id", flat=True).distinct()[:count]
    )
    partnerships = LocalPartnership.objects.bulk_create(
        [LocalPartnership(participant_id=pk, edition=edition, is_demo=True, sources=SOURCE_KEYS,
                          rules_of_procedure="Syntetyczny regulamin.") for pk in participants],
        batch_size=BATCH,
    )
    categories = list(Category)
    members = (
        PartnershipMember(
            partnership=partnership, kind=PartnershipMember.Kind.ORGANISATION,
            organisation=f"Syntetyczna organizacja {p:04d}-{k:03d}", category=categories[k % len(categories)],
            sector="Syntetyczny sektor", joined_on=datetime.date(edition.start_year, 4, 1),
        )
        for p, partnership in enumerate(partnerships) for k in range(size.members_per_partnership)
    )
    _bulk(PartnershipMember, (m for i, m in enumerate(members) if i < size.lp_members))


def person_feed_url() -> str | None:
    """The feed address of the scenario's registered person, with a fixed token kept only in the bench database."""
    person = Person.objects.filter(name=f"{PERSON_PREFIX} 00000", is_demo=True).first()
    if person is None:
        return None
    CalendarFeedToken.objects.update_or_create(person=person, defaults={"token_hash": token_hash(BENCH_TOKEN)})
    return reverse("calendar:person_feed", args=[BENCH_TOKEN])


def targets() -> list[Target]:
    """The calendar, the event-heaviest network and participant pages and the feeds of the scenario's data."""
    feed_url = person_feed_url()
    synthetic = Event.objects.filter(title__startswith=TITLE_PREFIX)
    busiest_month = (
        synthetic.filter(date_precision=Event.DatePrecision.DAY).annotate(month=TruncMonth("starts_on"))
        .values("month").annotate(n=Count("pk")).order_by("-n", "month").first()
    )
    network = (
        synthetic.values("network__slug").annotate(n=Count("pk")).order_by("-n", "network__slug").first()
    )
    host = synthetic.exclude(host=None).values("host__slug").annotate(n=Count("pk")).order_by("-n", "host__slug").first()
    result = []
    if busiest_month:
        month = busiest_month["month"]
        result.append(Target("events:calendar:month", reverse("calendar:month", args=[month.year, month.month]),
                             f"{busiest_month['n']} events in the month", budget_ms=PAGE_BUDGET_MS))
    total = Event.objects.count()
    result.append(Target("events:calendar:list", reverse("calendar:list"), f"page 1 of {total} events",
                         budget_ms=PAGE_BUDGET_MS))
    if network:
        slug = network["network__slug"]
        result += [
            Target("events:calendar:list_network", f"{reverse('calendar:list')}?network={slug}",
                   f"{network['n']} events of the network", budget_ms=PAGE_BUDGET_MS),
            Target("events:page:network", reverse("portal:network", args=[slug]), f"{network['n']} events",
                   budget_ms=PAGE_BUDGET_MS),
            Target("events:feed:network", reverse("calendar:network_feed", args=[slug]), "iCalendar",
                   budget_ms=FEED_BUDGET_MS),
        ]
    if host:
        slug = host["host__slug"]
        result += [
            Target("events:page:participant", reverse("portal:participant", args=[slug]),
                   f"hosts {host['n']} events", budget_ms=PAGE_BUDGET_MS),
            Target("events:feed:participant", reverse("calendar:participant_feed", args=[slug]), "iCalendar",
                   budget_ms=FEED_BUDGET_MS),
        ]
    if feed_url:
        result.append(Target("events:feed:person", feed_url, "iCalendar of a person's registrations",
                             budget_ms=FEED_BUDGET_MS))
    return result
