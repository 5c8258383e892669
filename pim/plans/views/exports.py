"""PDF/DOCX exports of a MID: start a background job, watch its progress, download the file."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from pim.plans import exports
from pim.plans.access import get_action_plan_for_user
from pim.plans.models import ActionPlan, PlanExport


def export_forms(plan: ActionPlan) -> list[dict[str, str]]:
    """The "Export PDF / DOCX" buttons (`plans/_export_buttons.html`), for any page showing the MID."""
    return [
        {"format": fmt, "label": label, "url": reverse("plans:export_start", args=[plan.pk, fmt])}
        for fmt, label in PlanExport.Format.choices
    ]


@require_POST
def export_start(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in PlanExport.Format.values:
        raise Http404
    plan = get_action_plan_for_user(request.user, pk, content=True)
    try:
        job = exports.plan_export_request(plan=plan, fmt=fmt, by=request.user)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(plan.get_absolute_url())
    except Exception:
        # The task backend can fail (database locked, misconfigured queue): say so, never a 500.
        exports.logger.exception("Could not queue the export of MID %s", plan.pk)
        messages.error(request, _("The export could not be started. Please try again later."))
        return HttpResponseRedirect(plan.get_absolute_url())
    return HttpResponseRedirect(job.get_absolute_url())


def _job(request: HttpRequest, pk: int, job_id: int) -> tuple[ActionPlan, PlanExport]:
    plan = get_action_plan_for_user(request.user, pk, content=True)
    job = get_object_or_404(PlanExport.objects.without_content(), pk=job_id, plan=plan)
    return plan, job


@require_GET
def export_status(request: HttpRequest, pk: int, job_id: int) -> HttpResponse:
    plan, job = _job(request, pk, job_id)
    context = {"action_plan": plan, "job": job, "export_forms": export_forms(plan)}
    if request.htmx:
        return render(request, "plans/actionplan_export.html#status", context)
    return render(request, "plans/actionplan_export.html", context)


@require_GET
def export_download(request: HttpRequest, pk: int, job_id: int) -> HttpResponse:
    plan, job = _job(request, pk, job_id)
    if job.status != PlanExport.Status.DONE:
        return HttpResponseRedirect(job.get_absolute_url())
    content = PlanExport.objects.filter(pk=job.pk).values_list("content", flat=True).get()
    response = HttpResponse(bytes(content), content_type=job.content_type)
    response["Content-Disposition"] = f'attachment; filename="{job.filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
