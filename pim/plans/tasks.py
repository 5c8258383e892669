"""Background tasks of the MID app (django.tasks; run by `manage.py db_worker`)."""

from __future__ import annotations

from django.tasks import task

from pim.plans.exports import run_export


@task
def export_plan(export_id: int) -> None:
    """Generate the PDF/DOCX file of one `PlanExport` job."""
    run_export(export_id)
