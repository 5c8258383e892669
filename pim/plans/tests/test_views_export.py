"""POST /mid/<pk>/eksport/<fmt>/, the status page and the download."""

from __future__ import annotations

import io

import docx
from django.test import override_settings
from django.urls import reverse

from pim.plans.models import ActionPlan, PlanExport
from pim.plans.tests.base import MidTestCase
from pim.plans.tests.factories import complete_content

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
DUMMY = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


@override_settings(TASKS=IMMEDIATE)
class ExportViewTests(MidTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        actions = complete_content(cls.member_plan, actions=2)
        actions[0].title = "Zażółć gęślą jaźń – działanie 1"
        actions[0].save(update_fields=["title"])

    def start(self, fmt: str = "docx", plan: ActionPlan | None = None):
        return self.client.post(reverse("plans:export_start", args=[(plan or self.member_plan).pk, fmt]))

    def test_team_member_exports_docx_and_downloads_it(self) -> None:
        self.client.force_login(self.member_officer)
        response = self.start("docx")
        job = PlanExport.objects.get()
        self.assertRedirects(response, f"/mid/{self.member_plan.pk}/eksport/{job.pk}/")
        page = self.client.get(response["Location"])
        self.assertContains(page, 'role="status"')
        self.assertContains(page, 'aria-live="polite"')
        self.assertNotContains(page, "hx-trigger")  # done: no more polling
        self.assertContains(page, f"/mid/{self.member_plan.pk}/eksport/{job.pk}/pobierz/")

        download = self.client.get(job.download_url())
        self.assertEqual(
            download["Content-Type"], "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        )
        self.assertEqual(download["Content-Disposition"], f'attachment; filename="{job.filename}"')
        self.assertRegex(job.filename, r"^MID-miasto-partnerskie-.*\.docx$")
        document = docx.Document(io.BytesIO(download.content))
        cells = {c.text for t in document.tables for r in t.rows for c in r.cells}
        self.assertIn("Zażółć gęślą jaźń – działanie 1", cells)

    def test_pdf_download_has_pdf_content_type(self) -> None:
        self.client.force_login(self.coordinator)
        self.start("pdf")
        job = PlanExport.objects.get()
        download = self.client.get(job.download_url())
        self.assertEqual(download["Content-Type"], "application/pdf")
        self.assertTrue(download.content.startswith(b"%PDF"))
        self.assertTrue(download["Content-Disposition"].endswith('.pdf"'))

    def test_bad_format_is_404(self) -> None:
        self.client.force_login(self.member_officer)
        self.assertEqual(self.start("odt").status_code, 404)
        self.assertFalse(PlanExport.objects.exists())

    def test_get_does_not_start_an_export(self) -> None:
        self.client.force_login(self.member_officer)
        response = self.client.get(reverse("plans:export_start", args=[self.member_plan.pk, "pdf"]))
        self.assertEqual(response.status_code, 405)

    def test_outsider_and_anonymous_get_404_everywhere(self) -> None:
        job = PlanExport.objects.create(plan=self.member_plan, format="pdf", status="done", content=b"%PDF-")
        for name in ("outsider_officer", "anonymous"):
            with self.subTest(persona=name):
                self.client.logout()
                if name != "anonymous":
                    self.client.force_login(self.persona(name))
                self.assertEqual(self.start("pdf").status_code, 404)
                self.assertEqual(self.client.get(job.get_absolute_url()).status_code, 404)
                self.assertEqual(self.client.get(job.download_url()).status_code, 404)
        self.assertEqual(PlanExport.objects.count(), 1)

    def test_job_of_another_plan_is_404(self) -> None:
        job = PlanExport.objects.create(plan=self.lead_plan, format="pdf", status="done", content=b"%PDF-")
        self.client.force_login(self.coordinator)
        url = reverse("plans:export_status", args=[self.member_plan.pk, job.pk])
        self.assertEqual(self.client.get(url).status_code, 404)
        url = reverse("plans:export_download", args=[self.member_plan.pk, job.pk])
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_public_plan_is_exportable_by_anyone_with_an_account(self) -> None:
        self.set_state(self.member_plan, ActionPlan.State.APPROVED)
        self.client.force_login(self.outsider_officer)
        response = self.start("pdf")
        self.assertEqual(response.status_code, 302)
        self.assertEqual(PlanExport.objects.get().status, PlanExport.Status.DONE)

    def test_queued_job_polls_every_second(self) -> None:
        job = PlanExport.objects.create(plan=self.member_plan, format="pdf")
        self.client.force_login(self.member_officer)
        page = self.client.get(job.get_absolute_url())
        self.assertContains(page, 'hx-trigger="every 1s"')
        self.assertContains(page, "Czekam na proces eksportu")  # the site is Polish first
        self.assertContains(page, "<progress", html=False)

    def test_htmx_poll_returns_only_the_fragment(self) -> None:
        job = PlanExport.objects.create(plan=self.member_plan, format="pdf", status="running", progress=40)
        self.client.force_login(self.member_officer)
        fragment = self.client.get(job.get_absolute_url(), headers={"HX-Request": "true"})
        self.assertContains(fragment, 'value="40"')
        self.assertContains(fragment, "Generuję plik")
        self.assertNotContains(fragment, "<html")

    def test_download_before_done_redirects_to_the_status_page(self) -> None:
        job = PlanExport.objects.create(plan=self.member_plan, format="pdf", status="running")
        self.client.force_login(self.member_officer)
        self.assertRedirects(self.client.get(job.download_url()), job.get_absolute_url())

    def test_failed_job_shows_a_message(self) -> None:
        job = PlanExport.objects.create(plan=self.member_plan, format="pdf", status="failed", error="OSError: x")
        self.client.force_login(self.member_officer)
        page = self.client.get(job.get_absolute_url())
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, "Eksport się nie powiódł")
        self.assertNotContains(page, "OSError")
        self.assertNotContains(page, "hx-trigger")

    @override_settings(TASKS=DUMMY)
    def test_without_a_worker_the_job_stays_queued(self) -> None:
        self.client.force_login(self.member_officer)
        response = self.start("pdf")
        job = PlanExport.objects.get()
        self.assertEqual(job.status, PlanExport.Status.QUEUED)
        self.assertRedirects(response, job.get_absolute_url())
