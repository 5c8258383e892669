"""The signed-in user's own page: who they are in the programme, which roles they hold, what they can work on."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from pim.portal.hub import work_hub
from pim.programmes.models import Person, RoleAssignment


@require_GET
@login_required
def account(request: HttpRequest) -> HttpResponse:
    person = Person.objects.filter(user=request.user).first()
    roles = list(
        RoleAssignment.objects.active()
        .filter(person__user=request.user)
        .select_related("edition", "network__edition", "participant", "institution")
        .order_by("role", "pk")
    )
    return render(request, "registration/account.html", {
        "person": person, "roles": roles, "hub": work_hub(request.user, roles),
    })
