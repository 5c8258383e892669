"""The person's feed: a secret address, stored hashed, that lists the person's registrations and nobody else's."""

from __future__ import annotations

import datetime

import icalendar
from django.core.exceptions import PermissionDenied
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from pim.events import ical
from pim.events.models import CalendarFeedToken
from pim.events.tests.factories import EventFactory, RegistrationFactory
from pim.programmes.tests.factories import PersonFactory, UserFactory


class PersonFeedTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        soon = timezone.localdate() + datetime.timedelta(days=7)
        cls.user = UserFactory(username="anna")
        cls.person = PersonFactory(user=cls.user, name="Anna Zapisana", email="anna@example.org")
        cls.other = PersonFactory(user=UserFactory(username="jan"), name="Jan Inny", email="jan@example.org")
        cls.mine = EventFactory(title="Moje spotkanie", starts_on=soon, ends_on=None,
                                online_link="https://example.org/spotkanie-anny")
        cls.private = EventFactory(title="Zamknięte, ale moje", is_public=False, starts_on=soon, ends_on=None)
        cls.theirs = EventFactory(title="Spotkanie Jana", starts_on=soon, ends_on=None,
                                  online_link="https://example.org/spotkanie-jana")
        RegistrationFactory(event=cls.mine, person=cls.person)
        RegistrationFactory(event=cls.private, person=cls.person)
        RegistrationFactory(event=cls.theirs, person=cls.other)

    def feed_url(self) -> str:
        self.client.force_login(self.user)
        response = self.client.post(reverse("calendar:my_feed"), {"action": "renew"})
        self.assertEqual(response.status_code, 200)
        return response.context["feed_url"]

    def test_the_feed_lists_the_persons_registrations_with_their_links(self) -> None:
        url = self.feed_url()
        self.client.logout()
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        events = {str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(response.content).walk("VEVENT")}
        self.assertEqual(events, {"Moje spotkanie", "Zamknięte, ale moje"})
        raw = response.content.decode().replace("\r\n ", "")
        self.assertIn("https://example.org/spotkanie-anny", raw)
        for private in ("spotkanie-jana", "Jan Inny", "jan@example.org", "anna@example.org", "Anna Zapisana"):
            self.assertNotIn(private, raw)

    def test_only_the_hash_is_stored_and_a_new_address_replaces_the_old(self) -> None:
        first = self.feed_url()
        token = first.rsplit("/", 1)[1].removesuffix(".ics")
        stored = CalendarFeedToken.objects.get(person=self.person)
        self.assertNotEqual(stored.token_hash, token)
        self.assertEqual(len(stored.token_hash), 64)
        second = self.feed_url()
        self.assertNotEqual(first, second)
        self.assertEqual(self.client.get(first).status_code, 404)
        self.assertEqual(self.client.get(second).status_code, 200)
        self.client.post(reverse("calendar:my_feed"), {"action": "revoke"})
        self.assertEqual(self.client.get(second).status_code, 404)
        self.assertFalse(CalendarFeedToken.objects.exists())

    def test_the_page_never_shows_a_stored_address_again(self) -> None:
        self.feed_url()
        response = self.client.get(reverse("calendar:my_feed"))
        self.assertEqual(response.context["feed_url"], "")
        self.assertTrue(response.context["has_feed"])
        self.assertNotContains(response, "/ical/osoba/")

    def test_unknown_tokens_are_404(self) -> None:
        for token in ("nie-ma", "x" * 43):
            self.assertEqual(self.client.get(reverse("calendar:person_feed", args=[token])).status_code, 404)

    def test_only_the_person_may_create_or_remove_their_address(self) -> None:
        with self.assertRaises(PermissionDenied):
            ical.calendar_feed_token_renew(person=self.person, by=self.other.user)
        with self.assertRaises(PermissionDenied):
            ical.calendar_feed_token_revoke(person=self.person, by=self.other.user)
        self.assertFalse(CalendarFeedToken.objects.exists())

    def test_anonymous_is_sent_to_log_in_and_an_unlinked_account_is_told_why(self) -> None:
        response = self.client.get(reverse("calendar:my_feed"))
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("login"), response["Location"])
        self.client.force_login(UserFactory(username="bez-osoby"))
        response = self.client.post(reverse("calendar:my_feed"), {"action": "renew"})
        self.assertEqual(response.status_code, 200)
        self.assertIsNone(response.context["person"])
        self.assertFalse(CalendarFeedToken.objects.exists())
