"""The MID admin opens for the coordinator and refuses city officers."""

from __future__ import annotations

from pim.plans.tests.factories import ActionPlanFactory
from pim.programmes.tests.personas import PersonaTestCase


class ActionPlanAdminTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.plans = [ActionPlanFactory(network=cls.network, participant=city) for city in (cls.lead_city, cls.member_city)]

    def test_the_coordinator_opens_the_mid_admin_pages(self):
        self.assertAdminPagesOpen(self.plans[0])

    def test_city_officers_are_refused(self):
        self.assertAdminRefusesCityOfficers(self.plans[0])
