"""Attendance check-in, minutes with their revision check, outcomes linked to MIDs, attachments, agenda."""

from __future__ import annotations

import datetime
import tempfile

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone

from pim.events import services
from pim.events.models import Attendance, EventAttachment, EventOutcome
from pim.events.tests.base import EventTestCase
from pim.events.tests.factories import RegistrationFactory
from pim.plans.tests.factories import ActionFactory, ActionPlanFactory


class AttendanceTests(EventTestCase):
    def test_an_organiser_checks_a_registered_person_in_and_out(self):
        registration = RegistrationFactory(event=self.lp_meeting, person=self.lp_member.person,
                                           participant=self.member_city)
        attendance = services.attendance_check_in(
            event=self.lp_meeting, registration=registration, present=True, by=self.lp_coordinator
        )
        self.assertEqual((attendance.person, attendance.participant), (self.lp_member.person, self.member_city))
        # Checking in twice keeps one row.
        services.attendance_check_in(event=self.lp_meeting, registration=registration, present=True,
                                     by=self.lp_coordinator)
        self.assertEqual(Attendance.objects.filter(event=self.lp_meeting).count(), 1)
        services.attendance_check_in(event=self.lp_meeting, registration=registration, present=False,
                                     by=self.lp_coordinator)
        self.assertFalse(Attendance.objects.filter(event=self.lp_meeting).exists())

    def test_only_organisers_check_people_in(self):
        registration = RegistrationFactory(event=self.lp_meeting, person=self.lp_member.person)
        self.assertServiceAllowedExactly(
            lambda user: services.attendance_check_in(
                event=self.lp_meeting, registration=registration, present=True, by=user),
            {"coordinator", "member_officer", "lp_coordinator"},
        )

    def test_a_registration_of_another_event_is_refused(self):
        registration = RegistrationFactory(event=self.other_lp_meeting)
        with self.assertRaises(ValidationError):
            services.attendance_check_in(event=self.lp_meeting, registration=registration, present=True,
                                         by=self.coordinator)


class MinutesTests(EventTestCase):
    def test_minutes_are_sanitised_and_the_revision_moves_on(self):
        event = services.minutes_save(
            event=self.workshop, by=self.expert, expected_revision=0,
            minutes='<p onclick="x()">Ustalenia</p><script>alert(1)</script><a href="javascript:x">link</a>',
        )
        self.assertEqual(event.minutes, '<p>Ustalenia</p><a rel="noopener noreferrer">link</a>')
        self.assertEqual((event.minutes_revision, event.minutes_updated_by), (1, self.expert))

    def test_plain_text_keeps_its_paragraphs(self):
        event = services.minutes_save(event=self.workshop, by=self.expert, expected_revision=0,
                                      minutes="Ustalenia:\nretencja & zieleń\n\nKolejne spotkanie w maju")
        self.assertEqual(event.minutes, "<p>Ustalenia:<br>retencja &amp; zieleń</p>\n\n<p>Kolejne spotkanie w maju</p>")

    def test_a_second_organiser_saving_an_old_revision_is_told_and_overwrites_nothing(self):
        services.minutes_save(event=self.workshop, by=self.expert, minutes="<p>Wersja eksperta</p>",
                              expected_revision=0)
        with self.assertRaises(services.MinutesConflictError) as raised:
            services.minutes_save(event=self.workshop, by=self.lead_officer, minutes="<p>Wersja lidera</p>",
                                  expected_revision=0)
        self.workshop.refresh_from_db()
        saved_at = timezone.localtime(self.workshop.minutes_updated_at).strftime("%Y-%m-%d %H:%M")
        self.assertEqual(raised.exception.message_dict["minutes"], [
            f"Protokół został zapisany o {saved_at} przez: Expert, już po rozpoczęciu Twojej edycji. Twój tekst "
            "nie został zapisany: porównaj go z aktualnym protokołem i zapisz ponownie."
        ])
        self.assertEqual(raised.exception.current, "<p>Wersja eksperta</p>")
        self.assertEqual(self.workshop.minutes, "<p>Wersja eksperta</p>")

    def test_a_missing_revision_is_refused(self):
        with self.assertRaises(ValidationError) as raised:
            services.minutes_save(event=self.workshop, by=self.expert, minutes="x", expected_revision="")
        self.assertIn("expected_revision", raised.exception.message_dict)

    def test_only_organisers_write_minutes(self):
        with self.assertRaises(PermissionDenied):
            services.minutes_save(event=self.workshop, by=self.member_officer, minutes="x", expected_revision=0)


class OutcomeTests(EventTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.plan = ActionPlanFactory(network=cls.network, participant=cls.member_city)
        cls.action = ActionFactory(plan=cls.plan)
        cls.other_plan = ActionPlanFactory(network=cls.other_network, participant=cls.outsider_city)

    def test_an_outcome_links_to_a_mid_section_and_proposes_a_barrier(self):
        outcome = services.outcome_add(
            event=self.workshop, by=self.expert, text="Brak podstawy prawnej dla retencji.", plan=self.plan,
            plan_section="barriers", is_candidate_barrier=True, barrier_type=EventOutcome.BarrierType.LEGAL,
        )
        self.assertEqual((outcome.plan, outcome.plan_section, outcome.barrier_type), (self.plan, "barriers", "legal"))
        self.assertEqual(list(self.workshop.outcomes.all()), [outcome])

    def test_an_outcome_linked_to_an_action_takes_its_mid(self):
        outcome = services.outcome_add(event=self.workshop, by=self.expert, text="Działanie do zmiany",
                                       action=self.action)
        self.assertEqual(outcome.plan, self.plan)

    def test_bad_links_are_refused_per_field(self):
        cases = [
            ("plan", {"plan": self.other_plan}),
            ("barrier_type", {"is_candidate_barrier": True}),
            ("barrier_type", {"barrier_type": "legal"}),
            ("plan_section", {"plan_section": "barriers"}),
            ("text", {"text": "  "}),
            ("plan_section", {"plan": self.plan, "plan_section": "no-such-section"}),
        ]
        for field, overrides in cases:
            with self.subTest(field=field, **{k: str(v) for k, v in overrides.items()}):
                with self.assertRaises(ValidationError) as raised:
                    services.outcome_add(event=self.workshop, by=self.expert, **{"text": "Wniosek", **overrides})
                self.assertIn(field, raised.exception.message_dict)
        self.assertFalse(EventOutcome.objects.exists())


@override_settings(MEDIA_ROOT=tempfile.mkdtemp(prefix="pim-events-test-"))
class AttachmentTests(EventTestCase):
    def upload(self, name: str, content: bytes):
        return services.attachment_add(event=self.workshop, by=self.expert, title="",
                                       file=SimpleUploadedFile(name, content))

    def test_a_pdf_is_stored_with_its_type_and_size(self):
        attachment = self.upload("prezentacja.pdf", b"%PDF-1.7 test")
        self.assertEqual((attachment.title, attachment.content_type, attachment.size),
                         ("prezentacja.pdf", "application/pdf", 13))

    def test_bad_files_are_refused_with_a_reason(self):
        cases = [
            ("program.exe", b"MZ\x90\x00", "Pliki tego typu nie są przyjmowane. Dozwolone: .csv, .doc, .docx, "
             ".jpeg, .jpg, .odp, .ods, .odt, .pdf, .png, .ppt, .pptx, .txt, .xls, .xlsx."),
            ("udaje.pdf", b"MZ\x90\x00binary", "Zawartość pliku nie odpowiada jego typowi."),
            ("pusty.txt", b"", "Plik jest pusty."),
            ("binarny.txt", b"\xff\xfe\x00\x00" * 10, "Zawartość pliku nie odpowiada jego typowi."),
        ]
        for name, content, reason in cases:
            with self.subTest(name=name):
                with self.assertRaises(ValidationError) as raised:
                    self.upload(name, content)
                self.assertEqual(raised.exception.message_dict["file"], [reason])
        self.assertFalse(EventAttachment.objects.exists())

    def test_a_file_over_the_limit_is_refused(self):
        with self.assertRaises(ValidationError) as raised:
            self.upload("duzy.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024))
        self.assertTrue(raised.exception.message_dict["file"][0].startswith("Plik jest za duży ("))
        self.assertTrue(raised.exception.message_dict["file"][0].endswith("; limit to 10,0\xa0MB."))


class AgendaTests(EventTestCase):
    def test_the_agenda_is_replaced_in_order(self):
        services.agenda_save(event=self.workshop, by=self.expert, items=[
            {"title": "Powitanie", "time": datetime.time(9, 30)},
            {"title": "Warsztat", "speaker": "Ekspert sieci", "day": datetime.date(2022, 5, 11)},
        ])
        services.agenda_save(event=self.workshop, by=self.expert, items=[{"title": "Jedyny punkt"}])
        self.assertEqual([i.title for i in self.workshop.agenda_items.all()], ["Jedyny punkt"])

    def test_a_day_outside_the_event_is_refused(self):
        with self.assertRaises(ValidationError) as raised:
            services.agenda_save(event=self.workshop, by=self.expert,
                                 items=[{"title": "Po wszystkim", "day": datetime.date(2022, 6, 1)}])
        self.assertIn("day", raised.exception.message_dict)
