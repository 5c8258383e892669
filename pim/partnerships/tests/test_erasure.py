"""Erasing a member: the name and contact vanish everywhere, the statistics stay."""

from __future__ import annotations

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import reverse

from pim.partnerships import services
from pim.partnerships.models import Consent, Invitation, LocalPartnership, PartnershipMember
from pim.partnerships.tests.base import LpTestCase
from pim.partnerships.tests.factories import InvitationFactory
from pim.programmes.models import Person, RoleAssignment

NAME = "Jadwiga Mieszkańska"
EMAIL = "jadwiga@example.org"


def counts(partnership: LocalPartnership) -> list[tuple[str, int]]:
    return LocalPartnership.objects.filter(pk=partnership.pk).public_summaries()[0].counts


class MemberEraseTests(LpTestCase):
    def setUp(self) -> None:
        InvitationFactory(member=self.resident, email=EMAIL)
        LogEntry.objects.create(
            user=self.coordinator, content_type=ContentType.objects.get_for_model(Person),
            object_id=str(self.resident.person_id), object_repr=NAME, action_flag=CHANGE,
        )

    def erase(self, by: str = "member_officer") -> PartnershipMember:
        return services.member_erase(member=self.resident, by=self.persona(by))

    def test_the_name_and_contact_appear_nowhere_afterwards(self):
        before = counts(self.member_lp)
        self.erase()
        self.assertEqual(counts(self.member_lp), before)
        pages = [
            ("member_officer", self.member_lp.get_absolute_url()),
            ("anonymous", self.member_lp.get_absolute_url()),
            ("anonymous", self.member_city.get_absolute_url()),
            ("coordinator", reverse("admin:partnerships_partnershipmember_changelist")),
            ("coordinator", reverse("admin:programmes_person_changelist")),
            ("coordinator", reverse("admin:index")),
            ("coordinator", reverse("partnerships:person_export", args=[self.stranger.person_id])),
            ("member_officer", self.resident.get_absolute_url()),
        ]
        for persona, url in pages:
            with self.subTest(url=url, persona=persona):
                self.client.logout()
                self.login(persona)
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertNotIn(NAME, response.content.decode())
                self.assertNotIn(EMAIL, response.content.decode())
        self.assertNameNotInDatabase()

    def assertNameNotInDatabase(self):
        # Every text column of every table of the apps that hold people.
        with connection.cursor() as cursor:
            for model in (Person, PartnershipMember, Invitation, Consent, get_user_model(), LogEntry, RoleAssignment):
                table = model._meta.db_table
                columns = [f.column for f in model._meta.concrete_fields if f.get_internal_type() in (
                    "CharField", "TextField", "EmailField")]
                for column in columns:
                    with self.subTest(table=table, column=column):
                        cursor.execute(
                            f'SELECT COUNT(*) FROM "{table}" WHERE "{column}" LIKE %s OR "{column}" LIKE %s',
                            [f"%{NAME}%", f"%{EMAIL}%"],
                        )
                        self.assertEqual(cursor.fetchone()[0], 0)

    def test_category_sector_and_dates_stay(self):
        member = self.erase()
        member.refresh_from_db()
        self.assertEqual((member.category, member.sector, member.joined_on), ("residents", "mieszkańcy",
                                                                              self.resident.joined_on))
        self.assertIsNotNone(member.erased_at)
        self.assertEqual(member.email, "")
        self.assertEqual(member.phone, "")

    def test_the_account_is_closed_and_the_role_ended(self):
        self.erase()
        user = get_user_model().objects.get(pk=self.lp_member.pk)
        self.assertFalse(user.is_active)
        self.assertFalse(user.has_usable_password())
        self.assertTrue(user.username.startswith("usuniety-"))
        self.assertFalse(RoleAssignment.objects.active().filter(person=self.resident.person,
                                                                role=RoleAssignment.Role.LP_MEMBER).exists())

    def test_a_logged_in_member_is_logged_out(self):
        self.client.force_login(self.lp_member)
        self.erase()
        response = self.client.get(reverse("partnerships:my_data"))
        self.assertEqual(response.status_code, 302)

    def test_consents_are_withdrawn_and_invitations_deleted(self):
        self.erase()
        self.assertFalse(Consent.objects.active().filter(member=self.resident).exists())
        self.assertFalse(Invitation.objects.filter(member=self.resident).exists())

    def test_a_person_with_another_role_keeps_their_record_but_leaves_the_lp(self):
        officer_person = self.member_officer.person
        member = PartnershipMember.objects.create(
            partnership=self.member_lp, kind="person", person=officer_person, category="lg_administrative",
        )
        services.member_erase(member=member, by=self.lp_coordinator)
        member.refresh_from_db()
        officer_person.refresh_from_db()
        self.assertIsNone(member.person)
        self.assertEqual(officer_person.name, "Member Officer")
        self.assertTrue(get_user_model().objects.get(pk=self.member_officer.pk).is_active)

    def test_only_the_team_and_the_operator_erase(self):
        for name in ("lp_member", "outsider_officer", "expert", "ministry_reviewer", "lead_officer"):
            with self.subTest(persona=name), self.assertRaises(PermissionDenied):
                self.erase(by=name)

    def test_erasing_twice_is_refused(self):
        self.erase()
        self.resident.refresh_from_db()
        with self.assertRaises(ValidationError):
            self.erase()


class MemberEraseViewTests(LpTestCase):
    def url(self):
        return reverse("partnerships:member_erase", args=[self.resident.pk])

    def test_the_team_confirms_and_erases(self):
        self.login("lp_coordinator")
        self.assertEqual(self.client.get(self.url()).status_code, 200)
        response = self.client.post(self.url(), {"confirm": "on"})
        self.assertRedirects(response, self.member_lp.get_absolute_url())
        self.resident.refresh_from_db()
        self.assertTrue(self.resident.is_erased)

    def test_without_the_confirmation_nothing_happens(self):
        self.login("lp_coordinator")
        response = self.client.post(self.url(), {})
        self.assertEqual(response.status_code, 400)
        self.assertIn("confirm", response.context["form"].errors)
        self.resident.refresh_from_db()
        self.assertFalse(self.resident.is_erased)

    def test_outsiders_and_the_member_get_404(self):
        for name in ("lp_member", "outsider_officer", "expert"):
            with self.subTest(persona=name):
                self.login(name)
                self.assertEqual(self.client.post(self.url(), {"confirm": "on"}).status_code, 404)
        self.resident.refresh_from_db()
        self.assertFalse(self.resident.is_erased)

    def test_an_erased_member_cannot_be_edited(self):
        services.member_erase(member=self.resident, by=self.member_officer)
        self.login("member_officer")
        self.assertEqual(self.client.get(reverse("partnerships:member_edit", args=[self.resident.pk])).status_code, 404)
