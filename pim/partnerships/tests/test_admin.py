"""The operators' admin for LPs: pages open, city officers are refused, members are erased, never deleted."""

from __future__ import annotations

from django.urls import reverse

from pim.partnerships.models import Consent, ConsentText, Invitation
from pim.partnerships.tests.base import LpTestCase
from pim.partnerships.tests.factories import InvitationFactory


class AdminTests(LpTestCase):
    def test_the_coordinator_opens_every_admin_page(self):
        self.assertAdminPagesOpen(self.member_lp)
        self.assertAdminPagesOpen(self.resident)
        self.assertAdminPagesOpen(ConsentText.objects.first())
        self.assertAdminPagesOpen(Consent.objects.filter(member=self.resident).first(), add=False)
        self.assertAdminPagesOpen(InvitationFactory(member=self.resident), add=False)

    def test_city_officers_are_refused_the_lps(self):
        self.assertAdminRefusesCityOfficers(self.member_lp)

    def test_city_officers_are_refused_the_members(self):
        self.assertAdminRefusesCityOfficers(self.resident)

    def test_the_erase_action_anonymises_instead_of_deleting(self):
        self.client.force_login(self.coordinator)
        url = reverse("admin:partnerships_partnershipmember_changelist")
        response = self.client.get(url)
        self.assertNotIn("delete_selected", response.context["action_form"].fields["action"].choices.__repr__())
        response = self.client.post(url, {"action": "erase", "_selected_action": [self.resident.pk]}, follow=True)
        self.assertEqual(response.status_code, 200)
        self.resident.refresh_from_db()
        self.assertTrue(self.resident.is_erased)
        self.assertNotContains(response, "Jadwiga Mieszkańska")

    def test_the_invitation_page_never_shows_the_token_hash(self):
        invitation: Invitation = InvitationFactory(member=self.resident)
        self.client.force_login(self.coordinator)
        response = self.client.get(reverse("admin:partnerships_invitation_change", args=[invitation.pk]))
        self.assertNotContains(response, invitation.token_hash)

    def test_a_consent_text_in_use_cannot_be_rewritten(self):
        self.client.force_login(self.coordinator)
        text = ConsentText.objects.first()
        url = reverse("admin:partnerships_consenttext_change", args=[text.pk])
        self.client.post(url, {"scope": text.scope, "version": text.version, "text": "Zmieniona treść",
                               "published_at_0": "2026-01-01", "published_at_1": "10:00"})
        text.refresh_from_db()
        self.assertNotEqual(text.text, "Zmieniona treść")
