"""The public event page: kind, title with sequence number, edition, network, host, place and honest dates."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.test import TestCase, override_settings

from pim.events.models import Event
from pim.events.tests.factories import EventFactory
from pim.places.tests.factories import ParticipantFactory
from pim.programmes.tests.factories import NetworkFactory

Precision = Event.DatePrecision


# The assertions read the English interface; the site itself is Polish first (LANGUAGE_CODE="pl").
@override_settings(LANGUAGE_CODE="en")
class EventPageTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.network = NetworkFactory(name="Miasto zielone")
        cls.lublin = ParticipantFactory(name="Lublin", slug="lublin")
        cls.event = EventFactory(
            network=cls.network, kind=Event.Kind.NETWORK_WORKSHOP, title="Indywidualne Spotkanie Sieci",
            sequence_number=1, host=cls.lublin, place="Lublin", starts_on=datetime.date(2022, 5, 10),
            ends_on=datetime.date(2022, 5, 12), description="Warsztaty z ekspertami UAM.", sources="P27, A",
        )

    def test_it_shows_what_is_known_about_the_event(self):
        response = self.client.get(self.event.get_absolute_url())
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Indywidualne Spotkanie Sieci #1")
        self.assertContains(response, "network workshop")
        self.assertContains(response, "10–12 May 2022")
        self.assertContains(response, '<a href="/uczestnicy/lublin/">Lublin</a>', html=True)
        self.assertContains(response, self.network.get_absolute_url())
        self.assertContains(response, self.network.edition.get_absolute_url())
        self.assertContains(response, "Warsztaty z ekspertami UAM.")
        self.assertContains(response, 'href="/o-programie/#zrodlo-P27"')

    def test_dates_are_shown_only_as_precisely_as_the_sources_state_them(self):
        cases = [
            (dict(date_precision=Precision.MONTH, starts_on=datetime.date(2022, 1, 1), ends_on=None),
             "January 2022", "Styczeń 2022"),
            (dict(date_precision=Precision.YEAR, starts_on=datetime.date(2018, 1, 1), ends_on=None), "2018", "2018"),
            (dict(date_precision=Precision.UNKNOWN, starts_on=None, ends_on=None), "date unknown", "data nieznana"),
            (dict(starts_on=datetime.date(2022, 5, 31), ends_on=datetime.date(2022, 6, 3)),
             "31 May – 3 June 2022", "31 maja – 3 czerwca 2022"),
        ]
        for fields, english, polish in cases:
            event = EventFactory(network=self.network, **fields)
            for language, expected in (("en", english), ("pl", polish)):
                with self.subTest(expected=expected):
                    self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
                    self.assertContains(self.client.get(event.get_absolute_url()), expected)
        month_only = EventFactory(network=self.network, date_precision=Precision.MONTH,
                                  starts_on=datetime.date(2022, 1, 1), ends_on=None)
        self.assertNotContains(self.client.get(month_only.get_absolute_url()), "1 stycznia 2022")

    def test_an_online_edition_level_event_says_so(self):
        event = EventFactory(network=None, edition=self.network.edition, place="", is_online=True, host=None,
                             kind=Event.Kind.OPENING_CONFERENCE)
        response = self.client.get(event.get_absolute_url())
        self.assertContains(response, "online")
        self.assertContains(response, "the whole edition")

    def test_an_unknown_event_is_404(self):
        self.assertEqual(self.client.get("/wydarzenia/999999/").status_code, 404)
