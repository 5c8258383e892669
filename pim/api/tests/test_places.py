"""/api/v1/participants."""

from __future__ import annotations

from pim.api.tests.base import ApiTestCase
from pim.places.models import Participant
from pim.places.tests.factories import ParticipantFactory, voivodeship
from pim.programmes.models import EditionParticipant, Membership
from pim.programmes.tests.factories import EditionFactory, MembershipFactory, NetworkFactory


class ParticipantEndpointsTest(ApiTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        lubelskie = voivodeship("lubelskie")
        cls.lublin = ParticipantFactory(
            name="Lublin", slug="lublin", voivodeship=lubelskie, population=330_000
        )
        cls.zamosc = ParticipantFactory(
            name="Zamość", slug="zamosc", voivodeship=lubelskie, population=60_000
        )
        cls.lubartow = ParticipantFactory(
            name="Lubartów", slug="lubartow", voivodeship=lubelskie, population=21_000
        )
        ParticipantFactory(name="Hel", slug="hel", voivodeship=voivodeship("pomorskie"), population=3_000)
        ParticipantFactory(
            name="Związek Gmin",
            slug="zwiazek-gmin",
            kind=Participant.Kind.UNION,
            voivodeship=None,
            population=None,
        )
        first = EditionFactory(slug="pim-1", start_year=2021, end_year=2023)
        second = EditionFactory(slug="pim-2", start_year=2024, end_year=2026)
        transport = NetworkFactory(edition=first, slug="transport", name="Transport")
        energy = NetworkFactory(edition=second, slug="energia", name="Energia")
        MembershipFactory(network=transport, participant=cls.lublin, role=Membership.Role.LEAD)
        MembershipFactory(network=energy, participant=cls.lublin)
        MembershipFactory(network=energy, participant=cls.zamosc)
        # The sources place Łódź in the first edition without naming its network.
        lodz = ParticipantFactory(
            name="Łódź", slug="lodz", voivodeship=voivodeship("lodzkie"), population=650_000
        )
        EditionParticipant.objects.create(edition=first, participant=lodz)

    def names(self, **params: object) -> list[str]:
        return [p["name"] for p in self.get_json("/api/v1/participants", **params)["items"]]

    def test_it_lists_participants_by_name_with_voivodeship_and_size(self) -> None:
        body = self.get_json("/api/v1/participants")
        self.assertEqual(body["count"], 6)
        lublin = next(p for p in body["items"] if p["slug"] == "lublin")
        self.assertEqual(lublin["voivodeship"], {"slug": "lubelskie", "name": "lubelskie", "teryt": "06"})
        self.assertEqual(lublin["size_class"], "large")
        self.assertEqual(lublin["url"], "/uczestnicy/lublin/")
        union = next(p for p in body["items"] if p["slug"] == "zwiazek-gmin")
        self.assertIsNone(union["voivodeship"])
        self.assertEqual(union["size_class"], "unknown")

    def test_it_filters_by_voivodeship_size_class_and_kind(self) -> None:
        self.assertEqual(self.names(voivodeship="lubelskie"), ["Lubartów", "Lublin", "Zamość"])
        self.assertEqual(self.names(voivodeship="lubelskie", size_class="medium"), ["Lubartów", "Zamość"])
        self.assertEqual(self.names(kind="union"), ["Związek Gmin"])

    def test_it_lists_names_in_polish_alphabetical_order(self) -> None:
        self.assertEqual(self.names(), ["Hel", "Łódź", "Lubartów", "Lublin", "Zamość", "Związek Gmin"])

    def test_it_filters_by_edition_listing_each_participant_once(self) -> None:
        self.assertEqual(self.names(edition="pim-2"), ["Lublin", "Zamość"])
        self.assertEqual(self.names(edition="pim-1"), ["Łódź", "Lublin"])

    def test_it_filters_by_having_taken_part_in_pim_or_not(self) -> None:
        body = self.get_json("/api/v1/participants", in_pim="true")
        self.assertEqual(body["count"], 3)
        self.assertEqual([p["name"] for p in body["items"]], ["Łódź", "Lublin", "Zamość"])
        self.assertEqual(self.names(in_pim="false"), ["Hel", "Lubartów", "Związek Gmin"])
        self.assertEqual(self.names(in_pim="false", edition="pim-1"), [])

    def test_it_searches_names_ignoring_case_and_diacritics(self) -> None:
        self.assertEqual(self.names(q="lub"), ["Lubartów", "Lublin"])
        self.assertEqual(self.names(q="lodz"), ["Łódź"])
        self.assertEqual(self.names(q="ŁÓDŹ"), ["Łódź"])
        self.assertEqual(self.names(q="nothing like it"), [])

    def test_bad_filters_are_refused_naming_the_field(self) -> None:
        self.assert_refused("/api/v1/participants", "size_class", size_class="huge")
        self.assert_refused("/api/v1/participants", "kind", kind="village")
        self.assert_refused("/api/v1/participants", "in_pim", in_pim="perhaps")
        self.assert_refused("/api/v1/participants", "voivodeship", voivodeship="łódzkie")
        self.assert_refused("/api/v1/participants", "q", q="x" * 101)
        self.assert_refused("/api/v1/participants", "q", q="Lub\x00lin")

    def test_participant_detail_has_memberships_newest_edition_first(self) -> None:
        body = self.get_json("/api/v1/participants/lublin")
        self.assertEqual(body["population"], 330_000)
        self.assertIsNone(body["parent"])
        self.assertEqual([e["slug"] for e in body["editions"]], ["pim-1", "pim-2"])
        self.assertEqual(
            [(m["network"]["slug"], m["edition"]["slug"], m["role"]) for m in body["memberships"]],
            [("energia", "pim-2", "partner"), ("transport", "pim-1", "lead")],
        )

    def test_a_city_unit_names_its_city(self) -> None:
        ParticipantFactory(
            slug="mops-lublin", name="MOPS Lublin", kind=Participant.Kind.CITY_UNIT, parent=self.lublin
        )
        body = self.get_json("/api/v1/participants/mops-lublin")
        self.assertEqual(body["parent"], {"slug": "lublin", "name": "Lublin"})
        self.assertEqual(body["memberships"], [])

    def test_a_participant_without_a_known_network_lists_its_edition(self) -> None:
        body = self.get_json("/api/v1/participants/lodz")
        self.assertEqual([e["slug"] for e in body["editions"]], ["pim-1"])
        self.assertEqual(body["memberships"], [])

    def test_unknown_participant_is_a_json_404(self) -> None:
        body = self.get_json("/api/v1/participants/atlantyda", status=404)
        self.assertEqual(body, {"detail": "No participant with slug='atlantyda'."})


class ParticipantQueryCountTest(ApiTestCase):
    def test_participant_list_queries_do_not_grow_with_rows(self) -> None:
        # count + page; the voivodeship comes in the page query's join
        self.assert_queries_do_not_grow(
            "/api/v1/participants", lambda n: ParticipantFactory.create_batch(n), queries=2
        )

    def test_filtered_participant_list_queries_do_not_grow_with_rows(self) -> None:
        edition = EditionFactory(slug="pim-1")
        network = NetworkFactory(edition=edition)
        self.assert_queries_do_not_grow(
            "/api/v1/participants?edition=pim-1&in_pim=true&voivodeship=mazowieckie&q=Miasto",
            lambda n: MembershipFactory.create_batch(n, network=network),
            queries=2,
        )
