"""The event admin opens for the coordinator and refuses city officers."""

from __future__ import annotations

from pim.events.tests.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    DelegationQuotaFactory,
    EventFactory,
    EventOutcomeFactory,
    RegistrationFactory,
)
from pim.programmes.tests.personas import PersonaTestCase


class EventAdminTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.events = [EventFactory(network=cls.network, host=city) for city in (cls.lead_city, cls.member_city)]
        EventFactory(network=None, edition=cls.edition, host=None, title="Konferencja otwierająca")
        event = cls.events[0]
        AgendaItemFactory(event=event)
        DelegationQuotaFactory(event=event, participant=cls.member_city)
        registration = RegistrationFactory(event=event, participant=cls.member_city)
        AttendanceFactory(event=event, person=registration.person, participant=cls.member_city)
        EventOutcomeFactory(event=event)

    def test_the_coordinator_opens_the_event_admin_pages_with_their_rows(self):
        self.assertAdminPagesOpen(self.events[0])

    def test_city_officers_are_refused(self):
        self.assertAdminRefusesCityOfficers(self.events[0])
