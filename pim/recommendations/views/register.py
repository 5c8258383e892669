"""A network's barrier register: the paginated list with filters, collecting, adding, correcting, merging,
and the barrier search the PU editor's pickers use."""

from __future__ import annotations

import re
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from pim.core.text import fold
from pim.programmes.models import ThematicNetwork
from pim.recommendations import forms, register
from pim.recommendations.access import get_network_register_for_user
from pim.recommendations.models import Barrier
from pim.recommendations.views.common import error_messages

PER_PAGE = 50
# The picker's search lists this many matches: enough to find one, few enough to read.
SEARCH_LIMIT = 30


def _page(request: HttpRequest, network: ThematicNetwork, *, add_form: Any = None, merge_form: Any = None,
          status: int = 200) -> HttpResponse:
    filters = forms.BarrierFilterForm(request.GET or None, network=network, auto_id="filter-%s")
    page = Paginator(filters.apply(Barrier.objects.of_network(network)), PER_PAGE).get_page(request.GET.get("page"))
    barriers = list(page.object_list)
    can_write = request.user.has_perm("recommendations.change_barrier", network)
    if can_write:
        # Merging picks among the rows shown: the page of the register the expert filtered to.
        merge_form = merge_form or forms.BarrierMergeForm(network=network, prefix="merge")
        merge_form.show(barriers)
        for barrier in barriers:
            barrier.edit_url = reverse("recommendations:register_edit", args=[network.slug, barrier.pk])
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "network": network, "barriers": barriers, "page_obj": page, "filters": filters, "can_write": can_write,
        "page_query": f"{query.urlencode()}&" if query else "",
        "add_form": add_form or forms.BarrierAddForm(network=network, prefix="add"),
        "merge_form": merge_form,
        "plan_url": reverse("recommendations:plan", args=[network.slug])
        if hasattr(network, "improvement_plan") else "",
    }
    if request.htmx and request.method == "GET":
        return render(request, "recommendations/barrier_register.html#rows", context)
    return render(request, "recommendations/barrier_register.html", context, status=status)


def register_page(request: HttpRequest, slug: str) -> HttpResponse:
    network = get_network_register_for_user(request.user, slug)
    return _page(request, network)


def _back(slug: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("recommendations:register", args=[slug]))


@require_POST
def register_collect(request: HttpRequest, slug: str) -> HttpResponse:
    network = get_network_register_for_user(request.user, slug, write=True)
    created = register.barrier_register_collect(network=network, by=request.user)
    if created:
        messages.success(request, ngettext("%(n)d new barrier taken into the register.",
                                           "%(n)d new barriers taken into the register.", len(created))
                         % {"n": len(created)})
    else:
        messages.info(request, _("No new barriers in the network's MIDs and event outcomes."))
    return _back(slug)


@require_POST
def register_add(request: HttpRequest, slug: str) -> HttpResponse:
    network = get_network_register_for_user(request.user, slug, write=True)
    form = forms.BarrierAddForm(request.POST, network=network, prefix="add")
    if form.is_valid():
        try:
            register.barrier_add(network=network, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            forms.apply_errors(error, form)
        else:
            messages.success(request, _("The barrier was added to the register."))
            return _back(slug)
    return _page(request, network, add_form=form, status=400)


@require_POST
def register_merge(request: HttpRequest, slug: str) -> HttpResponse:
    network = get_network_register_for_user(request.user, slug, write=True)
    form = forms.BarrierMergeForm(request.POST, network=network, prefix="merge")
    if form.is_valid():
        try:
            register.barrier_merge(target=form.cleaned_data["target"], others=form.cleaned_data["others"],
                                   by=request.user)
        except ValidationError as error:
            forms.apply_errors(error, form)
            if not form.errors:
                messages.error(request, " ".join(error_messages(error)))
        else:
            messages.success(request, _("The barriers were merged; every source is kept."))
            return _back(slug)
    return _page(request, network, merge_form=form, status=400)


def _edit_form(barrier: Barrier, data: Any = None) -> forms.BarrierEditForm:
    initial = {"type": barrier.type, "description": barrier.description, "expected_revision": barrier.revision,
               "cities": [c.pk for c in barrier.cities.all()]}
    return forms.BarrierEditForm(data, initial=initial, network=barrier.network)


def register_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    network = get_network_register_for_user(request.user, slug, write=True)
    barrier = Barrier.objects.filter(network=network, pk=pk).in_register().prefetch_related("cities").first()
    if barrier is None:
        raise Http404
    barrier.network = network
    form = _edit_form(barrier, request.POST if request.method == "POST" else None)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            register.barrier_edit(barrier=barrier, type=data["type"], description=data["description"],
                                  cities=data["cities"], expected_revision=data["expected_revision"], by=request.user)
        except register.BarrierEditConflict as error:
            # Keep the expert's text; the next save, knowingly, replaces the other person's change.
            conflict, current = error.messages[0], error.barrier
            posted = request.POST.copy()
            posted["expected_revision"] = str(current.revision)
            form = forms.BarrierEditForm(posted, network=network)
            form.is_valid()
            barrier = current
        except ValidationError as error:
            forms.apply_errors(error, form)
        else:
            messages.success(request, _("The barrier was corrected."))
            return HttpResponseRedirect(f"{reverse('recommendations:register', args=[slug])}#bariera-{pk}")
    return render(request, "recommendations/barrier_edit.html", {
        "network": network, "barrier": barrier, "form": form, "conflict": conflict,
        "register_url": reverse("recommendations:register", args=[slug]),
    }, status=400 if request.method == "POST" else 200)


def _ids(values: list[str]) -> list[int]:
    return [int(v) for v in values if v.isdigit() and int(v) <= forms.MAX_ID][:200]


@require_GET
def barrier_search(request: HttpRequest, slug: str) -> HttpResponse:
    """Matches for a PU editor's barrier picker: checkboxes to add to the form.

    The ones ticked in the previous results come back ticked (`<field>`), then up to SEARCH_LIMIT matches
    that neither they nor the picker's chosen barriers (`chosen`) include.
    """
    network = get_network_register_for_user(request.user, slug, write=True)
    field = request.GET.get("field", "")
    if field != "barriers":
        raise Http404
    prefix = re.sub(r"[^a-z0-9_-]", "", request.GET.get("prefix", ""))[:40] or "picker"
    text = request.GET.get(f"{prefix}-q", "")[:200]
    kept_ids = _ids(request.GET.getlist(field))
    register_rows = forms.network_register(network)
    kept = list(register_rows.filter(pk__in=kept_ids)) if kept_ids else []
    found: list[Barrier] = []
    if fold(text).strip():
        skip = kept_ids + _ids(request.GET.get("chosen", "").split(","))
        found = list(register_rows.matching(text).exclude(pk__in=skip)[:SEARCH_LIMIT])
    return render(request, "recommendations/_barrier_search_results.html", {
        "kept": kept, "found": found, "field": field, "id_prefix": prefix, "query": text, "limit": SEARCH_LIMIT,
    })
