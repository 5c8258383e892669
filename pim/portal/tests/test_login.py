"""Logging in: the form, a wrong password, and django-axes' lockout after five failures."""

from __future__ import annotations

from django.urls import reverse

from pim.programmes.tests.personas import PASSWORD, PersonaTestCase


class LoginTests(PersonaTestCase):
    def test_the_login_page_labels_its_fields(self):
        response = self.client.get(reverse("login"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, '<label for="id_username"')
        self.assertContains(response, '<label for="id_password"')
        self.assertContains(response, 'autocomplete="current-password"')

    def test_a_city_officer_logs_in_and_lands_on_the_home_page(self):
        with self.session_rotated():
            response = self.client.post(reverse("login"), {"username": "member_officer", "password": PASSWORD})
        self.assertRedirects(response, reverse("portal:home"), fetch_redirect_response=False)
        self.assertEqual(int(self.client.session["_auth_user_id"]), self.member_officer.pk)

    def test_login_goes_back_to_the_page_asked_for(self):
        with self.session_rotated():
            response = self.client.post(
                reverse("login") + "?next=/konto/",
                {"username": "member_officer", "password": PASSWORD, "next": "/konto/"},
            )
        self.assertRedirects(response, reverse("account"), fetch_redirect_response=False)

    def test_a_wrong_password_shows_an_announced_error(self):
        response = self.client.post(reverse("login"), {"username": "member_officer", "password": "zle-haslo"})
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].non_field_errors())
        self.assertContains(response, 'role="alert"')
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_a_missing_field_is_marked_invalid_and_described(self):
        response = self.client.post(reverse("login"), {"username": "member_officer", "password": ""})
        self.assertContains(response, 'aria-invalid="true"')
        self.assertContains(response, 'aria-describedby="id_password_error"')
        self.assertContains(response, 'id="id_password_error"')

    def test_five_failures_lock_the_account_out_with_429(self):
        for attempt in range(4):
            response = self.client.post(reverse("login"), {"username": "member_officer", "password": f"zle-{attempt}"})
            self.assertEqual(response.status_code, 200)
        response = self.client.post(reverse("login"), {"username": "member_officer", "password": "zle-5"})
        self.assertEqual(response.status_code, 429)
        self.assertTemplateUsed(response, "registration/lockout.html")
        self.assertContains(response, 'role="alert"', status_code=429)
        # Even the right password is refused while the lockout lasts.
        response = self.client.post(reverse("login"), {"username": "member_officer", "password": PASSWORD})
        self.assertEqual(response.status_code, 429)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_a_locked_account_still_logs_in_nobody_else_from_other_addresses(self):
        # AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"] locks the user name everywhere and the
        # address for every user name; other people at other addresses are unaffected.
        for attempt in range(5):
            self.client.post(reverse("login"), {"username": "member_officer", "password": f"zle-{attempt}"})
        elsewhere = {"REMOTE_ADDR": "10.1.2.3"}
        refused = self.client.post(reverse("login"), {"username": "member_officer", "password": PASSWORD}, **elsewhere)
        self.assertEqual(refused.status_code, 429)
        with self.session_rotated():
            response = self.client.post(reverse("login"), {"username": "lead_officer", "password": PASSWORD}, **elsewhere)
        self.assertEqual(response.status_code, 302)
