"""The about page: sources and institutions with the anchors records link to, attribution, licences."""

from __future__ import annotations

from django.test import TestCase

from pim.core.models import Source
from pim.programmes.tests.factories import InstitutionFactory


class AboutPageTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        for key in ("P10", "B", "P2"):
            Source.objects.create(key=key, title=f"Źródło {key}", url=f"https://example.org/{key}")
        cls.institution = InstitutionFactory(name="Bank Światowy", slug="bank-swiatowy")

    def test_sources_have_the_anchors_their_links_use_in_reading_order(self):
        response = self.client.get("/o-programie/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual([s.key for s in response.context["sources"]], ["B", "P2", "P10"])
        source = Source.objects.get(key="P2")
        self.assertEqual(source.get_absolute_url(), "/o-programie/#zrodlo-P2")
        self.assertContains(response, 'id="zrodlo-P2"')
        self.assertContains(response, 'href="https://example.org/P2"')

    def test_institutions_have_anchors(self):
        response = self.client.get("/o-programie/")
        self.assertContains(response, 'id="instytucja-bank-swiatowy"')
        self.assertTrue(self.institution.get_absolute_url().endswith("#instytucja-bank-swiatowy"))

    def test_it_credits_geonames_and_the_vendored_assets(self):
        response = self.client.get("/o-programie/")
        for text in ("GeoNames", "CC-BY 4.0", "Pico CSS", "jVectorMap", "axe-core", "Mozilla Public License 2.0"):
            with self.subTest(text=text):
                self.assertContains(response, text)

    def test_the_query_count_does_not_grow_with_sources_and_institutions(self):
        with self.assertNumQueries(2):
            self.client.get("/o-programie/")
        for n in range(10):
            Source.objects.create(key=f"X{n}", title="Źródło")
            InstitutionFactory()
        with self.assertNumQueries(2):
            self.client.get("/o-programie/")
