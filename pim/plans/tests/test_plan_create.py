"""Creating a MID for a city of a network."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from pim.places.tests.factories import ParticipantFactory
from pim.plans.models import ActionPlan, PlanVersion
from pim.plans.services import plan_create
from pim.plans.tests.base import MidTestCase
from pim.programmes.tests.factories import MembershipFactory


class PlanCreateTests(MidTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.new_city = ParticipantFactory(name="Miasto Nowe")
        MembershipFactory(network=cls.network, participant=cls.new_city)

    def create(self, *, by=None, participant=None, network=None):
        return plan_create(edition=self.edition, participant=participant or self.new_city,
                           network=network or self.network, title=" Zielone podwórka ", by=by or self.coordinator)

    def test_only_the_coordinator_creates_a_mid(self):
        self.assertServiceAllowedExactly(lambda user: self.create(by=user), {"coordinator"})

    def test_a_new_mid_is_a_draft_with_version_1(self):
        plan = self.create()
        self.assertEqual((plan.state, plan.title), (ActionPlan.State.DRAFT, "Zielone podwórka"))
        self.assertEqual(list(plan.versions.values_list("number", "section")), [(1, PlanVersion.CREATE)])
        self.assertEqual(set(plan.section_revisions().values()), {0})

    def test_the_city_must_be_a_member_of_the_network(self):
        with self.assertRaises(ValidationError) as caught:
            self.create(participant=ParticipantFactory())
        self.assertIn("participant", caught.exception.message_dict)

    def test_a_city_has_one_mid_per_edition(self):
        with self.assertRaises(ValidationError):
            self.create(participant=self.member_city)
        self.assertEqual(ActionPlan.objects.filter(participant=self.member_city).count(), 1)
