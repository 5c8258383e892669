"""A person's GDPR export includes their registrations and attendance."""

from __future__ import annotations

from pim.events.tests.base import EventTestCase
from pim.events.tests.factories import AttendanceFactory, RegistrationFactory
from pim.partnerships.gdpr import person_data


class GdprExportTests(EventTestCase):
    def test_the_export_lists_the_persons_registrations_and_attendance_only(self):
        person = self.lp_member.person
        RegistrationFactory(event=self.lp_meeting, person=person, participant=self.member_city)
        AttendanceFactory(event=self.lp_meeting, person=person, participant=self.member_city)
        RegistrationFactory(event=self.workshop)
        data = person_data(person)["events"]
        self.assertEqual([r["event_id"] for r in data["registrations"]], [self.lp_meeting.pk])
        self.assertEqual(data["registrations"][0]["city"], "Miasto Partnerskie")
        self.assertEqual([a["event"] for a in data["attendance"]], [str(self.lp_meeting)])

    def test_registration_and_attendance_rows_name_nobody(self):
        # Their text goes into the admin's change log, which an erasure does not rewrite.
        registration = RegistrationFactory(event=self.lp_meeting, person=self.lp_member.person)
        attendance = AttendanceFactory(event=self.lp_meeting, person=self.lp_member.person)
        for row in (registration, attendance):
            self.assertNotIn(self.lp_member.person.name, str(row))
