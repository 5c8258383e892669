"""The iCalendar feeds, parsed back with `icalendar`: events, dates, time zone, escaping, and nothing private."""

from __future__ import annotations

import datetime

import icalendar
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from pim.events.ical import FEED_DAYS_BACK, FEED_EVENT_LIMIT, ZONE
from pim.events.models import Event
from pim.events.tests.factories import EventFactory, RegistrationFactory
from pim.places.tests.factories import ParticipantFactory
from pim.programmes.tests.factories import EditionFactory, MembershipFactory, NetworkFactory, PersonFactory


def parse(response) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(response.content)


def by_summary(calendar: icalendar.Calendar) -> dict[str, icalendar.Event]:
    return {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}


class FeedTestCase(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        today = timezone.localdate()
        cls.today = today
        cls.edition = EditionFactory()
        cls.network = NetworkFactory(edition=cls.edition, name="Sieć zielona", slug="siec-zielona")
        cls.other = NetworkFactory(edition=cls.edition, slug="siec-inna")
        cls.city = ParticipantFactory(name="Lublin", slug="lublin")
        MembershipFactory(network=cls.network, participant=cls.city)
        cls.workshop = EventFactory(
            network=cls.network, title="Warsztat; zieleń, woda\\deszcz", host=cls.city, place="Lublin, ratusz",
            starts_on=today + datetime.timedelta(days=10), ends_on=today + datetime.timedelta(days=12),
            description="Opis\nw dwóch liniach", online_link="https://example.org/tajny-link",
        )
        cls.timed = EventFactory(
            network=cls.network, kind=Event.Kind.ONLINE_MEETING, title="Spotkanie online", is_online=True,
            starts_on=today + datetime.timedelta(days=20), ends_on=None, start_time=datetime.time(10, 0),
            end_time=datetime.time(12, 30), online_link="https://example.org/online", sequence_number=3,
        )
        cls.joint = EventFactory(network=None, edition=cls.edition, kind=Event.Kind.JOINT_MEETING,
                                 title="Wspólne spotkanie", starts_on=today + datetime.timedelta(days=30), ends_on=None)
        cls.month_only = EventFactory(network=cls.network, title="Znany tylko miesiąc",
                                      starts_on=today.replace(day=1), ends_on=None,
                                      date_precision=Event.DatePrecision.MONTH)
        cls.old = EventFactory(network=cls.network, title="Dawne spotkanie",
                               starts_on=today - datetime.timedelta(days=FEED_DAYS_BACK + 5), ends_on=None)
        cls.private = EventFactory(network=cls.network, title="Spotkanie zamknięte", is_public=False,
                                   starts_on=today + datetime.timedelta(days=5), ends_on=None)
        cls.elsewhere = EventFactory(network=cls.other, title="Inna sieć", starts_on=today, ends_on=None)
        cls.guest = PersonFactory(name="Anna Gościnna", email="anna@example.org", user=None)
        RegistrationFactory(event=cls.workshop, person=cls.guest)

    def network_feed(self):
        return self.client.get(reverse("calendar:network_feed", args=[self.network.slug]))


class NetworkFeedTests(FeedTestCase):
    def test_valid_calendar_with_timezone(self) -> None:
        response = self.network_feed()
        self.assertEqual(response["Content-Type"], "text/calendar; charset=utf-8")
        calendar = parse(response)
        self.assertEqual(str(calendar["VERSION"]), "2.0")
        self.assertTrue(str(calendar["PRODID"]))
        self.assertEqual([str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")], ["Europe/Warsaw"])
        for event in calendar.walk("VEVENT"):
            for prop in ("UID", "DTSTAMP", "DTSTART", "SUMMARY"):
                self.assertIn(prop, event)
            self.assertEqual(event["DTSTAMP"].dt.utcoffset(), datetime.timedelta(0))
        self.assertIn(b"\r\n", response.content)

    def test_network_and_edition_events_from_a_year_back_only_dated_to_the_day(self) -> None:
        events = by_summary(parse(self.network_feed()))
        self.assertEqual(set(events), {"Warsztat; zieleń, woda\\deszcz", "Spotkanie online #3", "Wspólne spotkanie"})

    def test_all_day_event_uses_dates_with_an_exclusive_end(self) -> None:
        event = by_summary(parse(self.network_feed()))["Warsztat; zieleń, woda\\deszcz"]
        self.assertEqual(event["DTSTART"].dt, self.workshop.starts_on)
        self.assertIsInstance(event["DTSTART"].dt, datetime.date)
        self.assertNotIsInstance(event["DTSTART"].dt, datetime.datetime)
        self.assertEqual(event["DTEND"].dt, self.workshop.ends_on + datetime.timedelta(days=1))
        self.assertEqual(str(event["LOCATION"]), "Lublin, ratusz")
        self.assertEqual(event["UID"], f"pim-event-{self.workshop.pk}@partnerska-inicjatywa-miast")
        self.assertIn("Opis\nw dwóch liniach", str(event["DESCRIPTION"]))

    def test_escaping_of_text_values(self) -> None:
        raw = self.network_feed().content.decode()
        self.assertIn("SUMMARY:Warsztat\\; zieleń\\, woda\\\\deszcz", raw)
        self.assertIn("Opis\\nw dwóch liniach", raw.replace("\r\n ", ""))

    def test_timed_event_is_local_to_warsaw(self) -> None:
        event = by_summary(parse(self.network_feed()))["Spotkanie online #3"]
        start, end = event["DTSTART"].dt, event["DTEND"].dt
        self.assertEqual(start, datetime.datetime.combine(self.timed.starts_on, datetime.time(10), tzinfo=ZONE))
        self.assertEqual(end - start, datetime.timedelta(hours=2, minutes=30))
        self.assertEqual(event["DTSTART"].params["TZID"], "Europe/Warsaw")

    def test_uid_is_stable_across_requests(self) -> None:
        first = {str(e["UID"]) for e in parse(self.network_feed()).walk("VEVENT")}
        second = {str(e["UID"]) for e in parse(self.network_feed()).walk("VEVENT")}
        self.assertEqual(first, second)

    def test_nothing_private_leaks(self) -> None:
        raw = self.network_feed().content.decode()
        for private in ("tajny-link", "example.org/online", "Anna", "anna@example.org", "Spotkanie zamknięte"):
            self.assertNotIn(private, raw)

    def test_unknown_network_is_404(self) -> None:
        self.assertEqual(self.client.get(reverse("calendar:network_feed", args=["nie-ma"])).status_code, 404)

    def test_query_count_does_not_grow_with_events(self) -> None:
        counts = []
        for extra in (2, 10):
            EventFactory.create_batch(extra, network=self.network, host=self.city,
                                      starts_on=self.today + datetime.timedelta(days=40), ends_on=None)
            for url in (reverse("calendar:network_feed", args=[self.network.slug]),
                        reverse("calendar:participant_feed", args=[self.city.slug])):
                with CaptureQueriesContext(connection) as queries:
                    self.assertEqual(self.client.get(url).status_code, 200)
                counts.append(len(queries))
        self.assertEqual(counts[:2], counts[2:])


class ParticipantFeedTests(FeedTestCase):
    def test_hosted_and_network_events(self) -> None:
        response = self.client.get(reverse("calendar:participant_feed", args=[self.city.slug]))
        events = by_summary(parse(response))
        self.assertEqual(set(events), {"Warsztat; zieleń, woda\\deszcz", "Spotkanie online #3"})
        self.assertNotIn("tajny-link", response.content.decode())

    def test_unknown_participant_is_404(self) -> None:
        self.assertEqual(self.client.get(reverse("calendar:participant_feed", args=["nie-ma"])).status_code, 404)


class FeedBoundTests(FeedTestCase):
    def test_a_full_feed_keeps_the_coming_events(self) -> None:
        start = self.today + datetime.timedelta(days=1)
        Event.objects.bulk_create([
            Event(kind=Event.Kind.NETWORK_WORKSHOP, level=Event.Level.NETWORK, title=f"Przyszłe {i:03d}",
                  edition=self.edition, network=self.network, starts_on=start + datetime.timedelta(days=i),
                  is_demo=True)
            for i in range(FEED_EVENT_LIMIT + 5)
        ])
        past = EventFactory(network=self.network, title="Wczorajsze", starts_on=self.today - datetime.timedelta(days=1),
                            ends_on=None)
        calendar = parse(self.network_feed())
        summaries = [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]
        self.assertEqual(len(summaries), FEED_EVENT_LIMIT)
        self.assertNotIn(past.title, summaries)
        self.assertEqual(summaries[0], "Przyszłe 000")
        with translation.override("pl"):
            note = translation.gettext("Demo content, not part of the programme's real history")
        self.assertTrue(str(calendar.walk("VEVENT")[0]["DESCRIPTION"]).startswith(note))

    def test_real_history_has_no_demo_note(self) -> None:
        EventFactory(network=self.network, title="Prawdziwe", is_demo=False, starts_on=self.today, ends_on=None)
        event = by_summary(parse(self.network_feed()))["Prawdziwe"]
        self.assertNotIn("demo", str(event["DESCRIPTION"]).lower())
