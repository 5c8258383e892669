"""The MID's PDF and DOCX files: every section, the actions, Polish letters; the export job."""

from __future__ import annotations

import gc
import io
import time

import docx
import pypdf
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase, override_settings
from django.utils import translation

from pim.plans import exports
from pim.plans.models import ActionPlan, PlanExport
from pim.plans.sections import SECTIONS
from pim.plans.tests.base import MidTestCase
from pim.plans.tests.factories import ActionPlanFactory, complete_content

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
POLISH = "Zażółć gęślą jaźń – działanie"


def make_plan(*, actions: int = 3, indicators_per_action: int = 1, **fields) -> ActionPlan:
    plan = ActionPlanFactory(title="Zielone podwórka Łodzi", **fields)
    rows = complete_content(plan, actions=actions, indicators_per_action=indicators_per_action)
    for n, action in enumerate(rows, start=1):
        action.title = f"{POLISH} {n}"
        action.save(update_fields=["title"])
    return plan


def pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    # Table cells wrap, so join the lines: a title broken over two lines still matches.
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def docx_texts(content: bytes) -> tuple[list[str], list[str]]:
    document = docx.Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return [p.text for p in document.paragraphs], cells


class ExportFileTests(TestCase):
    """In English, so the assertions name the msgids; `test_polish_*` checks the site's default language."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.plan = make_plan(is_example=True)

    def setUp(self) -> None:
        self.enterContext(translation.override("en"))

    def test_polish_pdf_and_docx_have_polish_headings_and_marks(self) -> None:
        with translation.override("pl"):
            text = pdf_text(exports.render(self.plan, "pdf"))
            paragraphs, _ = docx_texts(exports.render(self.plan, "docx"))
        for expected in ("Spis treści", "PRZYKŁAD", "DANE DEMONSTRACYJNE", "Zielone podwórka Łodzi", f"{POLISH} 1"):
            self.assertIn(expected, text)
        self.assertIn("Spis treści", paragraphs)
        self.assertIn("PRZYKŁAD", paragraphs)

    def test_pdf_has_title_page_contents_every_section_and_action(self) -> None:
        content = exports.render(self.plan, "pdf")
        self.assertTrue(content.startswith(b"%PDF"))
        text = pdf_text(content)
        for word in ("Zielone podwórka Łodzi", "EXAMPLE", "DEMO DATA", "Contents"):
            self.assertIn(word, text)
        for section in SECTIONS:
            self.assertIn(str(section.label), text)
        for n in (1, 2, 3):
            self.assertIn(f"{POLISH} {n}", text)
        self.assertIn("Action table", text)
        self.assertIn("Schedule of the actions", text)
        self.assertIn("Funding by source type", text)

    def test_pdf_numbers_table_rows_and_runs_action_facts_into_one_line(self) -> None:
        text = pdf_text(exports.render(self.plan, "pdf"))
        # The action and indicator tables number their first cell (no "#" column).
        self.assertIn(f"1. {POLISH} 1", text)
        self.assertRegex(text, r"1\. Wskaźnik \d+ \[m²\]")
        # Baseline and target share a column; an action's short facts share a paragraph.
        self.assertIn("0 → 1,000", text)
        self.assertRegex(text, r" · Funding: Budżet miasta: 100,000\.00 PLN \(city budget, secured\)")

    def test_pdf_render_leaves_the_garbage_collector_as_it_found_it(self) -> None:
        self.assertTrue(gc.isenabled())
        exports.render(self.plan, "pdf")
        self.assertTrue(gc.isenabled())
        gc.disable()
        try:
            exports.render(self.plan, "pdf")
            self.assertFalse(gc.isenabled())
        finally:
            gc.enable()

    def test_pdf_contents_lists_page_numbers(self) -> None:
        reader = pypdf.PdfReader(io.BytesIO(exports.render(self.plan, "pdf")))
        contents = " ".join(reader.pages[1].extract_text().split())
        # Section 1 starts on page 3, after the title page and the contents.
        self.assertRegex(contents, r"1\. Metadata[ .]*3\b")

    def test_docx_has_every_section_heading_and_the_actions_in_paragraphs_and_tables(self) -> None:
        paragraphs, cells = docx_texts(exports.render(self.plan, "docx"))
        for section in SECTIONS:
            self.assertIn(f"{section.label}", " ".join(paragraphs))
        for n in (1, 2, 3):
            self.assertIn(f"{POLISH} {n}", cells)
            self.assertTrue(any(f"{POLISH} {n}" in p for p in paragraphs))
        self.assertIn("EXAMPLE", paragraphs)
        self.assertIn("Zielone podwórka Łodzi", paragraphs)

    def test_docx_styles_use_dejavu_sans(self) -> None:
        document = docx.Document(io.BytesIO(exports.render(self.plan, "docx")))
        self.assertEqual(document.styles["Normal"].font.name, "DejaVu Sans")
        self.assertEqual(document.styles["Heading 1"].font.name, "DejaVu Sans")

    def test_empty_plan_exports_with_placeholders(self) -> None:
        plan = ActionPlanFactory(is_demo=False)
        self.assertIn("Nothing entered yet.", pdf_text(exports.render(plan, "pdf")))
        paragraphs, _ = docx_texts(exports.render(plan, "docx"))
        self.assertIn("Nothing entered yet.", paragraphs)

    def test_filename_is_ascii_slug(self) -> None:
        plan = ActionPlanFactory(participant__name="Łódź Żoliborz")
        self.assertRegex(exports.filename(plan, "pdf"), r"^MID-lodz-zoliborz-[a-z0-9-]*\.pdf$")


@override_settings(TASKS=IMMEDIATE)
class ExportJobTests(MidTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        complete_content(cls.member_plan, actions=2)

    def test_request_runs_the_task_and_stores_the_file(self) -> None:
        job = exports.plan_export_request(plan=self.member_plan, fmt="docx", by=self.member_officer)
        job.refresh_from_db()
        self.assertEqual((job.status, job.progress), (PlanExport.Status.DONE, 100))
        self.assertTrue(bytes(job.content).startswith(b"PK"))
        self.assertEqual(job.requested_by, self.member_officer)
        self.assertIsNotNone(job.finished_at)
        self.assertTrue(job.task_id)

    def test_unknown_format_is_refused(self) -> None:
        with self.assertRaises(ValidationError):
            exports.plan_export_request(plan=self.member_plan, fmt="odt", by=self.member_officer)

    def test_reader_without_content_access_is_refused(self) -> None:
        with self.assertRaises(PermissionDenied):
            exports.plan_export_request(plan=self.member_plan, fmt="pdf", by=self.outsider_officer)
        self.assertFalse(PlanExport.objects.exists())

    def test_failure_is_recorded_on_the_job(self) -> None:
        job = PlanExport.objects.create(plan=self.member_plan, format="pdf")
        with self.settings(TASKS=IMMEDIATE), self.assertLogs("pim.plans.exports", "ERROR"):
            from unittest import mock

            with mock.patch.dict(exports.RENDERERS, {"pdf": mock.Mock(side_effect=OSError("no fonts"))}):
                exports.run_export(job.pk)
        job.refresh_from_db()
        self.assertEqual(job.status, PlanExport.Status.FAILED)
        self.assertIn("no fonts", job.error)

    def test_finished_job_is_not_run_again(self) -> None:
        job = PlanExport.objects.create(plan=self.member_plan, format="pdf", status=PlanExport.Status.DONE,
                                        content=b"old")
        exports.run_export(job.pk)
        job.refresh_from_db()
        self.assertEqual(bytes(job.content), b"old")


class ExportSizeTests(TestCase):
    """Prints timings for a large MID (60 actions, 120 indicators); the benchmark asserts the budgets."""

    def test_large_plan_exports(self) -> None:
        plan = make_plan(actions=60, indicators_per_action=2)
        plan = ActionPlan.objects.with_content().get(pk=plan.pk)
        for fmt in ("pdf", "docx"):
            started, cpu = time.perf_counter(), time.process_time()
            content = exports.render(plan, fmt)
            elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
            print(f"\nMID export {fmt}: 60 actions / 120 indicators in {elapsed:.2f} s ({cpu:.2f} s CPU), "
                  f"{len(content) // 1024} KB")
            self.assertGreater(len(content), 1000)
