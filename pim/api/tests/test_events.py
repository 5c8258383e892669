"""/api/v1/events."""

from __future__ import annotations

import datetime

from pim.api.tests.base import ApiTestCase
from pim.events.models import Event
from pim.events.tests.factories import EventFactory
from pim.places.tests.factories import ParticipantFactory
from pim.programmes.tests.factories import EditionFactory, NetworkFactory


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


class EventQueryCountTest(ApiTestCase):
    def test_event_list_queries_do_not_grow_with_rows(self) -> None:
        network = NetworkFactory()

        def make(n: int) -> None:
            EventFactory.create_batch(n, network=network, host=ParticipantFactory())

        self.assert_queries_do_not_grow("/api/v1/events", make, queries=2)
