"""Polish first: the browser's Accept-Language does not switch the site; the visitor's choice does."""

from django.conf import settings
from django.test import TestCase


class LanguageTests(TestCase):
    def test_polish_is_served_even_to_an_english_browser(self):
        response = self.client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
        self.assertContains(response, '<html lang="pl">')

    def test_the_visitors_choice_switches_to_english_and_back(self):
        response = self.client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
        self.assertContains(response, '<html lang="en">')
        self.assertEqual(self.client.cookies[settings.LANGUAGE_COOKIE_NAME].value, "en")
        response = self.client.post("/i18n/setlang/", {"language": "pl", "next": "/"}, follow=True)
        self.assertContains(response, '<html lang="pl">')

    def test_an_unknown_language_cookie_falls_back_to_polish(self):
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
        self.assertContains(self.client.get("/"), '<html lang="pl">')
