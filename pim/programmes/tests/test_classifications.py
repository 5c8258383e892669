"""A network's classifications JSON in any shape becomes headed lists, with named participants linked."""

from __future__ import annotations

from django.test import TestCase, override_settings

from pim.places.tests.factories import ParticipantFactory
from pim.programmes.classifications import classification_groups, resolve_participants


# The assertions read the English interface; the site itself is Polish first (LANGUAGE_CODE="pl").
@override_settings(LANGUAGE_CODE="en")
class ClassificationGroupsTests(TestCase):
    def test_strings_records_and_mappings_are_all_rendered(self):
        groups = classification_groups({
            "horizontal_areas": ["integracja danych", "cyberbezpieczeństwo"],
            "process_stages": [{"key": "concept", "name": "Etap koncepcyjny", "steps": ["Wybór doradców"],
                                "participants": ["poznan"]}],
            "custom": {"a": ["x", "y"]},
            "single": "tekst",
        })
        self.assertEqual([g.label for g in groups], ["horizontal areas", "PPP process stages", "custom", "single"])
        self.assertEqual([i.text for i in groups[0].items], ["integracja danych", "cyberbezpieczeństwo"])
        stage = groups[1].items[0]
        self.assertEqual(stage.text, "Etap koncepcyjny")
        self.assertEqual(stage.details, [("steps", "Wybór doradców")])
        self.assertEqual(stage.participant_keys, ["poznan"])
        self.assertEqual(groups[2].items[0].text, "a: x; y")
        self.assertEqual(groups[3].items[0].text, "tekst")
        self.assertEqual(classification_groups(None), [])

    def test_participant_keys_resolve_to_links_in_one_query(self):
        ParticipantFactory(name="Poznań", slug="poznan")
        groups = classification_groups({"sectors": [{"name": "Transport", "participants": ["poznan", "nieznane"]}]})
        with self.assertNumQueries(1):
            resolve_participants(groups)
        self.assertEqual(groups[0].items[0].participants, [("Poznań", "/uczestnicy/poznan/"), ("nieznane", "")])
