"""The public edition page: facts, networks with counts and leads, participants by network, products, figures."""

from __future__ import annotations

import datetime
from unittest.mock import patch

from django.conf import settings
from django.core.cache import cache
from django.test import TestCase, override_settings

from pim.events.models import Event
from pim.events.tests.factories import EventFactory
from pim.places.tests.factories import ParticipantFactory
from pim.programmes.models import EditionFigure, EditionParticipant, Institution, Membership, ProductKind
from pim.programmes.tests.factories import (
    EditionFactory,
    EditionFigureFactory,
    EditionProductFactory,
    InstitutionFactory,
    MembershipFactory,
    NetworkFactory,
)


# The assertions read the English interface; the site itself is Polish first (LANGUAGE_CODE="pl").
@override_settings(LANGUAGE_CODE="en")
class EditionPageTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.edition = EditionFactory(
            name="Partnerska Inicjatywa Miast 2021–2023", slug="2021-2023", start_year=2021, end_year=2023,
            owner=InstitutionFactory(name="Ministerstwo Funduszy i Polityki Regionalnej", slug="mfipr"),
            strategic_partner=InstitutionFactory(name="Bank Światowy", slug="bank-swiatowy",
                                                 kind=Institution.Kind.STRATEGIC_PARTNER),
            description="Druga edycja z trzema sieciami.",
        )
        cls.green = NetworkFactory(edition=cls.edition, name="Miasto zielone")
        cls.ppp = NetworkFactory(edition=cls.edition, name="Miasto inicjatyw PPP")
        cls.lublin = ParticipantFactory(name="Lublin")
        MembershipFactory(network=cls.green, participant=cls.lublin, role=Membership.Role.LEAD)
        MembershipFactory(network=cls.green, participant=ParticipantFactory(name="Racibórz"))
        MembershipFactory(network=cls.ppp, participant=ParticipantFactory(name="Poznań"))
        EditionParticipant.objects.create(edition=cls.edition, participant=ParticipantFactory(name="Krzywiń"),
                                          note="Sieć nieznana.", sources="P35")
        EditionProductFactory(edition=cls.edition, kind=ProductKind.ACTION_PLAN, deadline=datetime.date(2023, 3, 31))
        EditionProductFactory(edition=cls.edition, kind=ProductKind.IMPROVEMENT_PLAN)
        EditionFigureFactory(edition=cls.edition, key=EditionFigure.Key.ACTION_PLANS, value=30, sources="A")
        EventFactory(network=None, edition=cls.edition, kind=Event.Kind.OPENING_CONFERENCE,
                     title="Konferencja inaugurująca", date_precision=Event.DatePrecision.MONTH,
                     starts_on=datetime.date(2022, 1, 1), ends_on=None)
        EventFactory(network=cls.green, title="Spotkanie sieci w Lublinie")
        cls.url = cls.edition.get_absolute_url()

    def setUp(self) -> None:
        # The member rows are cached per process and a test's rollback sends no signal.
        cache.clear()

    def test_it_shows_the_edition_facts(self):
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Partnerska Inicjatywa Miast 2021–2023")
        self.assertContains(response, "2021–2023")
        self.assertContains(response, "Ministerstwo Funduszy i Polityki Regionalnej")
        self.assertContains(response, 'href="/o-programie/#instytucja-bank-swiatowy"')
        self.assertContains(response, "Druga edycja z trzema sieciami.")

    def test_networks_show_member_counts_and_current_lead(self):
        response = self.client.get(self.url)
        networks = {n.name: n for n in response.context["networks"]}
        self.assertEqual(networks["Miasto zielone"].member_count, 2)
        self.assertEqual([m.participant for m in networks["Miasto zielone"].current_leads], [self.lublin])
        self.assertEqual(networks["Miasto inicjatyw PPP"].current_leads, [])
        self.assertContains(response, "no lead city named by the sources")

    def test_participants_are_grouped_by_network_and_the_unassigned_are_listed(self):
        response = self.client.get(self.url)
        networks = {n.name: n for n in response.context["networks"]}
        self.assertEqual([m.name for m in networks["Miasto zielone"].member_list], ["Lublin", "Racibórz"])
        self.assertEqual([m.name for m in networks["Miasto inicjatyw PPP"].member_list], ["Poznań"])
        self.assertContains(response, "Network not named by the sources")
        self.assertContains(response, "Krzywiń")

    def test_long_member_lists_are_cut_with_a_link_to_the_network_page(self):
        with patch("pim.portal.views.MEMBERS_PER_NETWORK_ON_EDITION_PAGE", 1):
            response = self.client.get(self.url)
        networks = {n.name: n for n in response.context["networks"]}
        self.assertEqual([m.name for m in networks["Miasto zielone"].member_list], ["Lublin"])
        self.assertTrue(networks["Miasto zielone"].more_members)
        self.assertFalse(networks["Miasto inicjatyw PPP"].more_members)
        self.assertContains(response, "Only the first 1 member is shown:")
        self.assertContains(response, f'<a href="{self.green.get_absolute_url()}">all 2 members of Miasto zielone</a>',
                            html=True)
        self.assertNotContains(response, "Racibórz")

    def test_cached_member_rows_follow_membership_changes(self):
        self.client.get(self.url)
        with self.assertNumQueries(7):
            self.client.get(self.url)
        MembershipFactory(network=self.ppp, participant=ParticipantFactory(name="Gniezno"))
        response = self.client.get(self.url)
        networks = {n.name: n for n in response.context["networks"]}
        self.assertEqual([m.name for m in networks["Miasto inicjatyw PPP"].member_list], ["Gniezno", "Poznań"])
        self.assertContains(response, "Gniezno")

    def test_products_figures_and_edition_level_events_only(self):
        response = self.client.get(self.url)
        self.assertContains(response, "Miejska Inicjatywa Działania (MID)")
        self.assertContains(response, "not set")
        self.assertContains(response, "MIDs prepared")
        self.assertContains(response, "<td>30</td>", html=True)
        self.assertContains(response, 'href="/o-programie/#zrodlo-A"')
        self.assertEqual([e.title for e in response.context["events"]], ["Konferencja inaugurująca"])
        # Month precision: the month and year only, in either language.
        self.assertContains(response, "January 2022")
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "pl"
        self.assertContains(self.client.get(self.url), "Styczeń 2022")
        self.assertNotContains(response, "Spotkanie sieci w Lublinie")

    def test_an_unknown_slug_is_404(self):
        self.assertEqual(self.client.get("/edycje/1999-2000/").status_code, 404)

    def test_the_query_count_does_not_grow_with_networks_and_members(self):
        edition = EditionFactory()

        def add(n: int) -> None:
            for _ in range(n):
                network = NetworkFactory(edition=edition)
                MembershipFactory(network=network, role=Membership.Role.LEAD)
                MembershipFactory(network=network, ended=True)
                EventFactory(network=None, edition=edition)
                EditionParticipant.objects.create(edition=edition, participant=ParticipantFactory())

        add(2)
        with self.assertNumQueries(8):
            self.client.get(edition.get_absolute_url())
        add(8)
        with self.assertNumQueries(8):
            response = self.client.get(edition.get_absolute_url())
        self.assertEqual(len(response.context["networks"]), 10)
        self.assertEqual(len(response.context["unassigned"]), 10)
