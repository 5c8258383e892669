"""The registry's filters: PIM participants, editions, folded name search, the editions of a participant."""

from __future__ import annotations

from django.test import TestCase

from pim.places.models import Participant
from pim.places.tests.factories import ParticipantFactory, voivodeship
from pim.programmes.models import EditionParticipant
from pim.programmes.tests.factories import EditionFactory, MembershipFactory, NetworkFactory


class ParticipantQuerySetTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.edition = EditionFactory(slug="2021-2023")
        cls.lodz = ParticipantFactory(name="Łódź", voivodeship=voivodeship("lodzkie"))
        cls.zory = ParticipantFactory(name="Żory", voivodeship=voivodeship("slaskie"))
        cls.outside = ParticipantFactory(name="Zakopane")
        network = NetworkFactory(edition=cls.edition)
        MembershipFactory(network=network, participant=cls.zory)
        MembershipFactory(network=NetworkFactory(edition=cls.edition), participant=cls.zory)
        EditionParticipant.objects.create(edition=cls.edition, participant=cls.lodz)

    def test_in_pim_counts_members_and_participants_without_a_known_network_once(self):
        self.assertEqual(list(Participant.objects.in_pim().for_list()), [self.lodz, self.zory])
        self.assertEqual(Participant.objects.in_edition("2021-2023").count(), 2)

    def test_search_folds_case_and_diacritics_on_both_sides(self):
        self.assertEqual(list(Participant.objects.search("LODZ")), [self.lodz])
        self.assertEqual(list(Participant.objects.search("żor")), [self.zory])
        self.assertEqual(list(Participant.objects.search("zor")), [self.zory])

    def test_the_list_orders_polish_initials_among_their_latin_letters(self):
        names = [p.name for p in Participant.objects.filter_by(pim_only=False).for_list()]
        self.assertEqual(names, ["Łódź", "Zakopane", "Żory"])

    def test_filter_by_combines_filters(self):
        qs = Participant.objects.filter_by(voivodeship="slaskie", edition="2021-2023")
        self.assertEqual(list(qs), [self.zory])
        self.assertEqual(Participant.objects.filter_by(pim_only=False).count(), 3)

    def test_editions_lists_each_edition_once(self):
        zory = Participant.objects.with_editions().get(pk=self.zory.pk)
        with self.assertNumQueries(0):
            self.assertEqual(zory.editions, [self.edition])
