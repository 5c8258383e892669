"""`event_create` and `event_update`: who creates what, levels, sequence numbers and bad input."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError

from pim.events import services
from pim.events.models import Event
from pim.events.tests.base import EventTestCase
from pim.plans.tests.factories import ActionPlanFactory

Kind = Event.Kind
DAY = datetime.date(2026, 3, 10)


def fields(**overrides):
    return {"kind": Kind.NETWORK_WORKSHOP, "title": "Przykładowe spotkanie", "starts_on": DAY, **overrides}


class EventCreatePermissionTests(EventTestCase):
    def test_a_network_workshop_is_created_by_its_organisers(self):
        self.assertServiceAllowedExactly(
            lambda user: services.event_create(by=user, fields=fields(network=self.network)),
            {"coordinator", "lead_officer", "expert"},
        )

    def test_an_lp_meeting_is_created_by_the_host_team_and_lp_coordinator(self):
        self.assertServiceAllowedExactly(
            lambda user: services.event_create(by=user, fields=fields(kind=Kind.LP_MEETING, host=self.member_city)),
            {"coordinator", "member_officer", "lp_coordinator"},
        )

    def test_an_edition_event_is_created_by_the_operator(self):
        self.assertServiceAllowedExactly(
            lambda user: services.event_create(
                by=user, fields=fields(kind=Kind.CLOSING_CONFERENCE, edition=self.edition)
            ),
            {"coordinator"},
        )


class SequenceNumberTests(EventTestCase):
    def create(self, **overrides) -> Event:
        return services.event_create(by=self.coordinator, fields=fields(**overrides))

    def test_numbers_count_each_kind_within_its_network(self):
        first = self.create(kind=Kind.ONLINE_MEETING, network=self.network, title="Spotkanie Sieci Online")
        second = self.create(kind=Kind.ONLINE_MEETING, network=self.network, title="Spotkanie Sieci Online")
        other_network = self.create(kind=Kind.ONLINE_MEETING, network=self.other_network)
        workshop = self.create(kind=Kind.STUDY_VISIT, network=self.network)
        self.assertEqual([first.sequence_number, second.sequence_number], [1, 2])
        self.assertEqual(str(second), "Spotkanie Sieci Online #2")
        self.assertEqual(other_network.sequence_number, 1)
        self.assertEqual(workshop.sequence_number, 1)

    def test_existing_numbers_are_continued(self):
        # The persona network already has one network workshop (numberless) and its history may state #4.
        Event.objects.filter(pk=self.workshop.pk).update(sequence_number=4)
        self.assertEqual(self.create(network=self.network).sequence_number, 5)

    def test_edition_events_and_lp_meetings_have_numbering_of_their_own(self):
        self.assertEqual(self.create(kind=Kind.ONLINE_MEETING, edition=self.edition).sequence_number, 1)
        member = self.create(kind=Kind.LP_MEETING, host=self.member_city)
        lead = self.create(kind=Kind.LP_MEETING, host=self.lead_city)
        # The persona cast already holds one (numberless) LP meeting per city; the new ones are numbered.
        self.assertEqual((member.sequence_number, lead.sequence_number), (1, 1))
        self.assertEqual(self.create(kind=Kind.LP_MEETING, host=self.member_city).sequence_number, 2)

    def test_a_taken_number_is_refused_by_the_database_rules(self):
        first = self.create(kind=Kind.ONLINE_MEETING, network=self.network)
        duplicate = Event(kind=Kind.ONLINE_MEETING, network=self.network, edition=self.edition, title="x",
                          sequence_number=first.sequence_number)
        with self.assertRaises(ValidationError) as raised:
            duplicate.full_clean()
        self.assertEqual(raised.exception.message_dict["__all__"],
                         ["W tej sieci jest już wydarzenie tego rodzaju o tym numerze."])

    def test_moving_an_event_to_another_network_numbers_it_there(self):
        event = self.create(kind=Kind.ONLINE_MEETING, network=self.network)
        self.create(kind=Kind.ONLINE_MEETING, network=self.other_network)
        moved = services.event_update(event=event, by=self.coordinator, fields={"network": self.other_network})
        self.assertEqual(moved.sequence_number, 2)


class EventLevelTests(EventTestCase):
    def test_the_city_coordinator_creates_an_lp_meeting_in_their_citys_network(self):
        event = services.event_create(
            by=self.lp_coordinator, fields=fields(kind=Kind.LP_MEETING, host=self.member_city, is_online=True,
                                                  online_link="https://spotkanie.example.org/lp")
        )
        self.assertEqual((event.level, event.network, event.edition), ("lp", self.network, self.edition))
        self.assertEqual(event.created_by, self.lp_coordinator)

    def test_levels_follow_the_kind_and_the_network(self):
        edition = services.event_create(by=self.coordinator, fields=fields(kind=Kind.JOINT_MEETING,
                                                                            edition=self.edition))
        network = services.event_create(by=self.coordinator, fields=fields(network=self.network))
        self.assertEqual((edition.level, network.level), ("edition", "network"))

    def test_an_advisory_is_the_experts_session_with_a_city_about_its_mid(self):
        plan = ActionPlanFactory(network=self.network, participant=self.member_city)
        advisory = services.event_create(by=self.expert, fields=fields(
            kind=Kind.INDIVIDUAL_ADVISORY, host=self.member_city, expert=self.expert.person, plan=plan,
            is_public=False,
        ))
        self.assertEqual((advisory.network, advisory.plan, advisory.expert), (self.network, plan, self.expert.person))


class EventBadInputTests(EventTestCase):
    def assertRefused(self, field: str, **overrides) -> None:
        with self.assertRaises(ValidationError) as raised:
            services.event_create(by=self.coordinator, fields=fields(**overrides))
        self.assertIn(field, raised.exception.message_dict)
        self.assertFalse(Event.objects.filter(title=overrides.get("title", "Przykładowe spotkanie")).exists())

    def test_an_end_before_the_start_is_refused(self):
        self.assertRefused("ends_on", network=self.network, ends_on=DAY - datetime.timedelta(days=1))

    def test_an_end_time_before_the_start_time_on_one_day_is_refused(self):
        self.assertRefused("end_time", network=self.network, ends_on=DAY, start_time=datetime.time(12),
                           end_time=datetime.time(10))

    def test_an_event_without_edition_or_network_is_refused(self):
        self.assertRefused("edition")

    def test_an_lp_meeting_without_host_is_refused(self):
        self.assertRefused("host", kind=Kind.LP_MEETING, network=self.network)

    def test_an_advisory_without_expert_is_refused(self):
        self.assertRefused("expert", kind=Kind.INDIVIDUAL_ADVISORY, host=self.member_city)

    def test_a_mid_of_another_network_is_refused(self):
        plan = ActionPlanFactory(network=self.other_network, participant=self.outsider_city)
        self.assertRefused("plan", network=self.network, plan=plan)

    def test_a_bad_link_is_refused(self):
        self.assertRefused("online_link", network=self.network, online_link="javascript:alert(1)")

    def test_an_outsider_cannot_move_an_event_into_their_network(self):
        with self.assertRaises(PermissionDenied):
            services.event_update(event=self.other_workshop, by=self.lead_officer, fields={"network": self.network})

    def test_an_advisory_on_another_citys_mid_is_refused(self):
        plan = ActionPlanFactory(network=self.network, participant=self.lead_city)
        self.assertRefused("plan", kind=Kind.INDIVIDUAL_ADVISORY, host=self.member_city, expert=self.expert.person,
                           plan=plan)
