"""The network roadmap (Fiszka sieci) editor: text, actions, agreement, version history, comparison and restore.

Readers see the roadmap on the network page (`#fiszka`); these pages are for the network's own people:
the lead city's team, the network's experts and the operator edit, member cities' teams read drafts.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pim.core.versioning import version_pair
from pim.programmes import services
from pim.programmes.access import get_roadmap_for_user
from pim.programmes.forms import RevisionForm, RoadmapActionForm, RoadmapForm
from pim.programmes.models import NetworkRoadmap, RoadmapAction


def _edit_url(roadmap: NetworkRoadmap) -> str:
    return reverse("programmes:roadmap_edit", args=[roadmap.network.slug])


def _add_errors(form: Form, error: ValidationError) -> None:
    """The services' errors onto the form: on their field when the form has it, else on the whole form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _with_current_revision(form_class: type[Form], data: Any, revision: int) -> Form:
    """The editor's own input again, now based on the current revision: saving it replaces the other change."""
    data = data.copy()
    data["expected_revision"] = str(revision)
    form = form_class(data)
    form.is_valid()
    return form


def _conflict_context(conflict: services.RoadmapConflict) -> dict[str, Any]:
    changes = [
        {"number": v.number, "by": services.display_name(v.created_by), "at": v.created_at, "summary": v.summary}
        for v in conflict.changes
    ]
    return {"by": conflict.by, "at": conflict.at, "changes": changes, "diffs": conflict.diffs}


def _saved_message(request: HttpRequest, saved: services.Saved, text: str) -> None:
    messages.success(request, text)
    if saved.returned_to_draft:
        messages.warning(request, _("The roadmap was agreed; this change returned it to draft. Agree it again "
                                    "when the network is ready. Until then the public sees the agreed version."))


def roadmap_edit(request: HttpRequest, slug: str) -> HttpResponse:
    roadmap = get_roadmap_for_user(request.user, slug, write=True)
    conflict = None
    if request.method == "POST":
        form = RoadmapForm(request.POST)
        if form.is_valid():
            try:
                saved = services.roadmap_save(
                    network=roadmap.network, problems=form.cleaned_data["problems"], goals=form.cleaned_data["goals"],
                    expected_revision=form.cleaned_data["expected_revision"], by=request.user,
                )
            except services.RoadmapConflict as error:
                conflict = _conflict_context(error)
                form = _with_current_revision(RoadmapForm, request.POST, error.current)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                _saved_message(request, saved, _("The roadmap was saved (version %(n)d).") % {"n": saved.version.number})
                return HttpResponseRedirect(_edit_url(roadmap))
    else:
        form = RoadmapForm(initial={"problems": roadmap.problems, "goals": roadmap.goals,
                                    "expected_revision": roadmap.revision})
    actions = list(roadmap.actions.order_by("order", "pk")) if roadmap.pk else []
    content = services.snapshot(roadmap, actions)
    network = roadmap.network
    return render(request, "programmes/roadmap_edit.html", {
        "network": network,
        "roadmap": roadmap,
        "form": form,
        "conflict": conflict,
        "actions": actions,
        "schedule": services.schedule(content),
        "agree_form": RevisionForm(initial={"expected_revision": roadmap.revision}, auto_id="agree_%s"),
        "can_agree": roadmap.pk and roadmap.state == NetworkRoadmap.State.DRAFT
        and request.user.has_perm(services.AGREE, roadmap),
    })


def _action(roadmap: NetworkRoadmap, pk: int | None) -> RoadmapAction | None:
    if pk is None:
        return None
    action = roadmap.actions.filter(pk=pk).first() if roadmap.pk else None
    if action is None:
        raise Http404
    return action


def roadmap_action_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    roadmap = get_roadmap_for_user(request.user, slug, write=True)
    action = _action(roadmap, pk)
    conflict = None
    if request.method == "POST":
        form = RoadmapActionForm(request.POST)
        if form.is_valid():
            try:
                saved = services.roadmap_action_save(
                    network=roadmap.network, action_id=pk, expected_revision=form.cleaned_data["expected_revision"],
                    by=request.user, **form.values(),
                )
            except services.RoadmapConflict as error:
                conflict = _conflict_context(error)
                form = _with_current_revision(RoadmapActionForm, request.POST, error.current)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                _saved_message(request, saved, _("The action was saved (version %(n)d).") % {"n": saved.version.number})
                return HttpResponseRedirect(_edit_url(roadmap))
    else:
        initial = {"expected_revision": roadmap.revision}
        if action is not None:
            initial.update({name: getattr(action, name) for name in (*services.ACTION_FIELDS, "order")})
        form = RoadmapActionForm(initial=initial)
    return render(request, "programmes/roadmap_action_form.html", {
        "network": roadmap.network, "roadmap": roadmap, "action": action, "form": form, "conflict": conflict,
        "edit_url": _edit_url(roadmap),
    })


def roadmap_action_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    roadmap = get_roadmap_for_user(request.user, slug, write=True)
    action = _action(roadmap, pk)
    if request.method == "POST":
        form = RevisionForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError(_("Reload the roadmap: its revision is missing."))
            saved = services.roadmap_action_delete(
                network=roadmap.network, action_id=action.pk, expected_revision=form.cleaned_data["expected_revision"],
                by=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            _saved_message(request, saved, _("The action was deleted (version %(n)d).") % {"n": saved.version.number})
        return HttpResponseRedirect(_edit_url(roadmap))
    return render(request, "programmes/roadmap_action_delete.html", {
        "network": roadmap.network, "roadmap": roadmap, "action": action, "edit_url": _edit_url(roadmap),
        "form": RevisionForm(initial={"expected_revision": roadmap.revision}),
    })


@require_POST
def roadmap_agree(request: HttpRequest, slug: str) -> HttpResponse:
    roadmap = get_roadmap_for_user(request.user, slug, write=True)
    form = RevisionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Reload the roadmap: its revision is missing."))
        services.roadmap_agree(
            network=roadmap.network, expected_revision=form.cleaned_data["expected_revision"], by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The roadmap is agreed. Everyone can now read it on the network's page."))
    return HttpResponseRedirect(_edit_url(roadmap))


# --- versions -------------------------------------------------------------------------------------------

def _versions_url(roadmap: NetworkRoadmap) -> str:
    return reverse("programmes:roadmap_versions", args=[roadmap.network.slug])


def roadmap_versions(request: HttpRequest, slug: str) -> HttpResponse:
    roadmap = get_roadmap_for_user(request.user, slug)
    versions = list(
        roadmap.versions.order_by("-number").defer("snapshot").select_related("created_by__person")
    ) if roadmap.pk else []
    can_restore = request.user.has_perm(services.CHANGE, roadmap)
    restore_url = reverse("programmes:roadmap_restore", args=[roadmap.network.slug, 0]).replace("/0/", "/{}/")
    rows = [
        {"version": v, "by": services.display_name(v.created_by),
         "restore_url": restore_url.format(v.number) if can_restore and i else ""}
        for i, v in enumerate(versions)
    ]
    return render(request, "programmes/roadmap_versions.html", {
        "network": roadmap.network, "roadmap": roadmap, "rows": rows, "numbers": [v.number for v in versions],
        "compare_url": reverse("programmes:roadmap_compare", args=[roadmap.network.slug]),
        "can_edit": can_restore,
    })


def roadmap_compare(request: HttpRequest, slug: str) -> HttpResponse:
    roadmap = get_roadmap_for_user(request.user, slug)
    if (pair := version_pair(request.GET)) is None:
        messages.error(request, _("Choose two versions to compare."))
        return HttpResponseRedirect(_versions_url(roadmap))
    a, b = pair
    try:
        if not roadmap.pk:
            raise ValidationError(_("There is no version %(n)s of this roadmap.") % {"n": a})
        diffs = services.version_diff(roadmap=roadmap, a=a, b=b)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(_versions_url(roadmap))
    return render(request, "programmes/roadmap_compare.html", {
        "network": roadmap.network, "roadmap": roadmap, "a": a, "b": b, "diffs": diffs,
        "versions_url": _versions_url(roadmap),
    })


def roadmap_restore(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    roadmap = get_roadmap_for_user(request.user, slug, write=True)
    version = roadmap.versions.defer("snapshot").filter(number=number).first() if roadmap.pk else None
    if version is None:
        raise Http404
    if request.method == "POST":
        form = RevisionForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError(_("Reload the roadmap: its revision is missing."))
            saved = services.roadmap_version_restore(
                network=roadmap.network, number=number, expected_revision=form.cleaned_data["expected_revision"],
                by=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            _saved_message(request, saved, _("Version %(old)d restored as version %(new)d.")
                           % {"old": number, "new": saved.version.number})
        return HttpResponseRedirect(_versions_url(roadmap))
    return render(request, "programmes/roadmap_restore.html", {
        "network": roadmap.network, "roadmap": roadmap, "version": version, "versions_url": _versions_url(roadmap),
        "form": RevisionForm(initial={"expected_revision": roadmap.revision}),
    })
