"""The register at scale: a paginated, searchable register page, merging among the listed rows, and barrier
pickers (PU editor, recommendation form) that list the chosen barriers and search the rest."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext

from pim.recommendations.models import Barrier
from pim.recommendations.tests.base import PuTestCase
from pim.recommendations.tests.factories import BarrierFactory
from pim.recommendations.views.register import PER_PAGE, SEARCH_LIMIT


def add_barriers(network, count: int, text: str = "Bariera seryjna") -> list[Barrier]:
    return Barrier.objects.bulk_create(
        Barrier(network=network, type=Barrier.Type.LEGAL, description=f"{text} {n}") for n in range(count)
    )


class RegisterPageTests(PuTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.lodz = BarrierFactory(network=cls.network, type=Barrier.Type.FINANCIAL, cities=[cls.member_city],
                                  description="Łódzkie przepisy o zieleni nie pozwalają na retencję")
        cls.url = reverse("recommendations:register", args=[cls.network.slug])

    def count(self, url: str) -> tuple[int, str]:
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return len(queries), response.content.decode()

    def test_the_register_is_paginated_and_its_queries_do_not_grow(self):
        self.login("expert")
        add_barriers(self.network, PER_PAGE + 10)
        small, body = self.count(self.url)
        self.assertEqual(body.count('<tr id="bariera-'), PER_PAGE)
        self.assertIn('rel="next"', body)
        add_barriers(self.network, 3 * PER_PAGE)
        self.assertEqual(self.count(self.url)[0], small)
        self.assertEqual(self.count(f"{self.url}?page=4")[1].count('<tr id="bariera-'), PER_PAGE)

    def test_the_search_ignores_case_and_polish_letters_and_filters_combine(self):
        self.login("member_officer")  # the network's cities read the register
        add_barriers(self.network, 5)
        for query in ("q=LODZKIE", "q=łódzkie+przepisy", f"q=lodz&type=financial&city={self.member_city.pk}"):
            with self.subTest(query):
                body = self.count(f"{self.url}?{query}")[1]
                self.assertEqual(body.count('<tr id="bariera-'), 1)
                self.assertIn(f'id="bariera-{self.lodz.pk}"', body)
        self.assertEqual(self.count(f"{self.url}?q=lodz&type=legal")[1].count('<tr id="bariera-'), 0)

    def test_the_merge_form_lists_the_rows_shown(self):
        self.login("expert")
        add_barriers(self.network, PER_PAGE + 5)
        body = self.count(f"{self.url}?q=lodz")[1]
        self.assertEqual(body.count('name="merge-others"'), 1)
        body = self.count(self.url)[1]
        self.assertEqual(body.count('name="merge-others"'), PER_PAGE)

    def test_merging_checks_the_ids_against_the_register(self):
        self.login("expert")
        kept, merged = add_barriers(self.network, 2)
        foreign = BarrierFactory(network=self.other_network)
        merge = reverse("recommendations:register_merge", args=[self.network.slug])
        response = self.client.post(f"{merge}?q=seryjna",
                                    {"merge-target": kept.pk, "merge-others": [merged.pk, foreign.pk]})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, escape(gettext("Barrier %(value)s is not in this network's register (it may "
                                                     "have been merged).") % {"value": foreign.pk}), status_code=400)
        self.assertIsNone(Barrier.objects.get(pk=merged.pk).merged_into_id)
        response = self.client.post(merge, {"merge-target": kept.pk, "merge-others": [merged.pk]})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Barrier.objects.get(pk=merged.pk).merged_into_id, kept.pk)


class PickerTests(PuTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.chosen = BarrierFactory(network=cls.network, description="Wybrana bariera o gospodarce wodnej")
        cls.other = BarrierFactory(network=cls.network, description="Żadna z wybranych: zieleń w śródmieściu")
        cls.plan.barriers.add(cls.chosen)
        cls.editor = reverse("recommendations:plan_edit", args=[cls.network.slug])
        cls.new_recommendation = reverse("recommendations:recommendation_add", args=[cls.network.slug])
        cls.search = reverse("recommendations:barrier_search", args=[cls.network.slug])

    def queries(self, url: str) -> tuple[int, str]:
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return len(queries), response.content.decode()

    def test_the_editor_lists_the_chosen_barriers_only_and_its_queries_do_not_grow(self):
        self.login("expert")
        for url in (self.editor, self.new_recommendation):
            with self.subTest(url):
                small, body = self.queries(url)
                self.assertNotIn(self.other.description, body)
                if url == self.editor:
                    self.assertIn(self.chosen.description, body)
                add_barriers(self.network, 300)
                self.assertEqual(self.queries(url)[0], small)

    def test_the_search_lists_matches_but_not_the_chosen_ones(self):
        self.login("expert")
        add_barriers(self.network, SEARCH_LIMIT + 5, text="Zielen w srodmiesciu")
        body = self.client.get(self.search, {"field": "barriers", "prefix": "pu-barriers",
                                             "pu-barriers-q": "ŚRÓDMIEŚCIU", "chosen": f"{self.other.pk}"}
                               ).content.decode()
        self.assertEqual(body.count('type="checkbox"'), SEARCH_LIMIT)
        self.assertNotIn(self.other.description, body)
        self.assertIn('id="pu-barriers-found-', body)

    def test_ticked_results_stay_ticked_across_searches(self):
        self.login("expert")
        body = self.client.get(self.search, {"field": "barriers", "prefix": "x", "x-q": "wodnej",
                                             "barriers": [self.other.pk]}).content.decode()
        self.assertIn(f'value="{self.other.pk}" id="x-found-{self.other.pk}" checked', body)
        self.assertIn(self.chosen.description, body)

    def test_the_search_is_for_the_pus_writers(self):
        for name in ("anonymous", "member_officer", "outsider_officer"):
            with self.subTest(name):
                self.client.logout()
                self.login(name)
                response = self.client.get(self.search, {"field": "barriers", "prefix": "x", "x-q": "bariera"})
                self.assertEqual(response.status_code, 404)

    def test_a_foreign_or_bad_barrier_id_is_a_field_error(self):
        self.login("expert")
        foreign = BarrierFactory(network=self.other_network)
        url = reverse("recommendations:section_edit", args=[self.network.slug, "barriers"])
        for value, message in (
            (str(foreign.pk), gettext("Barrier %(value)s is not in this network's register (it may have been "
                                      "merged).") % {"value": foreign.pk}),
            ("abc", gettext("“%(pk)s” is not a barrier number.") % {"pk": "abc"}),
            ("99999999999999999999", None),
        ):
            with self.subTest(value):
                response = self.client.post(url, {"expected_revision": self.plan.revision,
                                                  "barriers": [self.chosen.pk, value]})
                self.assertEqual(response.status_code, 400)
                if message:
                    self.assertContains(response, escape(message), status_code=400)
                self.assertEqual(list(self.plan.barriers.all()), [self.chosen])

    def test_a_posted_pick_from_the_search_is_saved(self):
        self.login("expert")
        url = reverse("recommendations:section_edit", args=[self.network.slug, "barriers"])
        response = self.client.post(url, {"expected_revision": self.plan.revision,
                                          "barriers": [self.chosen.pk, self.other.pk]})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(set(self.plan.barriers.all()), {self.chosen, self.other})
        body = self.client.get(self.editor).content.decode()
        self.assertIn(f'value="{self.other.pk}"', body)
        self.assertIn(self.other.description, body)
