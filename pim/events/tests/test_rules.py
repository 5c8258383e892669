"""Who sees, organises and registers for events: persona × action × own/other network and city."""

from __future__ import annotations

from pim.events.tests.base import EventTestCase
from pim.events.tests.factories import RegistrationFactory

EVERYONE = {
    "coordinator", "lead_officer", "member_officer", "outsider_officer", "ministry_reviewer", "anonymous",
    "expert", "lp_coordinator", "lp_member",
}


class OrganiserTests(EventTestCase):
    def test_only_the_operator_organises_an_edition_event(self):
        self.assertAllowedExactly("events.change_event", self.edition_event, {"coordinator"})

    def test_the_expert_and_the_lead_city_organise_a_network_event(self):
        self.assertAllowedExactly("events.change_event", self.workshop, {"coordinator", "lead_officer", "expert"})

    def test_the_other_networks_lead_city_organises_only_its_own_network(self):
        self.assertAllowedExactly("events.change_event", self.other_workshop, {"coordinator", "outsider_officer"})

    def test_the_host_team_and_lp_coordinator_organise_their_lp_meeting(self):
        self.assertAllowedExactly(
            "events.change_event", self.lp_meeting, {"coordinator", "member_officer", "lp_coordinator"}
        )

    def test_another_citys_lp_meeting_is_not_theirs(self):
        self.assertAllowedExactly("events.change_event", self.other_lp_meeting, {"coordinator", "lead_officer"})

    def test_the_expert_and_the_advised_city_organise_an_advisory(self):
        self.assertAllowedExactly("events.change_event", self.advisory, {"coordinator", "expert", "member_officer"})

    def test_only_the_operator_deletes(self):
        self.assertAllowedExactly("events.delete_event", self.workshop, {"coordinator"})

    def test_organisers_may_open_the_new_event_page(self):
        self.assertAllowedExactly(
            "events.add_event", None,
            {"coordinator", "lead_officer", "member_officer", "outsider_officer", "expert", "lp_coordinator"},
        )


class VisibilityTests(EventTestCase):
    def test_everyone_sees_a_public_event(self):
        self.assertAllowedExactly("events.view_event", self.workshop, EVERYONE)

    def test_a_private_lp_meeting_is_seen_by_its_city_and_its_lp(self):
        self.assertAllowedExactly(
            "events.view_event", self.lp_meeting, {"coordinator", "member_officer", "lp_coordinator", "lp_member"}
        )

    def test_a_private_advisory_is_seen_by_its_organisers_only(self):
        self.assertAllowedExactly("events.view_event", self.advisory, {"coordinator", "expert", "member_officer"})

    def test_a_registered_person_sees_the_private_event(self):
        RegistrationFactory(event=self.other_lp_meeting, person=self.outsider_officer.person)
        self.assertTrue(self.outsider_officer.has_perm("events.view_event", self.other_lp_meeting))
        self.assertFalse(self.ministry_reviewer.has_perm("events.view_event", self.other_lp_meeting))


class SelfRegistrationTests(EventTestCase):
    def test_the_networks_cities_and_expert_register_for_a_network_event(self):
        self.assertAllowedExactly("events.register_self", self.workshop, {"lead_officer", "member_officer", "expert"})

    def test_the_host_lp_registers_for_an_lp_meeting(self):
        self.assertAllowedExactly(
            "events.register_self", self.lp_meeting, {"member_officer", "lp_coordinator", "lp_member"}
        )

    def test_every_city_of_the_edition_registers_for_an_edition_event(self):
        self.assertAllowedExactly(
            "events.register_self", self.edition_event,
            {"lead_officer", "member_officer", "outsider_officer", "expert"},
        )

    def test_nobody_registers_for_an_advisory(self):
        self.assertAllowedExactly("events.register_self", self.advisory, set())

    def test_nobody_registers_while_registration_is_closed(self):
        self.workshop.registration_open = False
        self.assertAllowedExactly("events.register_self", self.workshop, set())
