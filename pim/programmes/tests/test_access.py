"""Permission-checked fetches: public records read by all, writes only for their scope, 404 for outsiders."""

from __future__ import annotations

from django.http import Http404

from pim.places.access import get_participant_for_user
from pim.programmes.access import get_edition_for_user, get_network_for_user, get_person_for_user
from pim.programmes.tests.personas import PersonaTestCase


class NetworkAccessTests(PersonaTestCase):
    def test_everyone_reads_a_network(self):
        for name in self.personas:
            with self.subTest(persona=name):
                self.assertEqual(get_network_for_user(self.persona(name), self.network.slug), self.network)

    def test_the_coordinator_gets_the_network_for_writing_with_its_edition_loaded(self):
        network = get_network_for_user(self.coordinator, self.network.slug, write=True)
        with self.assertNumQueries(0):
            self.assertEqual(network.edition.owner, self.ministry)

    def test_an_outsider_asking_to_write_gets_404(self):
        for name in ("lead_officer", "outsider_officer", "ministry_reviewer", "anonymous"):
            with self.subTest(persona=name), self.assertRaises(Http404):
                get_network_for_user(self.persona(name), self.network.slug, write=True)

    def test_a_missing_network_is_404(self):
        with self.assertRaises(Http404):
            get_network_for_user(self.coordinator, "nie-ma-takiej-sieci")

    def test_a_write_fetch_costs_the_object_and_the_roles(self):
        with self.assertNumQueries(2):
            get_edition_for_user(self.coordinator, self.edition.slug, write=True)


class PersonAndParticipantAccessTests(PersonaTestCase):
    def test_a_person_is_seen_by_the_coordinator_and_by_themselves_only(self):
        person = self.member_officer.person
        self.assertEqual(get_person_for_user(self.coordinator, person.pk), person)
        self.assertEqual(get_person_for_user(self.member_officer, person.pk), person)
        for name in ("lead_officer", "outsider_officer", "anonymous"):
            with self.subTest(persona=name), self.assertRaises(Http404):
                get_person_for_user(self.persona(name), person.pk)

    def test_a_city_officer_cannot_edit_their_city_in_the_registry(self):
        self.assertEqual(get_participant_for_user(self.anonymous, self.member_city.slug), self.member_city)
        with self.assertRaises(Http404):
            get_participant_for_user(self.member_officer, self.member_city.slug, write=True)
        self.assertEqual(
            get_participant_for_user(self.coordinator, self.member_city.slug, write=True), self.member_city
        )
