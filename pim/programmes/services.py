"""Every change to a network roadmap (Fiszka sieci): its text, its actions, agreeing it and restoring a version.

Views parse input, call one of these and render the result. Each function is atomic, checks the `rules`
permission for `by` (PermissionDenied), validates its input in full before writing (ValidationError with
per-field messages) and records a `RoadmapVersion` holding the whole roadmap.

The roadmap's `revision` counts its saved changes and equals its latest version's number. A change carries
the `expected_revision` its form was loaded with; if someone saved since, `RoadmapConflict` is raised,
nothing is written, and the error names who changed what and when.

Editing an agreed roadmap returns it to draft: the lead city and the experts agree it again. Meanwhile the
public keeps reading the last agreed version (`last_agreed_version`), so a revision in progress never hides
the roadmap the network agreed on.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pim.core.versioning import FieldDiff, snapshot_diff
from pim.programmes.models import NetworkRoadmap, RoadmapAction, RoadmapVersion, ThematicNetwork

CHANGE = "programmes.change_networkroadmap"
AGREE = "programmes.agree_networkroadmap"
ACTION_FIELDS = ("title", "description", "responsible", "starts_on", "ends_on")
# What a comparison of two versions shows, in this order.
DIFF_FIELDS = (
    ("state", gettext_lazy("State")),
    ("problems", gettext_lazy("Main problems of the theme")),
    ("goals", gettext_lazy("Goals")),
    ("actions", gettext_lazy("Actions and schedule")),
)


class RoadmapConflict(ValidationError):
    """Someone saved the roadmap after the editor loaded it; nothing was saved.

    Carries who saved last and when (`by`, `at`), the versions saved since (`changes`) and their combined
    change as field diffs (`diffs`, from the revision the editor started from to the current one).
    """

    def __init__(self, *, expected: int, current: int, changes: list[RoadmapVersion], diffs: list[FieldDiff]):
        latest = changes[-1] if changes else None
        self.by = display_name(latest.created_by) if latest else _("Someone")
        self.at = latest.created_at if latest else None
        super().__init__(
            _("%(who)s saved the roadmap at %(when)s, after you started editing it. Your changes were not "
              "saved: read their change below, then edit the current version.")
            % {"who": self.by, "when": timezone.localtime(self.at).strftime("%Y-%m-%d %H:%M") if self.at else "?"},
            code="concurrent_edit",
        )
        self.expected = expected
        self.current = current
        self.changes = changes
        self.diffs = diffs


@dataclass(frozen=True)
class Saved:
    roadmap: NetworkRoadmap
    version: RoadmapVersion
    returned_to_draft: bool = False


def display_name(user: Any) -> str:
    if user is None:
        return _("the platform")
    person = getattr(user, "person", None)
    return person.name if person else (user.get_full_name() or user.get_username())


# --- snapshots ------------------------------------------------------------------------------------------

def _day(value: datetime.date | None) -> str:
    return value.isoformat() if value else ""


def action_data(action: RoadmapAction) -> dict[str, str]:
    return {
        "title": action.title, "description": action.description, "responsible": action.responsible,
        "starts_on": _day(action.starts_on), "ends_on": _day(action.ends_on),
    }


def snapshot(roadmap: NetworkRoadmap, actions: list[RoadmapAction] | None = None) -> dict[str, Any]:
    """The whole roadmap as plain data; `actions` in order, or read from the database."""
    if actions is None:
        actions = list(roadmap.actions.order_by("order", "pk")) if roadmap.pk else []
    return {
        "state": roadmap.state,
        "agreed_on": _day(roadmap.agreed_on),
        "problems": roadmap.problems,
        "goals": roadmap.goals,
        "actions": [action_data(a) for a in actions],
    }


def versions_diff(old: dict[str, Any], new: dict[str, Any], *, old_label: str, new_label: str) -> list[FieldDiff]:
    return snapshot_diff(old, new, DIFF_FIELDS, old_label=old_label, new_label=new_label)


def version_diff(*, roadmap: NetworkRoadmap, a: int, b: int) -> list[FieldDiff]:
    """The fields that differ between versions `a` and `b`. A read: the caller checked the draft permission."""
    versions = {v.number: v for v in roadmap.versions.filter(number__in=[a, b])}
    missing = [n for n in (a, b) if n not in versions]
    if missing:
        raise ValidationError(_("There is no version %(n)s of this roadmap.") % {"n": missing[0]}, code="no_version")
    return versions_diff(versions[a].snapshot, versions[b].snapshot, old_label=f"v{a}", new_label=f"v{b}")


def last_agreed_version(roadmap: NetworkRoadmap) -> RoadmapVersion | None:
    """The newest version recorded while the roadmap was agreed (what the public reads during a revision)."""
    for version in roadmap.versions.order_by("-number").only("number", "created_at", "snapshot", "roadmap_id"):
        if version.snapshot.get("state") == NetworkRoadmap.State.AGREED:
            return version
    return None


# --- helpers --------------------------------------------------------------------------------------------

def _require(by: Any, perm: str, obj: Any) -> None:
    if not by.has_perm(perm, obj):
        raise PermissionDenied(perm)


def _locked(network: ThematicNetwork) -> NetworkRoadmap:
    """The network's roadmap, locked for the change (PostgreSQL row lock), created empty on first use."""
    # By id: given the instance, Django would cache this row on the caller's network, which then goes stale.
    roadmap, _created = NetworkRoadmap.objects.get_or_create(network_id=network.pk)
    return NetworkRoadmap.objects.select_related("network__edition").select_for_update(of=("self",)).get(pk=roadmap.pk)


def _expected(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValidationError({"expected_revision": _("Reload the roadmap: its revision is missing.")}) from None


def _check_revision(roadmap: NetworkRoadmap, expected_revision: Any) -> None:
    expected = _expected(expected_revision)
    if expected == roadmap.revision:
        return
    changes = list(
        roadmap.versions.filter(number__gt=expected).order_by("number").select_related("created_by__person")
    )
    base = roadmap.versions.filter(number=expected).first()
    diffs = versions_diff(
        base.snapshot if base else {}, snapshot(roadmap),
        old_label=_("revision %(n)d (yours)") % {"n": expected},
        new_label=_("revision %(n)d (current)") % {"n": roadmap.revision},
    )
    raise RoadmapConflict(expected=expected, current=roadmap.revision, changes=changes, diffs=diffs)


def _editable(network: ThematicNetwork, by: Any, expected_revision: Any) -> NetworkRoadmap:
    roadmap = _locked(network)
    _require(by, CHANGE, roadmap)
    _check_revision(roadmap, expected_revision)
    return roadmap


def _record(roadmap: NetworkRoadmap, *, by: Any, summary: str, edit: bool = True) -> Saved:
    """Save the roadmap with its revision bumped and record the version; an edit returns an agreed one to draft."""
    returned = edit and roadmap.state == NetworkRoadmap.State.AGREED
    if returned:
        roadmap.state = NetworkRoadmap.State.DRAFT
        roadmap.agreed_on = None
    roadmap.revision += 1
    roadmap.updated_by = by
    roadmap.full_clean()
    roadmap.save()
    version = RoadmapVersion(
        roadmap=roadmap, number=roadmap.revision, created_by=by, summary=summary[:300], snapshot=snapshot(roadmap)
    )
    version.full_clean()
    version.save()
    return Saved(roadmap=roadmap, version=version, returned_to_draft=returned)


def _action_of(roadmap: NetworkRoadmap, action_id: int) -> RoadmapAction:
    action = roadmap.actions.filter(pk=action_id).first()
    if action is None:
        raise ValidationError(_("This action was deleted meanwhile; reload the roadmap."), code="gone")
    return action


# --- changes --------------------------------------------------------------------------------------------

@transaction.atomic
def roadmap_save(*, network: ThematicNetwork, problems: str, goals: str, expected_revision: Any, by: Any) -> Saved:
    """Save the roadmap's problems and goals (creating the roadmap on its first save)."""
    roadmap = _editable(network, by, expected_revision)
    roadmap.problems, roadmap.goals = problems.strip(), goals.strip()
    return _record(roadmap, by=by, summary=_("Problems and goals saved"))


@transaction.atomic
def roadmap_action_save(
    *, network: ThematicNetwork, expected_revision: Any, by: Any, action_id: int | None = None, **values: Any
) -> Saved:
    """Add an action (`action_id` None, placed last) or change one; `values` are the action's fields and `order`."""
    roadmap = _editable(network, by, expected_revision)
    unknown = set(values) - {*ACTION_FIELDS, "order"}
    if unknown:
        raise ValidationError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    if action_id is None:
        last = roadmap.actions.order_by("-order").values_list("order", flat=True).first()
        action = RoadmapAction(roadmap=roadmap, order=(last + 1) if last is not None else 0)
    else:
        action = _action_of(roadmap, action_id)
    for name, value in values.items():
        setattr(action, name, value.strip() if isinstance(value, str) else value)
    action.full_clean()
    action.save()
    summary = _("Action added: %(title)s") if action_id is None else _("Action changed: %(title)s")
    return _record(roadmap, by=by, summary=summary % {"title": action.title})


@transaction.atomic
def roadmap_action_delete(*, network: ThematicNetwork, action_id: int, expected_revision: Any, by: Any) -> Saved:
    roadmap = _editable(network, by, expected_revision)
    action = _action_of(roadmap, action_id)
    title = action.title
    action.delete()
    return _record(roadmap, by=by, summary=_("Action deleted: %(title)s") % {"title": title})


@transaction.atomic
def roadmap_agree(*, network: ThematicNetwork, expected_revision: Any, by: Any) -> Saved:
    """Draft → agreed, on today's date, recorded as a version with who agreed it.

    Only a complete roadmap can be agreed: the theme's problems, the goals and at least one action.
    """
    roadmap = _locked(network)
    _require(by, AGREE, roadmap)
    _check_revision(roadmap, expected_revision)
    if roadmap.state == NetworkRoadmap.State.AGREED:
        raise ValidationError(_("The roadmap is already agreed."), code="already_agreed")
    missing = []
    if not roadmap.problems:
        missing.append(_("the main problems of the theme"))
    if not roadmap.goals:
        missing.append(_("the goals"))
    if not roadmap.actions.exists():
        missing.append(_("at least one action"))
    if missing:
        raise ValidationError(
            _("The roadmap cannot be agreed yet: it lacks %(missing)s.") % {"missing": ", ".join(missing)},
            code="incomplete",
        )
    roadmap.state = NetworkRoadmap.State.AGREED
    roadmap.agreed_on = timezone.localdate()
    return _record(roadmap, by=by, summary=_("Roadmap agreed by %(who)s") % {"who": display_name(by)}, edit=False)


@transaction.atomic
def roadmap_version_restore(*, network: ThematicNetwork, number: int, expected_revision: Any, by: Any) -> Saved:
    """Make version `number`'s problems, goals and actions current again, as a new draft version."""
    roadmap = _editable(network, by, expected_revision)
    version = roadmap.versions.filter(number=number).first()
    if version is None:
        raise ValidationError({"number": _("There is no version %(n)s of this roadmap.") % {"n": number}})
    data = version.snapshot
    actions = []
    for order, row in enumerate(data.get("actions", [])):
        action = RoadmapAction(
            roadmap=roadmap, order=order, title=row.get("title", ""), description=row.get("description", ""),
            responsible=row.get("responsible", ""),
            starts_on=datetime.date.fromisoformat(row["starts_on"]) if row.get("starts_on") else None,
            ends_on=datetime.date.fromisoformat(row["ends_on"]) if row.get("ends_on") else None,
        )
        action.full_clean(exclude=["roadmap"])
        actions.append(action)
    roadmap.problems, roadmap.goals = data.get("problems", ""), data.get("goals", "")
    roadmap.actions.all().delete()
    RoadmapAction.objects.bulk_create(actions)
    return _record(roadmap, by=by, summary=_("Version %(n)d restored") % {"n": number})


# --- the schedule (Gantt rows) --------------------------------------------------------------------------

@dataclass(frozen=True)
class ScheduleRow:
    title: str
    starts_on: datetime.date
    ends_on: datetime.date
    offset_months: int  # from the earliest action's month
    duration_months: int  # calendar months the action touches, at least 1

    @property
    def end_month(self) -> int:
        return self.offset_months + self.duration_months


@dataclass(frozen=True)
class Schedule:
    start: datetime.date | None
    span_months: int
    rows: list[ScheduleRow]
    undated: list[str]  # titles of actions without both dates: not on the chart


def _months_between(start: datetime.date, end: datetime.date) -> int:
    return (end.year - start.year) * 12 + (end.month - start.month)


def schedule(content: dict[str, Any]) -> Schedule:
    """The schedule of a roadmap snapshot's actions, month by month, as the MID's schedule draws it."""
    dated, undated = [], []
    for row in content.get("actions", []):
        starts_on = datetime.date.fromisoformat(row["starts_on"]) if row.get("starts_on") else None
        ends_on = datetime.date.fromisoformat(row["ends_on"]) if row.get("ends_on") else None
        if starts_on and ends_on and ends_on >= starts_on:
            dated.append((row["title"], starts_on, ends_on))
        else:
            undated.append(row["title"])
    if not dated:
        return Schedule(start=None, span_months=0, rows=[], undated=undated)
    start = min(starts_on for _title, starts_on, _ends_on in dated)
    rows = [
        ScheduleRow(title=title, starts_on=starts_on, ends_on=ends_on,
                    offset_months=_months_between(start, starts_on),
                    duration_months=_months_between(starts_on, ends_on) + 1)
        for title, starts_on, ends_on in dated
    ]
    return Schedule(start=start, span_months=max(r.end_month for r in rows), rows=rows, undated=undated)
