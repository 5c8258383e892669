"""Who may change an event, persona by persona."""

from __future__ import annotations

from pim.events.models import Event
from pim.events.tests.factories import EventFactory
from pim.programmes.tests.personas import CAST, SUPPORTING, PersonaTestCase


class EventPermissionTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.workshop = EventFactory(network=cls.network, host=cls.member_city)
        cls.lp_meeting = EventFactory(network=cls.network, host=cls.member_city, kind=Event.Kind.LP_MEETING)
        cls.other_workshop = EventFactory(network=cls.other_network, host=cls.outsider_city)

    def test_every_persona_reads_an_event(self):
        self.assertAllowedExactly("events.view_event", self.workshop, set(CAST + SUPPORTING))

    def test_the_host_the_lead_city_and_the_expert_change_a_network_workshop(self):
        self.assertAllowedExactly(
            "events.change_event", self.workshop, {"coordinator", "lead_officer", "member_officer", "expert"}
        )

    def test_the_lp_coordinator_changes_only_their_citys_lp_meetings(self):
        self.assertAllowedExactly(
            "events.change_event", self.lp_meeting,
            {"coordinator", "lead_officer", "member_officer", "expert", "lp_coordinator"},
        )

    def test_an_outsider_city_changes_only_events_of_its_own_network(self):
        self.assertAllowedExactly("events.change_event", self.other_workshop, {"coordinator", "outsider_officer"})

    def test_only_the_coordinator_deletes_an_event(self):
        self.assertAllowedExactly("events.delete_event", self.workshop, {"coordinator"})
