"""The MID's read-only sections, computed from its actions: the schedule (Gantt rows) and the budget.

Both read a plan loaded with `ActionPlan.objects.with_content()` and run no query of their own.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from pim.plans.models import Action, ActionFunding, ActionPlan

ZERO = Decimal("0.00")


def months_between(start: datetime.date, end: datetime.date) -> int:
    """Calendar months from `start`'s month to `end`'s month (same month: 0)."""
    return (end.year - start.year) * 12 + (end.month - start.month)


@dataclass(frozen=True)
class ScheduleRow:
    action_id: int
    title: str
    starts_on: datetime.date
    ends_on: datetime.date
    offset_months: int  # from the plan's earliest action start
    duration_months: int  # calendar months the action touches, at least 1


@dataclass(frozen=True)
class Schedule:
    start: datetime.date | None
    span_months: int
    rows: list[ScheduleRow]
    undated: list[Action]  # actions without a start or an end date: not on the chart


def schedule(plan: ActionPlan) -> Schedule:
    actions = list(plan.actions.all())
    dated, undated = [], []
    for a in actions:
        (dated if a.starts_on and a.ends_on and a.ends_on >= a.starts_on else undated).append(a)
    if not dated:
        return Schedule(start=None, span_months=0, rows=[], undated=undated)
    start = min(a.starts_on for a in dated)
    rows = [
        ScheduleRow(
            action_id=a.pk, title=a.title, starts_on=a.starts_on, ends_on=a.ends_on,
            offset_months=months_between(start, a.starts_on),
            duration_months=months_between(a.starts_on, a.ends_on) + 1,
        )
        for a in dated
    ]
    span = max(r.offset_months + r.duration_months for r in rows)
    return Schedule(start=start, span_months=span, rows=rows, undated=undated)


@dataclass(frozen=True)
class ObjectiveBudget:
    objective_id: int | None  # None: actions serving no objective
    text: str
    cost: Decimal
    funding: Decimal


@dataclass(frozen=True)
class Budget:
    total_cost: Decimal  # sum of the actions' cost estimates (actions without one count as 0)
    total_funding: Decimal  # sum of all funding rows
    by_kind: dict[str, Decimal] = field(default_factory=dict)  # ActionFunding.Kind value → amount
    by_status: dict[str, Decimal] = field(default_factory=dict)  # ActionFunding.Status value → amount
    by_objective: list[ObjectiveBudget] = field(default_factory=list)
    uncosted_actions: int = 0

    @property
    def gap(self) -> Decimal:
        """Cost not covered by any funding row (negative: more funding than cost)."""
        return self.total_cost - self.total_funding


def budget(plan: ActionPlan) -> Budget:
    by_kind = dict.fromkeys(ActionFunding.Kind.values, ZERO)
    by_status = dict.fromkeys(ActionFunding.Status.values, ZERO)
    cost_per_objective: dict[int | None, Decimal] = defaultdict(lambda: ZERO)
    funding_per_objective: dict[int | None, Decimal] = defaultdict(lambda: ZERO)
    total_cost = total_funding = ZERO
    uncosted = 0
    for action in plan.actions.all():
        if action.cost_estimate is None:
            uncosted += 1
        else:
            total_cost += action.cost_estimate
            cost_per_objective[action.objective_id] += action.cost_estimate
        for funding in action.fundings.all():
            total_funding += funding.amount
            by_kind[funding.kind] += funding.amount
            by_status[funding.status] += funding.amount
            funding_per_objective[action.objective_id] += funding.amount
    texts = {o.pk: o.text for o in plan.objectives.all()}
    keys = [pk for pk in texts if pk in cost_per_objective or pk in funding_per_objective]
    if None in cost_per_objective or None in funding_per_objective:
        keys.append(None)
    by_objective = [
        ObjectiveBudget(
            objective_id=pk, text=texts.get(pk, ""), cost=cost_per_objective[pk], funding=funding_per_objective[pk]
        )
        for pk in keys
    ]
    return Budget(
        total_cost=total_cost, total_funding=total_funding, by_kind=by_kind, by_status=by_status,
        by_objective=by_objective, uncosted_actions=uncosted,
    )


@dataclass(frozen=True)
class Progress:
    """Implementation progress from the actions' latest status reports."""

    total: int  # actions counted: every action except dropped ones
    done: int
    share_done: int  # percent of the counted actions that are done
    average_percent: int  # mean reported progress of the counted actions (unreported = 0%)
    late: list[Action]


def is_late(action: Action, today: datetime.date) -> bool:
    """Reported delayed, or past its end date and neither done nor dropped."""
    status = action.current_status
    if status == "delayed":
        return True
    return bool(action.ends_on and action.ends_on < today and status not in ("done", "dropped"))


def progress_summary(
    plan: ActionPlan, *, actions: list[Action] | None = None, today: datetime.date | None = None
) -> Progress:
    """Share of actions done, average progress and the late actions.

    `actions` are the plan's actions annotated by `Action.objects.with_current_status()`; without them
    this runs that one query. Dropped actions count neither as done nor against the average.
    """
    if actions is None:
        actions = list(Action.objects.filter(plan=plan).with_current_status().order_by("order", "pk"))
    today = today or timezone.localdate()
    counted = [a for a in actions if a.current_status != "dropped"]
    done = sum(1 for a in counted if a.current_status == "done")
    percents = [getattr(a, "current_percent", None) or 0 for a in counted]
    return Progress(
        total=len(counted),
        done=done,
        share_done=round(100 * done / len(counted)) if counted else 0,
        average_percent=round(sum(percents) / len(percents)) if percents else 0,
        late=[a for a in actions if is_late(a, today)],
    )
