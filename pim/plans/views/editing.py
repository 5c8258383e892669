"""The MID editor: one form per section and per action, saved through the services (htmx or full pages)."""

from __future__ import annotations

from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pim.core.versioning import diff_lines, text_diff
from pim.plans import forms, sections, services
from pim.plans.access import get_action_plan_for_user
from pim.plans.models import ActionPlan, Objective
from pim.plans.views.pages import plan_context

CHANGE = "plans.change_actionplan"


def get_plan_for_editing(request: HttpRequest, pk: int) -> ActionPlan:
    """Outsiders get 404 (from the accessor); readers who may not edit, or a plan past drafting, get 403."""
    plan = get_action_plan_for_user(request.user, pk, content=True)
    if not request.user.has_perm(CHANGE, plan) or not plan.is_editable:
        raise PermissionDenied(_("You cannot edit this MID now."))
    return plan


def loaded(plan: ActionPlan) -> ActionPlan:
    """The plan with every section's rows, for the forms' initial data and choices."""
    return ActionPlan.objects.with_content().get(pk=plan.pk)


def proposed(key: str, current: sections.Data, data: sections.Data) -> sections.Data:
    """The section as the refused save would have made it: the current data with the user's input over it.

    Rows the user kept take their read-only keys (names of what they point to) from the current rows.
    """
    rows_key = sections.BY_KEY[key].rows
    result = {**current, **data}
    if rows_key and rows_key in data:
        by_id = {row.get("id"): row for row in current.get(rows_key) or []}
        result[rows_key] = [{**by_id.get(row.get("id"), {}), **row} if row.get("id") else row for row in data[rows_key]]
    return result


def conflict_context(error: services.ConcurrentEditError, yours: sections.Data) -> dict[str, Any]:
    """What the conflict box shows: who saved meanwhile, their change, and what saving again would change.

    `yours` is the section's data as the user's refused save would have made it.
    """
    current_text = sections.section_text(error.section, error.current)
    return {
        "by": error.by,
        "at": timezone.localtime(error.at) if error.at else None,
        "changes": error.changes,
        "diff": diff_lines(error.diff),
        "current_text": current_text,
        "yours": diff_lines(text_diff(
            current_text, sections.section_text(error.section, yours),
            before_label=_("current"), after_label=_("yours"),
        )),
        "history_url": reverse("plans:history", args=[error.plan_id]) if error.plan_id else "",
    }


def saved_response(request: HttpRequest, plan: ActionPlan, key: str) -> HttpResponse:
    """After a save: htmx gets the section and, out of band, the checklist; a plain form a redirect."""
    if not request.htmx:
        messages.success(request, _("Saved."))
        return HttpResponseRedirect(f"{plan.get_absolute_url()}#{key}")
    context = plan_context(request, plan)
    context["block"] = next(b for b in context["blocks"] if b.key == key)
    section = render_to_string("plans/actionplan_detail.html#section", context, request=request)
    checklist = render_to_string("plans/actionplan_detail.html#checklist", {**context, "oob": True}, request=request)
    return HttpResponse(section + checklist)


# --- sections ---------------------------------------------------------------------------------------------

def _choices(plan: ActionPlan, key: str) -> list[tuple[Any, str]]:
    if key == "problem_tree":
        return [(n.pk, f"{n.get_kind_display()}: {n.text}"[:80]) for n in plan.problem_nodes.all()]
    if key == "objectives":
        return [(o.pk, o.text[:80]) for o in plan.objectives.all() if o.kind == Objective.Kind.GENERAL]
    if key == "monitoring":
        return [(a.pk, a.title[:80]) for a in plan.actions.all()]
    return []


def _classifications(plan: ActionPlan) -> dict[str, Any]:
    return (plan.network.classifications if plan.network_id else None) or {}


def _section_forms(plan: ActionPlan, key: str, data: Any = None) -> tuple[django_forms.Form, Any]:
    current = sections.BY_KEY[key].serialise(plan)
    if key == "classification":
        fields = forms.classification_form_class(_classifications(plan))
        initial = forms.classification_initial(_classifications(plan), current["classification"])
    else:
        fields = forms.scalar_form_class(key)
        initial = {name: current.get(name) for name in forms.SCALAR_FIELDS.get(key, ())}
    form_class = type("SectionForm", (fields, forms.RevisionForm), {}) if fields else forms.RevisionForm
    initial["expected_revision"] = plan.section_revisions()[key]
    form = form_class(data=data, initial=initial)
    formset = None
    if key in forms.ROWS:
        rows_key = forms.ROWS[key][1]
        formset = forms.row_formset(key, data=data, initial=current.get(rows_key) or [], choices=_choices(plan, key))
    return form, formset


def section_edit(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    plan = get_plan_for_editing(request, pk)
    if key not in forms.FORM_SECTIONS:
        raise Http404
    plan = loaded(plan)
    form, formset = _section_forms(plan, key, request.POST if request.method == "POST" else None)
    conflict = None
    if request.method == "POST" and form.is_valid() and (formset is None or formset.is_valid()):
        data = {name: forms.to_data(form.cleaned_data[name]) for name in forms.SCALAR_FIELDS.get(key, ())}
        if key == "classification":
            data["classification"] = forms.classification_data(_classifications(plan), form.cleaned_data)
        sources: list[Any] = []
        if formset is not None:
            rows, sources = forms.formset_rows(formset)
            data[forms.ROWS[key][1]] = rows
        try:
            services.plan_section_save(
                plan=plan, section=key, data=data, expected_revision=form.cleaned_data["expected_revision"],
                by=request.user,
            )
        except services.ConcurrentEditError as error:
            conflict = conflict_context(error, proposed(key, error.current, data))
            # The user's text stays in the form; it now carries the current revision, so saving it again
            # is a deliberate choice after reading the other person's change. Their version stays in the
            # history, whatever the user does next.
            posted = request.POST.copy()
            posted["expected_revision"] = str(error.current_revision)
            form, formset = _section_forms(plan, key, posted)
            form.is_valid()
            if formset is not None:
                formset.is_valid()
        except ValidationError as error:
            rows_key = forms.ROWS[key][1] if key in forms.ROWS else ""
            forms.apply_errors(error, form, {rows_key: (sources, formset)} if formset is not None else {})
        else:
            return saved_response(request, plan, key)
    context = {
        "action_plan": plan, "key": key, "label": sections.BY_KEY[key].label, "form": form, "formset": formset,
        "conflict": conflict, "action_url": reverse("plans:section_edit", args=[plan.pk, key]),
        "no_classifications": key == "classification" and not _classifications(plan),
        "cancel_url": f"{plan.get_absolute_url()}#{key}",
    }
    template = "plans/actionplan_section_edit.html"
    return render(request, f"{template}#form" if request.htmx else template, context,
                  status=refused_status(request, form, formset))


def refused_status(request: HttpRequest, form: django_forms.Form, formset: Any) -> int:
    """400 when the posted form is invalid, as the other MID forms answer; 200 otherwise.

    An htmx request gets 200 all the same: htmx 2 does not swap a 4xx response by default, and the page's
    htmx configuration (base.html) does not opt in, so the errors would never reach the user. A concurrent
    edit is not bad input: the form is valid and comes back with the other person's change (200).
    """
    invalid = request.method == "POST" and (bool(form.errors) or (formset is not None and not formset.is_valid()))
    return 400 if invalid and not request.htmx else 200


# --- actions ----------------------------------------------------------------------------------------------

def _action_forms(plan: ActionPlan, action_id: int | None, data: Any = None) -> tuple[django_forms.Form, Any]:
    actions = list(plan.actions.all())
    objectives = [(o.pk, o.text[:80]) for o in plan.objectives.all() if o.kind == Objective.Kind.SPECIFIC]
    others = [(a.pk, a.title[:80]) for a in actions if a.pk != action_id]
    initial: dict[str, Any] = {"expected_revision": plan.section_revisions()["actions"]}
    fundings: list[dict[str, Any]] = []
    if action_id is not None:
        current = next((row for row in sections.BY_KEY["actions"].serialise(plan)["actions"] if row["id"] == action_id), None)
        if current is None:
            raise Http404
        initial.update({name: current.get(name) for name in (*forms.ACTION_FORM_FIELDS, "objective", "dependencies")})
        fundings = current["fundings"]
    form = forms.action_form_class(objectives, others)(data=data, initial=initial)
    return form, forms.FundingFormSet(data=data, initial=fundings, prefix="fundings")


def action_edit(request: HttpRequest, pk: int, action_id: int | None = None) -> HttpResponse:
    plan = loaded(get_plan_for_editing(request, pk))
    form, formset = _action_forms(plan, action_id, request.POST if request.method == "POST" else None)
    conflict = None
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = {name: forms.to_data(value) for name, value in form.cleaned_data.items() if name != "expected_revision"}
        rows, sources = forms.formset_rows(formset)
        data["fundings"] = rows
        try:
            services.action_save(plan=plan, action_id=action_id, data=data,
                                 expected_revision=form.cleaned_data["expected_revision"], by=request.user)
        except services.ConcurrentEditError as error:
            conflict = conflict_context(error, _proposed_actions(plan, error.current, action_id, data))
            posted = request.POST.copy()
            posted["expected_revision"] = str(error.current_revision)
            form, formset = _action_forms(plan, action_id, posted)
            form.is_valid()
            formset.is_valid()
        except ValidationError as error:
            forms.apply_errors(error, form, {"fundings": (sources, formset)})
        else:
            return saved_response(request, plan, "actions")
    url = (reverse("plans:action_edit", args=[plan.pk, action_id]) if action_id is not None
           else reverse("plans:action_add", args=[plan.pk]))
    context = {
        "action_plan": plan, "key": "actions", "label": sections.BY_KEY["actions"].label, "form": form,
        "formset": formset, "conflict": conflict, "action_url": url, "cancel_url": f"{plan.get_absolute_url()}#actions",
        "action_id": action_id,
        "delete_url": reverse("plans:action_delete", args=[plan.pk, action_id]) if action_id is not None else "",
    }
    template = "plans/action_form.html"
    return render(request, f"{template}#form" if request.htmx else template, context,
                  status=refused_status(request, form, formset))


def _proposed_actions(plan: ActionPlan, current: sections.Data, action_id: int | None, data: sections.Data) -> sections.Data:
    """The actions list with the user's action in it: in its place if it exists, else at the end."""
    rows = list(current.get("actions") or [])
    objectives = {o.pk: o.text for o in plan.objectives.all()}
    row = {"id": action_id, **data, "objective_text": objectives.get(data.get("objective"), "")}
    index = next((i for i, r in enumerate(rows) if action_id is not None and r.get("id") == action_id), None)
    if index is None:
        rows.append(row)
    else:
        rows[index] = {**rows[index], **row}
    return {**current, "actions": rows}


@require_POST
def action_delete(request: HttpRequest, pk: int, action_id: int) -> HttpResponse:
    plan = get_plan_for_editing(request, pk)
    try:
        services.action_delete(plan=plan, action_id=action_id, expected_revision=request.POST.get("expected_revision"),
                               by=request.user)
    except services.ConcurrentEditError as error:
        messages.error(request, error.messages[0])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if request.htmx:
            return saved_response(request, plan, "actions")
        messages.success(request, _("The action was deleted."))
    return HttpResponseRedirect(f"{plan.get_absolute_url()}#actions")
