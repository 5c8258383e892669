"""The public participant list: PIM participants by default, filters, name search, pagination, bad input."""

from __future__ import annotations

from django.test import TestCase, override_settings

from pim.places.models import Participant
from pim.places.tests.factories import ParticipantFactory, voivodeship
from pim.programmes.models import EditionParticipant
from pim.programmes.tests.factories import EditionFactory, MembershipFactory, NetworkFactory

URL = "/uczestnicy/"


def names(response) -> list[str]:
    return [p.name for p in response.context["page_obj"].object_list]


# The assertions read the English interface; the site itself is Polish first (LANGUAGE_CODE="pl").
@override_settings(LANGUAGE_CODE="en")
class ParticipantListTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.pilot = EditionFactory(name="Pilotaż", short_name="Pilotaż", slug="2017-2019", start_year=2017,
                                   end_year=2019)
        cls.pim2 = EditionFactory(name="PIM 2021–2023", short_name="PIM2", slug="2021-2023")
        mobility = NetworkFactory(edition=cls.pilot, name="Mobilność miejska")
        air = NetworkFactory(edition=cls.pilot, name="Jakość powietrza")
        green = NetworkFactory(edition=cls.pim2, name="Miasto zielone")
        cls.skawina = ParticipantFactory(name="Skawina", voivodeship=voivodeship("malopolskie"), population=24_000)
        cls.lodz = ParticipantFactory(name="Łódź", voivodeship=voivodeship("lodzkie"), population=650_000)
        cls.sbof = ParticipantFactory(name="Stowarzyszenie Białostockiego Obszaru Funkcjonalnego",
                                      kind=Participant.Kind.ASSOCIATION, voivodeship=voivodeship("podlaskie"),
                                      population=None)
        cls.raciborz = ParticipantFactory(name="Racibórz", voivodeship=voivodeship("slaskie"), population=52_000)
        cls.outside = ParticipantFactory(name="Zakopane", voivodeship=voivodeship("malopolskie"), population=27_000)
        # Skawina is in two networks of the pilot (as the gov.pl page says) and in PIM2.
        MembershipFactory(network=mobility, participant=cls.skawina)
        MembershipFactory(network=air, participant=cls.skawina)
        MembershipFactory(network=green, participant=cls.skawina)
        MembershipFactory(network=air, participant=cls.sbof)
        MembershipFactory(network=green, participant=cls.raciborz)
        EditionParticipant.objects.create(edition=cls.pim2, participant=cls.lodz)

    def test_by_default_only_pim_participants_are_listed(self):
        response = self.client.get(URL)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(names(response), ["Łódź", "Racibórz", "Skawina",
                                           "Stowarzyszenie Białostockiego Obszaru Funkcjonalnego"])
        self.assertContains(response, "4 participants found.")
        self.assertNotContains(response, "Zakopane")

    def test_the_checkbox_includes_the_whole_registry(self):
        response = self.client.get(URL, {"registry": "on"})
        self.assertIn("Zakopane", names(response))
        self.assertEqual(len(names(response)), 5)

    def test_each_edition_is_listed_once_per_participant(self):
        response = self.client.get(URL, {"q": "skawina"})
        (row,) = response.context["rows"]
        self.assertEqual(row.participant, self.skawina)
        self.assertEqual(row.editions, [self.pilot, self.pim2])
        self.assertContains(response, '<a href="/edycje/2017-2019/">Pilotaż</a>', count=1, html=True)

    def test_filters_by_voivodeship_size_class_kind_and_edition(self):
        cases = [
            ({"voivodeship": "malopolskie"}, ["Skawina"]),
            ({"voivodeship": "malopolskie", "registry": "on"}, ["Skawina", "Zakopane"]),
            ({"size_class": "large"}, ["Łódź"]),
            ({"size_class": "unknown"}, ["Stowarzyszenie Białostockiego Obszaru Funkcjonalnego"]),
            ({"kind": "association"}, ["Stowarzyszenie Białostockiego Obszaru Funkcjonalnego"]),
            ({"edition": "2021-2023"}, ["Łódź", "Racibórz", "Skawina"]),
            ({"edition": "2017-2019", "size_class": "medium"}, ["Skawina"]),
        ]
        for params, expected in cases:
            with self.subTest(params=params):
                self.assertEqual(names(self.client.get(URL, params)), expected)

    def test_name_search_ignores_case_and_polish_diacritics(self):
        for query, expected in [("lodz", ["Łódź"]), ("ŁÓDŹ", ["Łódź"]), ("raciborz", ["Racibórz"]),
                                ("białostockiego", ["Stowarzyszenie Białostockiego Obszaru Funkcjonalnego"]),
                                ("  SKAW ", ["Skawina"]), ("nic-takiego", [])]:
            with self.subTest(query=query):
                self.assertEqual(names(self.client.get(URL, {"q": query})), expected)

    def test_an_unknown_filter_value_is_ignored_with_a_notice(self):
        response = self.client.get(URL, {"voivodeship": "atlantyda", "kind": "castle", "edition": "1999"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(len(names(response)), 4)
        self.assertContains(response, "“atlantyda”")
        self.assertContains(response, "“castle”")
        self.assertContains(response, "“1999”")
        # The notice carries the id the invalid field's aria-describedby points to.
        self.assertContains(response, 'id="id_voivodeship_error"')
        self.assertContains(response, 'aria-describedby="id_voivodeship_error"')

    def test_a_bad_page_number_shows_a_page_with_a_notice(self):
        for page, expected_number in [("abc", 1), ("0", 1), ("-3", 1), ("99", 1)]:
            with self.subTest(page=page):
                response = self.client.get(URL, {"page": page})
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response.context["page_obj"].number, expected_number)
                self.assertTrue(response.context["notices"])

    def test_an_empty_result_is_not_an_error(self):
        response = self.client.get(URL, {"q": "nic-takiego", "page": "7"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "0 participants found.")


# The assertions read the English interface; the site itself is Polish first (LANGUAGE_CODE="pl").
@override_settings(LANGUAGE_CODE="en")
class ParticipantListPaginationTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.network = NetworkFactory()
        # One participant without a known network, so both halves of the editions column's query run.
        EditionParticipant.objects.create(edition=cls.network.edition, participant=ParticipantFactory())

    def add_members(self, n: int) -> None:
        for _ in range(n):
            MembershipFactory(network=self.network)

    def test_it_pages_by_fifty_and_keeps_the_filters_in_page_links(self):
        self.add_members(50)
        response = self.client.get(URL, {"q": "miasto", "page": "2"})
        self.assertEqual(response.context["page_obj"].number, 2)
        self.assertEqual(len(names(response)), 1)
        self.assertContains(response, 'href="?q=miasto&amp;page=1"')
        response = self.client.get(URL, {"page": "3"})
        self.assertEqual(response.context["page_obj"].number, 2)
        self.assertContains(response, "There is no page 3; showing the last page.")

    def test_the_query_count_is_the_same_for_two_and_fifty_rows(self):
        self.add_members(1)
        with self.assertNumQueries(6):
            response = self.client.get(URL)
        self.assertEqual(len(names(response)), 2)
        self.add_members(48)
        with self.assertNumQueries(6):
            response = self.client.get(URL)
        self.assertEqual(len(names(response)), 50)
