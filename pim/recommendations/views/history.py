"""A PU's versions (list, comparison of any two, restore), its workflow and its PDF/DOCX exports."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from pim.recommendations import exports, forms, services
from pim.recommendations.access import get_improvement_plan_for_user
from pim.recommendations.views.common import EDIT, error_messages, plan_nav


def history(request: HttpRequest, slug: str) -> HttpResponse:
    plan = get_improvement_plan_for_user(request.user, slug, content=True, history=True)
    versions = list(plan.versions.order_by("-number").defer("snapshot").select_related("created_by__person"))
    can_restore = request.user.has_perm(EDIT, plan)
    compare_url = reverse("recommendations:version_compare", args=[slug])
    rows = [
        {"version": v, "by": services.display_name(v.created_by),
         "restore_url": reverse("recommendations:version_restore", args=[slug, v.number]) if can_restore else "",
         # What this save changed: the comparison with the version before it.
         "changes_url": f"{compare_url}?a={older.number}&b={v.number}" if older else ""}
        for v, older in zip(versions, [*versions[1:], None], strict=False)
    ]
    return render(request, "recommendations/version_list.html", {
        "plan": plan, "nav": plan_nav(plan, request.user), "rows": rows, "numbers": [v.number for v in versions],
        "compare_url": compare_url,
    })


def version_compare(request: HttpRequest, slug: str) -> HttpResponse:
    plan = get_improvement_plan_for_user(request.user, slug, content=True, history=True)
    history_url = reverse("recommendations:history", args=[slug])
    a, b = request.GET.get("a", ""), request.GET.get("b", "")
    try:
        diffs = services.improvement_plan_version_diff(plan=plan, a=a, b=b)
    except ValidationError as error:
        messages.error(request, " ".join(error_messages(error)) or _("Choose two versions to compare."))
        return HttpResponseRedirect(history_url)
    return render(request, "recommendations/version_compare.html", {
        "plan": plan, "nav": plan_nav(plan, request.user), "a": a, "b": b, "diffs": diffs,
        "history_url": history_url,
    })


def version_restore(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    plan = get_improvement_plan_for_user(request.user, slug, content=True, history=True)
    if not request.user.has_perm(EDIT, plan):
        raise PermissionDenied(_("You cannot restore versions of this Improvement Plan now."))
    version = get_object_or_404(plan.versions.defer("snapshot").select_related("created_by__person"), number=number)
    history_url = reverse("recommendations:history", args=[slug])
    if request.method == "POST":
        try:
            restored = services.improvement_plan_version_restore(plan=plan, number=number, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error_messages(error)))
        else:
            messages.success(request, _("Version %(old)d restored as version %(new)d.")
                             % {"old": number, "new": restored.number})
        return HttpResponseRedirect(history_url)
    return render(request, "recommendations/version_restore.html", {
        "plan": plan, "nav": plan_nav(plan, request.user), "version": version, "history_url": history_url,
        "by": services.display_name(version.created_by),
    })


def workflow(request: HttpRequest, slug: str) -> HttpResponse:
    plan = get_improvement_plan_for_user(request.user, slug, content=True, history=True)
    form = forms.TransitionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            step = services.improvement_plan_transition(
                plan=plan, to_state=data["to_state"], by=request.user, reason=data["reason"],
                handed_over_on=data["handed_over_on"], handed_over_to=data["handed_over_to"],
            )
        except PermissionDenied:
            form.add_error(None, _("You cannot take this step."))
        except ValidationError as error:
            forms.apply_errors(error, form)
        else:
            messages.success(request, _("The Improvement Plan is now “%(state)s”.")
                             % {"state": step.get_to_state_display()})
            return HttpResponseRedirect(reverse("recommendations:workflow", args=[slug]))
    transitions = list(plan.transitions.select_related("by__person").order_by("-at", "-pk"))
    for step in transitions:
        step.by_name = services.display_name(step.by)
    failed_target = request.POST.get("to_state", "") if form.errors else ""
    # The step forms' inputs carry the step in their ids: the summary links to the failed form's own inputs.
    field_ids = {"handed_over_on": "handed-on", "handed_over_to": "handed-to", "reason": f"reason-{failed_target}"}
    field_errors = [
        {"id": field_ids[name], "label": form.fields[name].label, "message": message}
        for name, messages_ in form.errors.items() if name in field_ids for message in messages_
    ]
    # A tampered step (hidden field) has no input to point at: it joins the form-wide errors.
    errors = [*form.non_field_errors(), *form.errors.get("to_state", [])]
    return render(request, "recommendations/workflow.html", {
        "plan": plan, "nav": plan_nav(plan, request.user), "steps": services.steps_for(plan, request.user),
        "transitions": transitions, "errors": errors, "field_errors": field_errors, "form": form,
        "failed_target": failed_target,
    }, status=400 if form.errors else 200)


def export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    if fmt not in exports.FORMATS:
        raise Http404
    plan = get_improvement_plan_for_user(request.user, slug, content=True)
    response = HttpResponse(exports.render(plan, fmt), content_type=exports.FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(plan, fmt)}"'
    if plan.state not in plan.PUBLIC_STATES:
        response["Cache-Control"] = "private, no-store"
    return response
