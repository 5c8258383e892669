"""The registrations and attendance pages written without the form and widget templates: same fields, same totals."""

from __future__ import annotations

import re

from django.test import override_settings
from django.urls import reverse

from pim.events import exports
from pim.events.tests.base import EventTestCase
from pim.events.tests.factories import AttendanceFactory, DelegationQuotaFactory, RegistrationFactory
from pim.places.tests.factories import ParticipantFactory
from pim.programmes.tests.factories import MembershipFactory, PersonFactory


@override_settings(LANGUAGE_CODE="en")
class AttendancePageTests(EventTestCase):
    def test_the_totals_are_those_of_the_export(self):
        """Counted from the page's own rows: walk-ins, people of no city and quota-only cities as in the PDF."""
        quiet_city = ParticipantFactory(name="Miasto Bez Nikogo")
        DelegationQuotaFactory(event=self.workshop, participant=quiet_city, places=4)
        DelegationQuotaFactory(event=self.workshop, participant=self.member_city, places=3)
        present = RegistrationFactory(event=self.workshop, person=PersonFactory(user=None), participant=self.member_city)
        AttendanceFactory(event=self.workshop, person=present.person, participant=self.member_city)
        RegistrationFactory(event=self.workshop, person=PersonFactory(user=None), participant=self.member_city)
        RegistrationFactory(event=self.workshop, person=PersonFactory(user=None), participant=None)
        AttendanceFactory(event=self.workshop, person=PersonFactory(user=None), participant=self.lead_city)  # walk-in
        AttendanceFactory(event=self.workshop, person=PersonFactory(user=None), participant=None)  # walk-in, no city
        self.client.force_login(self.expert)
        response = self.client.get(reverse("events:attendance", args=[self.workshop.pk]))
        expected = exports.city_totals(self.workshop, exports.attendance_rows(self.workshop))
        self.assertEqual(response.context["totals"], expected)
        self.assertEqual(
            [(t.city, t.registered, t.present, t.quota) for t in expected],
            [("Miasto Bez Nikogo", 0, 0, 4), (self.lead_city.name, 0, 1, None), (self.member_city.name, 2, 1, 3),
             ("no city", 1, 1, None)],
        )

    def test_each_row_posts_its_toggle_with_the_token(self):
        registration = RegistrationFactory(event=self.workshop, person=PersonFactory(user=None, name="Anna Nowak"),
                                           participant=self.member_city)
        self.client.force_login(self.expert)
        response = self.client.get(reverse("events:attendance", args=[self.workshop.pk]))
        url = reverse("events:check_in", args=[self.workshop.pk, registration.pk])
        token = response.context["csrf_token"]
        self.assertContains(response, f"""
            <form method="post" action="{url}" hx-post="{url}" hx-target="#attendance-{registration.pk}"
                  hx-swap="outerHTML" class="inline-form">
              <input type="hidden" name="csrfmiddlewaretoken" value="{token}">
              <input type="hidden" name="present" value="1">
              <button type="submit" aria-label="Mark as present: Anna Nowak">Mark as present</button>
            </form>""", html=True)


@override_settings(LANGUAGE_CODE="en")
class RegistrationsPageTests(EventTestCase):
    def get(self):
        self.client.force_login(self.expert)
        return self.client.get(reverse("events:registrations", args=[self.workshop.pk]))

    def test_each_quota_is_a_labelled_number_with_its_value(self):
        DelegationQuotaFactory(event=self.workshop, participant=self.member_city, places=12)
        response = self.get()
        pk = self.member_city.pk
        self.assertContains(response, f'<label for="id_city_{pk}">{self.member_city.name}:</label>', html=True)
        self.assertContains(
            response, f'<input type="number" name="city_{pk}" id="id_city_{pk}" min="0" max="1000" value="12">',
            html=True,
        )
        lead = self.lead_city.pk
        self.assertContains(
            response, f'<input type="number" name="city_{lead}" id="id_city_{lead}" min="0" max="1000">', html=True)

    def test_a_bad_quota_comes_back_under_its_city(self):
        self.client.force_login(self.expert)
        pk = self.member_city.pk
        response = self.client.post(reverse("events:quotas", args=[self.workshop.pk]), {f"city_{pk}": "1001"})
        self.assertEqual(response.status_code, 200)
        error = response.context["quota_form"].errors[f"city_{pk}"][0]
        self.assertContains(response, f"""<input type="number" name="city_{pk}" id="id_city_{pk}" min="0" max="1000"
            value="1001" aria-invalid="true" aria-describedby="id_city_{pk}_error">""", html=True)
        self.assertContains(response, f'<small id="id_city_{pk}_error" class="field-error">{error}</small>', html=True)
        self.assertContains(response, f'<a href="#id_city_{pk}">{self.member_city.name}</a>', html=True)
        self.assertFalse(self.workshop.quotas.exists())

    def test_the_city_menu_is_the_fields_own(self):
        """Written by hand, the menu offers the field's choices and keeps the one chosen when the form comes back."""
        newcomer = ParticipantFactory(name="Miasto Nowe")
        MembershipFactory(network=self.network, participant=newcomer)
        self.client.force_login(self.expert)
        url = reverse("events:registrations", args=[self.workshop.pk])
        response = self.client.post(url, {"participant": newcomer.pk})  # no person: the form comes back
        self.assertEqual(response.status_code, 200)
        field = response.context["form"]["participant"]
        html = response.content.decode()
        menu = html[html.index('<select name="participant"'):html.index("</select>", html.index('name="participant"'))]
        options = re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', menu)
        self.assertEqual([(value, label) for value, _, label in options],
                         [(str(value), str(label)) for value, label in field.field.choices])
        self.assertEqual([value for value, selected, _ in options if selected], [str(newcomer.pk)])
        self.assertIn('aria-describedby="id_participant_helptext"', menu)

    def test_each_row_cancels_with_the_token(self):
        registration = RegistrationFactory(event=self.workshop, person=PersonFactory(user=None, name="Jan Kowal"),
                                           participant=self.member_city)
        response = self.get()
        url = reverse("events:registration_cancel", args=[self.workshop.pk, registration.pk])
        self.assertContains(response, f"""
            <form method="post" action="{url}" class="inline-form">
              <input type="hidden" name="csrfmiddlewaretoken" value="{response.context['csrf_token']}">
              <button type="submit" class="secondary outline" aria-label="Cancel: Jan Kowal">Cancel</button>
            </form>""", html=True)
