"""The MID completeness checklist: which structural rules the plan meets, and which rows fail each one.

`completeness(plan)` loads the plan once with `ActionPlan.objects.with_content()` (a fixed number of
queries, whatever the number of actions and indicators) and checks everything in memory.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, NamedTuple

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pim.plans import richtext, sections
from pim.plans.models import ActionPlan, Objective, ProblemTreeNode

MIN_STAKEHOLDERS = 3


class Check(NamedTuple):
    key: str
    label: Any
    ok: bool
    detail: list[str]  # what fails (one line per failing item); empty when ok


LABELS = {
    "one_core_problem": gettext_lazy("The problem tree has exactly one core problem"),
    "challenge_statement": gettext_lazy("The challenge is stated"),
    "stakeholders": gettext_lazy("At least 3 stakeholders are analysed"),
    "objectives_have_actions": gettext_lazy("Every specific objective has at least one action"),
    "actions_complete": gettext_lazy(
        "Every action has a lead unit, start and end dates, a cost estimate and at least one indicator"
    ),
    "budget_matches": gettext_lazy("Each action's funding adds up to its cost estimate"),
    "communication": gettext_lazy("The communication plan has at least one item"),
    "risks": gettext_lazy("At least one risk is identified"),
    "monitoring_indicator": gettext_lazy("At least one indicator has a baseline and a target"),
    "barriers": gettext_lazy("Barriers for the Improvement Plan are listed, or the city met none"),
}
RULE_KEYS = tuple(LABELS)


def _check(key: str, failures: list[str]) -> Check:
    return Check(key=key, label=LABELS[key], ok=not failures, detail=failures)


def _action_problems(action: Any, indicator_counts: Counter) -> list[str]:
    problems = []
    if not action.lead_unit.strip():
        problems.append(_("no lead unit"))
    if not action.starts_on:
        problems.append(_("no start date"))
    if not action.ends_on:
        problems.append(_("no end date"))
    if action.starts_on and action.ends_on and action.ends_on < action.starts_on:
        problems.append(_("ends before it starts"))
    if action.cost_estimate is None:
        problems.append(_("no cost estimate"))
    if not indicator_counts[action.pk]:
        problems.append(_("no indicator"))
    return problems


def completeness(plan: ActionPlan) -> list[Check]:
    plan = sections.load(plan)
    actions = list(plan.actions.all())
    indicators = list(plan.indicators.all())
    indicator_counts = Counter(i.action_id for i in indicators if i.action_id)

    cores = [n for n in plan.problem_nodes.all() if n.kind == ProblemTreeNode.Kind.CORE_PROBLEM]
    core_failures = [] if len(cores) == 1 else [
        _("%(count)d core problems; a problem tree has exactly one.") % {"count": len(cores)}
    ]

    statement = [] if richtext.to_text(plan.challenge_statement) else [_("The challenge statement is empty.")]

    stakeholder_count = len(plan.stakeholders.all())
    stakeholders = [] if stakeholder_count >= MIN_STAKEHOLDERS else [
        _("%(count)d of at least %(min)d stakeholders.") % {"count": stakeholder_count, "min": MIN_STAKEHOLDERS}
    ]

    served = {a.objective_id for a in actions}
    objectives = [
        o.text for o in plan.objectives.all() if o.kind == Objective.Kind.SPECIFIC and o.pk not in served
    ]

    incomplete = [] if actions else [_("The MID has no actions yet.")]
    for action in actions:
        problems = _action_problems(action, indicator_counts)
        if problems:
            incomplete.append(f"{action.title}: {', '.join(problems)}")

    budget = []
    for action in actions:
        if action.cost_estimate is None:
            continue  # reported by "actions_complete"
        funded = sum((f.amount for f in action.fundings.all()), start=action.cost_estimate * 0)
        if funded != action.cost_estimate:
            budget.append(
                _("%(title)s: cost %(cost)s PLN, funding %(funded)s PLN (difference %(diff)s PLN)")
                % {"title": action.title, "cost": action.cost_estimate, "funded": funded,
                   "diff": action.cost_estimate - funded}
            )

    communication = [] if plan.communication_items.all() else [_("No communication plan item.")]
    risks = [] if plan.risks.all() else [_("No risk.")]
    measured = [i for i in indicators if i.baseline is not None and i.target is not None]
    monitoring = [] if measured else [_("No indicator has both a baseline and a target.")]
    barriers = [] if plan.barriers.all() or plan.no_barriers else [
        _("No barrier listed, and the MID does not say that none was met.")
    ]

    return [
        _check("one_core_problem", core_failures),
        _check("challenge_statement", statement),
        _check("stakeholders", stakeholders),
        _check("objectives_have_actions", objectives),
        _check("actions_complete", incomplete),
        _check("budget_matches", budget),
        _check("communication", communication),
        _check("risks", risks),
        _check("monitoring_indicator", monitoring),
        _check("barriers", barriers),
    ]


def is_complete(plan: ActionPlan) -> bool:
    return all(check.ok for check in completeness(plan))
