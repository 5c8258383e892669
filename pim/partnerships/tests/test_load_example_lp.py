"""`manage.py load_example_lp`: the example LP of the example MID's city, marked as demo, idempotent."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from pim.partnerships.models import LocalPartnership
from pim.places.tests.factories import ParticipantFactory
from pim.programmes.models import Person
from pim.programmes.tests.factories import EditionFactory, PersonFactory, UserFactory


class LoadExampleLpTests(TestCase):
    def run_command(self) -> str:
        out = StringIO()
        call_command("load_example_lp", stdout=out)
        return out.getvalue()

    def test_without_the_example_mid_it_skips(self):
        self.assertIn("Skipped", self.run_command())
        self.assertFalse(LocalPartnership.objects.exists())

    def test_it_creates_a_marked_example_and_a_second_run_changes_nothing(self):
        # The example MID's city and its plan, as `load_example_mid` leaves them (plans may not be imported here).
        city = ParticipantFactory(slug="miasto-przykladowe-demo", name="Miasto Przykładowe (demo)")
        edition = EditionFactory()
        city.action_plans.create(edition=edition, title="Przykład", is_demo=True)
        PersonFactory(user=UserFactory(username="demo-lp"), name="Demo: Koordynator LP")
        self.assertIn("Created", self.run_command())
        partnership = LocalPartnership.objects.get(participant=city, edition=edition)
        self.assertTrue(partnership.is_demo)
        self.assertEqual(partnership.coordinator.name, "Demo: Koordynator LP")
        members = list(partnership.members.select_related("person"))
        self.assertEqual(len(members), 8)
        for member in members:
            self.assertTrue(("(demo)" in member.display_name) or member.display_name.startswith("Demo:"))
        people = Person.objects.count()
        consents = sum(m.consents.count() for m in members)
        self.assertIn("Reset", self.run_command())
        self.assertEqual(partnership.members.count(), 8)
        self.assertEqual(Person.objects.count(), people)
        self.assertEqual(sum(m.consents.count() for m in partnership.members.all()), consents)
        summary = LocalPartnership.objects.filter(pk=partnership.pk).public_summaries()[0]
        self.assertEqual(len(summary.organisations), 4)
