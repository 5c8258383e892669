"""The public participant page: registry facts, memberships across editions, MIDs and events."""

from __future__ import annotations

import datetime
from unittest.mock import patch

from django.conf import settings
from django.test import TestCase, override_settings

from pim.events.tests.factories import EventFactory
from pim.places.models import Participant
from pim.places.tests.factories import ParticipantFactory, voivodeship
from pim.plans.tests.factories import ActionPlanFactory
from pim.portal.views import EVENTS_ON_PARTICIPANT_PAGE
from pim.programmes.models import EditionParticipant, Membership
from pim.programmes.tests.factories import EditionFactory, MembershipFactory, NetworkFactory


# The assertions read the English interface; the site itself is Polish first (LANGUAGE_CODE="pl").
@override_settings(LANGUAGE_CODE="en")
class ParticipantPageTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.katowice = ParticipantFactory(
            name="Katowice", slug="katowice", voivodeship=voivodeship("slaskie"), population=286_960,
            population_source="GeoNames", teryt="2469011", latitude=50.2584, longitude=19.0275, sources="B, P9",
        )
        cls.pilot = EditionFactory(name="Pilotaż", short_name="Pilotaż", start_year=2017, end_year=2019)
        cls.pim3 = EditionFactory(name="PIM 2024–2026", short_name="PIM3", start_year=2024, end_year=2026)
        cls.revitalisation = NetworkFactory(edition=cls.pilot, name="Rewitalizacja")
        MembershipFactory(network=cls.revitalisation, participant=cls.katowice, role=Membership.Role.LEAD,
                          valid_from=datetime.date(2017, 10, 2), valid_to=datetime.date(2019, 4, 30), ended=True,
                          note="Koordynacja do kwietnia 2019 r.")
        EditionParticipant.objects.create(edition=cls.pim3, participant=cls.katowice, note="Sieć nieznana.")
        ActionPlanFactory(network=cls.revitalisation, participant=cls.katowice, title="Bogucice")
        EventFactory(network=cls.revitalisation, host=cls.katowice, title="Spotkanie sieci w Katowicach")
        EventFactory(network=cls.revitalisation, title="Spotkanie sieci w Gdyni")
        cls.url = cls.katowice.get_absolute_url()

    def test_it_shows_the_registry_facts(self):
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "<h1>Katowice ")
        self.assertContains(response, 'href="/uczestnicy/?voivodeship=slaskie"')
        self.assertContains(response, "286,960")
        self.assertContains(response, "GeoNames")
        self.assertContains(response, "large (over 100,000)")
        self.assertContains(response, "2469011")
        self.assertContains(response, "50.2584")
        self.assertContains(response, 'href="/o-programie/#zrodlo-P9"')
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "pl"
        polish = self.client.get(self.url)
        self.assertContains(polish, "286\xa0960")  # grouped the Polish way
        self.assertContains(polish, "50,2584")

    def test_memberships_across_editions_show_role_dates_and_notes(self):
        response = self.client.get(self.url)
        self.assertContains(response, "Rewitalizacja")
        self.assertContains(response, "lead")
        self.assertContains(response, "from Oct. 2, 2017 to April 30, 2019")
        self.assertContains(response, "Koordynacja do kwietnia 2019 r.")
        self.assertContains(response, "network not named by the sources")
        self.assertContains(response, "PIM3")
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "pl"
        self.assertContains(self.client.get(self.url), "od 2 października 2017 do 30 kwietnia 2019")

    def test_mids_hosted_events_and_network_events_are_listed(self):
        response = self.client.get(self.url)
        self.assertContains(response, "Bogucice")
        self.assertEqual([e.title for e in response.context["hosted_events"]], ["Spotkanie sieci w Katowicach"])
        self.assertEqual(
            sorted(e.title for e in response.context["network_events"]),
            ["Spotkanie sieci w Gdyni", "Spotkanie sieci w Katowicach"],
        )

    def test_event_lists_are_bounded(self):
        for _ in range(EVENTS_ON_PARTICIPANT_PAGE + 1):
            EventFactory(network=self.revitalisation)
        response = self.client.get(self.url)
        self.assertEqual(len(response.context["network_events"]), EVENTS_ON_PARTICIPANT_PAGE)
        self.assertTrue(response.context["more_network_events"])
        self.assertContains(response, f"Only the first {EVENTS_ON_PARTICIPANT_PAGE} events are shown.")

    def test_the_membership_list_is_bounded_most_recent_first(self):
        MembershipFactory(network=NetworkFactory(edition=self.pim3, name="Miasto zielone"), participant=self.katowice)
        with patch("pim.portal.views.MEMBERSHIPS_ON_PARTICIPANT_PAGE", 1):
            response = self.client.get(self.url)
        self.assertEqual([m.name for m in response.context["memberships"]], ["Miasto zielone"])
        self.assertTrue(response.context["more_memberships"])
        self.assertContains(response, "Only the 1 most recent membership is shown.")
        self.assertContains(response, f'<a href="{self.pim3.get_absolute_url()}">PIM3</a>', html=True)

    def test_a_place_outside_pim_says_so_and_unknowns_stay_unknown(self):
        place = ParticipantFactory(name="Zakopane", population=None, latitude=None, longitude=None,
                                   voivodeship=None, kind=Participant.Kind.MUNICIPALITY)
        response = self.client.get(place.get_absolute_url())
        self.assertContains(response, "has not taken part in PIM")
        self.assertContains(response, "population unknown")
        self.assertContains(response, "not known", count=4)

    def test_an_unknown_slug_is_404(self):
        self.assertEqual(self.client.get("/uczestnicy/nie-ma-takiego-miasta/").status_code, 404)

    def test_the_query_count_does_not_grow_with_memberships_mids_and_events(self):
        city = ParticipantFactory()

        def add(n: int) -> None:
            for _ in range(n):
                network = NetworkFactory()
                MembershipFactory(network=network, participant=city)
                ActionPlanFactory(network=network, participant=city)
                EventFactory(network=network, host=city)
                EventFactory(network=network)
                EditionParticipant.objects.create(edition=EditionFactory(), participant=city)
                ParticipantFactory(parent=city)

        add(2)
        # 8: one of them asks for the city's Local Partnerships (pim/partnerships/tests/test_public.py covers
        # their members).
        with self.assertNumQueries(8):
            self.client.get(city.get_absolute_url())
        add(8)
        with self.assertNumQueries(8):
            response = self.client.get(city.get_absolute_url())
        self.assertEqual(len(response.context["memberships"]), 10)
        self.assertEqual(len(response.context["network_events"]), 20)
