"""The PU's official PDF and DOCX: title page, contents, every part, recommendation texts, Polish letters."""

from __future__ import annotations

import io

import docx
import pypdf
from django.urls import reverse
from django.utils import translation

from pim.recommendations import exports
from pim.recommendations.models import ImprovementPlan
from pim.recommendations.tests.base import PuTestCase
from pim.recommendations.tests.factories import BarrierFactory, GoodPracticeFactory

POLISH = "Zażółć gęślą jaźń"


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)


def docx_text(content: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(content)).paragraphs)


class ExportTests(PuTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        ImprovementPlan.objects.filter(pk=cls.plan.pk).update(introduction=f"<p>{POLISH}: wstęp planu.</p>")
        cls.barrier = BarrierFactory(network=cls.network, description="Brak podstawy prawnej dla retencji",
                                     cities=[cls.lead_city])
        cls.practice = GoodPracticeFactory(title="Przykładowy ogród deszczowy")
        cls.plan.barriers.add(cls.barrier)
        cls.plan.good_practices.add(cls.practice)
        cls.recommendation.horizon, cls.recommendation.priority = "short", "high"
        cls.recommendation.save()
        cls.recommendation.barriers.add(cls.barrier)

    def test_pdf_and_docx_hold_every_part_and_the_recommendations(self):
        with translation.override("en"):
            pdf = pdf_text(exports.render(self.plan, "pdf"))
            word = docx_text(exports.render(self.plan, "docx"))
        for text in (pdf, word):
            with self.subTest(fmt="pdf" if text is pdf else "docx"):
                for expected in ("Plan Ulepszeń testowy", "Contents", "Introduction", POLISH,
                                 "Brak podstawy prawnej dla retencji", "Uprościć procedurę zielonych zamówień",
                                 "Zmienić zasady finansowania retencji", "Ministerstwo Testowe Finansów",
                                 "short term", "high", "Przykładowy ogród deszczowy", "Miasto Liderskie"):
                    self.assertIn(expected, text.replace("\n", " "))

    def test_the_pdf_contents_lists_page_numbers(self):
        reader = pypdf.PdfReader(io.BytesIO(exports.render(self.plan, "pdf")))
        self.assertGreaterEqual(len(reader.pages), 6)  # title, contents, four sections

    def test_download_as_the_network_and_404_for_outsiders_while_draft(self):
        url = reverse("recommendations:export", args=[self.network.slug, "docx"])
        self.client.force_login(self.member_officer)
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertIn("PU-", response["Content-Disposition"])
        self.assertIn("Uprościć procedurę", docx_text(response.content))
        self.client.force_login(self.outsider_officer)
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(self.client.get(reverse("recommendations:export", args=[self.network.slug, "odt"]))
                         .status_code, 404)
