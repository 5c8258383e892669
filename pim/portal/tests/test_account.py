"""The "your account" page: for logged-in users only, listing their own roles."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.urls import reverse

from pim.programmes.tests.personas import PersonaTestCase


class AccountPageTests(PersonaTestCase):
    def test_anonymous_visitors_are_sent_to_log_in(self):
        response = self.client.get(reverse("account"))
        self.assertRedirects(
            response, redirect_to_login(reverse("account")).url, fetch_redirect_response=False
        )

    def test_a_city_officer_sees_their_role_and_city(self):
        self.client.force_login(self.member_officer)
        response = self.client.get(reverse("account"))
        self.assertEqual(response.status_code, 200)
        self.assertEqual([r.participant for r in response.context["roles"]], [self.member_city])
        self.assertContains(response, "Miasto Partnerskie")
        self.assertNotContains(response, reverse("admin:index"))

    def test_the_coordinator_sees_every_edition_and_the_admin_link(self):
        self.client.force_login(self.coordinator)
        response = self.client.get(reverse("account"))
        self.assertContains(response, reverse("admin:index"))
        self.assertIsNone(response.context["roles"][0].edition)

    def test_the_password_change_pages_render(self):
        self.client.force_login(self.member_officer)
        self.assertEqual(self.client.get(reverse("password_change")).status_code, 200)
        self.assertEqual(self.client.get(reverse("password_change_done")).status_code, 200)
