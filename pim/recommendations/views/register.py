"""A network's barrier register: the list with filters, collecting from MIDs and events, adding, merging."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from pim.programmes.models import ThematicNetwork
from pim.recommendations import forms, register
from pim.recommendations.access import get_network_register_for_user
from pim.recommendations.models import Barrier
from pim.recommendations.views.common import error_messages


def _page(request: HttpRequest, network: ThematicNetwork, *, add_form: Any = None, merge_form: Any = None,
          status: int = 200) -> HttpResponse:
    filters = forms.BarrierFilterForm(request.GET or None, network=network, auto_id="filter-%s")
    barriers = Barrier.objects.of_network(network)
    if filters.is_valid():
        if filters.cleaned_data["type"]:
            barriers = barriers.filter(type=filters.cleaned_data["type"])
        if filters.cleaned_data["origin"]:
            barriers = barriers.filter(origin=filters.cleaned_data["origin"])
        if filters.cleaned_data["city"]:
            barriers = barriers.filter(cities=filters.cleaned_data["city"])
    can_write = request.user.has_perm("recommendations.change_barrier", network)
    context = {
        "network": network, "barriers": list(barriers), "filters": filters, "can_write": can_write,
        "add_form": add_form or forms.BarrierAddForm(network=network, prefix="add"),
        "merge_form": merge_form or forms.BarrierMergeForm(network=network, prefix="merge"),
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
