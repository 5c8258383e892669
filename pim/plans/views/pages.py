"""The MID page: the whole plan for those who may read its working content, the catalogue record otherwise."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from html import escape
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import get_format, localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from pim.plans import checks, derived, sections
from pim.plans.access import get_action_plan_for_user
from pim.plans.forms import FORM_SECTIONS
from pim.plans.models import (
    Action,
    ActionFunding,
    ActionPlan,
    Criterion,
    IndicatorValue,
    ProblemTreeNode,
    RubricScore,
)
from pim.plans.views.exports import export_forms
from pim.programmes.classifications import classification_groups

CONTENT = "plans.view_actionplan_draft"
CHANGE = "plans.change_actionplan"


@dataclass(frozen=True)
class SectionBlock:
    key: str
    label: Any
    template: str
    edit_url: str  # empty when the user may not edit it (or it is derived)


@dataclass
class TreeNode:
    node: ProblemTreeNode
    children: list[TreeNode]


def _subtree(node: ProblemTreeNode, children: dict[int | None, list[ProblemTreeNode]], kind: str,
             seen: set[int]) -> list[TreeNode]:
    result = []
    for child in children.get(node.pk, []):
        if child.kind == kind and child.pk not in seen:
            seen.add(child.pk)
            result.append(TreeNode(child, _subtree(child, children, kind, seen)))
    return result


def problem_tree(plan: ActionPlan) -> list[dict[str, Any]]:
    """Each core problem with its causes and effects as nested branches (causes → core → effects)."""
    nodes = list(plan.problem_nodes.all())
    children: dict[int | None, list[ProblemTreeNode]] = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node)
    trees, seen = [], set()
    for core in (n for n in nodes if n.kind == ProblemTreeNode.Kind.CORE_PROBLEM):
        seen.add(core.pk)
        trees.append({
            "core": core,
            "causes": _subtree(core, children, ProblemTreeNode.Kind.CAUSE, seen),
            "effects": _subtree(core, children, ProblemTreeNode.Kind.EFFECT, seen),
        })
    loose = [n for n in nodes if n.pk not in seen]
    if loose:
        trees.append({"core": None, "causes": [TreeNode(n, []) for n in loose], "effects": []})
    return trees


def section_edit_url(plan_id: int, key: str) -> str:
    return reverse("plans:section_edit", args=[plan_id, key])


# --- the big tables, rendered in Python ------------------------------------------------------------------
# Thousands of template nodes per request were most of the page's time; these helpers produce exactly the
# markup `_section_actions.html`, `_section_schedule.html` and `_section_monitoring.html` used to loop over.

DASH = "—"


def _text(value: str, default: str = DASH) -> str:
    """`{{ value|default:"—" }}` for database text: escaped (never safe)."""
    return escape(value) if value else default


def number_formatter() -> Callable[[Any], str]:
    """`localize()` for the page's hundreds of numbers, with the locale's decimal separator read once.

    Without thousand separators, `localize(Decimal)` is the plain notation with that separator; `localize()`
    itself looks the formats up again on every call (a third of the rows' time).
    """
    if settings.USE_THOUSAND_SEPARATOR:
        return lambda value: str(localize(value))
    separator = get_format("DECIMAL_SEPARATOR")

    def fmt(value: Any) -> str:
        return format(value, "f").replace(".", separator) if isinstance(value, Decimal) else str(localize(value))

    return fmt


def _day(value: Any) -> str:
    return value.isoformat() if value else ""


def _action_rows_html(action_rows: list[dict[str, Any]], can_edit: bool) -> SafeString:
    edit_label = conditional_escape(gettext("Edit"))
    number = number_formatter()
    type_labels = {k: escape(str(v)) for k, v in Action.Type.choices}
    kind_labels = {k: escape(str(v)) for k, v in ActionFunding.Kind.choices}
    status_labels = {k: escape(str(v)) for k, v in ActionFunding.Status.choices}
    out = []
    for r in action_rows:
        a = r["action"]
        objective = r["objective"]
        fundings = r["fundings"]
        if fundings:
            funding = "<ul>" + "".join(
                f'<li><span lang="pl">{escape(f.source)}</span> ({kind_labels.get(f.kind) or escape(f.kind)}): '
                f"{number(f.amount)} PLN, {status_labels.get(f.status) or escape(f.status)}</li>"
                for f in fundings
            ) + "</ul>"
        else:
            funding = DASH
        title = escape(a.title)
        cells = [
            f'<tr>\n  <th scope="row" lang="pl">{title}</th>\n',
            f'  <td lang="pl">{_text(objective.text if objective else "")}</td>\n',
            f"  <td>{type_labels.get(a.type) or escape(a.type)}</td>\n",
            f'  <td lang="pl">{_text(a.lead_unit)}</td>\n',
            f'  <td lang="pl">{_text(a.partners)}</td>\n',
            f"  <td>{_day(a.starts_on) or '?'} – {_day(a.ends_on) or '?'}</td>\n",
            f'  <td class="number">{number(a.cost_estimate) if a.cost_estimate else DASH}</td>\n',
            f"  <td>{funding}</td>\n",
            f'  <td lang="pl">{_text(a.outputs)}</td>\n',
            f'  <td lang="pl">{_text("; ".join(r["indicators"]))}</td>\n',
            f'  <td lang="pl">{_text(a.risks)}</td>\n',
            f'  <td lang="pl">{_text("; ".join(r["dependencies"]))}</td>\n',
        ]
        if can_edit:
            url = conditional_escape(r["edit_url"])
            cells.append(f'  <td><a href="{url}" hx-get="{url}" hx-target="#actions" hx-swap="outerHTML">'
                         f'{edit_label}<span class="visually-hidden"> {title}</span></a></td>\n')
        else:
            cells.append("  \n")
        cells.append("</tr>")
        out.append("".join(cells))
    return mark_safe("".join(out))


def _gantt_rows_html(schedule: Any) -> SafeString:
    span = schedule.span_months
    out = []
    for r in schedule.rows:
        start, length = r.offset_months, r.duration_months
        out.append(
            f'<tr>\n  <th scope="row" lang="pl">{escape(r.title)}</th><td>{_day(r.starts_on)}</td>'
            f"<td>{_day(r.ends_on)}</td>\n  <td class=\"number\">{start}–{start + length}</td>\n"
            f'  <td class="gantt-cell"><svg class="gantt-bar" viewBox="0 0 {span} 1" preserveAspectRatio="none" '
            f'aria-hidden="true" focusable="false"><rect class="gantt-track" x="0" y="0" width="{span}" height="1">'
            f'</rect><rect class="gantt-fill" x="{start}" y="0.15" width="{length}" height="0.7"></rect></svg></td>'
            "\n</tr>"
        )
    return mark_safe("".join(out))


def _indicator_rows_html(indicator_rows: list[dict[str, Any]]) -> SafeString:
    number = number_formatter()

    def dated(value: Any, on: Any) -> str:
        text = DASH if not value else number(value)
        return f"{text} ({_day(on)})" if on else text

    out = []
    for r in indicator_rows:
        i, latest = r["indicator"], r["latest"]
        name = escape(i.name)
        if i.unit:
            name = f"{name} ({escape(i.unit)})"
        value = f"{number(latest[0])} ({_day(latest[1])})" if latest else DASH
        out.append(
            f'<tr><th scope="row" lang="pl">{name}</th>\n<td lang="pl">{_text(r["action"])}</td>\n'
            f'<td class="number">{dated(i.baseline, i.baseline_on)}</td>\n'
            f'<td class="number">{dated(i.target, i.target_on)}</td>\n'
            f'<td class="number">{value}</td>\n'
            f'<td lang="pl">{_text(i.source)}</td><td lang="pl">{_text(i.frequency)}</td>'
            f'<td lang="pl">{_text(i.responsible)}</td></tr>'
        )
    return mark_safe("".join(out))


def _progress(plan: ActionPlan, actions: list[Action]) -> derived.Progress | None:
    """Implementation progress of the page's already loaded actions, once the MID may be followed up.

    The latest status of every action comes in one query of (pk, status, percent) rows and is set on the
    loaded actions, rather than loading them a second time.
    """
    if not plan.accepts_follow_up:
        return None
    latest = {
        pk: (status, percent)
        for pk, status, percent in Action.objects.filter(plan=plan).with_current_status().values_list(
            "pk", "current_status", "current_percent")
    }
    for action in actions:
        action.current_status, action.current_percent = latest.get(action.pk, (None, None))
    return derived.progress_summary(plan, actions=actions)


def _event_records(user: Any, plan: ActionPlan, actions: list[Action]) -> dict[str, list[Any]]:
    """The individual advisories about this MID and the event outcomes linked to it or its actions.

    Only events the user may see. Read through the reverse relations: `events` sits above `plans` in the
    import layers, so this module must not import it. The rows are found by the MID's and its actions'
    keys first and only then checked against the visibility rule, by primary key: filtering by visibility
    first makes the database scan every visible event (all of them for a logged-in user).
    At most three queries, whatever the number of rows.
    """
    event_model = plan.events.model
    advisories = list(plan.events.filter(kind=event_model.Kind.INDIVIDUAL_ADVISORY).order_by("starts_on", "pk"))
    outcomes = list(
        plan.event_outcomes.model.objects.filter(Q(plan_id=plan.pk) | Q(action_id__in=[a.pk for a in actions]))
        .select_related("event", "action").order_by("event__starts_on", "event_id", "pk")
    )
    candidates = {e.pk for e in advisories} | {o.event_id for o in outcomes}
    visible = set(
        event_model.objects.visible_to(user).filter(pk__in=candidates).values_list("pk", flat=True)
    ) if candidates else set()
    return {
        "advisories": [e for e in advisories if e.pk in visible],
        "event_outcomes": [o for o in outcomes if o.event_id in visible],
    }


def plan_context(request: HttpRequest, plan: ActionPlan) -> dict[str, Any]:
    """Everything the full MID page shows; a fixed number of queries whatever the plan's size."""
    user = request.user
    plan = ActionPlan.objects.with_content().get(pk=plan.pk)
    can_edit = plan.is_editable and user.has_perm(CHANGE, plan)
    blocks = [
        SectionBlock(
            key=s.key, label=s.label, template=f"plans/_section_{s.key}.html",
            edit_url=section_edit_url(plan.pk, s.key) if can_edit and s.key in FORM_SECTIONS else "",
        )
        for s in sections.SECTIONS
    ]
    actions = list(plan.actions.all())
    objectives = {o.pk: o for o in plan.objectives.all()}
    titles = {a.pk: a.title for a in actions}
    indicators = list(plan.indicators.all())
    # (value, measured_on) of each indicator's latest measurement, as value rows: hundreds of instances
    # (deferred ones, with .only()) cost more than the rest of the view.
    latest: dict[int, tuple[Any, Any]] = {}
    for indicator_id, value, measured_on in IndicatorValue.objects.filter(indicator__plan=plan).order_by(
            "indicator_id", "-measured_on", "-pk").values_list("indicator_id", "value", "measured_on"):
        latest.setdefault(indicator_id, (value, measured_on))
    per_action: dict[int, list[str]] = {}
    for indicator in indicators:
        if indicator.action_id:
            per_action.setdefault(indicator.action_id, []).append(indicator.name)
    action_edit = reverse("plans:action_edit", args=[plan.pk, 0]).replace("/0/", "/{}/")
    action_rows = [
        {
            "action": a,
            "objective": objectives.get(a.objective_id),
            "dependencies": [titles.get(d.pk, "") for d in a.dependencies.all()],
            "fundings": list(a.fundings.all()),
            "indicators": per_action.get(a.pk, []),
            "edit_url": action_edit.format(a.pk) if can_edit else "",
        }
        for a in actions
    ]
    general = [o for o in objectives.values() if o.kind == "general"]
    specific_by_parent: dict[int | None, list[Any]] = {}
    for o in objectives.values():
        if o.kind != "general":
            specific_by_parent.setdefault(o.parent_id, []).append(o)
    schedule = derived.schedule(plan)
    budget = derived.budget(plan)
    scores = {(s.criterion, s.scorer_role): s for s in RubricScore.objects.filter(plan=plan)}
    rubric = [
        {"label": label, "expert": scores.get((value, "expert")), "city": scores.get((value, "city"))}
        for value, label in Criterion.choices
    ]
    indicator_rows = [
        {"indicator": i, "action": titles.get(i.action_id, ""), "latest": latest.get(i.pk)} for i in indicators
    ]
    return {
        "export_forms": export_forms(plan),
        "action_plan": plan,
        "content": True,
        "can_edit": can_edit,
        "blocks": blocks,
        "checklist": checks.completeness(plan),
        "tree": problem_tree(plan),
        "objective_groups": [{"general": g, "specific": specific_by_parent.get(g.pk, [])} for g in general],
        "loose_objectives": [o for pk, group in specific_by_parent.items() if pk not in {g.pk for g in general}
                             for o in group],
        "action_rows": action_rows,
        "action_rows_html": _action_rows_html(action_rows, can_edit),
        "action_add_url": reverse("plans:action_add", args=[plan.pk]) if can_edit else "",
        "schedule": schedule,
        "gantt_rows": [{"row": r, "end": r.offset_months + r.duration_months} for r in schedule.rows],
        "gantt_rows_html": _gantt_rows_html(schedule),
        "budget": budget,
        "budget_kinds": [(ActionFunding.Kind(k).label, v) for k, v in budget.by_kind.items()],
        "budget_statuses": [(ActionFunding.Status(k).label, v) for k, v in budget.by_status.items()],
        "indicator_rows": indicator_rows,
        "indicator_rows_html": _indicator_rows_html(indicator_rows),
        "classification": classification_groups(plan.classification),
        "rubric": rubric,
        "history_url": reverse("plans:history", args=[plan.pk]),
        "progress": _progress(plan, actions),
        "followup_url": reverse("plans:followup", args=[plan.pk]),
        **_event_records(user, plan, actions),
    }


def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_action_plan_for_user(request.user, pk)
    # Historical records hold only what the sources say; drafts are shown only to those who work on them.
    if plan.state == ActionPlan.State.PUBLISHED or not request.user.has_perm(CONTENT, plan):
        return render(request, "plans/actionplan_detail.html", {"action_plan": plan, "content": False})
    return render(request, "plans/actionplan_detail.html", plan_context(request, plan))
