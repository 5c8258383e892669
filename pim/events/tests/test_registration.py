"""Registration: who registers whom, the capacity and the per-city quotas, also under concurrency."""

from __future__ import annotations

import threading
import unittest

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from django.test import TransactionTestCase
from django.test.utils import CaptureQueriesContext

from pim.events import services
from pim.events.models import Attendance, DelegationQuota, Registration
from pim.events.tests.base import EventTestCase
from pim.events.tests.factories import DelegationQuotaFactory, EventFactory, RegistrationFactory
from pim.places.tests.factories import ParticipantFactory
from pim.programmes.models import RoleAssignment
from pim.programmes.tests.factories import (
    MembershipFactory,
    PersonFactory,
    RoleAssignmentFactory,
    UserFactory,
)


class SelfRegistrationTests(EventTestCase):
    def test_an_lp_member_registers_for_their_lps_meeting(self):
        registration = services.registration_create(
            event=self.lp_meeting, person=self.lp_member.person, by=self.lp_member
        )
        self.assertEqual(registration.participant, self.member_city)
        self.assertEqual(registration.created_by, self.lp_member)

    def test_a_city_officer_registers_for_their_citys_delegation(self):
        registration = services.registration_create(
            event=self.workshop, person=self.member_officer.person, by=self.member_officer,
            participant=self.outsider_city,  # ignored: a city officer comes for their own city
        )
        self.assertEqual(registration.participant, self.member_city)

    def test_nobody_registers_someone_else_without_organising(self):
        with self.assertRaises(PermissionDenied):
            services.registration_create(event=self.lp_meeting, person=self.lp_coordinator.person, by=self.lp_member)

    def test_an_lp_member_cannot_register_for_another_citys_lp_meeting(self):
        with self.assertRaises(PermissionDenied):
            services.registration_create(
                event=self.other_lp_meeting, person=self.lp_member.person, by=self.lp_member
            )

    def test_closed_registration_refuses_self_registration_but_not_the_organiser(self):
        self.workshop.registration_open = False
        self.workshop.save()
        with self.assertRaises(PermissionDenied):
            services.registration_create(event=self.workshop, person=self.member_officer.person, by=self.member_officer)
        services.registration_create(event=self.workshop, person=self.member_officer.person, by=self.lead_officer)

    def test_registering_twice_is_refused_with_a_message(self):
        services.registration_create(event=self.lp_meeting, person=self.lp_member.person, by=self.lp_member)
        with self.assertRaises(ValidationError) as raised:
            services.registration_create(event=self.lp_meeting, person=self.lp_member.person, by=self.lp_member)
        self.assertEqual(raised.exception.message_dict["person"],
                         [f"Osoba {self.lp_member.person} jest już zgłoszona na to wydarzenie."])


class CapacityAndQuotaTests(EventTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.people = [PersonFactory(user=None, name=f"Przykładowa Osoba {n}") for n in range(4)]

    def register(self, person, city=None) -> Registration:
        return services.registration_create(event=self.workshop, person=person, participant=city, by=self.expert)

    def test_a_full_event_refuses_the_next_person_with_a_clear_message(self):
        self.workshop.capacity = 2
        self.workshop.save()
        self.register(self.people[0])
        self.register(self.people[1])
        with self.assertRaises(ValidationError) as raised:
            self.register(self.people[2])
        self.assertEqual(raised.exception.message_dict["person"], ["Brak wolnych miejsc: zajęte są wszystkie 2 miejsca."])
        self.assertEqual(self.workshop.registrations.count(), 2)

    def test_a_city_over_its_quota_is_refused_and_other_cities_still_register(self):
        DelegationQuotaFactory(event=self.workshop, participant=self.member_city, places=1)
        self.register(self.people[0], self.member_city)
        with self.assertRaises(ValidationError) as raised:
            self.register(self.people[1], self.member_city)
        self.assertEqual(
            raised.exception.message_dict["participant"],
            ["Miasto Partnerskie: delegacja ma 1 miejsce i jest ono już zajęte."],
        )
        self.register(self.people[1], self.lead_city)
        self.assertEqual(self.workshop.registrations.count(), 2)

    def test_a_quota_below_the_registered_count_is_refused(self):
        self.register(self.people[0], self.member_city)
        self.register(self.people[1], self.member_city)
        with self.assertRaises(ValidationError):
            services.quotas_save(event=self.workshop, by=self.expert, quotas={self.member_city: 1})
        services.quotas_save(event=self.workshop, by=self.expert, quotas={self.member_city: 2, self.lead_city: None})
        self.assertEqual(self.workshop.quotas.get().places, 2)

    def test_the_organiser_registers_a_person_for_the_city_of_their_role(self):
        person = PersonFactory(user=None)
        RoleAssignmentFactory(person=person, role=RoleAssignment.Role.CITY_TEAM_MEMBER, participant=self.member_city)
        self.assertEqual(self.register(person).participant, self.member_city)

    def test_the_capacity_cannot_drop_below_the_registrations(self):
        self.register(self.people[0])
        self.register(self.people[1])
        with self.assertRaises(ValidationError) as raised:
            services.event_update(event=self.workshop, by=self.expert, fields={"capacity": 1})
        self.assertEqual(raised.exception.message_dict["capacity"],
                         ["Zgłoszone są już 2 osoby: liczba miejsc nie może być mniejsza."])
        services.event_update(event=self.workshop, by=self.expert, fields={"capacity": 2})

    def test_saving_quotas_costs_the_same_for_2_and_10_cities(self):
        cities = [ParticipantFactory() for _ in range(10)]
        services.quotas_save(event=self.workshop, by=self.expert, quotas={})  # the organiser's roles, read once
        counts = []
        for chosen in (cities[:2], cities):
            DelegationQuota.objects.create(event=self.workshop, participant=chosen[0], places=1)
            with CaptureQueriesContext(connection) as queries:
                services.quotas_save(event=self.workshop, by=self.expert,
                                     quotas={**{city: 4 for city in chosen}, self.lead_city: None})
            counts.append(len(queries))
            self.assertEqual(sorted(self.workshop.quotas.values_list("places", flat=True)), [4] * len(chosen))
            DelegationQuota.objects.filter(event=self.workshop).delete()
        self.assertEqual(counts[0], counts[1])

    def test_only_organisers_manage_quotas(self):
        with self.assertRaises(PermissionDenied):
            services.quotas_save(event=self.workshop, by=self.member_officer, quotas={self.member_city: 3})


class CancelTests(EventTestCase):
    def test_the_person_or_an_organiser_cancels_and_attendance_goes_too(self):
        registration = RegistrationFactory(event=self.lp_meeting, person=self.lp_member.person)
        services.attendance_check_in(event=self.lp_meeting, registration=registration, present=True,
                                     by=self.member_officer)
        with self.assertRaises(PermissionDenied):
            services.registration_cancel(registration=registration, by=self.lead_officer)
        services.registration_cancel(registration=registration, by=self.lp_member)
        self.assertFalse(Registration.objects.filter(pk=registration.pk).exists())
        self.assertFalse(Attendance.objects.filter(event=self.lp_meeting).exists())


@unittest.skipUnless(connection.vendor == "postgresql", "row locks need PostgreSQL; SQLite serialises writers")
class ConcurrentRegistrationTests(TransactionTestCase):
    """Two people take the last place at the same moment: the event row's lock lets exactly one in."""

    def test_the_last_place_goes_to_exactly_one_of_two_concurrent_registrations(self):
        city = ParticipantFactory()
        event = EventFactory(capacity=1, registration_open=True, host=city)
        MembershipFactory(network=event.network, participant=city)
        organiser = UserFactory()
        RoleAssignmentFactory(person=PersonFactory(user=organiser), role=RoleAssignment.Role.OPERATOR)
        people = [PersonFactory(user=None), PersonFactory(user=None)]
        barrier = threading.Barrier(2)
        outcomes: list[str] = []

        def register(person) -> None:
            try:
                barrier.wait()
                services.registration_create(event=event, person=person, by=organiser)
                outcomes.append("ok")
            except ValidationError as error:
                outcomes.append(error.messages[0])
            finally:
                connections.close_all()

        threads = [threading.Thread(target=register, args=[p]) for p in people]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(sorted(outcomes), ["Brak wolnych miejsc: wydarzenie ma 1 miejsce i jest ono już zajęte.", "ok"])
        self.assertEqual(event.registrations.count(), 1)
