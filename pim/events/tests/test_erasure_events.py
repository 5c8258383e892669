"""Erasing an LP member reaches the events: lists and exports show no name, the secret feed address dies."""

from __future__ import annotations

import io

import pypdf
from django.db import connection
from django.urls import reverse

from pim.events.models import AgendaItem, Attendance, CalendarFeedToken, Event, EventOutcome, Registration
from pim.events.models.feed import token_hash
from pim.events.tests.factories import AttendanceFactory, EventFactory, RegistrationFactory
from pim.partnerships import services
from pim.partnerships.tests.base import LpTestCase

NAME = "Jadwiga Mieszkańska"
EMAIL = "jadwiga@example.org"
TOKEN = "sekretny-adres-kalendarza-jadwigi-0123456789"


class ErasureReachesEventsTests(LpTestCase):
    def setUp(self) -> None:
        self.person = self.resident.person
        self.meeting = EventFactory(
            network=self.network, host=self.member_city, kind=Event.Kind.LP_MEETING, is_public=False,
            title="Spotkanie LP", registration_open=True,
        )
        RegistrationFactory(event=self.meeting, person=self.person, participant=self.member_city)
        AttendanceFactory(event=self.meeting, person=self.person, participant=self.member_city)
        CalendarFeedToken.objects.create(person=self.person, token_hash=token_hash(TOKEN))

    def test_the_feed_address_stops_working_and_the_counts_stay(self) -> None:
        feed = reverse("calendar:person_feed", args=[TOKEN])
        self.assertEqual(self.client.get(feed).status_code, 200)
        services.member_erase(member=self.resident, by=self.member_officer)
        self.assertEqual(self.client.get(feed).status_code, 404)
        self.assertFalse(CalendarFeedToken.objects.filter(person=self.person).exists())
        self.assertEqual(Registration.objects.filter(event=self.meeting).count(), 1)
        self.assertEqual(Attendance.objects.filter(event=self.meeting).count(), 1)

    def test_the_name_appears_on_no_event_page_or_export(self) -> None:
        pages = [reverse(f"events:{name}", args=[self.meeting.pk]) for name in ("registrations", "attendance")]
        pages += [reverse("events:attendance_export", args=[self.meeting.pk, fmt]) for fmt in ("csv", "pdf")]
        self.client.force_login(self.member_officer)
        for url in pages[:3]:
            self.assertIn(NAME, self.client.get(url).content.decode("utf-8-sig"), url)
        services.member_erase(member=self.resident, by=self.member_officer)
        for url in pages:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                body = response.content if url.endswith("pdf") else response.content.decode("utf-8-sig")
                if url.endswith("pdf"):
                    body = _pdf_text(body)
                self.assertNotIn(NAME, body)
                self.assertNotIn(EMAIL, body)
                if not url.endswith("pdf"):
                    self.assertIn("Osoba usunięta", body)

    def test_no_events_table_keeps_the_name(self) -> None:
        services.member_erase(member=self.resident, by=self.member_officer)
        with connection.cursor() as cursor:
            for model in (Event, Registration, Attendance, EventOutcome, AgendaItem, CalendarFeedToken):
                columns = [f.column for f in model._meta.concrete_fields
                           if f.get_internal_type() in ("CharField", "TextField", "EmailField")]
                for column in columns:
                    with self.subTest(table=model._meta.db_table, column=column):
                        cursor.execute(f'SELECT COUNT(*) FROM "{model._meta.db_table}" WHERE "{column}" LIKE %s',
                                       [f"%{NAME}%"])
                        self.assertEqual(cursor.fetchone()[0], 0)


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)
