"""Check-in (htmx toggle), attendance exports (CSV parsed, PDF text extracted) and query counts."""

from __future__ import annotations

import csv
import io

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from pim.events.models import Attendance
from pim.events.tests.base import EventTestCase
from pim.events.tests.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    DelegationQuotaFactory,
    EventOutcomeFactory,
    RegistrationFactory,
)
from pim.places.tests.factories import ParticipantFactory
from pim.plans.tests.factories import ActionPlanFactory
from pim.programmes.tests.factories import MembershipFactory, PersonFactory


def pdf_text(content: bytes) -> str:
    """The PDF's text with table cells' line breaks folded into spaces."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


@override_settings(LANGUAGE_CODE="en")
class CheckInTests(EventTestCase):
    def test_the_htmx_toggle_answers_with_the_row(self):
        registration = RegistrationFactory(event=self.lp_meeting, person=self.lp_member.person,
                                           participant=self.member_city)
        self.client.force_login(self.lp_coordinator)
        url = reverse("events:check_in", args=[self.lp_meeting.pk, registration.pk])
        response = self.client.post(url, {"present": "1"}, headers={"HX-Request": "true"})
        self.assertContains(response, 'data-present="true"')
        self.assertNotContains(response, "<html")
        # The per-city totals follow, out of band: one person of Miasto Partnerskie registered and present.
        self.assertContains(response, 'id="totals" aria-labelledby="totals-heading" hx-swap-oob="true"')
        self.assertContains(response, '<td>Miasto Partnerskie</td><td class="number">1</td><td class="number">1</td>',
                            html=True)
        self.assertTrue(Attendance.objects.filter(event=self.lp_meeting, person=self.lp_member.person).exists())
        response = self.client.post(url, {"present": "0"})
        self.assertRedirects(response, reverse("events:attendance", args=[self.lp_meeting.pk]))
        self.assertFalse(Attendance.objects.exists())

    def test_a_non_organiser_cannot_check_in(self):
        registration = RegistrationFactory(event=self.lp_meeting, person=self.lp_member.person)
        self.client.force_login(self.lp_member)
        url = reverse("events:check_in", args=[self.lp_meeting.pk, registration.pk])
        self.assertEqual(self.client.post(url, {"present": "1"}).status_code, 404)
        self.assertFalse(Attendance.objects.exists())


@override_settings(LANGUAGE_CODE="en")
class ExportTests(EventTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.anna = PersonFactory(user=None, name="Przykładowa Anna Żółkiewska", organisation="Urząd Miasta")
        cls.jan = PersonFactory(user=None, name="Przykładowy Jan Nowak")
        cls.walk_in = PersonFactory(user=None, name="=Przykładowy Gość")
        RegistrationFactory(event=cls.workshop, person=cls.anna, participant=cls.member_city)
        RegistrationFactory(event=cls.workshop, person=cls.jan, participant=cls.lead_city)
        AttendanceFactory(event=cls.workshop, person=cls.anna, participant=cls.member_city)
        AttendanceFactory(event=cls.workshop, person=cls.walk_in)
        DelegationQuotaFactory(event=cls.workshop, participant=cls.member_city, places=3)

    def export(self, fmt: str):
        self.client.force_login(self.expert)
        return self.client.get(reverse("events:attendance_export", args=[self.workshop.pk, fmt]))

    def test_the_csv_lists_people_their_city_and_presence(self):
        response = self.export("csv")
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        self.assertIn("attachment;", response["Content-Disposition"])
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        self.assertEqual(rows[0], ["Name", "Organisation", "City", "Registered", "Present"])
        self.assertEqual(rows[1:], [
            ["Przykładowy Jan Nowak", "", "Miasto Liderskie", "yes", "no"],
            ["Przykładowa Anna Żółkiewska", "Urząd Miasta", "Miasto Partnerskie", "yes", "yes"],
            # A spreadsheet must not run a name as a formula.
            ["'=Przykładowy Gość", "", "", "no", "yes"],
        ])

    def test_the_pdf_lists_people_and_totals_per_city(self):
        response = self.export("pdf")
        self.assertEqual(response["Content-Type"], "application/pdf")
        text = pdf_text(response.content)
        for expected in ("Attendance list", "Warsztat sieci", "Przykładowa Anna Żółkiewska",
                         "Przykładowy Jan Nowak", "Miasto Partnerskie", "Per city", "Present: 2."):
            self.assertIn(expected, text)

    def test_an_erased_persons_name_is_nowhere_in_the_exports(self):
        # The LP register's erasure anonymises the Person row; the exports read names from it.
        self.anna.name = "Osoba usunięta"
        self.anna.organisation = ""
        self.anna.save()
        csv_text = self.export("csv").content.decode("utf-8-sig")
        for text in (csv_text, pdf_text(self.export("pdf").content)):
            self.assertNotIn("Żółkiewska", text)
            self.assertIn("Osoba usunięta", text)

    def test_an_unknown_format_is_404_and_outsiders_get_404(self):
        self.assertEqual(self.export("xls").status_code, 404)
        self.client.force_login(self.member_officer)
        self.assertEqual(
            self.client.get(reverse("events:attendance_export", args=[self.workshop.pk, "csv"])).status_code, 404
        )


class QueryCountTests(EventTestCase):
    """The organiser's lists and exports cost the same number of queries for 2 and for 10 people."""

    def fill(self, count: int) -> None:
        for n in range(count):
            city = ParticipantFactory()
            MembershipFactory(network=self.network, participant=city)
            person = PersonFactory(user=None)
            RegistrationFactory(event=self.workshop, person=person, participant=city)
            if n % 2:
                AttendanceFactory(event=self.workshop, person=person, participant=city)
            DelegationQuotaFactory(event=self.workshop, participant=city, places=2)
            AgendaItemFactory(event=self.workshop)
            EventOutcomeFactory(event=self.workshop, plan=ActionPlanFactory(network=self.network, participant=city))

    def count_queries(self, url: str) -> int:
        self.client.get(url)  # warm the session and the content types
        with CaptureQueriesContext(connection) as captured:
            self.assertEqual(self.client.get(url).status_code, 200)
        return len(captured)

    def test_pages_and_exports_do_not_grow_with_the_rows(self):
        self.client.force_login(self.expert)
        names = ("registrations", "attendance", "outcomes")
        urls = [reverse(f"events:{name}", args=[self.workshop.pk]) for name in names]
        urls += [reverse("events:attendance_export", args=[self.workshop.pk, "csv"]), self.workshop.get_absolute_url()]
        self.fill(2)
        small = [self.count_queries(url) for url in urls]
        self.fill(8)
        self.assertEqual(self.workshop.registrations.count(), 10)
        for url, expected in zip(urls, small, strict=True):
            with self.subTest(url=url):
                with self.assertNumQueries(expected):
                    self.client.get(url)
