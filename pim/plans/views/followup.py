"""Implementation follow-up of an approved MID: action status reports, indicator values, progress."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.formats import get_format
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from pim.plans import derived, services
from pim.plans.access import get_action_plan_for_user
from pim.plans.models import Action, ActionPlan, ActionStatusReport, Indicator, IndicatorValue
from pim.plans.views.pages import number_formatter
from pim.plans.views.review import plan_nav


class StatusReportForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=ActionStatusReport.Status.choices)
    percent = forms.IntegerField(label=gettext_lazy("Progress (%)"), min_value=0, max_value=100)
    note = forms.CharField(label=gettext_lazy("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class IndicatorValueForm(forms.Form):
    measured_on = forms.DateField(label=gettext_lazy("Measured on"), widget=forms.DateInput(attrs={"type": "date"}))
    value = forms.DecimalField(label=gettext_lazy("Value"), max_digits=18, decimal_places=4)
    note = forms.CharField(label=gettext_lazy("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


def _apply_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's refusal on the form: field errors under their fields, the rest on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


# Django's day, month and year codes as strftime's, for the short date formats that use only those.
STRFTIME_CODES = {"d": "%d", "m": "%m", "Y": "%Y", "y": "%y", "j": "{day}", "n": "{month}"}


def _short_date(fmt: str = "") -> Callable[[datetime.date | None], str]:
    """`|date:"SHORT_DATE_FORMAT"` (or `fmt`) for the page's 800 dates: `dateformat.format` builds a formatter
    object per date (a quarter of the page's time), so plain day, month and year codes become one strftime."""
    fmt = fmt or get_format("SHORT_DATE_FORMAT")
    if any(ch.isalpha() and ch not in STRFTIME_CODES for ch in fmt) or "\\" in fmt:
        return lambda value: dateformat.format(value, fmt) if value else ""
    pattern = "".join(STRFTIME_CODES.get(ch, ch.replace("%", "%%").replace("{", "{{").replace("}", "}}")) for ch in fmt)
    return lambda value: value.strftime(pattern).format(day=value.day, month=value.month) if value else ""


def _reports_html(reports: list[ActionStatusReport], day: Callable[[Any], str]) -> SafeString:
    # A big MID's history runs to hundreds of rows: drawn here, escaped, instead of a template tag per cell.
    return format_html_join(
        "\n", '<tr><td>{}</td><td>{}</td><td class="number">{}</td><td>{}</td><td>{}</td></tr>',
        ((day(r.reported_on), r.get_status_display(), r.percent, r.note, r.by_name) for r in reports),
    )


def _values_html(values: list[IndicatorValue], day: Callable[[Any], str], number: Callable[[Any], str]) -> SafeString:
    return format_html_join(
        "\n", '<tr><td>{}</td><td class="number">{}</td><td>{}</td><td>{}</td></tr>',
        ((day(v.measured_on), number(v.value.normalize()), v.note, v.by_name) for v in values),
    )


def _page(
    request: HttpRequest, plan: ActionPlan, *, bound: tuple[str, int, forms.Form] | None = None, status: int = 200
) -> HttpResponse:
    """The follow-up page; `bound` = ("action" | "indicator", pk, form) keeps a refused form's input."""
    can_report = plan.accepts_follow_up and request.user.has_perm("plans.report_actionplan", plan)
    actions = list(Action.objects.filter(plan=plan).with_current_status().order_by("order", "pk"))
    reports: dict[int, list[ActionStatusReport]] = defaultdict(list)
    for report in ActionStatusReport.objects.filter(action__plan=plan).select_related("reported_by__person"):
        report.by_name = services.display_name(report.reported_by)
        reports[report.action_id].append(report)
    indicators = list(Indicator.objects.filter(plan=plan).order_by("order", "pk"))
    values: dict[int, list[IndicatorValue]] = defaultdict(list)
    for value in IndicatorValue.objects.filter(indicator__plan=plan).select_related("recorded_by__person"):
        value.by_name = services.display_name(value.recorded_by)
        values[value.indicator_id].append(value)
    titles = {a.pk: a.title for a in actions}
    statuses = dict(ActionStatusReport.Status.choices)
    # The status menu's options, drawn once per selected value rather than once per action.
    status_options = {
        selected: format_html_join("", "<option value=\"{}\"{}>{}</option>", (
            (value, mark_safe(" selected") if value == selected else "", label) for value, label in statuses.items()
        ))
        for selected in statuses
    }
    today = timezone.localdate()
    day, number = _short_date(), number_formatter()
    for action in actions:
        action.status_label = statuses.get(action.current_status, _("not reported"))
        action.reports = reports.get(action.pk, [])
        action.reports_html = _reports_html(action.reports, day)
        action.is_late = derived.is_late(action, today)
        action.ends_label, action.reported_label = day(action.ends_on), day(action.status_reported_on)
        action.report_url = reverse("plans:action_report", args=[plan.pk, action.pk])
        # Blank forms are drawn by the template from these values (`_followup_forms.html`): 180 forms through
        # the widget templates took 300 ms of the page with 60 actions and 120 indicators. A refused form
        # (`bound`) keeps the form machinery, for its errors.
        action.form = None
        action.status_options = status_options[action.current_status or "in_progress"]
    for indicator in indicators:
        indicator.action_title = titles.get(indicator.action_id, "")
        indicator.recorded = values.get(indicator.pk, [])
        indicator.values_html = _values_html(indicator.recorded, day, number)
        indicator.baseline_on_label, indicator.target_on_label = day(indicator.baseline_on), day(indicator.target_on)
        indicator.value_url = reverse("plans:indicator_value", args=[plan.pk, indicator.pk])
        indicator.form = None
    if bound:
        kind, pk, form = bound
        for row in actions if kind == "action" else indicators:
            if row.pk == pk:
                row.form = form
    context = {
        "plan": plan,
        "nav": plan_nav(plan),
        "open": plan.accepts_follow_up,
        "can_report": can_report,
        "actions": actions,
        "indicators": indicators,
        "progress": derived.progress_summary(plan, actions=actions, today=today),
        "report_fields": StatusReportForm.base_fields,
        "value_fields": IndicatorValueForm.base_fields,
    }
    return render(request, "plans/actionplan_followup.html", context, status=status)


@require_GET
def followup(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_action_plan_for_user(request.user, pk, content=True)
    return _page(request, plan)


@require_POST
def action_report(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    plan = get_action_plan_for_user(request.user, pk, content=True)
    if not request.user.has_perm("plans.report_actionplan", plan):
        raise PermissionDenied
    action = get_object_or_404(Action, plan=plan, pk=action_pk)
    form = StatusReportForm(request.POST, prefix=f"action-{action.pk}")
    if form.is_valid():
        try:
            services.action_status_report(action=action, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The status of “%(action)s” is reported.") % {"action": action.title})
            return redirect(f"{reverse('plans:followup', args=[plan.pk])}#action-{action.pk}")
    return _page(request, plan, bound=("action", action.pk, form), status=400)


@require_POST
def indicator_value(request: HttpRequest, pk: int, indicator_pk: int) -> HttpResponse:
    plan = get_action_plan_for_user(request.user, pk, content=True)
    if not request.user.has_perm("plans.report_actionplan", plan):
        raise PermissionDenied
    indicator = get_object_or_404(Indicator, plan=plan, pk=indicator_pk)
    form = IndicatorValueForm(request.POST, prefix=f"indicator-{indicator.pk}")
    if form.is_valid():
        try:
            services.indicator_value_record(indicator=indicator, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("A value of “%(indicator)s” is recorded.") % {"indicator": indicator.name})
            return redirect(f"{reverse('plans:followup', args=[plan.pk])}#indicator-{indicator.pk}")
    return _page(request, plan, bound=("indicator", indicator.pk, form), status=400)


