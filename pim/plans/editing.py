"""Writing MID content: validate a section, an action or an indicator in full, then save it.

These functions check no permission, workflow state or revision: `pim.plans.services` does that first
and records the version; the example loader calls them directly because it acts as the system. Each
writer validates everything before it writes anything and raises one `ValidationError` whose keys name
the fields (`"title"`, `"stakeholders.2.influence"`, `"fundings.0.amount"`), so a bad row saves nothing.

List rows follow one rule: a row with an `id` updates that row, a row without one is created, and rows
missing from the list are deleted. Rows refer to each other (a parent, a dependency) by the other row's
`id`, or by a `ref` string given to a new row. Keys a row omits keep their current value.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Model
from django.utils.translation import gettext as _

from pim.plans import richtext
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
from pim.plans.sections import (
    ACTION_FIELDS,
    FUNDING_FIELDS,
    INDICATOR_FIELDS,
    RICH_FIELDS,
    ROW_READ_ONLY_KEYS,
    Data,
    get_section,
)
from pim.programmes.models import RoleAssignment

Write = Callable[[], None]


class Errors:
    """Validation messages collected across a section, keyed by dotted field paths."""

    def __init__(self) -> None:
        self.messages: dict[str, list[str]] = {}

    def add(self, where: str, message: str) -> None:
        self.messages.setdefault(where or NON_FIELD_ERRORS, []).append(str(message))

    def absorb(self, where: str, error: ValidationError) -> None:
        if hasattr(error, "error_dict"):
            for name, messages in error.message_dict.items():
                key = where if name == NON_FIELD_ERRORS else (f"{where}.{name}" if where else name)
                for message in messages:
                    self.add(key, message)
        else:
            for message in error.messages:
                self.add(where, message)

    def raise_if_any(self) -> None:
        if self.messages:
            raise ValidationError(self.messages)


def _at(where: str, name: str) -> str:
    return f"{where}.{name}" if where else name


def _assign(obj: Model, name: str, value: Any) -> None:
    model_field = obj._meta.get_field(name)
    if isinstance(value, Model):
        value = value.pk
    setattr(obj, model_field.attname, value)


def _full_clean(obj: Model, where: str, errors: Errors, *, exclude: Iterable[str] = ()) -> None:
    try:
        obj.full_clean(exclude=list(exclude))
    except ValidationError as error:
        errors.absorb(where, error)


def _unknown_keys(data: Data, allowed: Iterable[str], where: str, errors: Errors) -> bool:
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        errors.add(where, _("Unknown fields: %(fields)s.") % {"fields": ", ".join(unknown)})
    return bool(unknown)


# --- rows -----------------------------------------------------------------------------------------------

@dataclass
class Row:
    obj: Any
    data: Data
    where: str
    key: str | None
    children: dict[str, Any] = field(default_factory=dict)


def _ref(value: Any) -> str | None:
    return None if value in (None, "") else str(value)


def _prepare_rows(
    model: type[Model],
    fields: tuple[str, ...],
    rows: Any,
    where: str,
    errors: Errors,
    *,
    existing: dict[int, Any],
    owner: dict[str, Any],
    extra_keys: Iterable[str] = (),
    exclude: Iterable[str] = (),
) -> list[Row]:
    """Rows set from `rows` and cleaned, not saved. `owner` names the parent object (`{"plan": plan}`)."""
    if not isinstance(rows, list):
        errors.add(where, _("Enter a list of rows."))
        return []
    allowed = {*fields, "id", "ref", *extra_keys}
    prepared: list[Row] = []
    seen_ids: set[int] = set()
    seen_keys: set[str] = set()
    for i, data in enumerate(rows):
        at = f"{where}.{i}"
        if not isinstance(data, dict):
            errors.add(at, _("Each row is a mapping of field names to values."))
            continue
        if _unknown_keys(data, allowed, at, errors):
            continue
        pk = data.get("id")
        if pk is not None:
            obj = existing.get(int(pk)) if str(pk).isdigit() else None
            if obj is None or obj.pk in seen_ids:
                errors.add(at, _("This row no longer exists or appears twice; reload the section."))
                continue
            seen_ids.add(obj.pk)
        else:
            obj = model(**owner)
        for name in fields:
            if name in data:
                _assign(obj, name, data[name])
        if hasattr(obj, "order"):
            obj.order = i
        key = _ref(data.get("ref")) or (str(obj.pk) if obj.pk else None)
        if key is not None and key in seen_keys:
            errors.add(_at(at, "ref"), _("Two rows have the same reference."))
        seen_keys.add(key or "")
        _full_clean(obj, at, errors, exclude=[*owner, *exclude])
        prepared.append(Row(obj=obj, data=data, where=at, key=key))
    return prepared


def _parents(rows: list[Row], errors: Errors) -> dict[int, int | None]:
    """Each row's parent (an index into `rows`), from its `parent` reference or its current parent."""
    by_key = {row.key: i for i, row in enumerate(rows) if row.key is not None}
    parents: dict[int, int | None] = {}
    for i, row in enumerate(rows):
        ref = _ref(row.data["parent"]) if "parent" in row.data else _ref(row.obj.parent_id)
        if ref is None:
            parents[i] = None
        elif by_key.get(ref, i) == i:
            errors.add(_at(row.where, "parent"), _("Point to another row of this list."))
            parents[i] = None
        else:
            parents[i] = by_key[ref]
    return parents


def _depths(rows: list[Row], parents: dict[int, int | None], errors: Errors) -> dict[int, int]:
    depths: dict[int, int] = {}
    for i, row in enumerate(rows):
        depth, node = 0, parents.get(i)
        while node is not None and depth <= len(rows):
            depth, node = depth + 1, parents.get(node)
        if depth > len(rows):
            errors.add(_at(row.where, "parent"), _("The rows point to each other in a circle."))
        depths[i] = depth
    return depths


def _save_rows(model: type[Model], rows: list[Row], scope: dict[str, Any]) -> Write:
    """Save the rows, then delete the rows of `scope` missing from the list."""

    def write() -> None:
        for row in rows:
            row.obj.save()
        model.objects.filter(**scope).exclude(pk__in=[row.obj.pk for row in rows]).delete()

    return write


def _tree_writes(model: type[Model], rows: list[Row], parents: dict[int, int | None], depths: dict[int, int],
                 scope: dict[str, Any]) -> Write:
    def write() -> None:
        # Parents are saved before their children, so each child gets its parent's new id.
        for i in sorted(range(len(rows)), key=lambda i: depths[i]):
            parent = parents[i]
            rows[i].obj.parent = rows[parent].obj if parent is not None else None
            rows[i].obj.save()
        model.objects.filter(**scope).exclude(pk__in=[row.obj.pk for row in rows]).delete()

    return write


def _problem_tree(plan: ActionPlan, rows: Any, errors: Errors) -> Write:
    existing = {n.pk: n for n in ProblemTreeNode.objects.filter(plan=plan)}
    prepared = _prepare_rows(
        ProblemTreeNode, ("kind", "text"), rows, "nodes", errors, existing=existing, owner={"plan": plan},
        extra_keys=["parent"], exclude=["parent"],
    )
    Kind = ProblemTreeNode.Kind
    cores = [i for i, row in enumerate(prepared) if row.obj.kind == Kind.CORE_PROBLEM]
    # A tree is built a few rows at a time, often causes first: the checklist, not the save, asks for the
    # core problem; only a second one is refused, since nothing could hang from two roots.
    if len(cores) > 1:
        errors.add("nodes", _("A problem tree has at most one core problem (this one has %(count)d).")
                   % {"count": len(cores)})
    parents = _parents(prepared, errors)
    allowed_parents = {Kind.CAUSE: {Kind.CORE_PROBLEM, Kind.CAUSE}, Kind.EFFECT: {Kind.CORE_PROBLEM, Kind.EFFECT}}
    for i, row in enumerate(prepared):
        kind = row.obj.kind
        if kind == Kind.CORE_PROBLEM:
            if parents[i] is not None:
                errors.add(_at(row.where, "parent"), _("The core problem is the root of the tree."))
            continue
        if parents[i] is None and len(cores) == 1:
            parents[i] = cores[0]  # a cause or an effect hangs from the core problem unless it says otherwise
        parent = parents[i]
        if parent is not None and kind in allowed_parents and prepared[parent].obj.kind not in allowed_parents[kind]:
            errors.add(_at(row.where, "parent"), _("A cause leads to a cause or to the core problem; an effect "
                                                   "follows from an effect or from the core problem."))
    depths = _depths(prepared, parents, errors)
    return _tree_writes(ProblemTreeNode, prepared, parents, depths, {"plan": plan})


def _objectives(plan: ActionPlan, rows: Any, errors: Errors) -> Write:
    existing = {o.pk: o for o in Objective.objects.filter(plan=plan)}
    prepared = _prepare_rows(
        Objective, ("kind", "text"), rows, "objectives", errors, existing=existing, owner={"plan": plan},
        extra_keys=["parent"], exclude=["parent"],
    )
    parents = _parents(prepared, errors)
    for i, row in enumerate(prepared):
        parent = parents[i]
        if row.obj.kind == Objective.Kind.GENERAL and parent is not None:
            errors.add(_at(row.where, "parent"), _("A general objective serves no other objective."))
        if row.obj.kind == Objective.Kind.SPECIFIC and (
            parent is None or prepared[parent].obj.kind != Objective.Kind.GENERAL
        ):
            errors.add(_at(row.where, "parent"), _("A specific objective serves a general objective."))
    depths = _depths(prepared, parents, errors)
    return _tree_writes(Objective, prepared, parents, depths, {"plan": plan})


def _simple_rows(model: type[Model], fields: tuple[str, ...], key: str) -> Callable[[ActionPlan, Any, Errors], Write]:
    def prepare(plan: ActionPlan, rows: Any, errors: Errors) -> Write:
        existing = {obj.pk: obj for obj in model.objects.filter(plan=plan)}
        prepared = _prepare_rows(model, fields, rows, key, errors, existing=existing, owner={"plan": plan})
        return _save_rows(model, prepared, {"plan": plan})

    return prepare


# --- actions --------------------------------------------------------------------------------------------

def _prepare_fundings(action: Action, rows: Any, where: str, errors: Errors, existing: dict[int, ActionFunding]) -> list[Row]:
    return _prepare_rows(
        ActionFunding, FUNDING_FIELDS, rows, _at(where, "fundings"), errors, existing=existing,
        owner={"action": action},
    )


def _funding_writes(action: Action, rows: list[Row]) -> None:
    for row in rows:
        row.obj.action = action
        row.obj.save()
    action.fundings.exclude(pk__in=[row.obj.pk for row in rows]).delete()


def _cycle(edges: dict[Any, set[Any]]) -> bool:
    """Whether the dependency graph has a cycle (an action that, through others, depends on itself)."""
    state: dict[Any, int] = {}

    def visit(node: Any) -> bool:
        state[node] = 1
        for nxt in edges.get(node, ()):
            if state.get(nxt) == 1 or (state.get(nxt) is None and visit(nxt)):
                return True
        state[node] = 2
        return False

    return any(state.get(node) is None and visit(node) for node in list(edges))


def _actions(plan: ActionPlan, rows: Any, errors: Errors) -> Write:
    existing = {a.pk: a for a in Action.objects.filter(plan=plan)}
    fundings: dict[int, dict[int, ActionFunding]] = defaultdict(dict)
    for funding in ActionFunding.objects.filter(action__plan=plan):
        fundings[funding.action_id][funding.pk] = funding
    prepared = _prepare_rows(
        Action, ACTION_FIELDS, rows, "actions", errors, existing=existing, owner={"plan": plan},
        extra_keys={"dependencies", "fundings", *ROW_READ_ONLY_KEYS["actions"]},
    )
    by_key = {row.key: i for i, row in enumerate(prepared) if row.key is not None}
    edges: dict[int, set[int]] = {}
    for i, row in enumerate(prepared):
        if "fundings" in row.data:
            row.children["fundings"] = _prepare_fundings(
                row.obj, row.data["fundings"], row.where, errors, fundings.get(row.obj.pk, {})
            )
        if "dependencies" in row.data:
            refs = row.data["dependencies"]
        else:
            # Kept as they are, less any action the list drops.
            refs = [str(d) for d in _current_dependencies(row.obj) if str(d) in by_key]
        if not isinstance(refs, list):
            errors.add(_at(row.where, "dependencies"), _("Enter a list of actions."))
            refs = []
        targets = set()
        for ref in refs:
            target = by_key.get(_ref(ref) or "")
            if target is None or target == i:
                errors.add(_at(row.where, "dependencies"), _("An action depends on other actions of this MID."))
            else:
                targets.add(target)
        edges[i] = targets
    if _cycle(edges):
        errors.add("actions", _("The actions depend on each other in a circle."))

    def write() -> None:
        for row in prepared:
            row.obj.save()
        for i, row in enumerate(prepared):
            if "fundings" in row.children:
                _funding_writes(row.obj, row.children["fundings"])
            row.obj.dependencies.set([prepared[t].obj for t in edges[i]])
        Action.objects.filter(plan=plan).exclude(pk__in=[row.obj.pk for row in prepared]).delete()

    return write


def _current_dependencies(action: Action) -> list[int]:
    return list(action.dependencies.values_list("pk", flat=True)) if action.pk else []


def prepare_action(plan: ActionPlan, action: Action | None, data: Any, errors: Errors) -> tuple[Action, Write]:
    """One action (new when `action` is None), with its fundings (`fundings`: the full list) and
    `dependencies` (ids of other actions of the plan)."""
    # The plan's actions come from its loaded content (`ActionPlan.objects.with_content()`) when it has one.
    action = action or Action(plan=plan, order=max((a.order for a in plan.actions.all()), default=0) + 1)
    if not isinstance(data, dict):
        errors.add("", _("Enter a mapping of field names to values."))
        return action, lambda: None
    allowed = {*ACTION_FIELDS, "order", "dependencies", "fundings", *ROW_READ_ONLY_KEYS["actions"], "id"}
    if _unknown_keys(data, allowed, "", errors):
        return action, lambda: None
    for name in (*ACTION_FIELDS, "order"):
        if name in data:
            _assign(action, name, data[name])
    _full_clean(action, "", errors, exclude=["plan"])
    fundings: list[Row] | None = None
    if "fundings" in data:
        existing = {f.pk: f for f in action.fundings.all()} if action.pk else {}
        fundings = _prepare_fundings(action, data["fundings"], "", errors, existing)
    dependencies: list[Action] | None = None
    if "dependencies" in data:
        dependencies = _dependencies_for(plan, action, data["dependencies"], errors)

    def write() -> None:
        action.save()
        if fundings is not None:
            _funding_writes(action, fundings)
        if dependencies is not None:
            action.dependencies.set(dependencies)

    return action, write


def _dependencies_for(plan: ActionPlan, action: Action, refs: Any, errors: Errors) -> list[Action]:
    if not isinstance(refs, list) or not all(str(r).isdigit() for r in refs):
        errors.add("dependencies", _("Enter a list of action ids."))
        return []
    others = {a.pk: a for a in plan.actions.all() if a.pk != action.pk}
    chosen = [others.get(int(r)) for r in refs]
    if None in chosen:
        errors.add("dependencies", _("An action depends on other actions of this MID."))
        return []
    if action.pk:
        edges: dict[int, set[int]] = defaultdict(set)
        through = Action.dependencies.through.objects.filter(from_action__plan=plan).exclude(from_action=action)
        for source, target in through.values_list("from_action_id", "to_action_id"):
            edges[source].add(target)
        edges[action.pk] = {a.pk for a in chosen}
        if _cycle(edges):
            errors.add("dependencies", _("The actions would depend on each other in a circle."))
    return [a for a in chosen if a is not None]


# --- indicators -----------------------------------------------------------------------------------------

def _indicators(plan: ActionPlan, rows: Any, errors: Errors) -> Write:
    existing = {i.pk: i for i in Indicator.objects.filter(plan=plan)}
    prepared = _prepare_rows(
        Indicator, INDICATOR_FIELDS, rows, "indicators", errors, existing=existing, owner={"plan": plan},
        extra_keys=ROW_READ_ONLY_KEYS["monitoring"],
    )
    return _save_rows(Indicator, prepared, {"plan": plan})


def prepare_indicator(plan: ActionPlan, indicator: Indicator | None, data: Any, errors: Errors) -> tuple[Indicator, Write]:
    indicator = indicator or Indicator(plan=plan, order=max((i.order for i in plan.indicators.all()), default=0) + 1)
    if not isinstance(data, dict):
        errors.add("", _("Enter a mapping of field names to values."))
        return indicator, lambda: None
    allowed = {*INDICATOR_FIELDS, "order", "id", *ROW_READ_ONLY_KEYS["monitoring"]}
    if _unknown_keys(data, allowed, "", errors):
        return indicator, lambda: None
    for name in (*INDICATOR_FIELDS, "order"):
        if name in data:
            _assign(indicator, name, data[name])
    _full_clean(indicator, "", errors, exclude=["plan"])
    return indicator, indicator.save


# --- plan fields ----------------------------------------------------------------------------------------

def _options(items: Any) -> set[str]:
    """The values a network classification offers: its strings, or its records' keys and names."""
    if isinstance(items, dict):
        return {str(k) for k in items}
    options: set[str] = set()
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict):
            options |= {str(item[k]) for k in ("key", "name") if item.get(k)}
        else:
            options.add(str(item))
    return options


def _classification(plan: ActionPlan, value: Any, errors: Errors) -> dict[str, Any]:
    if not isinstance(value, dict):
        errors.add("classification", _("The classification is a mapping of names to values."))
        return {}
    available = (plan.network.classifications if plan.network_id else None) or {}
    cleaned: dict[str, Any] = {}
    for key, chosen in value.items():
        if key not in available:
            errors.add("classification", _("“%(key)s” is not a classification of this MID's network.") % {"key": key})
            continue
        values = chosen if isinstance(chosen, list) else [chosen]
        values = [v for v in values if v not in (None, "")]
        if not values:
            continue
        options = _options(available[key])
        wrong = [str(v) for v in values if not isinstance(v, str) or (options and v not in options)]
        if wrong:
            errors.add("classification", _("Not an option of “%(key)s”: %(values)s.")
                       % {"key": key, "values": ", ".join(wrong)})
            continue
        cleaned[key] = chosen if isinstance(chosen, list) else values[0]
    return cleaned


def _expert(plan: ActionPlan, value: Any, errors: Errors) -> int | None:
    if value in (None, ""):
        return None
    if not str(value).isdigit():
        errors.add("expert", _("Choose a person."))
        return None
    person_id = int(value)
    # Only a change is checked: restoring an old version keeps a current expert whatever their roles now.
    if person_id != plan.expert_id and not RoleAssignment.objects.active().filter(
        person_id=person_id, role=RoleAssignment.Role.THEMATIC_EXPERT, network_id=plan.network_id,
    ).exists():
        errors.add("expert", _("The reviewing expert is a thematic expert of the MID's network."))
    return person_id


def _plan_fields(plan: ActionPlan, names: tuple[str, ...], data: Data, errors: Errors) -> Write:
    changed: list[str] = []
    for name in names:
        if name not in data:
            continue
        value = data[name]
        if name in RICH_FIELDS:
            if not isinstance(value, str):
                errors.add(name, _("Enter text."))
                continue
            value = richtext.sanitise(value)
        elif name == "classification":
            value = _classification(plan, value, errors)
        elif name == "expert":
            value = _expert(plan, value, errors)
        _assign(plan, name, value)
        changed.append(name)
    if changed:
        # A section never moves the MID to another edition, network or city: skip re-checking those links.
        _full_clean(plan, "", errors, exclude=[n for n in ("edition", "network", "participant", "expert") if n not in changed])

    def write() -> None:
        if changed:
            plan.save(update_fields=changed)

    return write


# --- sections -------------------------------------------------------------------------------------------

ROW_WRITERS: dict[str, Callable[[ActionPlan, Any, Errors], Write]] = {
    "context": _simple_rows(StrategyLink, ("title", "url", "note"), "strategy_links"),
    "problem_tree": _problem_tree,
    "stakeholders": _simple_rows(Stakeholder, ("name", "interest", "influence", "engagement"), "stakeholders"),
    "objectives": _objectives,
    "actions": _actions,
    "communication": _simple_rows(CommunicationItem, ("target_group", "channel", "milestone", "when"), "items"),
    "risks": _simple_rows(Risk, ("description", "likelihood", "impact", "mitigation"), "risks"),
    "monitoring": _indicators,
    "barriers": _simple_rows(Barrier, ("type", "description"), "barriers"),
}


def normalise_section_data(key: str, data: Any) -> Data:
    """The section's data as a dict; a bare list is taken as the section's rows."""
    section = get_section(key)
    if section.derived:
        raise ValidationError(
            _("“%(section)s” is computed from the actions and cannot be edited.") % {"section": section.label},
            code="read_only_section",
        )
    if isinstance(data, list) and section.rows:
        return {section.rows: data}
    if not isinstance(data, dict):
        raise ValidationError(_("Enter a mapping of field names to values."), code="invalid")
    return data


def prepare_section(plan: ActionPlan, key: str, data: Any) -> Write:
    """Validate a whole section; return the function that writes it. Raises ValidationError."""
    data = normalise_section_data(key, data)
    section = get_section(key)
    errors = Errors()
    if _unknown_keys(data, section.writable_keys | section.read_only_keys, "", errors):
        errors.raise_if_any()
    writes = [_plan_fields(plan, section.fields, data, errors)]
    if section.rows and section.rows in data:
        writes.append(ROW_WRITERS[key](plan, data[section.rows], errors))
    errors.raise_if_any()

    def write() -> None:
        for each in writes:
            each()

    return write


def write_section(plan: ActionPlan, key: str, data: Any) -> None:
    prepare_section(plan, key, data)()


def restore_data(snapshot: dict[str, Data]) -> list[tuple[str, Data]]:
    """The sections of a snapshot as data that recreates every row (ids become references).

    Actions point to objectives and indicators to actions across sections; those links are rewritten
    by `restore_snapshot` once the rows they point to exist again.
    """
    restored = []
    for key, data in snapshot.items():
        section = get_section(key)
        if section.derived:
            continue
        data = {k: v for k, v in data.items() if k in section.writable_keys}
        if section.rows and section.rows in data:
            rows = []
            for row in data[section.rows]:
                row = dict(row)
                old_id = row.pop("id", None)
                if old_id is not None:
                    row["ref"] = str(old_id)
                if key == "actions":
                    row["fundings"] = [{k: v for k, v in f.items() if k != "id"} for f in row.get("fundings") or []]
                    row["dependencies"] = [str(d) for d in row.get("dependencies") or []]
                rows.append(row)
            data[section.rows] = rows
        restored.append((key, data))
    return restored


def restore_snapshot(plan: ActionPlan, snapshot: dict[str, Data]) -> None:
    """Replace the plan's whole content with a snapshot's: every row is deleted and created again."""
    sections = dict(restore_data(snapshot))
    # Write objectives before actions and actions before indicators, then point the links at new ids.
    order = [k for k in sections if k not in ("actions", "monitoring")] + [
        k for k in ("actions", "monitoring") if k in sections
    ]
    for key in order:
        data = sections[key]
        if key == "actions":
            objectives = _new_ids(Objective, plan, snapshot["objectives"]["objectives"])
            for row in data.get("actions", []):
                row["objective"] = objectives.get(row.get("objective"))
        if key == "monitoring":
            actions = _new_ids(Action, plan, snapshot["actions"]["actions"])
            for row in data.get("indicators", []):
                row["action"] = actions.get(row.get("action"))
        write_section(plan, key, data)


def _new_ids(model: type[Model], plan: ActionPlan, old_rows: list[Data]) -> dict[Any, int]:
    """Old id → new id of rows just recreated in the same order (rows keep their list position)."""
    new = list(model.objects.filter(plan=plan).order_by("order", "pk").values_list("pk", flat=True))
    return {row.get("id"): pk for row, pk in zip(old_rows, new, strict=False)}
