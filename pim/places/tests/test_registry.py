"""Tests for the GeoNames participant registry: district filtering, slugs, idempotence and adoption."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.test import SimpleTestCase, TestCase

from pim.core.models import Source
from pim.places.models import Participant
from pim.places.registry import (
    POPULATION_SOURCE,
    SOURCE_KEY,
    WARSAW_GEONAMES_ID,
    geonames_polish_places,
    load_participant_registry,
    merge_source_keys,
    select_places,
)
from pim.places.tests.factories import voivodeship


def city(geonameid: int, name: str, population: int, lat: float, lon: float, admin1: str = "83") -> dict[str, Any]:
    return {
        "geonameid": geonameid, "name": name, "population": population, "latitude": lat, "longitude": lon,
        "countrycode": "PL", "admin1code": admin1, "alternatenames": [],
    }


# About 0.009 degrees of latitude per kilometre.
BIG = city(1, "Duże Miasto", 400_000, 50.0, 19.0)


class SelectPlacesTests(SimpleTestCase):
    def names(self, cities: list[dict[str, Any]]) -> tuple[list[str], list[str]]:
        kept, districts = select_places(cities)
        return sorted(c["name"] for c in kept), sorted(c["name"] for c, _anchor in districts)

    def test_a_place_inside_a_big_citys_core_is_a_district(self) -> None:
        kept, dropped = self.names([BIG, city(2, "Śródmieście", 50_000, 50.02, 19.0)])
        self.assertEqual((kept, dropped), (["Duże Miasto"], ["Śródmieście"]))

    def test_a_town_outside_the_core_is_kept(self) -> None:
        kept, dropped = self.names([BIG, city(2, "Przedmieście", 20_000, 50.1, 19.0)])
        self.assertEqual(dropped, [])

    def test_a_late_geonames_entry_in_the_outer_ring_is_a_district(self) -> None:
        outer = 50.0 + 0.009 * 6
        kept, dropped = self.names([BIG, city(9_000_000, "Osiedle", 5_000, outer, 19.0), city(2, "Wieś", 5_000, outer, 19.001)])
        self.assertEqual((kept, dropped), (["Duże Miasto", "Wieś"], ["Osiedle"]))

    def test_a_district_bigger_than_100k_does_not_become_an_anchor(self) -> None:
        warsaw = city(WARSAW_GEONAMES_ID, "Warsaw", 1_700_000, 52.23, 21.01, "78")
        mokotow = city(2, "Mokotów", 217_000, 52.19, 21.02, "78")
        near_mokotow = city(3, "Kolonia", 2_000, 52.17, 21.02, "78")
        kept, dropped = self.names([warsaw, mokotow, near_mokotow])
        self.assertEqual(dropped, ["Kolonia", "Mokotów"])

    def test_warsaw_districts_are_dropped_by_name_but_nearby_towns_stay(self) -> None:
        # Real GeoNames positions: Ząbki, a separate town, is nearer to the centre than the district Wesoła.
        warsaw = city(WARSAW_GEONAMES_ID, "Warsaw", 1_702_139, 52.22977, 21.01178, "78")
        wesola = city(2, "Wesoła", 20_000, 52.25451, 21.22407, "78")
        zabki = city(3, "Ząbki", 23_473, 52.29271, 21.10539, "78")
        kept, dropped = self.names([warsaw, wesola, zabki])
        self.assertEqual((kept, dropped), (["Warsaw", "Ząbki"], ["Wesoła"]))

    def test_places_under_500_inhabitants_are_left_out(self) -> None:
        kept, _dropped = self.names([city(2, "Przysiółek", 0, 54.0, 18.0)])
        self.assertEqual(kept, [])

    def test_merging_source_keys_adds_each_once(self) -> None:
        self.assertEqual(merge_source_keys("GeoNames, B", "B", "P9"), "GeoNames, B, P9")
        self.assertEqual(merge_source_keys("", "GeoNames"), "GeoNames")


class RegistryLoadTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.result = load_participant_registry()

    def test_it_loads_polish_places_from_geonames(self) -> None:
        count = Participant.objects.count()
        self.assertEqual(count, self.result.created)
        self.assertGreater(count, 3_000)
        self.assertEqual(count + len(self.result.districts), len([c for c in geonames_polish_places() if c["population"] >= 500]))
        katowice = Participant.objects.get(slug="katowice")
        self.assertEqual((katowice.voivodeship.slug, katowice.population_source), ("slaskie", POPULATION_SOURCE))
        self.assertTrue(katowice.has_coordinates)
        self.assertEqual(katowice.sources, SOURCE_KEY)
        self.assertTrue(Source.objects.filter(key=SOURCE_KEY).exists())

    def test_it_drops_districts_of_big_cities(self) -> None:
        dropped = [
            ("Mokotów", "mazowieckie"), ("Ursynów", "mazowieckie"), ("Wesoła", "mazowieckie"),
            ("Śródmieście", "mazowieckie"), ("Wrzeszcz", "pomorskie"), ("Przedmieście Świdnickie", "dolnoslaskie"),
        ]
        for name, region in dropped:
            self.assertFalse(Participant.objects.filter(name=name, voivodeship__slug=region).exists(), name)

    def test_it_keeps_separate_towns_next_to_big_cities(self) -> None:
        for name in ("Ruda Śląska", "Żory", "Łomianki", "Ząbki", "Marki", "Sopot", "Chorzów", "Świętochłowice"):
            self.assertTrue(Participant.objects.filter(name=name).exists(), name)

    def test_every_municipality_in_the_pim_history_is_in_the_registry(self) -> None:
        data = json.loads(settings.PIM_HISTORY_FILE.read_text(encoding="utf-8"))
        for record in data["participants"]:
            if record.get("kind", "municipality") != "municipality" or record["voivodeship"] is None:
                continue
            name = record.get("geonames_name") or record["name"]
            with self.subTest(name=name):
                self.assertTrue(
                    Participant.objects.filter(name=name, voivodeship__slug=record["voivodeship"]).exists()
                )

    def test_it_uses_polish_names_where_geonames_has_an_exonym(self) -> None:
        self.assertTrue(Participant.objects.filter(name="Warszawa", population__gt=1_000_000).exists())
        self.assertTrue(Participant.objects.filter(name="Bielsko-Biała").exists())

    def test_repeated_names_get_the_voivodeship_in_their_slug(self) -> None:
        self.assertEqual(Participant.objects.get(slug="olsztyn-warminsko-mazurskie").voivodeship.slug, "warminsko-mazurskie")
        self.assertEqual(Participant.objects.get(slug="olsztyn-slaskie").voivodeship.slug, "slaskie")
        self.assertFalse(Participant.objects.filter(slug="olsztyn").exists())

    def test_running_again_changes_nothing(self) -> None:
        before = list(Participant.objects.order_by("pk").values())
        result = load_participant_registry()
        self.assertEqual((result.created, result.updated, result.unchanged), (0, 0, len(before)))
        self.assertEqual(list(Participant.objects.order_by("pk").values()), before)


class RegistryAdoptionTests(TestCase):
    def test_it_links_a_participant_created_before_the_registry_instead_of_adding_a_second(self) -> None:
        existing = Participant.objects.create(
            name="Jastrzębie-Zdrój", slug="jastrzebie-zdroj", voivodeship=voivodeship("slaskie"), sources="B"
        )
        result = load_participant_registry([city(3097391, "Jastrzębie Zdrój", 95_813, 49.95, 18.6)])
        self.assertEqual((result.adopted, result.created), (1, 0))
        existing.refresh_from_db()
        self.assertEqual((existing.geonames_id, existing.population), (3097391, 95_813))
        self.assertEqual((existing.name, existing.sources), ("Jastrzębie-Zdrój", f"B, {SOURCE_KEY}"))

    def test_an_association_is_never_adopted(self) -> None:
        Participant.objects.create(
            name="Katowice", slug="katowice-stowarzyszenie", kind=Participant.Kind.ASSOCIATION,
            voivodeship=voivodeship("slaskie"),
        )
        result = load_participant_registry([city(3096472, "Katowice", 286_960, 50.26, 19.02)])
        self.assertEqual((result.adopted, result.created), (0, 1))
        self.assertEqual(Participant.objects.filter(name="Katowice").count(), 2)
