"""/api/v1/editions, /networks and /memberships."""

from __future__ import annotations

import datetime

from pim.api.tests.base import ApiTestCase
from pim.places.tests.factories import ParticipantFactory
from pim.programmes.models import Edition, EditionParticipant, Membership, ThematicNetwork
from pim.programmes.tests.factories import (
    EditionFactory,
    EditionFigureFactory,
    EditionProductFactory,
    MembershipFactory,
    NetworkFactory,
)


class EditionEndpointsTest(ApiTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.old = EditionFactory(slug="pim-1", name="PIM I", start_year=2021, end_year=2023, sources="B, P2")
        cls.new = EditionFactory(
            slug="pim-2", name="PIM II", start_year=2024, end_year=2026, state=Edition.State.CALL_OPEN
        )
        network = NetworkFactory(edition=cls.old, name="Sieć A", slug="siec-a")
        NetworkFactory(
            edition=cls.old, name="Sieć B", slug="siec-b", type=ThematicNetwork.Type.SOLUTION_TRANSFER
        )
        shared = ParticipantFactory()
        MembershipFactory(network=network, participant=shared)
        MembershipFactory(network=network)
        EditionProductFactory(edition=cls.old, kind="action_plan", deadline=datetime.date(2022, 6, 30))
        EditionFigureFactory(edition=cls.old, value=105)
        EditionParticipant.objects.create(
            edition=cls.old, participant=ParticipantFactory(name="Łódź", slug="lodz")
        )

    def test_it_lists_editions_newest_first_with_counts(self) -> None:
        body = self.get_json("/api/v1/editions")
        self.assertEqual(body["count"], 2)
        self.assertEqual([e["slug"] for e in body["items"]], ["pim-2", "pim-1"])
        old = body["items"][1]
        self.assertEqual(old["network_count"], 2)
        self.assertEqual(old["participant_count"], 2)
        self.assertEqual(old["sources"], ["B", "P2"])
        self.assertEqual(old["url"], "/edycje/pim-1/")
        self.assertEqual(body["items"][0]["state"], "call_open")

    def test_it_pages_with_limit_and_offset(self) -> None:
        body = self.get_json("/api/v1/editions", limit=1, offset=1)
        self.assertEqual(body["count"], 2)
        self.assertEqual([e["slug"] for e in body["items"]], ["pim-1"])

    def test_edition_detail_has_networks_products_and_figures(self) -> None:
        body = self.get_json("/api/v1/editions/pim-1")
        self.assertEqual(body["name"], "PIM I")
        self.assertEqual(body["programme"], "Partnerska Inicjatywa Miast")
        self.assertIsNotNone(body["owner"])
        self.assertIsNone(body["strategic_partner"])
        self.assertEqual(
            body["networks"],
            [
                {"slug": "siec-a", "name": "Sieć A", "type": "action_planning"},
                {"slug": "siec-b", "name": "Sieć B", "type": "solution_transfer"},
            ],
        )
        self.assertEqual(body["products"], [{"kind": "action_plan", "deadline": "2022-06-30", "note": ""}])
        self.assertEqual(body["figures"][0]["value"], 105)
        self.assertEqual(body["participants_without_network"], [{"slug": "lodz", "name": "Łódź"}])

    def test_unknown_edition_is_a_json_404(self) -> None:
        body = self.get_json("/api/v1/editions/pim-9", status=404)
        self.assertEqual(body, {"detail": "No edition with slug='pim-9'."})

    def test_a_slug_that_cannot_exist_is_refused_naming_the_slug(self) -> None:
        error = self.assert_refused("/api/v1/editions/pim%201", "slug")
        self.assertEqual(error["location"], "path")

    def test_limit_over_100_is_refused(self) -> None:
        error = self.assert_refused("/api/v1/editions", "limit", limit=101)
        self.assertEqual(error["location"], "query")
        self.assertEqual(error["type"], "less_than_equal")

    def test_non_numeric_and_negative_paging_is_refused(self) -> None:
        self.assert_refused("/api/v1/editions", "limit", limit="ten")
        self.assert_refused("/api/v1/editions", "limit", limit=0)
        self.assert_refused("/api/v1/editions", "offset", offset=-1)
        self.assert_refused("/api/v1/editions", "offset", offset=10**30)


class EditionQueryCountTest(ApiTestCase):
    def test_edition_list_queries_do_not_grow_with_rows(self) -> None:
        # count + page
        self.assert_queries_do_not_grow(
            "/api/v1/editions", lambda n: EditionFactory.create_batch(n), queries=2
        )


class NetworkEndpointsTest(ApiTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.edition = EditionFactory(slug="pim-1", start_year=2021)
        other = EditionFactory(slug="pim-2", start_year=2024, end_year=2026)
        cls.network = NetworkFactory(edition=cls.edition, name="Transport", slug="transport", sources="P3")
        cls.lead = ParticipantFactory(name="Lublin", slug="lublin")
        former = ParticipantFactory(name="Nowy Sącz", slug="nowy-sacz")
        MembershipFactory(network=cls.network, participant=cls.lead, role=Membership.Role.LEAD)
        MembershipFactory(network=cls.network, participant=former, role=Membership.Role.LEAD, ended=True)
        MembershipFactory(network=cls.network, participant=ParticipantFactory(name="Zamość", slug="zamosc"))
        NetworkFactory(
            edition=cls.edition, name="Zieleń", slug="zielen", type=ThematicNetwork.Type.SOLUTION_TRANSFER
        )
        NetworkFactory(edition=other, name="Energia", slug="energia")

    def test_it_lists_networks_with_current_lead_and_member_count(self) -> None:
        body = self.get_json("/api/v1/networks")
        self.assertEqual(body["count"], 3)
        self.assertEqual([n["slug"] for n in body["items"]], ["energia", "transport", "zielen"])
        transport = body["items"][1]
        self.assertEqual(transport["current_leads"], [{"slug": "lublin", "name": "Lublin"}])
        self.assertEqual(transport["member_count"], 3)
        self.assertEqual(transport["edition"], {"slug": "pim-1", "name": self.edition.name})
        self.assertEqual(transport["sources"], ["P3"])

    def test_it_filters_networks_by_edition_and_type(self) -> None:
        body = self.get_json("/api/v1/networks", edition="pim-1")
        self.assertEqual([n["slug"] for n in body["items"]], ["transport", "zielen"])
        body = self.get_json("/api/v1/networks", edition="pim-1", type="solution_transfer")
        self.assertEqual([n["slug"] for n in body["items"]], ["zielen"])
        body = self.get_json("/api/v1/networks", edition="no-such-edition")
        self.assertEqual(body, {"count": 0, "items": []})

    def test_an_unknown_type_is_refused_naming_the_field(self) -> None:
        error = self.assert_refused("/api/v1/networks", "type", type="knitting")
        self.assertIn("action_planning", error["message"])

    def test_an_edition_filter_that_is_not_a_slug_is_refused(self) -> None:
        self.assert_refused("/api/v1/networks", "edition", edition="pim 1\x00")

    def test_network_detail_has_current_lead_and_all_members(self) -> None:
        body = self.get_json("/api/v1/networks/transport")
        self.assertEqual(body["current_leads"], [{"slug": "lublin", "name": "Lublin"}])
        members = [(m["participant"]["slug"], m["role"], m["ended"]) for m in body["members"]]
        self.assertEqual(
            members, [("lublin", "lead", False), ("nowy-sacz", "lead", True), ("zamosc", "partner", False)]
        )
        self.assertEqual(body["url"], "/sieci/transport/")

    def test_unknown_network_is_a_json_404(self) -> None:
        body = self.get_json("/api/v1/networks/no-such-network", status=404)
        self.assertEqual(body, {"detail": "No network with slug='no-such-network'."})


class NetworkQueryCountTest(ApiTestCase):
    def test_network_list_queries_do_not_grow_with_rows(self) -> None:
        edition = EditionFactory()

        def make(n: int) -> None:
            for network in NetworkFactory.create_batch(n, edition=edition):
                MembershipFactory(network=network, role=Membership.Role.LEAD)
                MembershipFactory(network=network)

        # count + page + current leads
        self.assert_queries_do_not_grow("/api/v1/networks", make, queries=3)


class MembershipEndpointsTest(ApiTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        first = EditionFactory(slug="pim-1", start_year=2021)
        second = EditionFactory(slug="pim-2", start_year=2024, end_year=2026)
        transport = NetworkFactory(edition=first, slug="transport", name="Transport")
        energy = NetworkFactory(edition=second, slug="energia", name="Energia")
        lublin = ParticipantFactory(slug="lublin", name="Lublin")
        MembershipFactory(network=transport, participant=lublin, role=Membership.Role.LEAD)
        MembershipFactory(network=energy, participant=lublin, valid_from=datetime.date(2024, 1, 1))
        MembershipFactory(network=transport, participant=ParticipantFactory(slug="zamosc", name="Zamość"))

    def test_it_lists_memberships_with_network_edition_and_participant(self) -> None:
        body = self.get_json("/api/v1/memberships")
        self.assertEqual(body["count"], 3)
        energy = body["items"][1]
        self.assertEqual(energy["network"], {"slug": "energia", "name": "Energia"})
        self.assertEqual(energy["edition"]["slug"], "pim-2")
        self.assertEqual(energy["participant"], {"slug": "lublin", "name": "Lublin"})
        self.assertEqual(energy["valid_from"], "2024-01-01")

    def test_the_unfiltered_list_comes_in_recorded_order(self) -> None:
        ids = [m["id"] for m in self.get_json("/api/v1/memberships")["items"]]
        self.assertEqual(ids, sorted(ids))
        self.assertEqual(ids, list(Membership.objects.order_by("pk").values_list("pk", flat=True)))

    def test_it_filters_memberships(self) -> None:
        def slugs(**params: str) -> list[tuple[str, str]]:
            items = self.get_json("/api/v1/memberships", **params)["items"]
            return [(m["network"]["slug"], m["participant"]["slug"]) for m in items]

        self.assertEqual(slugs(participant="lublin"), [("energia", "lublin"), ("transport", "lublin")])
        self.assertEqual(slugs(network="transport"), [("transport", "lublin"), ("transport", "zamosc")])
        self.assertEqual(slugs(edition="pim-2"), [("energia", "lublin")])
        self.assertEqual(slugs(network="transport", role="partner"), [("transport", "zamosc")])

    def test_an_unknown_role_is_refused(self) -> None:
        self.assert_refused("/api/v1/memberships", "role", role="boss")


class MembershipQueryCountTest(ApiTestCase):
    def test_membership_list_queries_do_not_grow_with_rows(self) -> None:
        network = NetworkFactory()
        self.assert_queries_do_not_grow(
            "/api/v1/memberships", lambda n: MembershipFactory.create_batch(n, network=network), queries=2
        )
