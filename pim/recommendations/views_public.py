"""Public screens: the recommendations scoreboard and its exports, a recommendation's trace, good practices."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from pim.programmes.models import ThematicNetwork
from pim.recommendations import csvjson
from pim.recommendations.access import get_good_practice_for_user, get_recommendation_for_user
from pim.recommendations.models import GoodPractice, Recommendation
from pim.recommendations.practices import (
    GoodPracticeForm,
    PracticeFilterForm,
    catalogue,
    filter_practices,
    good_practice_save,
    network_for_new_practice,
    recommendations_of,
    writable_networks,
)
from pim.recommendations.scoreboard import (
    EXPORT_COLUMNS,
    TRACE_BARRIERS_SHOWN,
    ScoreboardFilterForm,
    addressee_names,
    build_trace,
    default_addressee_marker,
    export_rows,
    is_overdue,
    recommendations,
    rows_in_order,
    status_label,
    trace_paths,
)

SCOREBOARD_PER_PAGE = 50
PRACTICES_PER_PAGE = 30
EXPORT_CHUNK = 1000


def _page(request: HttpRequest, queryset: Any, per_page: int) -> tuple[Page, str]:
    """The requested page (a bad number gets the nearest page) and the query string to append page=N to."""
    page = Paginator(queryset, per_page).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return page, f"{params.urlencode()}&" if params else ""


def _selects(form: Any) -> dict[str, SafeString]:
    """The form's <select>s as HTML built in Python: Django's widget templates took most of the scoreboard's
    time (one template render per option, 200 networks on the national data)."""
    html = {}
    for field in form:
        if not isinstance(field.field, forms.ChoiceField):
            continue
        value = field.value()
        chosen = "" if value is None else str(value)
        attrs = format_html(' aria-invalid="true" aria-describedby="{}_error"', field.auto_id) if field.errors else ""
        options = format_html_join(
            "", '<option value="{}"{}>{}</option>',
            ((v, mark_safe(" selected") if v == chosen else "", label) for v, label in _choices(field.field)),
        )
        html[field.name] = format_html('<select name="{}" id="{}"{}>{}</select>', field.html_name, field.auto_id,
                                       attrs, options)
    return html


def _choices(field: forms.Field) -> list[tuple[str, Any]]:
    """A choice field's (value, label) pairs. A model choice field's rows are read in one plain query: its own
    iterator opens a server-side cursor on PostgreSQL, three round trips per filter."""
    if isinstance(field, forms.ModelChoiceField):
        empty = [("", field.empty_label)] if field.empty_label is not None else []
        key = field.to_field_name or "pk"
        return empty + [(str(getattr(obj, key)), field.label_from_instance(obj)) for obj in field.queryset]
    return [(str(value), label) for value, label in field.choices]


def _slug_urls(name: str) -> Any:
    prefix = reverse(name, args=["x"]).removesuffix("x/")
    return lambda slug: f"{prefix}{slug}/"


@dataclass
class ScoreboardRow:
    recommendation: Recommendation
    trace_url: str
    network_url: str
    addressees: str
    status: str
    status_label: str
    overdue: bool


def scoreboard(request: HttpRequest) -> HttpResponse:
    form = ScoreboardFilterForm(request.GET, user=request.user)
    filtered = recommendations().visible_to(request.user).filter_by(**form.filters())
    page, page_query = _page(request, filtered.page_ids(), SCOREBOARD_PER_PAGE)
    trace_path = trace_paths()
    network_url = _slug_urls("portal:network")
    rows = [
        ScoreboardRow(
            recommendation=rec, trace_url=trace_path(rec.pk),
            network_url=network_url(rec.improvement_plan.network.slug), addressees=addressee_names(rec),
            status=rec.current_status, status_label=status_label(rec.current_status), overdue=rec.is_overdue,
        )
        for rec in rows_in_order(list(page.object_list))
    ]
    export_query = request.GET.copy()
    export_query.pop("page", None)
    return render(request, "recommendations/scoreboard.html", {
        "form": form,
        "page_obj": page,
        "page_query": page_query,
        "rows": rows,
        "notices": form.notices(),
        "selects": _selects(form),
        "export_query": export_query.urlencode(),
    })


def _export_rows(request: HttpRequest) -> tuple[Any, Any]:
    form = ScoreboardFilterForm(request.GET, user=request.user)
    queryset = recommendations().visible_to(request.user).filter_by(**form.filters()).for_export()
    base_url = request.build_absolute_uri("/").removesuffix("/")
    return queryset, export_rows(queryset, base_url, chunk=EXPORT_CHUNK)


def scoreboard_csv(request: HttpRequest) -> HttpResponse:
    _queryset, rows = _export_rows(request)
    return csvjson.csv_response("rekomendacje", EXPORT_COLUMNS, rows)


def scoreboard_json(request: HttpRequest) -> HttpResponse:
    queryset, rows = _export_rows(request)
    return csvjson.json_response("rekomendacje", queryset.count(), EXPORT_COLUMNS, rows)


def trace(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = get_recommendation_for_user(request.user, pk)
    # A long list of barriers is cut (`TRACE_BARRIERS_SHOWN`); `?barriers=all` shows every one.
    show_all = request.GET.get("barriers") == "all"
    trace = build_trace(recommendation, limit=None if show_all else TRACE_BARRIERS_SHOWN)
    return render(request, "recommendations/trace.html", {
        "trace": trace,
        "overdue": is_overdue(recommendation, trace.responses),
        # With no addressee named, the edition's owner ministry answers (`rules.addressee_ids`): shown as such.
        "default_addressee": recommendation.improvement_plan.network.edition.owner,
        "default_marker": default_addressee_marker(),
        "recommendation": recommendation,
        "plan": recommendation.improvement_plan,
        "addressees": sorted(recommendation.addressees.all(), key=lambda institution: institution.name),
        "good_practices": list(recommendation.good_practices.order_by("title")),
    })


@dataclass
class PracticeRow:
    practice: GoodPractice
    url: str
    place: str


def _place(practice: GoodPractice) -> str:
    if practice.participant_id is not None:
        return practice.participant.name
    return ", ".join(part for part in (practice.foreign_city, practice.country) if part)


def good_practice_list(request: HttpRequest) -> HttpResponse:
    form = PracticeFilterForm(request.GET)
    page, page_query = _page(request, filter_practices(catalogue(), **form.filters()), PRACTICES_PER_PAGE)
    detail_prefix = reverse("recommendations:good_practice", args=[0]).removesuffix("0/")
    rows = [PracticeRow(practice=p, url=f"{detail_prefix}{p.pk}/", place=_place(p)) for p in page.object_list]
    can_add = request.user.has_perm("recommendations.add_goodpractice")
    return render(request, "recommendations/goodpractice_list.html", {
        "form": form,
        "page_obj": page,
        "page_query": page_query,
        "rows": rows,
        "notices": form.notices(),
        "selects": _selects(form),
        "networks": list(writable_networks(request.user)) if can_add else [],
    })


def good_practice(request: HttpRequest, pk: int) -> HttpResponse:
    practice = get_good_practice_for_user(request.user, pk)
    return render(request, "recommendations/goodpractice_detail.html", {
        "practice": practice,
        "place": _place(practice),
        "participant": practice.participant,
        # Events the public does not see (an LP's internal meeting) are not linked from a public page.
        "events": list(practice.events.filter(is_public=True).order_by("starts_on", "pk")),
        "recommendations": list(recommendations_of(practice, request.user)),
        "can_edit": request.user.has_perm("recommendations.change_goodpractice", practice),
    })


def _save_practice(
    request: HttpRequest, network: ThematicNetwork | None, practice: GoodPractice | None
) -> HttpResponse:
    form = GoodPracticeForm(request.POST or None, instance=practice, network=network, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            saved = good_practice_save(user=request.user, network=network, data=data, practice=practice)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            return redirect(saved.get_absolute_url())
    return render(request, "recommendations/goodpractice_form.html", {
        "form": form, "network": network, "practice": practice,
    }, status=400 if request.method == "POST" else 200)


@login_required
def good_practice_create(request: HttpRequest) -> HttpResponse:
    # The network comes in the address (?network=slug), so the form offers only that network's records;
    # without one, the operator adds a practice outside any network.
    network = network_for_new_practice(request.user, request.GET.get("network", ""))
    return _save_practice(request, network, None)


@login_required
def good_practice_edit(request: HttpRequest, pk: int) -> HttpResponse:
    practice = get_good_practice_for_user(request.user, pk, write=True)
    if practice.network is None:
        # Practices outside a network come from the admin, where the operator keeps them.
        raise PermissionDenied(gettext("This practice belongs to no network; edit it in the administration."))
    return _save_practice(request, practice.network, practice)

