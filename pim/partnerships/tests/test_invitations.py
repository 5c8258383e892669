"""Invitations: send, accept with a password, and every way a link can be unusable (never a 500)."""

from __future__ import annotations

import datetime
import re

from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from pim.partnerships import services
from pim.partnerships.models import Invitation
from pim.partnerships.tests.base import LpTestCase
from pim.partnerships.tests.factories import InvitationFactory, MemberFactory, OrganisationMemberFactory
from pim.programmes.models import RoleAssignment

LINK = re.compile(r"https?://\S+/partnerstwa/zaproszenie/([A-Za-z0-9_-]+)/")
NEW_PASSWORD = "Zielone-Podworko-2026"


class InvitationSendTests(LpTestCase):
    def send(self, member, by="member_officer", email=""):
        with self.captureOnCommitCallbacks(execute=True):
            return services.invitation_send(member=member, by=self.persona(by), email=email,
                                            base_url="https://pim.example.org/")

    def test_the_mail_carries_a_link_whose_token_is_stored_only_as_a_hash(self):
        member = MemberFactory(partnership=self.member_lp, email="nowy@example.org")
        sent = self.send(member)
        self.assertEqual(len(mail.outbox), 1)
        message = mail.outbox[0]
        self.assertEqual(message.to, ["nowy@example.org"])
        token = LINK.search(message.body).group(1)
        invitation = Invitation.objects.get(member=member)
        self.assertEqual(invitation.token_hash, services.token_hash(token))
        self.assertNotIn(token, str(Invitation.objects.filter(pk=invitation.pk).values().first()))
        self.assertEqual(sent.url, f"https://pim.example.org/partnerstwa/zaproszenie/{token}/")

    def test_no_mail_leaves_when_the_transaction_fails(self):
        member = MemberFactory(partnership=self.member_lp)
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            services.invitation_send(member=member, by=self.member_officer, base_url="https://x/")
        self.assertEqual(len(callbacks), 1)
        self.assertEqual(mail.outbox, [])

    def test_resending_revokes_the_earlier_link(self):
        member = MemberFactory(partnership=self.member_lp)
        first = self.send(member).invitation
        second = self.send(member).invitation
        first.refresh_from_db()
        self.assertEqual(first.status, Invitation.Status.REVOKED)
        self.assertEqual(second.status, Invitation.Status.PENDING)

    def test_a_member_without_an_address_or_already_with_an_account_is_refused(self):
        no_email = MemberFactory(partnership=self.member_lp, email="")
        with self.assertRaises(ValidationError):
            self.send(no_email)
        with self.assertRaises(ValidationError):
            self.send(self.resident)
        self.assertEqual(mail.outbox, [])

    def test_only_the_team_invites(self):
        member = MemberFactory(partnership=self.member_lp)
        for name in ("lp_member", "outsider_officer", "expert", "ministry_reviewer"):
            with self.subTest(persona=name), self.assertRaises(PermissionDenied):
                self.send(member, by=name)

    def test_the_view_sends_and_revokes(self):
        member = OrganisationMemberFactory(partnership=self.member_lp, email="fundacja@example.org")
        self.login("lp_coordinator")
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(reverse("partnerships:invitation_send", args=[member.pk]),
                                        {"email": "fundacja@example.org"})
        self.assertRedirects(response, member.get_absolute_url())
        self.assertEqual(len(mail.outbox), 1)
        self.assertIn("http://testserver/partnerstwa/zaproszenie/", mail.outbox[0].body)
        invitation = Invitation.objects.get(member=member)
        response = self.client.post(reverse("partnerships:invitation_revoke", args=[invitation.pk]))
        self.assertRedirects(response, member.get_absolute_url())
        invitation.refresh_from_db()
        self.assertEqual(invitation.status, Invitation.Status.REVOKED)

    def test_the_view_refuses_a_bad_address(self):
        member = MemberFactory(partnership=self.member_lp)
        self.login("member_officer")
        response = self.client.post(reverse("partnerships:invitation_send", args=[member.pk]), {"email": "nie"},
                                    follow=True)
        self.assertEqual(len(list(response.context["messages"])), 1)
        self.assertFalse(Invitation.objects.filter(member=member).exists())

    def test_strangers_get_404(self):
        member = MemberFactory(partnership=self.member_lp)
        invitation = InvitationFactory(member=member)
        for name in ("outsider_officer", "lp_member"):
            with self.subTest(persona=name):
                self.login(name)
                url = reverse("partnerships:invitation_send", args=[member.pk])
                self.assertEqual(self.client.post(url, {"email": "a@example.org"}).status_code, 404)
                url = reverse("partnerships:invitation_revoke", args=[invitation.pk])
                self.assertEqual(self.client.post(url).status_code, 404)


class InvitationAcceptTests(LpTestCase):
    TOKEN = "token-do-testow-akceptacji-0123456789"

    def setUp(self) -> None:
        self.member = OrganisationMemberFactory(partnership=self.member_lp, organisation="Fundacja Rzeki",
                                                email="fundacja@example.org")
        self.invitation = InvitationFactory(member=self.member, token=self.TOKEN)
        self.url = reverse("partnerships:invitation_accept", args=[self.TOKEN])

    def accept(self, **data):
        payload = {"name": "Anna Rzeczna", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD,
                   "consent_processing": "on", **data}
        with self.session_rotated():
            return self.client.post(self.url, payload)

    def test_accepting_creates_a_light_account_limited_to_the_lp(self):
        self.assertEqual(self.client.get(self.url).status_code, 200)
        response = self.accept(consent_publish="on")
        self.assertRedirects(response, reverse("partnerships:my_data"))
        user = get_user_model().objects.get(email="fundacja@example.org")
        self.assertEqual(user.username, "fundacja@example.org")
        self.assertTrue(user.check_password(NEW_PASSWORD))
        self.assertFalse(user.is_staff)
        self.member.refresh_from_db()
        self.assertEqual(self.member.person.name, "Anna Rzeczna")
        self.assertEqual(self.member.person.user, user)
        roles = list(RoleAssignment.objects.filter(person=self.member.person).values_list("role", "participant"))
        self.assertEqual(roles, [(RoleAssignment.Role.LP_MEMBER, self.member_city.pk)])
        self.assertEqual(set(self.member.consents.active().values_list("scope", flat=True)),
                         {"processing", "publish_organisation"})
        self.invitation.refresh_from_db()
        self.assertIsNotNone(self.invitation.accepted_at)
        # Logged in: the member's own page opens.
        self.assertEqual(self.client.get(reverse("partnerships:my_data")).status_code, 200)

    def test_a_used_link_is_refused_with_a_clear_message(self):
        self.accept()
        self.client.logout()
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 410)
        self.assertEqual(response.context["reason"], "used")

    def test_an_expired_link_is_refused(self):
        Invitation.objects.filter(pk=self.invitation.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 410)
        self.assertEqual(response.context["reason"], "expired")
        self.assertEqual(self.accept().status_code, 410)
        self.assertFalse(get_user_model().objects.filter(email="fundacja@example.org").exists())

    def test_a_revoked_link_is_refused(self):
        services.invitation_revoke(invitation=self.invitation, by=self.member_officer)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 410)
        self.assertEqual(response.context["reason"], "revoked")

    def test_a_wrong_or_mangled_token_is_refused(self):
        for token in ("token-do-testow-akceptacji-0123456788", "x", "a" * 200, "%3Cscript%3E"):
            with self.subTest(token=token):
                response = self.client.get(f"/partnerstwa/zaproszenie/{token}/")
                self.assertEqual(response.status_code, 410)
                self.assertEqual(response.context["reason"], "invalid")

    def test_bad_input_is_answered_per_field_and_nothing_is_created(self):
        cases = [
            ({"password2": "inne-haslo-123"}, {"password2"}),
            ({"password1": "123", "password2": "123"}, {"password1"}),
            ({"consent_processing": ""}, {"consent_processing"}),
            ({"name": ""}, {"name"}),
        ]
        for data, fields in cases:
            with self.subTest(data=data):
                response = self.accept(**data)
                self.assertEqual(response.status_code, 400)
                self.assertEqual(set(response.context["form"].errors), fields)
        self.assertFalse(get_user_model().objects.filter(email="fundacja@example.org").exists())
        self.invitation.refresh_from_db()
        self.assertIsNone(self.invitation.accepted_at)

    def test_a_person_member_keeps_the_name_the_team_entered(self):
        member = MemberFactory(partnership=self.member_lp, person__name="Piotr Zapraszany", email="piotr@example.org")
        InvitationFactory(member=member, token="token-dla-piotra-0123456789abcdef")
        url = reverse("partnerships:invitation_accept", args=["token-dla-piotra-0123456789abcdef"])
        response = self.client.get(url)
        self.assertNotIn("name", response.context["form"].fields)
        with self.session_rotated():
            self.client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "consent_processing": "on"})
        member.refresh_from_db()
        self.assertEqual(member.person.name, "Piotr Zapraszany")
        self.assertEqual(member.person.user.username, "piotr@example.org")

    def test_a_member_with_an_account_accepts_while_logged_in(self):
        member = MemberFactory(partnership=self.member_lp, person=self.expert.person)
        InvitationFactory(member=member, token="token-dla-eksperta-0123456789abcd")
        url = reverse("partnerships:invitation_accept", args=["token-dla-eksperta-0123456789abcd"])
        response = self.client.get(url)
        self.assertTrue(response.context["login_first"])
        self.login("expert")
        response = self.client.post(url, {"consent_processing": "on"})
        self.assertRedirects(response, reverse("partnerships:my_data"))
        self.assertTrue(RoleAssignment.objects.filter(person=self.expert.person, role="lp_member").exists())

    def test_someone_else_logged_in_cannot_take_over_an_accounts_invitation(self):
        member = MemberFactory(partnership=self.member_lp, person=self.expert.person)
        InvitationFactory(member=member, token="token-dla-eksperta-0123456789abcd")
        with self.assertRaises(PermissionDenied):
            services.invitation_accept(token="token-dla-eksperta-0123456789abcd", by=self.outsider_officer,
                                       consents=("processing",))
