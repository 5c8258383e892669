"""The events scenario: 20,000 events with 400,000 attendance records and 60,000 Local Partnership members added
to the bench database, and the calendar, the event-heavy network and participant pages and the iCalendar
feeds timed on them; then, read as their organisers and city team see them, the biggest LP's member register
and the registrations, attendance and attendance CSV of the event with the most attendance.

Like the MID scenario (`mid.py`), the rows are added by `ensure_events()` after the dataset is built or
reused, not by `synthetic.build()`, so the dataset's fingerprint does not change. The function is idempotent
(it finds the scenario by its events' title prefix), and every row is demo content named "Syntetyczn…". A
workshop of realistic size (300 registered, most of them checked in, a few walk-ins) is added on its own, so
a database built before it existed gets it too: the 20 attendees of the other events do not make the
attendance pages and export grow.

The events fall between 2025 and 2027 in the networks of the four latest synthetic editions, so a month holds
a few hundred of them and the feeds (a year back, then what is ahead) are full while the bench is run in
2026-2027.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.urls import reverse

from pim.events.models import Attendance, CalendarFeedToken, Event, Registration
from pim.events.models.feed import token_hash
from pim.partnerships.models import Category, LocalPartnership, PartnershipMember
from pim.portal.bench.measure import Target
from pim.portal.bench.synthetic import LOREM, SOURCE_KEYS
from pim.programmes.models import Edition, Membership, Person, RoleAssignment, ThematicNetwork

TITLE_PREFIX = "Syntetyczne wydarzenie (benchmark)"
PERSON_PREFIX = "Syntetyczna osoba (wydarzenia)"
# The bench person's feed token: known, so the feed's address can be timed; it exists only in bench databases.
BENCH_TOKEN = "syntetyczny-token-benchmarku"
WORKSHOP_TITLE = "Syntetyczny warsztat sieci (benchmark)"
LP_TEAM_USERNAME = "bench-lp-team"
OPERATOR_USERNAME = "bench-events-operator"
PAGE_BUDGET_MS = 50.0
FEED_BUDGET_MS = 200.0
# The attendance CSV of a 300-person workshop (~315 rows, ~30 kB): the two list queries plus a csv.writer
# row each; 100 ms leaves room for twice that size, the biggest workshops the programme holds.
CSV_BUDGET_MS = 100.0
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
    # The workshop timed on the attendance pages: its registrations, one in `absent_every` not checked in,
    # and walk-ins checked in without a registration.
    workshop_registrations: int = 300
    workshop_walk_ins: int = 15
    absent_every: int = 8


NATIONAL_EVENTS = EventsSize(events=20_000, attendance_per_event=20, lp_members=60_000)
# On the small dataset, for the "same query count" comparison.
SMALL_EVENTS = EventsSize(events=200, attendance_per_event=5, lp_members=300, people=50, feed_registrations=20,
                          editions=2, workshop_registrations=12, workshop_walk_ins=2)


def ensure_events(size: EventsSize) -> None:
    """Add the scenario's rows to the current bench database, once."""
    with transaction.atomic():
        if not Event.objects.filter(title__startswith=TITLE_PREFIX, is_demo=True).exists():
            _create(size)
        if not Event.objects.filter(title=WORKSHOP_TITLE, is_demo=True).exists():
            _workshop(size)


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


def _workshop(size: EventsSize) -> None:
    """One network workshop with delegations from the network's cities, most of them checked in."""
    network = ThematicNetwork.objects.filter(edition__in=Edition.objects.order_by("-start_year", "-pk")[:1]).first()
    if network is None:
        raise LookupError("The bench database has no network to hold the workshop.")
    cities = list(Membership.objects.filter(network=network).order_by("pk").values_list("participant_id", flat=True))
    people = list(
        Person.objects.filter(name__startswith=PERSON_PREFIX, is_demo=True).order_by("pk")
        .values_list("pk", flat=True)[: size.workshop_registrations + size.workshop_walk_ins]
    )
    if len(people) < size.workshop_registrations + size.workshop_walk_ins:
        raise LookupError("The events scenario has too few people for the workshop.")
    starts_on = datetime.date(2026, 6, 16)
    event = Event.objects.create(
        kind=Event.Kind.NETWORK_WORKSHOP, title=WORKSHOP_TITLE, edition_id=network.edition_id, network=network,
        level=Event.Level.NETWORK, host_id=cities[0] if cities else None, place="Syntetyczne miasto",
        starts_on=starts_on, ends_on=starts_on + datetime.timedelta(days=1), start_time=datetime.time(9),
        end_time=datetime.time(16), description=LOREM, is_demo=True, sources=SOURCE_KEYS,
    )
    city_of = {pk: cities[i % len(cities)] if cities else None for i, pk in enumerate(people)}
    registered = people[: size.workshop_registrations]
    Registration.objects.bulk_create(
        [Registration(event=event, person_id=pk, participant_id=city_of[pk]) for pk in registered], batch_size=BATCH
    )
    present = [pk for i, pk in enumerate(registered) if i % size.absent_every != size.absent_every - 1]
    present += people[size.workshop_registrations:]
    Attendance.objects.bulk_create(
        [Attendance(event=event, person_id=pk, participant_id=city_of[pk]) for pk in present], batch_size=BATCH
    )


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


def ensure_reader(username: str, role: str, **scope: object) -> str:
    """A bench user holding `role` in `scope` (created once), to time pages only their readers may see."""
    user, _created = get_user_model().objects.get_or_create(username=username)
    person, _created = Person.objects.get_or_create(user=user, defaults={"name": f"Syntetyczny czytelnik ({username})",
                                                                         "is_demo": True})
    RoleAssignment.objects.get_or_create(person=person, role=role, **scope)
    return username


def reader_targets() -> list[Target]:
    """The biggest LP's member register as its city team sees it, and the registrations, attendance and
    attendance CSV of the event with the most attendance as its edition's operator sees them (organisers
    only: `pim/events/rules.py`)."""
    result = []
    partnership = (
        LocalPartnership.objects.annotate(n=Count("members")).order_by("-n", "pk").values("pk", "participant_id", "n")
        .first()
    )
    if partnership:
        team = ensure_reader(LP_TEAM_USERNAME, RoleAssignment.Role.CITY_TEAM_MEMBER,
                             participant_id=partnership["participant_id"], edition=None, network=None)
        result.append(Target("events:lp:members", reverse("partnerships:detail", args=[partnership["pk"]]),
                             f"{partnership['n']} members, page 1, as the city team", budget_ms=PAGE_BUDGET_MS,
                             user=team))
    event = Event.objects.annotate(n=Count("attendances")).order_by("-n", "pk").values("pk", "edition_id", "n").first()
    if event:
        operator = ensure_reader(OPERATOR_USERNAME, RoleAssignment.Role.OPERATOR, edition_id=event["edition_id"],
                                 network=None, participant=None)
        pk, registered = event["pk"], Registration.objects.filter(event_id=event["pk"]).count()
        note = f"{registered} registered, {event['n']} present, as the operator"
        result += [
            Target("events:event:registrations", reverse("events:registrations", args=[pk]), note,
                   budget_ms=PAGE_BUDGET_MS, user=operator),
            Target("events:event:attendance", reverse("events:attendance", args=[pk]), note,
                   budget_ms=PAGE_BUDGET_MS, user=operator),
            Target("events:event:attendance_csv", reverse("events:attendance_export", args=[pk, "csv"]),
                   f"CSV, {note}", budget_ms=CSV_BUDGET_MS, user=operator),
        ]
    return result


def targets() -> list[Target]:
    """The calendar, the event-heaviest network and participant pages and the feeds of the scenario's data,
    then the pages of its readers (`reader_targets`)."""
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
    return result + reader_targets()
