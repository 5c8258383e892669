"""A MID's version history: the list, a comparison of any two versions, and restoring an old one."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from pim.core.versioning import diff_lines, version_pair
from pim.plans import sections, services
from pim.plans.access import get_action_plan_for_user

CHANGE = "plans.change_actionplan"


def history(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_action_plan_for_user(request.user, pk, content=True)
    versions = list(
        plan.versions.order_by("-number").defer("snapshot", "revisions").select_related("created_by__person")
    )
    can_restore = plan.is_editable and request.user.has_perm(CHANGE, plan)
    restore_url = reverse("plans:version_restore", args=[plan.pk, 0]).replace("/0/", "/{}/")
    labels = dict(sections.SECTION_CHOICES)
    rows = [
        {
            "version": v, "by": services.display_name(v.created_by),
            "section": labels.get(v.section) or (_("MID created") if v.section == "create" else _("restore")),
            "restore_url": restore_url.format(v.number) if can_restore else "",
        }
        for v in versions
    ]
    return render(request, "plans/planversion_list.html", {
        "action_plan": plan, "rows": rows, "compare_url": reverse("plans:version_compare", args=[plan.pk]),
        "numbers": [v.number for v in versions],
    })


def version_compare(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_action_plan_for_user(request.user, pk, content=True)
    if (pair := version_pair(request.GET)) is None:
        messages.error(request, _("Choose two versions to compare."))
        return HttpResponseRedirect(reverse("plans:history", args=[plan.pk]))
    a, b = pair
    try:
        diffs = services.version_diff(plan=plan, a=a, b=b)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(reverse("plans:history", args=[plan.pk]))
    return render(request, "plans/planversion_compare.html", {
        "action_plan": plan, "a": a, "b": b,
        "diffs": [{"key": d.key, "label": d.label, "lines": diff_lines(d.diff)} for d in diffs],
        "history_url": reverse("plans:history", args=[plan.pk]),
    })


def version_restore(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    plan = get_action_plan_for_user(request.user, pk, content=True)
    if not request.user.has_perm(CHANGE, plan) or not plan.is_editable:
        raise PermissionDenied(_("You cannot restore versions of this MID now."))
    version = get_object_or_404(plan.versions.defer("snapshot"), number=number)
    if request.method == "POST":
        try:
            saved = services.plan_version_restore(plan=plan, number=number, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Version %(old)d restored as version %(new)d.")
                             % {"old": number, "new": saved.version.number})
        return HttpResponseRedirect(reverse("plans:history", args=[plan.pk]))
    return render(request, "plans/planversion_restore.html", {
        "action_plan": plan, "version": version, "history_url": reverse("plans:history", args=[plan.pk]),
    })
