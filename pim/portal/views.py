"""Public pages: thin views that fetch through querysets and render."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def healthz(request: HttpRequest) -> HttpResponse:
    # Also the framework floor in `make bench`: a trivial view through the full middleware stack.
    return HttpResponse("ok", content_type="text/plain")


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html", {})


def edition_detail(request: HttpRequest, slug: str) -> HttpResponse:
    raise NotImplementedError


network_detail = event_detail = action_plan_detail = participant_list = participant_detail = edition_detail
map_view = about = home
