"""Participant model: the size class is derived from population by the database."""

from django.test import TestCase

from pim.places.models import Participant, SizeClass, size_class_for
from pim.places.tests.factories import ParticipantFactory


class SizeClassTests(TestCase):
    def test_size_class_follows_population_thresholds(self):
        cases = {1_999: SizeClass.SMALL, 19_999: SizeClass.SMALL, 20_000: SizeClass.MEDIUM,
                 100_000: SizeClass.MEDIUM, 100_001: SizeClass.LARGE, None: SizeClass.UNKNOWN}
        for population, expected in cases.items():
            participant = ParticipantFactory(population=population)
            participant.refresh_from_db()
            with self.subTest(population=population):
                self.assertEqual(participant.size_class, expected)
                self.assertEqual(size_class_for(population), expected)

    def test_size_class_is_filterable(self):
        ParticipantFactory(population=600_000)
        ParticipantFactory(population=5_000)
        self.assertEqual(Participant.objects.filter(size_class=SizeClass.LARGE).count(), 1)

    def test_voivodeships_are_loaded_as_reference_data(self):
        from pim.places.models import Voivodeship

        self.assertEqual(Voivodeship.objects.count(), 16)
        self.assertEqual(Voivodeship.objects.get(teryt="24").name, "śląskie")
