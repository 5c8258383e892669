"""Who may read, write and review a MID, persona by persona."""

from __future__ import annotations

from pim.plans.tests.factories import ActionPlanFactory
from pim.programmes.tests.personas import CAST, SUPPORTING, PersonaTestCase


class ActionPlanPermissionTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.lead_plan = ActionPlanFactory(network=cls.network, participant=cls.lead_city)
        cls.member_plan = ActionPlanFactory(network=cls.network, participant=cls.member_city)

    def test_every_persona_reads_a_mid(self):
        self.assertAllowedExactly("plans.view_actionplan", self.member_plan, set(CAST + SUPPORTING))

    def test_a_city_team_writes_only_its_own_mid(self):
        self.assertAllowedExactly("plans.change_actionplan", self.lead_plan, {"coordinator", "lead_officer"})
        self.assertAllowedExactly("plans.change_actionplan", self.member_plan, {"coordinator", "member_officer"})

    def test_only_the_coordinator_creates_or_deletes_a_mid(self):
        self.assertAllowedExactly("plans.add_actionplan", None, {"coordinator"})
        self.assertAllowedExactly("plans.delete_actionplan", self.member_plan, {"coordinator"})

    def test_the_network_expert_reviews_the_networks_mids(self):
        self.assertAllowedExactly("plans.review_actionplan", self.member_plan, {"coordinator", "expert"})
