"""The calendar's month grid and list: filters, honest dates, bad input, bounded queries."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pim.events.models import Event
from pim.events.tests.factories import EventFactory
from pim.places.tests.factories import ParticipantFactory
from pim.programmes.models import EditionFigure
from pim.programmes.tests.factories import (
    EditionFactory,
    EditionFigureFactory,
    MembershipFactory,
    NetworkFactory,
)

Precision = Event.DatePrecision


class CalendarTestCase(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.edition = EditionFactory(short_name="PIM2", slug="pim-2")
        cls.network = NetworkFactory(edition=cls.edition, name="Sieć zielona", slug="siec-zielona")
        cls.other = NetworkFactory(edition=cls.edition, name="Sieć cyfrowa", slug="siec-cyfrowa")
        cls.city = ParticipantFactory(name="Lublin", slug="lublin")
        MembershipFactory(network=cls.network, participant=cls.city)
        cls.workshop = EventFactory(network=cls.network, title="Warsztat w Lublinie", host=cls.city,
                                    starts_on=datetime.date(2022, 5, 10), ends_on=datetime.date(2022, 5, 12))
        cls.visit = EventFactory(network=cls.other, kind=Event.Kind.STUDY_VISIT, title="Wizyta studyjna",
                                 starts_on=datetime.date(2022, 5, 31), ends_on=datetime.date(2022, 6, 3))
        cls.conference = EventFactory(network=None, edition=cls.edition, kind=Event.Kind.OPENING_CONFERENCE,
                                      title="Konferencja inaugurująca", starts_on=datetime.date(2022, 5, 1),
                                      date_precision=Precision.MONTH, ends_on=None)
        cls.forum = EventFactory(network=None, edition=cls.edition, kind=Event.Kind.EXTERNAL_PRESENTATION,
                                 title="Prezentacja na forum", starts_on=datetime.date(2022, 1, 1),
                                 date_precision=Precision.YEAR, ends_on=None)
        cls.online = EventFactory(network=cls.network, kind=Event.Kind.ONLINE_MEETING, title="Spotkanie online",
                                  starts_on=None, ends_on=None, date_precision=Precision.UNKNOWN, sequence_number=2)
        cls.private = EventFactory(network=cls.network, title="Spotkanie zamknięte", is_public=False,
                                   starts_on=datetime.date(2022, 5, 20), ends_on=None)

    def month(self, query: dict | None = None, year: int = 2022, month: int = 5, **headers):
        return self.client.get(reverse("calendar:month", args=[year, month]), query or {}, **headers)

    def listing(self, query: dict | None = None, **headers):
        return self.client.get(reverse("calendar:list"), query or {}, **headers)


class MonthViewTests(CalendarTestCase):
    def test_grid_is_a_table_with_weekday_headers_and_events_on_their_days(self) -> None:
        response = self.month()
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertEqual(html.count('<th scope="col">'), 7)
        grid = response.context["weeks"]
        day = {d.date: d for week in grid for d in week}
        self.assertEqual([e.label for e in day[datetime.date(2022, 5, 11)].events], ["Warsztat w Lublinie"])
        # A multi-day event is on each of its days in the month, and only in the month.
        self.assertIn(self.visit.pk, [e.pk for e in day[datetime.date(2022, 5, 31)].events])
        self.assertEqual(day[datetime.date(2022, 6, 1)].events, [])
        self.assertContains(response, "Warsztat w Lublinie")

    def test_events_without_a_known_day_are_listed_apart_never_on_a_day(self) -> None:
        response = self.month()
        days = [e.pk for week in response.context["weeks"] for d in week for e in d.events]
        self.assertNotIn(self.conference.pk, days)
        self.assertNotIn(self.forum.pk, days)
        self.assertEqual([e.pk for e in response.context["month_undated"]], [self.conference.pk])
        self.assertEqual([e.pk for e in response.context["year_undated"]], [self.forum.pk])
        self.assertNotContains(response, "Spotkanie online")

    def test_private_events_are_not_in_the_calendar(self) -> None:
        self.assertNotContains(self.month(), "Spotkanie zamknięte")
        self.assertNotContains(self.listing(), "Spotkanie zamknięte")

    def test_the_next_month_carries_the_visit_over(self) -> None:
        response = self.month(year=2022, month=6)
        days = {d.date: d for week in response.context["weeks"] for d in week}
        self.assertIn(self.visit.pk, [e.pk for e in days[datetime.date(2022, 6, 3)].events])
        self.assertEqual(days[datetime.date(2022, 6, 4)].events, [])

    def test_filters_narrow_the_month(self) -> None:
        for query, expected in (
            ({"network": "siec-cyfrowa"}, {"Wizyta studyjna"}),
            ({"participant": "lublin"}, {"Warsztat w Lublinie"}),
            ({"participant": "LUBLIN"}, {"Warsztat w Lublinie"}),
            ({"kind": Event.Kind.STUDY_VISIT}, {"Wizyta studyjna"}),
            ({"level": Event.Level.EDITION}, set()),
            ({"edition": "pim-2"}, {"Warsztat w Lublinie", "Wizyta studyjna"}),
        ):
            with self.subTest(query=query):
                response = self.month(query)
                titles = {e.label for week in response.context["weeks"] for d in week for e in d.events}
                self.assertEqual(titles, expected)
        self.assertEqual(
            [e.pk for e in self.month({"level": Event.Level.EDITION}).context["month_undated"]], [self.conference.pk]
        )

    def test_unknown_filter_values_are_ignored_with_a_notice(self) -> None:
        response = self.month({"network": "nie-ma", "participant": "Atlantyda", "kind": "bal"})
        self.assertEqual(response.status_code, 200)
        notices = " ".join(text for _id, text in response.context["notices"])
        self.assertIn("Atlantyda", notices)
        self.assertEqual(len(response.context["notices"]), 3)
        self.assertContains(response, "Warsztat w Lublinie")

    def test_impossible_months_are_404(self) -> None:
        for year, month in ((2022, 13), (2022, 0), (1800, 5)):
            with self.subTest(year=year, month=month):
                self.assertEqual(self.month(year=year, month=month).status_code, 404)

    def test_current_month_and_navigation_keep_the_filters(self) -> None:
        self.assertEqual(self.client.get(reverse("calendar:current")).status_code, 200)
        response = self.month({"network": "siec-zielona"})
        self.assertEqual(response.context["previous_url"], "/kalendarz/2022/4/?network=siec-zielona")
        self.assertEqual(response.context["next_url"], "/kalendarz/2022/6/?network=siec-zielona")
        self.assertIn(reverse("calendar:network_feed", args=["siec-zielona"]), response.content.decode())

    def test_htmx_gets_only_the_results(self) -> None:
        response = self.month({"kind": Event.Kind.STUDY_VISIT}, HTTP_HX_REQUEST="true")
        html = response.content.decode()
        self.assertNotIn("<html", html)
        self.assertIn('id="calendar-results"', html)
        self.assertIn('hx-swap-oob="true"', html)
        self.assertIn("Wizyta studyjna", html)

    def test_stated_meeting_counts_are_shown_not_invented(self) -> None:
        EditionFigureFactory(edition=self.edition, key=EditionFigure.Key.JOINT_MEETINGS, value=4)
        EditionFigureFactory(edition=self.edition, key=EditionFigure.Key.APPLICANTS, value=105)
        response = self.month()
        self.assertEqual([f.key for f in response.context["figures"]], [EditionFigure.Key.JOINT_MEETINGS])
        self.assertContains(response, 'id="figures-heading"', html=False)
        events = Event.objects.count()
        self.listing()
        self.assertEqual(Event.objects.count(), events)

    def test_a_crowded_day_shows_a_few_and_counts_the_rest(self) -> None:
        EventFactory.create_batch(6, network=self.network, starts_on=datetime.date(2022, 5, 16), ends_on=None)
        day = next(d for week in self.month().context["weeks"] for d in week if d.date == datetime.date(2022, 5, 16))
        self.assertEqual((len(day.events), day.more), (4, 2))

    def test_query_count_does_not_grow_with_events(self) -> None:
        counts = []
        for extra in (2, 10):
            EventFactory.create_batch(extra, network=self.network, host=self.city,
                                      starts_on=datetime.date(2022, 5, 3), ends_on=datetime.date(2022, 5, 4))
            for query in ({}, {"participant": "lublin"}):
                with CaptureQueriesContext(connection) as queries:
                    self.month(query)
                with CaptureQueriesContext(connection) as list_queries:
                    self.listing(query)
                counts.append((len(queries), len(list_queries)))
        self.assertEqual(counts[:2], counts[2:])


class ListViewTests(CalendarTestCase):
    def test_groups_by_month_year_and_unknown_date_in_order(self) -> None:
        response = self.listing()
        groups = response.context["groups"]
        self.assertEqual([len(g.events) for g in groups], [1, 3, 1])
        self.assertTrue(groups[0].heading.startswith("2022, "))
        self.assertEqual(groups[1].heading, "Maj 2022")
        titles = [e.title for g in response.context["groups"] for e in g.events]
        # The conference is known only by its month: it sorts on 1 May, in May's group.
        self.assertEqual(titles, ["Prezentacja na forum", "Konferencja inaugurująca", "Warsztat w Lublinie",
                                  "Wizyta studyjna", "Spotkanie online"])
        self.assertEqual(response.context["groups"][-1].events, [self.online])

    def test_month_filter_lists_the_month_with_its_undated_events(self) -> None:
        response = self.listing({"month": "2022-06"})
        self.assertEqual([e.title for g in response.context["groups"] for e in g.events], ["Wizyta studyjna"])
        response = self.listing({"month": "2022-05"})
        self.assertEqual({e.title for g in response.context["groups"] for e in g.events},
                         {"Warsztat w Lublinie", "Wizyta studyjna", "Konferencja inaugurująca"})

    def test_bad_month_and_page_get_notices(self) -> None:
        for query in ({"month": "2022-13"}, {"month": "maj"}, {"page": "x"}, {"page": "0"}, {"page": "99"}):
            with self.subTest(query=query):
                response = self.listing(query)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(len(response.context["notices"]), 1)
                self.assertContains(response, 'role="alert"', html=False)

    def test_pagination_bounds_the_page(self) -> None:
        EventFactory.create_batch(55, network=self.network, starts_on=datetime.date(2023, 1, 5), ends_on=None)
        response = self.listing()
        self.assertEqual(len(response.context["page_obj"].object_list), 50)
        self.assertContains(response, 'rel="next"', html=False)
        second = self.listing({"page": 2, "network": "siec-zielona"})
        self.assertEqual(second.context["page_query"], "network=siec-zielona&")


class TodayTests(CalendarTestCase):
    def test_todays_cell_is_marked_for_assistive_technology(self) -> None:
        response = self.client.get(reverse("calendar:current"))
        self.assertContains(response, 'aria-current="date"', count=1, html=False)
        self.assertNotContains(self.month(), 'aria-current="date"', html=False)
