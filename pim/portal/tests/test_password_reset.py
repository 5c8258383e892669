"""Password reset: the e-mail goes out, its link sets a new password, and the link works once."""

from __future__ import annotations

import re

from django.core import mail
from django.urls import reverse

from pim.programmes.tests.personas import PersonaTestCase

NEW_PASSWORD = "Nowe-Haslo-Zielone-2024"


class PasswordResetTests(PersonaTestCase):
    def request_reset_link(self) -> str:
        response = self.client.post(reverse("password_reset"), {"email": self.member_officer.email})
        self.assertRedirects(response, reverse("password_reset_done"))
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, [self.member_officer.email])
        return re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[0].body).group(1)

    def test_the_reset_form_and_its_pages_render(self):
        for name in ("password_reset", "password_reset_done", "password_reset_complete"):
            with self.subTest(page=name):
                self.assertEqual(self.client.get(reverse(name)).status_code, 200)

    def test_an_unknown_address_gets_the_same_answer_and_no_mail(self):
        response = self.client.post(reverse("password_reset"), {"email": "nikt@example.org"})
        self.assertRedirects(response, reverse("password_reset_done"))
        self.assertEqual(mail.outbox, [])

    def test_the_link_in_the_mail_sets_a_new_password(self):
        link = self.request_reset_link()
        self.assertIn("member_officer", mail.outbox[0].body)
        form_page = self.client.get(link, follow=True)
        self.assertTrue(form_page.context["validlink"])
        response = self.client.post(
            form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
        )
        self.assertRedirects(response, reverse("password_reset_complete"))
        self.member_officer.refresh_from_db()
        self.assertTrue(self.member_officer.check_password(NEW_PASSWORD))
        with self.session_rotated():
            login = self.client.post(reverse("login"), {"username": "member_officer", "password": NEW_PASSWORD})
        self.assertEqual(login.status_code, 302)

    def test_mismatched_passwords_are_announced(self):
        form_page = self.client.get(self.request_reset_link(), follow=True)
        response = self.client.post(
            form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": "inne-haslo-123"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'role="alert"')
        self.assertContains(response, 'aria-invalid="true"')

    def test_a_used_link_is_refused(self):
        link = self.request_reset_link()
        form_page = self.client.get(link, follow=True)
        self.client.post(form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
        self.client.logout()
        response = self.client.get(link, follow=True)
        self.assertFalse(response.context["validlink"])
        self.assertContains(response, reverse("password_reset"))
