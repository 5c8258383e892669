"""Cancelling and deleting events: who may, what is refused, the e-mails, and how pages, feeds and the API
show a cancelled event."""

from __future__ import annotations

import datetime

import icalendar
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from pim.events import services
from pim.events.models import Event
from pim.events.tests.base import EventTestCase
from pim.events.tests.factories import (
    AttendanceFactory,
    EventFactory,
    RegistrationFactory,
)
from pim.programmes.tests.factories import PersonFactory

IMMEDIATE_TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
ORGANISERS_OF_LP_MEETING = {"coordinator", "member_officer", "lp_coordinator"}


class CancellationTestCase(EventTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.ahead = timezone.localdate() + datetime.timedelta(days=14)
        Event.objects.filter(pk__in=[cls.lp_meeting.pk, cls.workshop.pk]).update(starts_on=cls.ahead, ends_on=None)
        cls.lp_meeting.refresh_from_db()
        cls.workshop.refresh_from_db()

    def cancel(self, event: Event | None = None, by=None, reason: str = "Sala niedostępna") -> Event:
        return services.event_cancel(event=event or self.lp_meeting, by=by or self.member_officer, reason=reason)


class PermissionTests(CancellationTestCase):
    def test_the_organisers_of_an_lp_meeting_cancel_it(self) -> None:
        self.assertServiceAllowedExactly(lambda user: self.cancel(by=user), ORGANISERS_OF_LP_MEETING)

    def test_the_organisers_of_a_network_event_cancel_it(self) -> None:
        self.assertServiceAllowedExactly(
            lambda user: self.cancel(self.workshop, by=user), {"coordinator", "lead_officer", "expert"}
        )

    def test_the_organisers_take_a_cancellation_back(self) -> None:
        self.cancel()
        self.assertServiceAllowedExactly(
            lambda user: services.event_uncancel(event=self.lp_meeting, by=user), ORGANISERS_OF_LP_MEETING
        )

    def test_the_organisers_delete_an_event_with_nothing_recorded(self) -> None:
        self.assertServiceAllowedExactly(
            lambda user: services.event_delete(event=self.lp_meeting, by=user), ORGANISERS_OF_LP_MEETING
        )


class CancelTests(CancellationTestCase):
    def test_cancelling_records_who_when_and_why_and_closes_registration(self) -> None:
        event = self.cancel(reason="  Sala niedostępna  ")
        event.refresh_from_db()
        self.assertTrue(event.is_cancelled)
        self.assertEqual(event.cancelled_by, self.member_officer)
        self.assertEqual(event.cancellation_reason, "Sala niedostępna")
        self.assertFalse(event.registration_open)
        self.assertFalse(self.lp_member.has_perm("events.register_self", event))

    def test_a_reason_is_required(self) -> None:
        for reason in ("", "   "):
            with self.subTest(reason=reason), self.assertRaises(ValidationError) as raised:
                self.cancel(reason=reason)
            self.assertIn("reason", raised.exception.message_dict)
        self.assertFalse(Event.objects.get(pk=self.lp_meeting.pk).is_cancelled)

    def test_an_event_is_cancelled_once(self) -> None:
        self.cancel()
        with self.assertRaises(ValidationError) as raised:
            self.cancel()
        self.assertEqual(raised.exception.messages, [gettext("The event is already cancelled.")])

    def test_an_event_that_is_over_cannot_be_cancelled(self) -> None:
        Event.objects.filter(pk=self.lp_meeting.pk).update(starts_on=datetime.date(2022, 5, 10), ends_on=None)
        with self.assertRaises(ValidationError) as raised:
            self.cancel()
        self.assertEqual(raised.exception.messages, [gettext("The event is over: it can no longer be cancelled.")])

    def test_nobody_registers_for_a_cancelled_event_and_registration_stays_shut(self) -> None:
        self.cancel()
        with self.assertRaises(ValidationError):
            services.registration_create(event=self.lp_meeting, person=self.lp_member.person, by=self.member_officer)
        with self.assertRaises(ValidationError) as raised:
            services.event_update(event=self.lp_meeting, by=self.member_officer, fields={"registration_open": True})
        self.assertIn("registration_open", raised.exception.message_dict)

    def test_taking_it_back_restores_the_event_with_registration_closed(self) -> None:
        self.cancel()
        event = services.event_uncancel(event=self.lp_meeting, by=self.lp_coordinator)
        event.refresh_from_db()
        self.assertFalse(event.is_cancelled)
        self.assertIsNone(event.cancelled_by)
        self.assertEqual(event.cancellation_reason, "")
        self.assertFalse(event.registration_open)
        with self.assertRaises(ValidationError):
            services.event_uncancel(event=event, by=self.lp_coordinator)


class DeleteTests(CancellationTestCase):
    def test_an_event_with_nothing_recorded_is_deleted(self) -> None:
        services.event_delete(event=self.lp_meeting, by=self.member_officer)
        self.assertFalse(Event.objects.filter(pk=self.lp_meeting.pk).exists())

    def test_an_event_with_records_is_to_be_cancelled_instead(self) -> None:
        records = {
            "registration": lambda e: RegistrationFactory(event=e),
            "attendance": lambda e: AttendanceFactory(event=e),
            "minutes": lambda e: Event.objects.filter(pk=e.pk).update(minutes="<p>Protokół</p>"),
            "sources": lambda e: Event.objects.filter(pk=e.pk).update(sources="B"),
        }
        for name, record in records.items():
            with self.subTest(record=name):
                event = EventFactory(network=self.network, host=self.member_city, kind=Event.Kind.LP_MEETING,
                                     starts_on=self.ahead, ends_on=None)
                record(event)
                with self.assertRaises(ValidationError) as raised:
                    services.event_delete(event=event, by=self.member_officer)
                self.assertEqual(raised.exception.code, "recorded")
                self.assertTrue(Event.objects.filter(pk=event.pk).exists())


@override_settings(TASKS=IMMEDIATE_TASKS, PIM_SITE_URL="https://pim.example.org")
class MailTests(CancellationTestCase):
    def test_the_people_registered_are_told_after_the_commit(self) -> None:
        guest = PersonFactory(name="Gość Bez Konta", email="gosc@example.org", user=None)
        RegistrationFactory(event=self.lp_meeting, person=guest)
        RegistrationFactory(event=self.lp_meeting, person=self.lp_member.person)
        # The organiser who cancels is registered too: they know already.
        RegistrationFactory(event=self.lp_meeting, person=self.member_officer.person)
        RegistrationFactory(event=self.lp_meeting, person=PersonFactory(email="", user=None))
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            self.cancel(reason="Sala niedostępna")
        self.assertEqual(mail.outbox, [])
        for callback in callbacks:
            callback()
        addresses = sorted(address for message in mail.outbox for address in message.to)
        self.assertEqual(addresses, sorted(["gosc@example.org", self.lp_member.email]))
        message = next(m for m in mail.outbox if m.to == ["gosc@example.org"])
        self.assertIn("Spotkanie LP", message.subject)
        self.assertIn("Gość Bez Konta", message.body)
        self.assertIn("Sala niedostępna", message.body)
        self.assertIn(f"https://pim.example.org/wydarzenia/{self.lp_meeting.pk}/", message.body)

    def test_a_refused_cancellation_mails_nobody(self) -> None:
        RegistrationFactory(event=self.lp_meeting, person=self.lp_member.person)
        with self.captureOnCommitCallbacks(execute=True), self.assertRaises(ValidationError):
            self.cancel(reason="")
        self.assertEqual(mail.outbox, [])


class PageTests(CancellationTestCase):
    def url(self, name: str, event: Event | None = None) -> str:
        return reverse(f"events:{name}", args=[(event or self.lp_meeting).pk])

    def test_the_cancel_and_delete_pages_are_for_organisers_only(self) -> None:
        # The LP member sees the meeting but does not organise it; the outsider does not see it at all.
        for user, status in ((self.lp_member, 403), (self.outsider_officer, 404), (self.ministry_reviewer, 404)):
            self.client.force_login(user)
            for name in ("cancel", "uncancel", "delete"):
                with self.subTest(user=user.username, page=name):
                    if name != "uncancel":
                        self.assertEqual(self.client.get(self.url(name)).status_code, status)
                    self.assertEqual(self.client.post(self.url(name), {"reason": "x"}).status_code, status)
        self.assertFalse(Event.objects.get(pk=self.lp_meeting.pk).is_cancelled)
        self.client.logout()
        self.assertEqual(self.client.post(self.url("cancel"), {"reason": "x"}).status_code, 302)
        self.client.force_login(self.member_officer)
        self.assertEqual(self.client.get(self.url("cancel")).status_code, 200)
        self.assertEqual(self.client.get(self.url("delete")).status_code, 200)

    def test_the_event_page_links_to_it_in_the_organisers_tabs(self) -> None:
        self.client.force_login(self.member_officer)
        self.assertContains(self.client.get(self.url("detail")), f'href="{self.url("cancel")}"')

    def test_a_missing_reason_is_a_400_with_the_error_under_its_field(self) -> None:
        self.client.force_login(self.member_officer)
        response = self.client.post(self.url("cancel"), {"reason": " "})
        self.assertEqual(response.status_code, 400)
        self.assertIn("reason", response.context["form"].errors)
        self.assertContains(response, 'id="id_reason_error"', status_code=400)
        self.assertFalse(Event.objects.get(pk=self.lp_meeting.pk).is_cancelled)

    def test_cancelling_through_the_page_shows_the_banner_and_hides_registration(self) -> None:
        RegistrationFactory(event=self.lp_meeting, person=self.lp_member.person)
        self.client.force_login(self.member_officer)
        response = self.client.post(self.url("cancel"), {"reason": "Remont ratusza"}, follow=True)
        self.assertRedirects(response, self.url("detail"))
        self.assertContains(response, gettext("Event cancelled"))
        self.assertContains(response, "Remont ratusza")
        self.client.force_login(self.lp_member)
        page = self.client.get(self.url("detail"))
        self.assertContains(page, gettext("Event cancelled"))
        self.assertNotContains(page, reverse("events:register_self", args=[self.lp_meeting.pk]))
        self.assertNotContains(page, gettext("Cancel my registration"))

    def test_cancelling_twice_through_the_page_is_a_400(self) -> None:
        self.cancel()
        self.client.force_login(self.member_officer)
        response = self.client.post(self.url("cancel"), {"reason": "Jeszcze raz"})
        self.assertContains(response, gettext("The event is already cancelled."), status_code=400)

    def test_taking_it_back_through_the_page(self) -> None:
        self.cancel()
        self.client.force_login(self.lp_coordinator)
        self.assertContains(self.client.get(self.url("cancel")), self.url("uncancel"))
        self.assertRedirects(self.client.post(self.url("uncancel")), self.url("detail"))
        self.assertFalse(Event.objects.get(pk=self.lp_meeting.pk).is_cancelled)
        self.assertEqual(self.client.post(self.url("uncancel")).status_code, 400)

    def test_deleting_through_the_page(self) -> None:
        self.client.force_login(self.member_officer)
        self.assertContains(self.client.get(self.url("delete")), '<form method="post">')
        self.assertRedirects(self.client.post(self.url("delete")), reverse("calendar:list"))
        self.assertFalse(Event.objects.filter(pk=self.lp_meeting.pk).exists())

    def test_deleting_an_event_with_registrations_is_a_400_pointing_to_cancelling(self) -> None:
        RegistrationFactory(event=self.lp_meeting, person=self.lp_member.person)
        self.client.force_login(self.member_officer)
        self.assertNotContains(self.client.get(self.url("delete")), '<form method="post">')
        response = self.client.post(self.url("delete"))
        self.assertContains(response, gettext("people are registered"), status_code=400)
        self.assertContains(response, self.url("cancel"), status_code=400)
        self.assertTrue(Event.objects.filter(pk=self.lp_meeting.pk).exists())

    def test_get_does_not_cancel_and_post_needs_the_csrf_token(self) -> None:
        self.client.force_login(self.member_officer)
        self.client.get(self.url("cancel"), {"reason": "x"})
        self.assertFalse(Event.objects.get(pk=self.lp_meeting.pk).is_cancelled)
        self.assertEqual(self.client.get(self.url("uncancel")).status_code, 405)
        strict = self.client_class(enforce_csrf_checks=True)
        strict.force_login(self.member_officer)
        self.assertEqual(strict.post(self.url("cancel"), {"reason": "x"}).status_code, 403)
        self.assertFalse(Event.objects.get(pk=self.lp_meeting.pk).is_cancelled)


class FeedTests(CancellationTestCase):
    def test_the_feeds_say_which_events_are_cancelled(self) -> None:
        self.cancel(self.workshop, by=self.lead_officer, reason="Brak sali")
        on = EventFactory(network=self.network, title="Warsztat planowany", starts_on=self.ahead, ends_on=None)
        response = self.client.get(reverse("calendar:network_feed", args=[self.network.slug]))
        events = {str(e["SUMMARY"]): e for e in icalendar.Calendar.from_ical(response.content).walk("VEVENT")}
        self.assertEqual(str(events[str(self.workshop)]["STATUS"]), "CANCELLED")
        self.assertIn("Brak sali", str(events[str(self.workshop)]["DESCRIPTION"]))
        self.assertEqual(str(events[str(on)]["STATUS"]), "CONFIRMED")

    def test_a_persons_feed_keeps_the_cancelled_meeting_they_registered_for(self) -> None:
        from pim.events.ical import calendar_feed_token_renew

        RegistrationFactory(event=self.lp_meeting, person=self.lp_member.person)
        self.cancel()
        token = calendar_feed_token_renew(person=self.lp_member.person, by=self.lp_member)
        response = self.client.get(reverse("calendar:person_feed", args=[token]))
        (event,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
        self.assertEqual(str(event["STATUS"]), "CANCELLED")

    def test_feed_queries_do_not_grow_with_cancelled_events(self) -> None:
        url = reverse("calendar:network_feed", args=[self.network.slug])
        counts = []
        for extra in (1, 6):
            for event in EventFactory.create_batch(extra, network=self.network, starts_on=self.ahead, ends_on=None):
                self.cancel(event, by=self.coordinator)
            with CaptureQueriesContext(connection) as queries:
                self.client.get(url)
            counts.append(len(queries))
        self.assertEqual(counts[0], counts[1])
