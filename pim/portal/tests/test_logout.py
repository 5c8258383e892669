"""Logging out takes a POST (a link or an image tag must not log anyone out)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from pim.programmes.tests.personas import PersonaTestCase


class LogoutTests(PersonaTestCase):
    def test_logout_by_get_is_refused(self):
        self.client.force_login(self.member_officer)
        response = self.client.get(reverse("logout"))
        self.assertEqual(response.status_code, 405)
        self.assertIn("_auth_user_id", self.client.session)

    def test_logout_by_post_ends_the_session(self):
        self.client.force_login(self.member_officer)
        with self.session_rotated():
            response = self.client.post(reverse("logout"))
        self.assertRedirects(response, reverse("portal:home"), fetch_redirect_response=False)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_logout_needs_the_csrf_token(self):
        self.client.handler.enforce_csrf_checks = True
        self.client.force_login(self.member_officer)
        self.assertEqual(self.client.post(reverse("logout")).status_code, 403)


    def test_the_logged_out_page_renders_for_a_direct_visit(self):
        # LOGOUT_REDIRECT_URL sends people home; the page is there for LogoutView(next_page=None) uses.
        request = RequestFactory().get("/")
        request.user = AnonymousUser()
        html = render_to_string("registration/logged_out.html", request=request)
        self.assertIn(reverse("login"), html)
