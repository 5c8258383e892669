"""The event pages: who opens which, the public page's content, self-registration from the page."""

from __future__ import annotations

from django.test import override_settings
from django.urls import reverse

from pim.events.models import Registration
from pim.events.tests.base import EventTestCase
from pim.events.tests.factories import AgendaItemFactory, EventOutcomeFactory, RegistrationFactory

ORGANISER_PAGES = ("edit", "agenda", "registrations", "attendance", "minutes", "outcomes", "attachments")


@override_settings(LANGUAGE_CODE="en")
class EventPageAccessTests(EventTestCase):
    def test_the_public_page_is_also_the_portals_event_address(self):
        self.assertEqual(reverse("portal:event", args=[self.workshop.pk]), self.workshop.get_absolute_url())
        response = self.client.get(self.workshop.get_absolute_url())
        self.assertContains(response, "Warsztat sieci")
        self.assertNotContains(response, reverse("events:edit", args=[self.workshop.pk]))

    def test_a_private_event_is_404_for_outsiders_and_shown_to_its_lp(self):
        url = self.lp_meeting.get_absolute_url()
        for user in (self.anonymous, self.outsider_officer, self.lead_officer):
            with self.subTest(user=str(user)):
                if user.is_authenticated:
                    self.client.force_login(user)
                else:
                    self.client.logout()
                self.assertEqual(self.client.get(url).status_code, 404)
        self.client.force_login(self.lp_member)
        self.assertContains(self.client.get(url), "Spotkanie LP")

    def test_organiser_pages_open_for_organisers_and_are_404_for_others(self):
        for page in ORGANISER_PAGES:
            url = reverse(f"events:{page}", args=[self.lp_meeting.pk])
            with self.subTest(page=page):
                self.client.force_login(self.lp_coordinator)
                self.assertEqual(self.client.get(url).status_code, 200)
                for outsider in (self.lead_officer, self.lp_member, self.expert):
                    self.client.force_login(outsider)
                    self.assertEqual(self.client.get(url).status_code, 404, outsider)
                self.client.logout()
                self.assertEqual(self.client.get(url).status_code, 302)

    def test_the_new_event_page_is_refused_to_people_who_organise_nothing(self):
        url = reverse("events:create")
        self.client.force_login(self.lp_member)
        self.assertEqual(self.client.get(url).status_code, 403)
        self.client.force_login(self.ministry_reviewer)
        self.assertEqual(self.client.get(url).status_code, 403)
        self.client.force_login(self.lp_coordinator)
        self.assertEqual(self.client.get(url).status_code, 200)

    def test_organisers_see_their_tabs_on_the_public_page(self):
        self.client.force_login(self.lead_officer)
        self.assertContains(self.client.get(self.workshop.get_absolute_url()),
                            reverse("events:attendance", args=[self.workshop.pk]))


@override_settings(LANGUAGE_CODE="en")
class EventPageContentTests(EventTestCase):
    def test_the_page_shows_agenda_minutes_and_outcomes(self):
        AgendaItemFactory(event=self.workshop, title="Wizyta w parku")
        EventOutcomeFactory(event=self.workshop, text="Syntetyczny wniosek o retencji", is_candidate_barrier=True,
                            barrier_type="legal")
        self.workshop.minutes = "<p>Syntetyczny protokół</p>"
        self.workshop.save()
        response = self.client.get(self.workshop.get_absolute_url())
        self.assertContains(response, "Wizyta w parku")
        self.assertContains(response, "Syntetyczny wniosek o retencji")
        self.assertContains(response, "candidate barrier")
        self.assertContains(response, "<p>Syntetyczny protokół</p>", html=True)

    def test_the_online_link_is_for_registered_people_and_organisers(self):
        self.workshop.online_link = "https://spotkanie.example.org/siec"
        self.workshop.save()
        self.assertNotContains(self.client.get(self.workshop.get_absolute_url()), "spotkanie.example.org")
        RegistrationFactory(event=self.workshop, person=self.member_officer.person)
        self.client.force_login(self.member_officer)
        self.assertContains(self.client.get(self.workshop.get_absolute_url()), "spotkanie.example.org")

    def test_a_member_registers_from_the_page_and_cancels(self):
        self.client.force_login(self.lp_member)
        page = self.client.get(self.lp_meeting.get_absolute_url())
        self.assertContains(page, "Register me")
        response = self.client.post(reverse("events:register_self", args=[self.lp_meeting.pk]), follow=True)
        self.assertContains(response, "You are registered for this event.")
        registration = Registration.objects.get(event=self.lp_meeting)
        self.assertEqual((registration.person, registration.participant), (self.lp_member.person, self.member_city))
        cancel = reverse("events:registration_cancel", args=[self.lp_meeting.pk, registration.pk])
        self.assertContains(self.client.post(cancel, follow=True), "The registration was cancelled.")
        self.assertFalse(Registration.objects.exists())

    def test_a_full_event_says_so_on_the_page(self):
        self.lp_meeting.capacity = 1
        self.lp_meeting.save()
        RegistrationFactory(event=self.lp_meeting)
        self.client.force_login(self.lp_member)
        response = self.client.post(reverse("events:register_self", args=[self.lp_meeting.pk]), follow=True)
        self.assertContains(response, "The event is full: its only place is taken.")
        self.assertEqual(self.lp_meeting.registrations.count(), 1)

    def test_someone_elses_registration_cannot_be_cancelled(self):
        registration = RegistrationFactory(event=self.workshop, person=self.lead_officer.person)
        self.client.force_login(self.member_officer)
        url = reverse("events:registration_cancel", args=[self.workshop.pk, registration.pk])
        self.assertEqual(self.client.post(url).status_code, 404)
        self.assertTrue(Registration.objects.filter(pk=registration.pk).exists())

    def test_someone_the_registration_is_not_open_to_is_told_so(self):
        self.client.force_login(self.ministry_reviewer)
        response = self.client.post(reverse("events:register_self", args=[self.workshop.pk]), follow=True)
        self.assertContains(response, "Registration for this event is not open to you.")
        self.assertFalse(Registration.objects.exists())
