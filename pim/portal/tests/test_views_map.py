"""The map page: inline SVG of the 16 voivodeships, participants as linked dots, and text alternatives."""

from __future__ import annotations

import re
from unittest.mock import patch

from django.conf import settings
from django.core.cache import cache
from django.test import TestCase, override_settings

from pim.places.tests.factories import ParticipantFactory, voivodeship
from pim.portal import signals
from pim.programmes.models import EditionParticipant
from pim.programmes.tests.factories import EditionFactory, MembershipFactory, NetworkFactory

URL = "/mapa/"


# The assertions read the English interface; the site itself is Polish first (LANGUAGE_CODE="pl").
@override_settings(LANGUAGE_CODE="en")
class MapPageTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.pilot = EditionFactory(slug="2017-2019", name="Pilotaż")
        cls.pim2 = EditionFactory(slug="2021-2023", name="PIM 2021–2023")
        cls.katowice = ParticipantFactory(name="Katowice", slug="katowice", voivodeship=voivodeship("slaskie"),
                                          latitude=50.2584, longitude=19.0275)
        cls.gdynia = ParticipantFactory(name="Gdynia", slug="gdynia", voivodeship=voivodeship("pomorskie"),
                                        latitude=54.5189, longitude=18.5305)
        cls.nowhere = ParticipantFactory(name="Świdnica", slug="swidnica", voivodeship=None,
                                         latitude=None, longitude=None)
        ParticipantFactory(name="Zakopane", voivodeship=voivodeship("malopolskie"))  # not in PIM
        network = NetworkFactory(edition=cls.pilot)
        MembershipFactory(network=network, participant=cls.katowice)
        MembershipFactory(network=network, participant=cls.gdynia)
        EditionParticipant.objects.create(edition=cls.pim2, participant=cls.nowhere)

    def setUp(self) -> None:
        # The map is cached per process and a test's rollback sends no signal: start every test cold.
        cache.clear()

    def test_it_draws_the_sixteen_voivodeships_as_an_accessible_svg(self):
        response = self.client.get(URL)
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertEqual(html.count('<path class="region'), 16)
        self.assertIn('role="img" aria-labelledby="map-title map-desc"', html)
        self.assertIn('<title id="map-title">', html)
        self.assertIn('<desc id="map-desc">', html)
        self.assertIn("<title>śląskie: 1 participant</title>", html)
        self.assertIn("<title>małopolskie: 0 participants</title>", html)

    def test_pim_participants_are_linked_dots_inside_the_drawing(self):
        response = self.client.get(URL)
        html = response.content.decode()
        self.assertIn('<a href="/uczestnicy/katowice/" aria-label="Katowice"><title>Katowice</title>', html)
        self.assertNotIn("Zakopane", html)
        dots = {d.participant.name: (d.x, d.y) for d in response.context["map"].dots}
        self.assertEqual(set(dots), {"Katowice", "Gdynia"})
        # Gdynia is on the coast far north of Katowice, and a little west of it.
        self.assertLess(dots["Gdynia"][1], dots["Katowice"][1])
        self.assertLess(dots["Gdynia"][0], dots["Katowice"][0])
        # Coordinates stay machine-readable under the Polish locale (a decimal point, never a comma).
        for cx in re.findall(r'cx="([^"]+)"', html):
            float(cx)

    def test_text_alternatives_list_counts_and_coordinates(self):
        response = self.client.get(URL)
        self.assertContains(response, "Number of participants in each voivodeship")
        self.assertContains(response, '<a href="/uczestnicy/?voivodeship=slaskie">śląskie</a>', html=True)
        self.assertContains(response, "50.2584")
        self.assertContains(response, "Participants whose coordinates are not known")
        self.assertContains(response, "Świdnica")
        self.assertContains(response, "voivodeship not known")
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "pl"
        self.assertContains(self.client.get(URL), "50,2584")  # the Polish decimal comma

    def test_the_edition_filter_narrows_the_dots(self):
        response = self.client.get(URL, {"edition": "2021-2023"})
        self.assertEqual(response.context["map"].dots, [])
        self.assertEqual([p.name for p in response.context["map"].without_coordinates], ["Świdnica"])
        self.assertContains(response, "Participants of PIM 2021–2023")
        # Each filter has its own cached map.
        self.assertEqual(len(self.client.get(URL).context["map"].dots), 2)
        response = self.client.get(URL, {"edition": "2021-2023"})
        self.assertNotContains(response, "Katowice")
        self.assertContains(response, "Świdnica")

    def test_above_the_limit_the_coordinates_table_gives_way_to_the_participant_list(self):
        with patch("pim.portal.views.MAP_TABLE_LIMIT", 1):
            response = self.client.get(URL, {"edition": "2017-2019"})
        self.assertNotContains(response, "50.2584")
        self.assertContains(response, "The map shows 2 participants, too many for one table on this page.")
        self.assertContains(response, '<a href="/uczestnicy/?edition=2017-2019">See the list of participants</a>',
                            html=True)
        # The dots and the counts per voivodeship stay.
        self.assertContains(response, 'aria-label="Katowice"')
        self.assertContains(response, 'href="/uczestnicy/?voivodeship=slaskie&amp;edition=2017-2019"')
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "pl"
        with patch("pim.portal.views.MAP_TABLE_LIMIT", 1):
            self.assertContains(self.client.get(URL), "Zobacz listę uczestników")

    def test_an_unknown_edition_is_ignored_with_a_notice(self):
        response = self.client.get(URL, {"edition": "2099-2100"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(len(response.context["map"].dots), 2)
        self.assertContains(response, "“2099-2100”")

    def test_the_query_count_does_not_grow_with_participants(self):
        network = NetworkFactory(edition=self.pilot)
        with self.assertNumQueries(3):
            self.client.get(URL)
        for _ in range(10):
            MembershipFactory(network=network)
        with self.assertNumQueries(3):
            response = self.client.get(URL)
        self.assertEqual(len(response.context["map"].dots), 12)

    def test_a_cached_map_costs_one_query_for_the_edition_filter(self):
        self.client.get(URL)
        with self.assertNumQueries(1):
            response = self.client.get(URL)
        self.assertContains(response, 'aria-label="Katowice"')

    def test_each_language_has_its_own_cached_map(self):
        self.assertContains(self.client.get(URL), "śląskie: 1 participant")
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "pl"
        self.assertContains(self.client.get(URL), "śląskie: 1 uczestnik")


@override_settings(LANGUAGE_CODE="en")
class MapCacheBustTests(TestCase):
    """Saving or deleting what the map draws replaces the cached map at once (pim/portal/signals.py)."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.network = NetworkFactory()
        cls.katowice = ParticipantFactory(name="Katowice", slug="katowice", voivodeship=voivodeship("slaskie"),
                                          latitude=50.2584, longitude=19.0275)
        cls.membership = MembershipFactory(network=cls.network, participant=cls.katowice)

    def setUp(self) -> None:
        cache.clear()
        self.assertContains(self.client.get(URL), 'aria-label="Katowice"')

    def test_saving_a_participant_changes_the_map(self):
        self.katowice.name = "Kattowitz"
        self.katowice.save()
        response = self.client.get(URL)
        self.assertContains(response, 'aria-label="Kattowitz"')
        self.assertNotContains(response, 'aria-label="Katowice"')

    def test_deleting_a_membership_removes_the_dot(self):
        self.membership.delete()
        self.assertNotContains(self.client.get(URL), 'aria-label="Katowice"')

    def test_a_new_membership_adds_a_dot(self):
        MembershipFactory(network=self.network, participant=ParticipantFactory(
            name="Gdynia", voivodeship=voivodeship("pomorskie"), latitude=54.5189, longitude=18.5305))
        self.assertContains(self.client.get(URL), 'aria-label="Gdynia"')

    def test_a_participant_placed_in_an_edition_without_a_network_is_counted(self):
        EditionParticipant.objects.create(edition=self.network.edition, participant=ParticipantFactory(
            name="Świdnica", voivodeship=None, latitude=None, longitude=None))
        self.assertContains(self.client.get(URL), "Świdnica")

    def test_the_commit_replaces_the_token_again(self):
        # A request reading between the save and the commit must not leave its copy in the cache.
        with self.captureOnCommitCallbacks(execute=True):
            self.katowice.save()
            token_after_save = cache.get(signals.GENERATION_KEY)
        self.assertNotEqual(cache.get(signals.GENERATION_KEY), token_after_save)

    def test_without_a_save_the_cached_map_is_served(self):
        # An update() sends no signal: the cached copy stays until it expires (signals.CACHE_SECONDS).
        type(self.katowice).objects.filter(pk=self.katowice.pk).update(name="Kattowitz")
        self.assertContains(self.client.get(URL), 'aria-label="Katowice"')
