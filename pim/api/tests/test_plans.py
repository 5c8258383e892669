"""/api/v1/action-plans."""

from __future__ import annotations

from pim.api.tests.base import ApiTestCase
from pim.places.tests.factories import ParticipantFactory
from pim.plans.models import ActionPlan
from pim.plans.tests.factories import ActionPlanFactory
from pim.programmes.tests.factories import EditionFactory, NetworkFactory


class ActionPlanEndpointsTest(ApiTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        edition = EditionFactory(slug="pim-1")
        transport = NetworkFactory(edition=edition, slug="transport", name="Transport")
        energy = NetworkFactory(edition=edition, slug="energia", name="Energia")
        lublin = ParticipantFactory(slug="lublin", name="Lublin")
        cls.plan = ActionPlanFactory(
            network=transport,
            participant=lublin,
            title="Rower miejski",
            state=ActionPlan.State.PUBLISHED,
            sources="P7",
        )
        # A historical MID whose city the sources do not name.
        ActionPlanFactory(network=energy, participant=None, title="", order=1)

    def test_it_lists_mids_with_network_and_participant(self) -> None:
        body = self.get_json("/api/v1/action-plans")
        self.assertEqual(body["count"], 2)
        unnamed, named = body["items"]
        self.assertIsNone(unnamed["participant"])
        self.assertEqual(unnamed["title"], "")
        self.assertEqual(named["participant"], {"slug": "lublin", "name": "Lublin"})
        self.assertEqual(named["network"], {"slug": "transport", "name": "Transport"})
        self.assertEqual(named["edition"]["slug"], "pim-1")
        self.assertEqual(named["state"], "published")
        self.assertEqual(named["sources"], ["P7"])
        self.assertEqual(named["url"], f"/mid/{self.plan.pk}/")

    def test_it_filters_by_network_edition_participant_and_state(self) -> None:
        def titles(**params: str) -> list[str]:
            return [p["title"] for p in self.get_json("/api/v1/action-plans", **params)["items"]]

        self.assertEqual(titles(network="transport"), ["Rower miejski"])
        self.assertEqual(titles(participant="lublin"), ["Rower miejski"])
        self.assertEqual(titles(state="draft"), [""])
        self.assertEqual(len(titles(edition="pim-1")), 2)
        self.assertEqual(titles(edition="pim-2"), [])

    def test_an_unknown_state_is_refused(self) -> None:
        self.assert_refused("/api/v1/action-plans", "state", state="lost")


class ActionPlanQueryCountTest(ApiTestCase):
    def test_action_plan_list_queries_do_not_grow_with_rows(self) -> None:
        network = NetworkFactory()
        self.assert_queries_do_not_grow(
            "/api/v1/action-plans", lambda n: ActionPlanFactory.create_batch(n, network=network), queries=2
        )
