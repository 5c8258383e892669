"""Naming an LP's coordinator grants the LP coordinator role; replacing or unsetting them ends only that role."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pim.partnerships import services
from pim.partnerships.tests.base import LpTestCase
from pim.partnerships.tests.factories import MemberFactory
from pim.programmes.models import Person, RoleAssignment
from pim.programmes.rules import user_roles
from pim.programmes.tests.factories import EditionFactory, PersonFactory, RoleAssignmentFactory

Role = RoleAssignment.Role
TEAM_PERMS = ("partnerships.change_localpartnership", "partnerships.view_localpartnership_members")


class CoordinatorRoleTests(LpTestCase):
    def set_coordinator(self, person: Person | None, by: str = "member_officer") -> None:
        services.partnership_update(partnership=self.member_lp, by=self.persona(by), coordinator=person)

    def granted(self, person: Person):
        """The role the member city's LP grants `person` (its participant and edition)."""
        return RoleAssignment.objects.filter(
            person=person, role=Role.LP_COORDINATOR, participant=self.member_city, edition=self.edition
        )

    def fresh(self, user):
        # A new user object, as the next request would load it, without the roles cached on the old one.
        return get_user_model().objects.get(pk=user.pk)

    def test_setting_up_an_lp_with_a_coordinator_grants_the_role(self):
        edition = EditionFactory()
        officer = self.member_officer.person
        partnership = services.partnership_create(
            participant=self.member_city, edition=edition, by=self.member_officer, formula="open", coordinator=officer,
        )
        role = RoleAssignment.objects.active().get(person=officer, role=Role.LP_COORDINATOR)
        self.assertEqual((role.participant_id, role.edition_id), (partnership.participant_id, edition.pk))
        self.assertEqual(role.valid_from, timezone.localdate())

    def test_setting_up_an_lp_without_a_coordinator_grants_nothing(self):
        before = RoleAssignment.objects.count()
        services.partnership_create(participant=self.member_city, edition=EditionFactory(), by=self.member_officer,
                                    formula="open")
        self.assertEqual(RoleAssignment.objects.count(), before)

    def test_a_member_named_coordinator_gets_the_coordinators_rights(self):
        for perm in TEAM_PERMS:
            self.assertFalse(self.fresh(self.lp_member).has_perm(perm, self.member_lp))
        self.set_coordinator(self.resident.person)
        self.assertTrue(self.granted(self.resident.person).active().exists())
        user = self.fresh(self.lp_member)
        for perm in TEAM_PERMS:
            with self.subTest(perm=perm):
                self.assertTrue(user.has_perm(perm, self.member_lp))
        self.assertFalse(user.has_perm("partnerships.change_localpartnership", self.outsider_lp))

    def test_a_person_without_an_account_gets_the_role_too(self):
        member = MemberFactory(partnership=self.member_lp)
        self.set_coordinator(member.person)
        self.assertTrue(self.granted(member.person).active().exists())

    def test_saving_the_same_coordinator_again_adds_no_role(self):
        self.set_coordinator(self.resident.person)
        self.set_coordinator(self.resident.person)
        services.partnership_update(partnership=self.member_lp, by=self.member_officer, formula="closed")
        self.assertEqual(self.granted(self.resident.person).count(), 1)

    def test_replacing_the_coordinator_ends_only_the_role_the_lp_granted(self):
        admin_role = RoleAssignment.objects.get(person=self.lp_coordinator.person, role=Role.LP_COORDINATOR)
        self.set_coordinator(self.lp_coordinator.person)
        self.set_coordinator(self.resident.person)
        ended = self.granted(self.lp_coordinator.person).get()
        self.assertTrue(ended.ended)
        self.assertEqual(ended.valid_to, timezone.localdate())
        admin_role.refresh_from_db()
        self.assertEqual((admin_role.ended, admin_role.valid_to), (False, None))
        self.assertTrue(self.fresh(self.lp_coordinator).has_perm("partnerships.change_localpartnership", self.member_lp))
        self.assertTrue(self.granted(self.resident.person).active().exists())

        self.set_coordinator(self.member_officer.person)
        self.assertFalse(self.granted(self.resident.person).active().exists())
        user = self.fresh(self.lp_member)
        for perm in TEAM_PERMS:
            with self.subTest(perm=perm):
                self.assertFalse(user.has_perm(perm, self.member_lp))
        # Their membership (and its documents) stays.
        self.assertTrue(user.has_perm("partnerships.view_localpartnership_documents", self.member_lp))

    def test_a_role_the_person_held_before_survives_being_replaced(self):
        # An operator's grant for the same city and edition, entered before: the LP adds its own beside it.
        held = RoleAssignmentFactory(person=self.resident.person, role=Role.LP_COORDINATOR,
                                     participant=self.member_city)
        self.set_coordinator(self.resident.person)
        self.set_coordinator(None)
        held.refresh_from_db()
        self.assertFalse(held.ended)
        self.assertTrue(self.fresh(self.lp_member).has_perm("partnerships.change_localpartnership", self.member_lp))

    def test_unsetting_the_coordinator_ends_the_role(self):
        self.set_coordinator(self.resident.person)
        self.set_coordinator(None)
        self.assertFalse(self.granted(self.resident.person).active().exists())
        self.assertTrue(self.granted(self.resident.person).filter(ended=True).exists())
        self.assertFalse(self.fresh(self.lp_member).has_perm("partnerships.change_localpartnership", self.member_lp))

    def test_a_coordinator_named_again_gets_a_new_role(self):
        self.set_coordinator(self.resident.person)
        self.set_coordinator(None)
        self.set_coordinator(self.resident.person)
        self.assertEqual(self.granted(self.resident.person).active().count(), 1)
        self.assertEqual(self.granted(self.resident.person).count(), 2)

    def test_another_editions_lp_keeps_its_own_role(self):
        other = services.partnership_create(participant=self.member_city, edition=EditionFactory(),
                                            by=self.member_officer, formula="open")
        self.set_coordinator(self.resident.person)
        services.partnership_update(partnership=other, by=self.member_officer, coordinator=self.resident.person)
        self.set_coordinator(None)
        self.assertTrue(RoleAssignment.objects.active().filter(
            person=self.resident.person, role=Role.LP_COORDINATOR, edition=other.edition
        ).exists())
        self.assertTrue(self.fresh(self.lp_member).has_perm("partnerships.change_localpartnership", self.member_lp))

    def test_the_callers_cached_roles_are_refreshed(self):
        officer = self.member_officer
        self.assertNotIn(self.member_city.pk, user_roles(officer).lp_coordinator_participants)
        self.set_coordinator(officer.person)
        self.assertIn(self.member_city.pk, user_roles(officer).lp_coordinator_participants)
        self.set_coordinator(None)
        self.assertNotIn(self.member_city.pk, user_roles(officer).lp_coordinator_participants)

    def test_a_refused_coordinator_grants_nothing(self):
        with self.assertRaises(ValidationError):
            self.set_coordinator(self.stranger.person)
        self.assertFalse(RoleAssignment.objects.filter(person=self.stranger.person,
                                                       role=Role.LP_COORDINATOR).exists())

    def test_the_update_runs_the_same_queries_however_many_people_the_city_has(self):
        def changing_coordinator(person: Person) -> int:
            with CaptureQueriesContext(connection) as queries:
                self.set_coordinator(person)
            return len(queries)

        self.set_coordinator(self.lp_coordinator.person)
        few = changing_coordinator(self.resident.person)
        for _ in range(10):
            MemberFactory(partnership=self.member_lp)
            RoleAssignmentFactory(person=PersonFactory(), role=Role.LP_COORDINATOR, participant=self.member_city,
                                  edition=self.edition)
        many = changing_coordinator(self.lp_coordinator.person)
        self.assertEqual(few, many)


class CoordinatorErasureTests(LpTestCase):
    def test_an_erased_coordinator_is_unset_and_loses_the_role(self):
        services.partnership_update(partnership=self.member_lp, by=self.member_officer,
                                    coordinator=self.resident.person)
        person = self.resident.person
        services.member_erase(member=self.resident, by=self.member_officer)
        self.member_lp.refresh_from_db()
        person.refresh_from_db()
        self.assertIsNone(self.member_lp.coordinator)
        self.assertTrue(person.name.startswith(services.ERASED_NAME))
        self.assertFalse(RoleAssignment.objects.active().filter(person=person).exists())
        self.assertFalse(get_user_model().objects.get(pk=self.lp_member.pk).is_active)

    def test_a_city_officer_coordinating_keeps_the_coordination_when_leaving_the_register(self):
        officer = self.member_officer.person
        member = MemberFactory(partnership=self.member_lp, person=officer)
        services.partnership_update(partnership=self.member_lp, by=self.member_officer, coordinator=officer)
        services.member_erase(member=member, by=self.lp_coordinator)
        self.member_lp.refresh_from_db()
        self.assertEqual(self.member_lp.coordinator, officer)
        self.assertTrue(RoleAssignment.objects.active().filter(
            person=officer, role=Role.LP_COORDINATOR, edition=self.edition
        ).exists())
