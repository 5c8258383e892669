"""/api/v1/events."""

from __future__ import annotations

import datetime

from pim.api.tests.base import ApiTestCase
from pim.events.models import Event
from pim.events.tests.factories import AgendaItemFactory, EventFactory, RegistrationFactory
from pim.places.tests.factories import ParticipantFactory
from pim.programmes.models import RoleAssignment
from pim.programmes.tests.factories import (
    EditionFactory,
    NetworkFactory,
    PersonFactory,
    RoleAssignmentFactory,
)


class EventEndpointsTest(ApiTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        edition = EditionFactory(slug="pim-1")
        transport = NetworkFactory(edition=edition, slug="transport", name="Transport")
        lublin = ParticipantFactory(slug="lublin", name="Lublin")
        cls.workshop = EventFactory(
            network=transport,
            host=lublin,
            title="Warsztat",
            sequence_number=2,
            starts_on=datetime.date(2022, 5, 10),
        )
        EventFactory(
            network=None,
            edition=edition,
            kind=Event.Kind.OPENING_CONFERENCE,
            title="Konferencja otwierająca",
            starts_on=datetime.date(2021, 3, 1),
            ends_on=None,
            date_precision=Event.DatePrecision.MONTH,
        )

    def test_it_lists_events_in_date_order(self) -> None:
        body = self.get_json("/api/v1/events")
        self.assertEqual(body["count"], 2)
        conference, workshop = body["items"]
        self.assertIsNone(conference["network"])
        self.assertEqual(conference["date_precision"], "month")
        self.assertEqual(conference["starts_on"], "2021-03-01")
        self.assertEqual(workshop["network"], {"slug": "transport", "name": "Transport"})
        self.assertEqual(workshop["host"], {"slug": "lublin", "name": "Lublin"})
        self.assertEqual(workshop["sequence_number"], 2)
        self.assertEqual(workshop["url"], f"/wydarzenia/{self.workshop.pk}/")

    def test_it_filters_by_network_edition_host_and_kind(self) -> None:
        def titles(**params: str) -> list[str]:
            return [e["title"] for e in self.get_json("/api/v1/events", **params)["items"]]

        self.assertEqual(titles(network="transport"), ["Warsztat"])
        self.assertEqual(titles(host="lublin"), ["Warsztat"])
        self.assertEqual(titles(kind="opening_conference"), ["Konferencja otwierająca"])
        self.assertEqual(len(titles(edition="pim-1")), 2)

    def test_an_unknown_kind_is_refused(self) -> None:
        self.assert_refused("/api/v1/events", "kind", kind="party")


class EventPublicFieldsTest(ApiTestCase):
    """Level, times, link, number and agenda are public; private events and personal data never are."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.network = NetworkFactory(slug="zielone")
        cls.online = EventFactory(
            network=cls.network,
            title="Spotkanie online",
            sequence_number=3,
            is_online=True,
            online_link="https://spotkanie.example.org/pokoj-3",
            starts_on=datetime.date(2022, 6, 1),
            ends_on=datetime.date(2022, 6, 2),
            start_time=datetime.time(10, 0),
            end_time=datetime.time(14, 30),
        )
        AgendaItemFactory(event=cls.online, order=2, title="Podsumowanie", speaker="Ekspert sieci")
        AgendaItemFactory(
            event=cls.online, order=1, title="Powitanie", day=datetime.date(2022, 6, 1), time=datetime.time(10, 0)
        )
        cls.participant = PersonFactory(name="Syntetyczna Uczestniczka", email="uczestniczka@example.org")
        RegistrationFactory(event=cls.online, person=cls.participant)
        cls.private = EventFactory(
            network=cls.network,
            title="Spotkanie zamknięte",
            is_public=False,
            is_online=True,
            online_link="https://spotkanie.example.org/tajny-pokoj",
        )

    def test_the_list_gives_the_public_fields(self) -> None:
        body = self.get_json("/api/v1/events")
        self.assertEqual([item["title"] for item in body["items"]], ["Spotkanie online"])
        item = body["items"][0]
        self.assertEqual(item["level"], "network")
        self.assertEqual(item["sequence_number"], 3)
        self.assertEqual(item["online_link"], "https://spotkanie.example.org/pokoj-3")
        self.assertEqual((item["start_time"], item["end_time"]), ("10:00:00", "14:30:00"))
        self.assertNotIn("agenda", item)

    def test_the_detail_gives_the_agenda_in_order(self) -> None:
        body = self.get_json(f"/api/v1/events/{self.online.pk}")
        self.assertEqual(body["id"], self.online.pk)
        self.assertEqual(body["online_link"], "https://spotkanie.example.org/pokoj-3")
        self.assertEqual([item["title"] for item in body["agenda"]], ["Powitanie", "Podsumowanie"])
        self.assertEqual(body["agenda"][0]["day"], "2022-06-01")
        self.assertEqual(body["agenda"][0]["time"], "10:00:00")
        self.assertEqual(body["agenda"][1]["speaker"], "Ekspert sieci")

    def test_no_personal_data_is_exposed(self) -> None:
        for url in ("/api/v1/events", f"/api/v1/events/{self.online.pk}"):
            with self.subTest(url=url):
                text = self.client.get(url).content.decode()
                for word in ("Syntetyczna Uczestniczka", "uczestniczka@example.org", "registration", "attendance",
                             "minutes", "capacity"):
                    self.assertNotIn(word, text)

    def test_a_private_event_is_a_404_even_for_its_organiser(self) -> None:
        self.get_json(f"/api/v1/events/{self.private.pk}", status=404)
        operator = PersonFactory()
        RoleAssignmentFactory(person=operator, role=RoleAssignment.Role.OPERATOR, edition=None)
        self.client.force_login(operator.user)
        body = self.get_json(f"/api/v1/events/{self.private.pk}", status=404)
        self.assertEqual(body["detail"], f"No public event with pk={self.private.pk}.")
        self.assertNotIn("tajny-pokoj", self.client.get("/api/v1/events").content.decode())

    def test_a_missing_or_out_of_range_id(self) -> None:
        self.get_json("/api/v1/events/999999", status=404)
        self.assert_refused("/api/v1/events/0", "id")
        self.assert_refused("/api/v1/events/99999999999", "id")


class EventQueryCountTest(ApiTestCase):
    def test_event_list_queries_do_not_grow_with_rows(self) -> None:
        network = NetworkFactory()

        def make(n: int) -> None:
            EventFactory.create_batch(n, network=network, host=ParticipantFactory())

        self.assert_queries_do_not_grow("/api/v1/events", make, queries=2)

    def test_event_detail_queries_do_not_grow_with_agenda_items(self) -> None:
        event = EventFactory()
        AgendaItemFactory.create_batch(2, event=event)
        with self.assertNumQueries(2):
            self.assertEqual(len(self.get_json(f"/api/v1/events/{event.pk}")["agenda"]), 2)
        AgendaItemFactory.create_batch(8, event=event)
        with self.assertNumQueries(2):
            self.assertEqual(len(self.get_json(f"/api/v1/events/{event.pk}")["agenda"]), 10)


class EventCancelledFieldsTest(ApiTestCase):
    """A cancelled event stays listed, says so and when, and never says who cancelled it."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.on = EventFactory(title="Warsztat planowany")
        canceller = PersonFactory(name="Organizatorka Odwołująca")
        cls.off = EventFactory(
            title="Warsztat odwołany", cancelled_at=datetime.datetime(2026, 5, 4, 10, 30, tzinfo=datetime.UTC),
            cancelled_by=canceller.user, cancellation_reason="Choroba prowadzącego",
        )

    def test_the_list_and_the_detail_say_whether_the_event_is_cancelled(self) -> None:
        items = {item["title"]: item for item in self.get_json("/api/v1/events")["items"]}
        self.assertIs(items["Warsztat planowany"]["cancelled"], False)
        self.assertIsNone(items["Warsztat planowany"]["cancelled_at"])
        self.assertIs(items["Warsztat odwołany"]["cancelled"], True)
        body = self.get_json(f"/api/v1/events/{self.off.pk}")
        self.assertIs(body["cancelled"], True)
        self.assertTrue(body["cancelled_at"].startswith("2026-05-04T"))

    def test_who_cancelled_it_is_not_said(self) -> None:
        for url in ("/api/v1/events", f"/api/v1/events/{self.off.pk}"):
            with self.subTest(url=url):
                text = self.client.get(url).content.decode()
                self.assertNotIn("cancelled_by", text)
                self.assertNotIn("Organizatorka", text)
