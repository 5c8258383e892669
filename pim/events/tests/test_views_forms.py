"""Every event form answers bad input with a per-field message and changes nothing; good input saves."""

from __future__ import annotations

import tempfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from pim.events.models import Event, EventAttachment, EventOutcome, Registration
from pim.events.tests.base import EventTestCase
from pim.events.tests.factories import RegistrationFactory
from pim.programmes.tests.factories import PersonFactory


@override_settings(LANGUAGE_CODE="en", MEDIA_ROOT=tempfile.mkdtemp(prefix="pim-events-test-"))
class EventFormTests(EventTestCase):
    def post(self, name: str, data: dict, *, event: Event | None = None, user=None, **extra):
        self.client.force_login(user or self.coordinator)
        args = [event.pk] if event else []
        return self.client.post(reverse(f"events:{name}", args=args), data, **extra)

    def test_the_lp_coordinator_creates_an_lp_meeting(self):
        response = self.post("create", {
            "kind": "lp_meeting", "title": "Przykładowe spotkanie LP", "host": self.member_city.pk,
            "starts_on": "2026-04-02", "start_time": "17:00", "end_time": "19:00", "place": "Ratusz",
            "is_public": "on",
        }, user=self.lp_coordinator)
        event = Event.objects.get(title="Przykładowe spotkanie LP")
        self.assertRedirects(response, event.get_absolute_url())
        self.assertEqual((event.level, event.network, event.sequence_number), ("lp", self.network, 1))

    def test_bad_event_input_is_answered_per_field(self):
        cases = [
            ({"kind": "party", "title": "x", "starts_on": "2026-01-01"}, "kind"),
            ({"kind": "network_workshop", "title": "", "starts_on": "2026-01-01", "network": self.network.pk}, "title"),
            ({"kind": "network_workshop", "title": "x", "starts_on": "2026-13-01", "network": self.network.pk},
             "starts_on"),
            ({"kind": "network_workshop", "title": "x", "starts_on": "2026-02-01", "ends_on": "2026-01-01",
              "network": self.network.pk}, "ends_on"),
            ({"kind": "network_workshop", "title": "x", "starts_on": "2026-02-01"}, "edition"),
            ({"kind": "network_workshop", "title": "x", "starts_on": "2026-02-01", "network": self.network.pk,
              "capacity": "0"}, "capacity"),
            ({"kind": "network_workshop", "title": "x", "starts_on": "2026-02-01", "network": self.network.pk,
              "online_link": "ftp:/nie"}, "online_link"),
            ({"kind": "individual_advisory", "title": "x", "starts_on": "2026-02-01", "host": self.member_city.pk},
             "expert"),
        ]
        before = Event.objects.count()
        for data, field in cases:
            with self.subTest(field=field):
                response = self.post("create", data)
                self.assertEqual(response.status_code, 200)
                self.assertTrue(response.context["form"].errors.get(field), response.context["form"].errors)
                self.assertContains(response, 'role="alert"')
        self.assertEqual(Event.objects.count(), before)

    def test_an_event_outside_the_users_reach_is_refused_with_a_message(self):
        response = self.post("create", {"kind": "lp_meeting", "title": "x", "starts_on": "2026-02-01",
                                        "host": self.lead_city.pk}, user=self.lp_coordinator)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors)

    def test_editing_saves_and_bad_input_changes_nothing(self):
        data = {"kind": "network_workshop", "title": "Nowy tytuł", "network": self.network.pk,
                "starts_on": "2022-05-10", "is_public": "on"}
        self.assertEqual(self.post("edit", data, event=self.workshop, user=self.expert).status_code, 302)
        self.workshop.refresh_from_db()
        self.assertEqual(self.workshop.title, "Nowy tytuł")
        response = self.post("edit", {**data, "title": ""}, event=self.workshop)
        self.assertEqual(set(response.context["form"].errors), {"title"})
        response = self.post("edit", {**data, "title": "Inny", "ends_on": "2022-01-01"}, event=self.workshop)
        self.assertEqual(set(response.context["form"].errors), {"ends_on"})
        self.workshop.refresh_from_db()
        self.assertEqual(self.workshop.title, "Nowy tytuł")

    def test_agenda_saves_and_bad_input_is_answered(self):
        management = {"agenda-TOTAL_FORMS": "2", "agenda-INITIAL_FORMS": "0"}
        good = {**management, "agenda-0-title": "Powitanie", "agenda-0-time": "09:30", "agenda-1-title": ""}
        self.assertEqual(self.post("agenda", good, event=self.workshop).status_code, 302)
        self.assertEqual([i.title for i in self.workshop.agenda_items.all()], ["Powitanie"])
        bad = {**management, "agenda-0-title": "", "agenda-0-time": "25:99", "agenda-1-title": "Po",
               "agenda-1-day": "2030-01-01"}
        response = self.post("agenda", bad, event=self.workshop)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["formset"].forms[0].errors["time"])
        response = self.post("agenda", {**management, "agenda-0-title": "Po", "agenda-0-day": "2030-01-01"},
                             event=self.workshop)
        self.assertContains(response, "The day must fall within the event")
        self.assertEqual([i.title for i in self.workshop.agenda_items.all()], ["Powitanie"])

    def test_registering_a_person_and_bad_input(self):
        person = PersonFactory(user=None, name="Przykładowa Uczestniczka")
        self.lp_meeting.capacity = 1
        self.lp_meeting.save()
        # Not among the people of the member city's LP: refused as an invalid choice.
        response = self.post("registrations", {"person": person.pk}, event=self.lp_meeting)
        self.assertTrue(response.context["form"].errors["person"])
        ok = self.post("registrations", {"person": self.lp_member.person.pk}, event=self.lp_meeting)
        self.assertEqual(ok.status_code, 302)
        full = self.post("registrations", {"person": self.member_officer.person.pk}, event=self.lp_meeting)
        self.assertEqual(full.context["form"].errors["person"], ["The event is full: its only place is taken."])
        self.assertEqual(Registration.objects.filter(event=self.lp_meeting).count(), 1)

    def test_someone_who_came_unannounced_is_registered_and_checked_in_at_once(self):
        response = self.post("registrations", {"person": self.lp_member.person.pk, "present": "on"},
                             event=self.lp_meeting, user=self.lp_coordinator)
        self.assertEqual(response.status_code, 302)
        attendance = self.lp_meeting.attendances.get()
        self.assertEqual((attendance.person, attendance.participant), (self.lp_member.person, self.member_city))

    def test_quotas_save_and_bad_input(self):
        field = f"city_{self.member_city.pk}"
        response = self.post("quotas", {field: "-1"}, event=self.workshop)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["quota_form"].errors[field])
        RegistrationFactory.create_batch(2, event=self.workshop, participant=self.member_city)
        response = self.post("quotas", {field: "1"}, event=self.workshop)
        self.assertContains(response, "already has 2 registered people")
        self.assertEqual(self.post("quotas", {field: "3"}, event=self.workshop).status_code, 302)
        self.assertEqual(self.workshop.quotas.get().places, 3)

    def test_outcomes_save_and_bad_input(self):
        response = self.post("outcomes", {"text": "", "barrier_type": "weather"}, event=self.workshop)
        self.assertEqual(set(response.context["form"].errors), {"text", "barrier_type"})
        response = self.post("outcomes", {"text": "Wniosek", "is_candidate_barrier": "on"}, event=self.workshop)
        self.assertEqual(list(response.context["form"].errors), ["barrier_type"])
        self.assertFalse(EventOutcome.objects.exists())
        ok = self.post("outcomes", {"text": "Wniosek", "is_candidate_barrier": "on", "barrier_type": "data"},
                       event=self.workshop)
        self.assertEqual(ok.status_code, 302)
        self.assertEqual(EventOutcome.objects.get().barrier_type, "data")

    def test_attachments_save_and_bad_files_are_refused(self):
        response = self.post("attachments", {"title": "Wirus", "file": SimpleUploadedFile("x.exe", b"MZ")},
                             event=self.workshop)
        self.assertIn("not accepted", response.context["form"].errors["file"][0])
        response = self.post("attachments", {"title": "Brak"}, event=self.workshop)
        self.assertTrue(response.context["form"].errors["file"])
        ok = self.post("attachments", {"title": "Prezentacja", "file": SimpleUploadedFile("p.pdf", b"%PDF-1.4")},
                       event=self.workshop)
        self.assertEqual(ok.status_code, 302)
        attachment = EventAttachment.objects.get()
        download = self.client.get(attachment.get_absolute_url())
        self.assertEqual(b"".join(download.streaming_content), b"%PDF-1.4")
        self.client.logout()
        # The workshop is public, so its files are too; a private event's are not.
        self.assertEqual(self.client.get(attachment.get_absolute_url()).status_code, 200)

    def test_minutes_conflict_keeps_the_text_and_shows_the_current_minutes(self):
        self.assertEqual(self.post("minutes", {"minutes": "<p>Pierwsza</p>", "expected_revision": "0"},
                                   event=self.workshop, user=self.expert).status_code, 302)
        response = self.post("minutes", {"minutes": "<p>Druga</p>", "expected_revision": "0"},
                             event=self.workshop, user=self.lead_officer)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "after you started editing them")
        self.assertContains(response, "&lt;p&gt;Druga&lt;/p&gt;")
        self.assertContains(response, "<p>Pierwsza</p>", html=True)
        self.assertEqual(response.context["form"]["expected_revision"].value(), "1")
        self.workshop.refresh_from_db()
        self.assertEqual(self.workshop.minutes, "<p>Pierwsza</p>")
        response = self.post("minutes", {"minutes": "x", "expected_revision": "abc"}, event=self.workshop)
        self.assertTrue(response.context["form"].errors["expected_revision"])
