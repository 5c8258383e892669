"""The MID's sections, in document order: what each holds, how it is serialised and shown as text.

A section's *data* is a JSON-ready dict (dates as ISO strings, money and indicator values as decimal
strings, list rows with their `id`). Version snapshots hold every section's data; diffs compare the
sections' readable text. `pim.plans.editing` writes the same shape back, so
`plan_section_save(section=k, data=serialise(plan)[k] …)` changes nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pim.plans import derived, richtext
from pim.plans.models import (
    Action,
    ActionFunding,
    ActionPlan,
    Barrier,
    CommunicationItem,
    Indicator,
    Objective,
    ProblemTreeNode,
    Risk,
    Stakeholder,
    StrategyLink,
)
from pim.plans.models.plan import SECTION_KEYS_FOR_REVISIONS
from pim.programmes.classifications import label_for

Data = dict[str, Any]


@dataclass(frozen=True)
class Section:
    key: str
    label: Promise
    serialise: Callable[[ActionPlan], Data]
    to_text: Callable[[Data], str]
    # ActionPlan fields the section holds, and the key of its list of rows (if it has one).
    fields: tuple[str, ...] = ()
    rows: str = ""
    # Keys the serialised data carries for reading only (names of referenced objects); writes ignore them.
    read_only_keys: frozenset[str] = field(default_factory=frozenset)
    # Derived sections are computed from the actions and cannot be written.
    derived: bool = False

    @property
    def writable_keys(self) -> frozenset[str]:
        return frozenset(self.fields) | ({self.rows} if self.rows else frozenset())


def iso(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def num(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def label(model: type[Model], name: str) -> str:
    return capfirst(str(model._meta.get_field(name).verbose_name))


def choice(model: type[Model], name: str, value: Any) -> str:
    return str(dict(model._meta.get_field(name).choices or []).get(value, value))


def _line(model: type[Model], name: str, value: Any, *, indent: str = "   ") -> list[str]:
    if value in (None, "", []):
        return []
    if model._meta.get_field(name).choices:
        value = choice(model, name, value)
    text = str(value).replace("\n", " ")
    return [f"{indent}{label(model, name)}: {text}"]


def _rows_text(model: type[Model], rows: Iterable[Data], title: str, details: tuple[str, ...]) -> list[str]:
    lines = []
    for n, row in enumerate(rows, start=1):
        lines.append(f"{n}. {row.get(title) or ''}".rstrip())
        for name in details:
            lines += _line(model, name, row.get(name))
    return lines


def _fields_text(names: Iterable[str], data: Data, *, rich: frozenset[str] = frozenset()) -> list[str]:
    lines = []
    for name in names:
        value = data.get(name)
        if name in rich:
            value = richtext.to_text(value or "")
            if value:
                lines += [f"{label(ActionPlan, name)}:", *value.splitlines()]
            continue
        if isinstance(value, bool):
            value = gettext("yes") if value else gettext("no")
        if value not in (None, ""):
            lines.append(f"{label(ActionPlan, name)}: {value}")
    return lines


def _join(lines: list[str]) -> str:
    return "\n".join(lines)


# --- metadata, prose and classification ---------------------------------------------------------------

METADATA_FIELDS = (
    "title", "team_note", "expert", "started_on", "target_completion_on", "public_consultation", "summary"
)


def _metadata(plan: ActionPlan) -> Data:
    return {
        "title": plan.title, "team_note": plan.team_note, "expert": plan.expert_id,
        "expert_name": plan.expert.name if plan.expert_id else "", "started_on": iso(plan.started_on),
        "target_completion_on": iso(plan.target_completion_on), "public_consultation": plan.public_consultation,
        "summary": plan.summary,
    }


def _metadata_text(data: Data) -> str:
    shown = {**data, "expert": data.get("expert_name") or ""}
    return _join(_fields_text(METADATA_FIELDS, shown, rich=frozenset({"summary"})))


def _context(plan: ActionPlan) -> Data:
    return {
        "context_diagnosis": plan.context_diagnosis,
        "strategy_links": [
            {"id": s.pk, "title": s.title, "url": s.url, "note": s.note} for s in plan.strategy_links.all()
        ],
    }


def _context_text(data: Data) -> str:
    lines = _fields_text(["context_diagnosis"], data, rich=frozenset({"context_diagnosis"}))
    if data.get("strategy_links"):
        lines.append(f"{capfirst(str(StrategyLink._meta.verbose_name_plural))}:")
        lines += _rows_text(StrategyLink, data["strategy_links"], "title", ("url", "note"))
    return _join(lines)


def _prose(*names: str) -> tuple[Callable[[ActionPlan], Data], Callable[[Data], str]]:
    rich = frozenset(n for n in names if n in RICH_FIELDS)
    return (
        lambda plan: {name: getattr(plan, name) for name in names},
        lambda data: _join(_fields_text(names, data, rich=rich)),
    )


def _classification(plan: ActionPlan) -> Data:
    return {"classification": dict(plan.classification or {})}


def _classification_text(data: Data) -> str:
    lines = []
    for key, value in (data.get("classification") or {}).items():
        shown = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
        lines.append(f"{capfirst(label_for(key))}: {shown}")
    return _join(lines)


# --- list sections --------------------------------------------------------------------------------------

def _tree(plan: ActionPlan) -> Data:
    return {
        "nodes": [
            {"id": n.pk, "kind": n.kind, "parent": n.parent_id, "text": n.text} for n in plan.problem_nodes.all()
        ]
    }


def _tree_text(data: Data) -> str:
    """The tree from the core problem down: causes first, then effects, each with its own branches."""
    nodes = data.get("nodes") or []
    children: dict[Any, list[Data]] = {}
    for node in nodes:
        children.setdefault(node.get("parent"), []).append(node)
    lines: list[str] = []
    seen: set[Any] = set()

    def walk(node: Data, depth: int) -> None:
        if node.get("id") in seen:
            return
        seen.add(node.get("id"))
        kind = choice(ProblemTreeNode, "kind", node.get("kind"))
        lines.append(f"{'  ' * depth}{capfirst(kind)}: {node.get('text', '')}")
        branch = sorted(children.get(node.get("id"), []), key=lambda n: n.get("kind") != "cause")
        for child in branch:
            walk(child, depth + 1)

    for root in children.get(None, []):
        walk(root, 0)
    for node in nodes:  # anything not reachable from a root, so no content is hidden from a diff
        walk(node, 0)
    return _join(lines)


def _stakeholders(plan: ActionPlan) -> Data:
    return {
        "stakeholders": [
            {"id": s.pk, "name": s.name, "interest": s.interest, "influence": s.influence, "engagement": s.engagement}
            for s in plan.stakeholders.all()
        ]
    }


def _stakeholders_text(data: Data) -> str:
    return _join(_rows_text(Stakeholder, data.get("stakeholders") or [], "name", ("interest", "influence", "engagement")))


def _objectives(plan: ActionPlan) -> Data:
    return {
        "objectives": [
            {"id": o.pk, "kind": o.kind, "parent": o.parent_id, "text": o.text} for o in plan.objectives.all()
        ]
    }


def _objectives_text(data: Data) -> str:
    rows = data.get("objectives") or []
    lines = []
    for general in (r for r in rows if r.get("kind") == Objective.Kind.GENERAL):
        lines.append(f"{capfirst(choice(Objective, 'kind', general['kind']))}: {general.get('text', '')}")
        for specific in (r for r in rows if r.get("parent") == general.get("id")):
            lines.append(f"  {capfirst(choice(Objective, 'kind', specific['kind']))}: {specific.get('text', '')}")
    placed = {r.get("id") for r in rows if r.get("kind") == Objective.Kind.GENERAL}
    placed |= {r.get("id") for r in rows if r.get("parent") in placed}
    lines += [
        f"{capfirst(choice(Objective, 'kind', r.get('kind')))}: {r.get('text', '')}" for r in rows if r.get("id") not in placed
    ]
    return _join(lines)


ACTION_FIELDS = (
    "title", "description", "type", "objective", "lead_unit", "partners", "starts_on", "ends_on", "cost_estimate",
    "outputs", "risks",
)
FUNDING_FIELDS = ("source", "kind", "amount", "status")


def _action_data(action: Action, objective_texts: dict[int, str]) -> Data:
    return {
        "id": action.pk, "title": action.title, "description": action.description, "type": action.type,
        "objective": action.objective_id, "objective_text": objective_texts.get(action.objective_id, ""),
        "lead_unit": action.lead_unit, "partners": action.partners, "starts_on": iso(action.starts_on),
        "ends_on": iso(action.ends_on), "cost_estimate": num(action.cost_estimate), "outputs": action.outputs,
        "risks": action.risks, "dependencies": sorted(d.pk for d in action.dependencies.all()),
        "fundings": [
            {"id": f.pk, "source": f.source, "kind": f.kind, "amount": num(f.amount), "status": f.status}
            for f in action.fundings.all()
        ],
    }


def _actions(plan: ActionPlan) -> Data:
    texts = {o.pk: o.text for o in plan.objectives.all()}
    return {"actions": [_action_data(a, texts) for a in plan.actions.all()]}


def _actions_text(data: Data) -> str:
    rows = data.get("actions") or []
    titles = {r.get("id"): r.get("title", "") for r in rows}
    lines = []
    for n, row in enumerate(rows, start=1):
        lines.append(f"{gettext('Action')} {n}: {row.get('title', '')}")
        shown = {**row, "objective": row.get("objective_text") or ""}
        for name in ACTION_FIELDS[1:]:
            lines += _line(Action, name, shown.get(name))
        if row.get("dependencies"):
            names = "; ".join(titles.get(pk, f"#{pk}") for pk in row["dependencies"])
            lines.append(f"   {label(Action, 'dependencies')}: {names}")
        for funding in row.get("fundings") or []:
            lines.append(
                f"   {gettext('Funding')}: {funding.get('source', '')}; {choice(ActionFunding, 'kind', funding.get('kind'))}; "
                f"{funding.get('amount')} PLN; {choice(ActionFunding, 'status', funding.get('status'))}"
            )
    return _join(lines)


def _communication(plan: ActionPlan) -> Data:
    return {
        "items": [
            {"id": c.pk, "target_group": c.target_group, "channel": c.channel, "milestone": c.milestone,
             "when": iso(c.when)}
            for c in plan.communication_items.all()
        ]
    }


def _communication_text(data: Data) -> str:
    return _join(_rows_text(CommunicationItem, data.get("items") or [], "target_group", ("channel", "milestone", "when")))


def _risks(plan: ActionPlan) -> Data:
    return {
        "risks": [
            {"id": r.pk, "description": r.description, "likelihood": r.likelihood, "impact": r.impact,
             "mitigation": r.mitigation}
            for r in plan.risks.all()
        ]
    }


def _risks_text(data: Data) -> str:
    return _join(_rows_text(Risk, data.get("risks") or [], "description", ("likelihood", "impact", "mitigation")))


INDICATOR_FIELDS = (
    "action", "name", "unit", "baseline", "baseline_on", "target", "target_on", "source", "frequency", "responsible",
)


def _monitoring(plan: ActionPlan) -> Data:
    titles = {a.pk: a.title for a in plan.actions.all()}
    return {
        "monitoring_note": plan.monitoring_note,
        "indicators": [
            {
                "id": i.pk, "action": i.action_id, "action_title": titles.get(i.action_id, ""), "name": i.name,
                "unit": i.unit, "baseline": num(i.baseline), "baseline_on": iso(i.baseline_on),
                "target": num(i.target), "target_on": iso(i.target_on), "source": i.source,
                "frequency": i.frequency, "responsible": i.responsible,
            }
            for i in plan.indicators.all()
        ],
    }


def _monitoring_text(data: Data) -> str:
    lines = _fields_text(["monitoring_note"], data)
    rows = [{**r, "action": r.get("action_title") or ""} for r in data.get("indicators") or []]
    lines += _rows_text(Indicator, rows, "name", INDICATOR_FIELDS[:1] + INDICATOR_FIELDS[2:])
    return _join(lines)


def _barriers(plan: ActionPlan) -> Data:
    return {
        "no_barriers": plan.no_barriers,
        "barriers": [{"id": b.pk, "type": b.type, "description": b.description} for b in plan.barriers.all()],
    }


def _barriers_text(data: Data) -> str:
    lines = _fields_text(["no_barriers"], data)
    lines += [
        f"{n}. {choice(Barrier, 'type', row.get('type'))}: {row.get('description', '')}"
        for n, row in enumerate(data.get("barriers") or [], start=1)
    ]
    return _join(lines)


# --- derived sections -----------------------------------------------------------------------------------

def _schedule(plan: ActionPlan) -> Data:
    result = derived.schedule(plan)
    return {
        "start": iso(result.start),
        "span_months": result.span_months,
        "rows": [
            {"action": r.action_id, "title": r.title, "starts_on": iso(r.starts_on), "ends_on": iso(r.ends_on),
             "offset_months": r.offset_months, "duration_months": r.duration_months}
            for r in result.rows
        ],
        "undated": [a.title for a in result.undated],
    }


def _schedule_text(data: Data) -> str:
    lines = [
        f"{row['title']}: {row['starts_on']} – {row['ends_on']} "
        f"(+{row['offset_months']}, {row['duration_months']} {gettext('months')})"
        for row in data.get("rows") or []
    ]
    lines += [f"{title}: {gettext('no dates')}" for title in data.get("undated") or []]
    return _join(lines)


def _budget(plan: ActionPlan) -> Data:
    result = derived.budget(plan)
    return {
        "total_cost": num(result.total_cost), "total_funding": num(result.total_funding), "gap": num(result.gap),
        "by_kind": {k: num(v) for k, v in result.by_kind.items()},
        "by_status": {k: num(v) for k, v in result.by_status.items()},
        "by_objective": [
            {"objective": o.objective_id, "text": o.text, "cost": num(o.cost), "funding": num(o.funding)}
            for o in result.by_objective
        ],
        "uncosted_actions": result.uncosted_actions,
    }


def _budget_text(data: Data) -> str:
    lines = [
        f"{gettext('Total cost')}: {data.get('total_cost')} PLN",
        f"{gettext('Total funding')}: {data.get('total_funding')} PLN",
    ]
    lines += [
        f"{choice(ActionFunding, 'kind', k)}: {v} PLN" for k, v in (data.get("by_kind") or {}).items() if Decimal(v)
    ]
    lines += [
        f"{choice(ActionFunding, 'status', k)}: {v} PLN" for k, v in (data.get("by_status") or {}).items() if Decimal(v)
    ]
    lines += [
        f"{o['text'] or gettext('no objective')}: {o['cost']} / {o['funding']} PLN" for o in data.get("by_objective") or []
    ]
    return _join(lines)


RICH_FIELDS = frozenset({"summary", "context_diagnosis", "challenge_statement", "governance"})
_challenge, _challenge_text = _prose("challenge_title", "challenge_statement")
_governance, _governance_text = _prose("governance")

SECTIONS: list[Section] = [
    Section("metadata", _("Metadata"), _metadata, _metadata_text, fields=METADATA_FIELDS,
            read_only_keys=frozenset({"expert_name"})),
    Section("context", _("Context and diagnosis"), _context, _context_text, fields=("context_diagnosis",),
            rows="strategy_links"),
    Section("problem_tree", _("Problem tree"), _tree, _tree_text, rows="nodes"),
    Section("challenge", _("Challenge"), _challenge, _challenge_text, fields=("challenge_title", "challenge_statement")),
    Section("stakeholders", _("Stakeholders"), _stakeholders, _stakeholders_text, rows="stakeholders"),
    Section("objectives", _("Objectives"), _objectives, _objectives_text, rows="objectives"),
    Section("actions", _("Actions"), _actions, _actions_text, rows="actions"),
    Section("schedule", _("Schedule"), _schedule, _schedule_text, derived=True),
    Section("budget", _("Budget and financing"), _budget, _budget_text, derived=True),
    Section("governance", _("Implementation and governance"), _governance, _governance_text, fields=("governance",)),
    Section("communication", _("Communication and participation plan"), _communication, _communication_text,
            rows="items"),
    Section("risks", _("Risks"), _risks, _risks_text, rows="risks"),
    Section("monitoring", _("Monitoring and evaluation"), _monitoring, _monitoring_text, fields=("monitoring_note",),
            rows="indicators"),
    Section("barriers", _("Barriers for the Improvement Plan"), _barriers, _barriers_text, fields=("no_barriers",),
            rows="barriers"),
    Section("classification", _("Network classification"), _classification, _classification_text,
            fields=("classification",)),
]
BY_KEY: dict[str, Section] = {s.key: s for s in SECTIONS}
SECTION_KEYS: tuple[str, ...] = tuple(BY_KEY)
EDITABLE_SECTION_KEYS: tuple[str, ...] = tuple(s.key for s in SECTIONS if not s.derived)
SECTION_CHOICES: list[tuple[str, Promise]] = [(s.key, s.label) for s in SECTIONS]
# Read-only keys of list rows, ignored when written back (names of what an id points to).
ROW_READ_ONLY_KEYS: dict[str, frozenset[str]] = {
    "actions": frozenset({"objective_text"}),
    "monitoring": frozenset({"action_title"}),
}

assert EDITABLE_SECTION_KEYS == SECTION_KEYS_FOR_REVISIONS, "models.plan.SECTION_KEYS_FOR_REVISIONS is out of date"


def get_section(key: str) -> Section:
    try:
        return BY_KEY[key]
    except KeyError:
        raise ValidationError(
            _("Unknown section “%(section)s”."), code="unknown_section", params={"section": key}
        ) from None


def load(plan: ActionPlan) -> ActionPlan:
    """The plan with every section's rows loaded (a fixed number of queries); reused if already loaded."""
    cache = getattr(plan, "_prefetched_objects_cache", {})
    if "actions" in cache and "indicators" in cache:
        return plan
    return ActionPlan.objects.with_content().get(pk=plan.pk)


def reload(plan: ActionPlan) -> ActionPlan:
    """A fresh copy with every section's rows; unlike `load`, for after a write made the loaded copy stale."""
    return ActionPlan.objects.with_content().get(pk=plan.pk)


def serialise(plan: ActionPlan) -> dict[str, Data]:
    """Every section's data (derived ones included): the snapshot a PlanVersion stores."""
    plan = load(plan)
    return {s.key: s.serialise(plan) for s in SECTIONS}


def section_text(key: str, data: Data | None) -> str:
    return BY_KEY[key].to_text(data or {}) if data else ""


def comparable(key: str, data: Data) -> Data:
    """The section's data without its read-only keys: what decides whether a save changed the section."""
    section = BY_KEY[key]
    result = {k: v for k, v in data.items() if k not in section.read_only_keys}
    hidden = ROW_READ_ONLY_KEYS.get(key)
    if hidden and section.rows in result:
        result[section.rows] = [{k: v for k, v in row.items() if k not in hidden} for row in result[section.rows]]
    return result
