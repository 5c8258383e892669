"""A synthetic, national-scale PIM: thousands of participants, hundreds of networks, tens of thousands of memberships.

Every record is marked `is_demo=True` and named "Syntetyczn…" so nobody mistakes it for the programme's history.
The sizes exceed the real programme on purpose (150 cities per network): they are the stress target the page
budgets are checked against. The generator is seeded, so two builds with the same parameters are identical.
"""

from __future__ import annotations

import datetime
import math
import random
from dataclasses import dataclass

from django.db import transaction

from pim.core.models import Source
from pim.events.models import Event
from pim.places.models import Participant, Voivodeship
from pim.plans.models import ActionPlan
from pim.programmes.models import (
    Edition,
    EditionFigure,
    EditionParticipant,
    EditionProduct,
    Institution,
    Membership,
    Person,
    ProductKind,
    Programme,
    ProgrammeGoal,
    RoleAssignment,
    ThematicNetwork,
)
from pim.recommendations.models import ImprovementPlan, Recommendation

BATCH = 2000
SOURCE_KEYS = "SYN1, SYN2"
POLAND_BBOX = (49.0, 54.84, 14.12, 24.15)  # south, north, west, east

# slug: (number of gminas, centre latitude, centre longitude, half-height, half-width); the gmina counts
# weight where synthetic participants are placed, the boxes keep them roughly inside their voivodeship.
VOIVODESHIP_SHAPE: dict[str, tuple[int, float, float, float, float]] = {
    "dolnoslaskie": (169, 51.10, 16.40, 0.55, 1.15),
    "kujawsko-pomorskie": (144, 53.00, 18.50, 0.45, 0.90),
    "lubelskie": (213, 51.20, 22.90, 0.75, 0.75),
    "lubuskie": (82, 52.20, 15.30, 0.70, 0.45),
    "lodzkie": (177, 51.60, 19.40, 0.50, 0.70),
    "malopolskie": (182, 49.90, 20.20, 0.40, 0.90),
    "mazowieckie": (314, 52.30, 21.00, 0.70, 1.10),
    "opolskie": (71, 50.60, 17.90, 0.35, 0.50),
    "podkarpackie": (160, 49.90, 22.20, 0.50, 0.80),
    "podlaskie": (118, 53.30, 22.90, 0.80, 0.60),
    "pomorskie": (123, 54.20, 18.00, 0.40, 1.00),
    "slaskie": (167, 50.30, 19.00, 0.50, 0.50),
    "swietokrzyskie": (102, 50.80, 20.70, 0.35, 0.60),
    "warminsko-mazurskie": (116, 53.80, 20.80, 0.40, 1.30),
    "wielkopolskie": (226, 52.30, 17.20, 0.80, 0.90),
    "zachodniopomorskie": (113, 53.50, 15.30, 0.60, 1.10),
}

# (share, lowest, highest population); None = population unknown. Roughly the mix of Polish gminas.
POPULATION_MIX: list[tuple[float, int | None, int | None]] = [
    (0.02, 100_001, 1_800_000),
    (0.15, 20_000, 100_000),
    (0.80, 1_500, 19_999),
    (0.03, None, None),
]

THEMES = [
    "Zielona infrastruktura", "Mobilność miejska", "Rewitalizacja", "Partnerstwo publiczno-prywatne",
    "Cyfryzacja usług", "Energia i klimat", "Mieszkalnictwo", "Partycypacja mieszkańców",
    "Gospodarka obiegu zamkniętego", "Usługi społeczne",
]
NETWORK_EVENT_KINDS = [
    Event.Kind.NETWORK_WORKSHOP, Event.Kind.STUDY_VISIT, Event.Kind.ONLINE_MEETING,
    Event.Kind.NETWORK_WORKSHOP, Event.Kind.INDIVIDUAL_ADVISORY, Event.Kind.LP_MEETING,
]
PLAN_STATES = list(ActionPlan.State)
RECOMMENDATION_TYPES = list(Recommendation.Type)
LOREM = (
    "Syntetyczny opis do testów wydajności: problem, cele, działania, harmonogram i wskaźniki. "
    "Ten tekst nie opisuje żadnego rzeczywistego miasta ani sieci PIM."
)


@dataclass(frozen=True)
class DatasetParams:
    participants: int = 2500
    editions: int = 20
    networks_per_edition: int = 10
    members_per_network: int = 150
    events_per_network: int = 6
    plans_per_network: int = 15
    recommendations_per_plan: int = 8
    seed: int = 2026

    def describe(self) -> str:
        networks = self.editions * self.networks_per_edition
        members = networks * min(self.members_per_network, self.participants - 1)
        return f"{self.participants} participants, {self.editions} editions, {networks} networks, {members} memberships"


NATIONAL = DatasetParams()
# The "small demo data" the query counts are compared with; also what the test suite builds.
SMALL = DatasetParams(
    participants=30, editions=2, networks_per_edition=2, members_per_network=8, events_per_network=2,
    plans_per_network=3, recommendations_per_plan=2,
)


def build(params: DatasetParams) -> dict[str, int]:
    """Fill the current (empty, migrated) database; return how many rows each model got."""
    rng = random.Random(params.seed)
    with transaction.atomic():
        _sources()
        programme, ministry = _programme()
        participants = _participants(params, rng)
        editions = _editions(params, programme, ministry)
        networks = _networks(params, editions)
        members = _memberships(params, rng, networks, participants)
        _without_network(editions, networks, members, participants)
        _events(params, rng, editions, networks, members)
        _action_plans(params, networks, members)
        _improvement_plans(params, networks)
        _people(editions, networks)
    return {
        model.__name__: model.objects.count()
        for model in (Participant, Edition, ThematicNetwork, Membership, Event, ActionPlan, Recommendation)
    }


def _sources() -> None:
    Source.objects.bulk_create(
        [Source(key=f"SYN{i}", title=f"Syntetyczne źródło {i} (dane do testów wydajności)") for i in (1, 2)]
    )


def _programme() -> tuple[Programme, Institution]:
    ministry = Institution.objects.create(
        name="Syntetyczne Ministerstwo Rozwoju (benchmark)", short_name="SMR", slug="syntetyczne-ministerstwo",
        kind=Institution.Kind.MINISTRY, is_demo=True, sources=SOURCE_KEYS,
    )
    programme, created = Programme.objects.get_or_create(
        slug="pim",
        defaults={"name": "Partnerska Inicjatywa Miast (dane syntetyczne)", "short_name": "PIM", "description": LOREM,
                  "is_demo": True, "sources": SOURCE_KEYS},
    )
    if created:
        goals = [ProgrammeGoal(programme=programme, kind=ProgrammeGoal.Kind.MAIN, order=1,
                               text="Syntetyczny cel główny programu.", is_demo=True)]
        goals += [
            ProgrammeGoal(programme=programme, kind=ProgrammeGoal.Kind.SPECIFIC, order=i,
                          text=f"Syntetyczny cel szczegółowy {i}.", is_demo=True)
            for i in range(1, 5)
        ]
        ProgrammeGoal.objects.bulk_create(goals)
    return programme, ministry


def _population(rng: random.Random) -> int | None:
    roll = rng.random()
    for share, low, high in POPULATION_MIX:
        if roll < share:
            if low is None or high is None:
                return None
            return round(math.exp(rng.uniform(math.log(low), math.log(high))))
        roll -= share
    return 10_000


def _participants(params: DatasetParams, rng: random.Random) -> list[Participant]:
    voivodeships = {v.slug: v for v in Voivodeship.objects.all()}
    slugs = sorted(voivodeships)
    weights = [VOIVODESHIP_SHAPE.get(s, (100,))[0] for s in slugs]
    south, north, west, east = POLAND_BBOX
    kinds = [Participant.Kind.MUNICIPALITY] * 94 + [Participant.Kind.ASSOCIATION] * 2 + [Participant.Kind.UNION] * 2
    rows: list[Participant] = []
    for i in range(params.participants):
        # Participant 0 is the capital-sized city that joins every network: the "many memberships" page.
        # Participant 1 is in no network (see _without_network); both sit in the biggest voivodeship.
        slug = "mazowieckie" if i < 2 else rng.choices(slugs, weights)[0]
        _, lat, lon, dlat, dlon = VOIVODESHIP_SHAPE.get(slug, (0, 52.0, 19.0, 0.5, 0.5))
        kind = Participant.Kind.MUNICIPALITY if i == 0 else rng.choice(kinds)
        label = {"association": "Syntetyczne stowarzyszenie", "union": "Syntetyczny związek gmin"}.get(
            kind, "Syntetyczne miasto"
        )
        voivodeship = voivodeships[slug]
        rows.append(Participant(
            kind=kind, name=f"{label} {i:04d}", slug=f"syntetyczne-{i:04d}", voivodeship=voivodeship,
            teryt=f"{voivodeship.teryt}{i % 100_000:05d}",
            population=1_800_000 if i == 0 else _population(rng), population_source="dane syntetyczne",
            latitude=round(min(north, max(south, lat + rng.uniform(-dlat, dlat))), 5),
            longitude=round(min(east, max(west, lon + rng.uniform(-dlon, dlon))), 5),
            is_demo=True, sources=SOURCE_KEYS,
        ))
    participants = Participant.objects.bulk_create(rows, batch_size=BATCH)
    # A few city units hang off the big cities, so the parent relation has data too.
    big = [p for p in participants if (p.population or 0) > 100_000][:20]
    units = [
        Participant(
            kind=Participant.Kind.CITY_UNIT, name=f"Syntetyczna jednostka miejska {parent.pk:04d}",
            slug=f"syntetyczna-jednostka-{parent.pk}", voivodeship_id=parent.voivodeship_id, parent=parent,
            is_demo=True, sources=SOURCE_KEYS,
        )
        for parent in big
    ]
    Participant.objects.bulk_create(units, batch_size=BATCH)
    return participants


def _editions(params: DatasetParams, programme: Programme, ministry: Institution) -> list[Edition]:
    rows = []
    for e in range(params.editions):
        start = 2005 + e
        last = e == params.editions - 1
        rows.append(Edition(
            programme=programme, name=f"Syntetyczna edycja {e + 1:02d} ({start}–{start + 2})",
            short_name=f"S{e + 1:02d}", slug=f"syntetyczna-edycja-{e + 1:02d}", start_year=start, end_year=start + 2,
            starts_on=datetime.date(start, 3, 1), ends_on=datetime.date(start + 2, 12, 31),
            state=Edition.State.RUNNING if last else Edition.State.CLOSED, owner=ministry, description=LOREM,
            is_demo=True, sources=SOURCE_KEYS,
        ))
    editions = Edition.objects.bulk_create(rows)
    products = [
        EditionProduct(edition=ed, kind=kind, deadline=datetime.date(ed.start_year + 1, 6, 30), is_demo=True)
        for ed in editions for kind in ProductKind
    ]
    EditionProduct.objects.bulk_create(products, batch_size=BATCH)
    networks, members = params.networks_per_edition, min(params.members_per_network, params.participants - 1)
    stated = {
        EditionFigure.Key.APPLICANTS: networks * members * 3 // 2, EditionFigure.Key.PARTICIPANTS: networks * members,
        EditionFigure.Key.NETWORK_MEETINGS: networks * params.events_per_network,
        EditionFigure.Key.ACTION_PLANS: networks * params.plans_per_network,
        EditionFigure.Key.IMPROVEMENT_PLANS: networks, EditionFigure.Key.CITIES_PER_NETWORK: members,
    }
    figures = [
        EditionFigure(edition=ed, key=key, value=value, is_demo=True, sources=SOURCE_KEYS)
        for ed in editions for key, value in stated.items()
    ]
    EditionFigure.objects.bulk_create(figures, batch_size=BATCH)
    return editions


def _networks(params: DatasetParams, editions: list[Edition]) -> list[ThematicNetwork]:
    rows = []
    for e, edition in enumerate(editions, start=1):
        for n in range(1, params.networks_per_edition + 1):
            theme = THEMES[(n - 1) % len(THEMES)]
            transfer = n > params.networks_per_edition - 2 and params.networks_per_edition > 2
            rows.append(ThematicNetwork(
                edition=edition, name=f"Syntetyczna sieć {e:02d}-{n:02d}: {theme}", short_name=f"S{e:02d}-{n:02d}",
                slug=f"syntetyczna-siec-{e:02d}-{n:02d}", theme=theme, description=LOREM,
                type=ThematicNetwork.Type.SOLUTION_TRANSFER if transfer else ThematicNetwork.Type.ACTION_PLANNING,
                classifications={"sektory": ["transport", "energia"]} if n == 4 else {},
                is_demo=True, sources=SOURCE_KEYS,
            ))
    return ThematicNetwork.objects.bulk_create(rows, batch_size=BATCH)


def _memberships(
    params: DatasetParams, rng: random.Random, networks: list[ThematicNetwork], participants: list[Participant]
) -> dict[int, list[Participant]]:
    """Give each network its members (lead first); return them per network id."""
    size = min(params.members_per_network, len(participants) - 1)
    others = participants[2:]
    members: dict[int, list[Participant]] = {}
    rows = []
    for network in networks:
        chosen = [participants[0], *rng.sample(others, size - 1)]
        # Participant 0 leads one network in ten, so its page mixes roles.
        if network.pk % 10 and len(chosen) > 1:
            chosen[0], chosen[1] = chosen[1], chosen[0]
        members[network.pk] = chosen
        starts = datetime.date(network.edition.start_year, 3, 1)
        for i, participant in enumerate(chosen):
            ended = i > 0 and rng.random() < 0.05
            rows.append(Membership(
                network=network, participant=participant,
                role=Membership.Role.LEAD if i == 0 else Membership.Role.PARTNER, valid_from=starts,
                valid_to=datetime.date(starts.year + 1, 6, 30) if ended else None, ended=ended,
                is_demo=True, sources=SOURCE_KEYS,
            ))
    # bulk_create skips simple_history's signals on purpose: the audit trail is not what the pages read.
    Membership.objects.bulk_create(rows, batch_size=BATCH)
    return members


def _without_network(
    editions: list[Edition], networks: list[ThematicNetwork], members: dict[int, list[Participant]],
    participants: list[Participant],
) -> None:
    """Three participants per edition whose network "no source names", for the edition page's last table.

    Participant 1 is one of them in every edition, and the others come from the start of the name order.
    So page 1 of the participant list, filtered or not, shows such rows on every dataset, and its prefetch
    of them runs on the national data as on the small one the query counts are compared with.
    """
    rows = []
    for edition in editions:
        taken = {p.pk for n in networks if n.edition_id == edition.pk for p in members[n.pk]}
        free = [participants[1], *[p for p in participants[2:] if p.pk not in taken][:2]]
        rows += [EditionParticipant(edition=edition, participant=p, note="Syntetyczny wpis.", is_demo=True,
                                    sources=SOURCE_KEYS) for p in free]
    EditionParticipant.objects.bulk_create(rows, batch_size=BATCH)


def _events(
    params: DatasetParams, rng: random.Random, editions: list[Edition], networks: list[ThematicNetwork],
    members: dict[int, list[Participant]],
) -> None:
    rows = []
    for edition in editions:
        start, end = edition.starts_on, edition.ends_on
        for kind, day in ((Event.Kind.OPENING_CONFERENCE, start), (Event.Kind.CLOSING_CONFERENCE, end)):
            rows.append(Event(
                kind=kind, title=f"Syntetyczna konferencja ({edition.short_name})", edition=edition,
                place="Syntetyczne miasto 0000", starts_on=day, ends_on=day, description=LOREM,
                is_demo=True, sources=SOURCE_KEYS,
            ))
    for network in networks:
        start = network.edition.starts_on
        for k in range(params.events_per_network):
            kind = NETWORK_EVENT_KINDS[k % len(NETWORK_EVENT_KINDS)]
            online = kind == Event.Kind.ONLINE_MEETING
            host = None if online else rng.choice(members[network.pk])
            day = start + datetime.timedelta(days=60 + 120 * k)
            rows.append(Event(
                kind=kind, title=f"Syntetyczne spotkanie sieci {network.short_name}", sequence_number=k + 1,
                edition_id=network.edition_id, network=network, host=host, is_online=online,
                place="online" if online else host.name, starts_on=day, ends_on=day + datetime.timedelta(days=1),
                date_precision=Event.DatePrecision.MONTH if k == 5 else Event.DatePrecision.DAY,
                description=LOREM, is_demo=True, sources=SOURCE_KEYS,
            ))
    Event.objects.bulk_create(rows, batch_size=BATCH)


def _action_plans(
    params: DatasetParams, networks: list[ThematicNetwork], members: dict[int, list[Participant]]
) -> None:
    # One MID per participant per edition (a database constraint), so a city in two networks writes one.
    taken: set[tuple[int, int]] = set()
    rows = []
    for network in networks:
        written = 0
        for participant in members[network.pk]:
            if written == params.plans_per_network:
                break
            if (network.edition_id, participant.pk) in taken:
                continue
            taken.add((network.edition_id, participant.pk))
            rows.append(ActionPlan(
                edition_id=network.edition_id, network=network, participant=participant,
                title=f"Syntetyczna MID {len(rows) + 1:05d}: {network.theme}", summary=LOREM,
                state=PLAN_STATES[len(rows) % len(PLAN_STATES)], order=written + 1, is_demo=True, sources=SOURCE_KEYS,
            ))
            written += 1
    ActionPlan.objects.bulk_create(rows, batch_size=BATCH)


def _improvement_plans(params: DatasetParams, networks: list[ThematicNetwork]) -> None:
    states = list(ImprovementPlan.State)
    plans = ImprovementPlan.objects.bulk_create([
        ImprovementPlan(
            network=network, title=f"Syntetyczny Plan Ulepszeń sieci {network.short_name}", authors="Zespół syntetyczny",
            state=states[i % len(states)], summary=LOREM, is_demo=True, sources=SOURCE_KEYS,
        )
        for i, network in enumerate(networks)
    ], batch_size=BATCH)
    recommendations = [
        Recommendation(
            improvement_plan=plan, order=k + 1, text=f"Syntetyczna rekomendacja {k + 1}: {LOREM}",
            type=RECOMMENDATION_TYPES[k % len(RECOMMENDATION_TYPES)], is_key=k < 2, is_demo=True, sources=SOURCE_KEYS,
        )
        for plan in plans for k in range(params.recommendations_per_plan)
    ]
    Recommendation.objects.bulk_create(recommendations, batch_size=BATCH)


def _people(editions: list[Edition], networks: list[ThematicNetwork]) -> None:
    """An operator per edition and a thematic expert per network, as the role pages will show them."""
    scopes = [("edition", e, RoleAssignment.Role.OPERATOR) for e in editions]
    scopes += [("network", n, RoleAssignment.Role.THEMATIC_EXPERT) for n in networks]
    people = Person.objects.bulk_create(
        [Person(name=f"Syntetyczna Osoba {i:04d}", organisation="Syntetyczny operator", is_demo=True)
         for i in range(1, len(scopes) + 1)],
        batch_size=BATCH,
    )
    RoleAssignment.objects.bulk_create(
        [RoleAssignment(person=person, role=role, **{field: scope}) for person, (field, scope, role) in zip(
            people, scopes, strict=True)],
        batch_size=BATCH,
    )
