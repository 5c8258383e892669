"""Background tasks of the MID app (django.tasks; run by `manage.py db_worker`)."""

from __future__ import annotations

from django.tasks import task

from pim.plans.exports import run_export
from pim.plans.notifications import send_transition_mail


@task
def export_plan(export_id: int) -> None:
    """Generate the PDF/DOCX file of one `PlanExport` job."""
    run_export(export_id)


@task
def notify_transition(transition_id: int) -> int:
    """E-mail the people concerned by one workflow step (see `pim.plans.notifications`)."""
    return send_transition_mail(transition_id)
