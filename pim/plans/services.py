"""Every change to a MID: authoring, workflow, comments, rubric, versions and implementation follow-up.

Views and the API parse input, call one of these and render the result. Each function is atomic,
checks the `rules` permission for `by` (raising PermissionDenied) and the workflow state (raising
ValidationError with a message to show), and validates its input in full before writing anything.

Content saves carry the section's `expected_revision` (from `plan.section_revisions()` when the form
was loaded). If someone saved the section since, the save raises `ConcurrentEditError` and changes
nothing. Every save that changes content records a `PlanVersion` holding the whole content.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pim.core.versioning import text_diff
from pim.places.models import Participant
from pim.plans import editing, notifications, sections
from pim.plans.models import (
    Action,
    ActionPlan,
    ActionStatusReport,
    Comment,
    Indicator,
    IndicatorValue,
    PlanTransition,
    PlanVersion,
    RubricScore,
    SectionRevision,
)
from pim.programmes.models import Edition, Membership, Person, ThematicNetwork

CHANGE = "plans.change_actionplan"
ASSIGN_EXPERT = "plans.assign_actionplan_expert"
COMMENT_MAX_LENGTH = 5000


# --- results and errors ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Saved:
    """What a content save did: the section's new revision, the version recorded (None if nothing
    changed), every section's revision, and the saved object (an Action or Indicator) if any."""

    section: str
    revisions: dict[str, int]
    version: PlanVersion | None
    obj: Any = None

    @property
    def revision(self) -> int:
        return self.revisions.get(self.section, 0)


@dataclass(frozen=True)
class Change:
    """One saved change of a section, as a concurrent editor is told about it."""

    by: str
    at: datetime.datetime
    version: int
    summary: str


class ConcurrentEditError(ValidationError):
    """Someone saved the section after the editor loaded it; nothing was saved.

    Carries what the UI shows: who changed it and when (`changes`, oldest first; `by`/`at` of the
    latest), `diff` (unified diff from the content the editor started from to the current content) and
    `current` (the section's current data, to reload the form).
    """

    def __init__(
        self, *, section: str, expected_revision: int, current_revision: int, changes: list[Change], diff: str,
        current: sections.Data, plan_id: int | None = None,
    ) -> None:
        latest = changes[-1] if changes else None
        super().__init__(
            _("%(who)s saved “%(section)s” at %(when)s, after you started editing it. Your changes were not "
              "saved: review their change and edit the current version.")
            % {
                "who": latest.by if latest else _("Someone"),
                "section": sections.BY_KEY[section].label,
                "when": timezone.localtime(latest.at).strftime("%Y-%m-%d %H:%M") if latest else "?",
            },
            code="concurrent_edit",
        )
        self.section = section
        self.expected_revision = expected_revision
        self.current_revision = current_revision
        self.changes = changes
        self.by = latest.by if latest else ""
        self.at = latest.at if latest else None
        self.diff = diff
        self.current = current
        self.plan_id = plan_id


@dataclass(frozen=True)
class SectionDiff:
    key: str
    label: Any
    diff: str  # unified diff of the section's readable text


def display_name(user: Any) -> str:
    if user is None:
        return _("the platform")
    person = getattr(user, "person", None)
    return person.name if person else (user.get_full_name() or user.get_username())


# --- helpers --------------------------------------------------------------------------------------------

def _require(by: Any, perm: str, obj: Any) -> None:
    if not by.has_perm(perm, obj):
        raise PermissionDenied(perm)


def _lock(plan: ActionPlan, *, content: bool = False) -> ActionPlan:
    # One writer per MID at a time (PostgreSQL row lock on the plan row; SQLite serialises writes anyway):
    # version numbers and revision checks then see every earlier save. A content save loads every section's
    # rows here, once: the conflict check, the "before" comparison and the validation all read this copy.
    queryset = (ActionPlan.objects.with_content() if content
                else ActionPlan.objects.select_related("edition", "network", "participant"))
    return queryset.select_for_update(of=("self",)).get(pk=plan.pk)


def _require_editable(plan: ActionPlan) -> None:
    if not plan.is_editable:
        raise ValidationError(
            _("The MID is in the state “%(state)s”: its content can be changed only in draft or consultation.")
            % {"state": plan.get_state_display()},
            code="not_editable",
        )


def _comparable(plan: ActionPlan) -> dict[str, sections.Data]:
    snapshot = sections.serialise(plan)
    return {key: sections.comparable(key, snapshot[key]) for key in sections.EDITABLE_SECTION_KEYS}


def _check_revision(plan: ActionPlan, section: str, expected_revision: Any) -> None:
    try:
        expected = int(expected_revision)
    except (TypeError, ValueError):
        raise ValidationError({"expected_revision": _("Reload the section: its revision is missing.")}) from None
    row = SectionRevision.objects.select_for_update().filter(plan=plan, section=section).first()
    current = row.revision if row else 0
    if expected != current:
        raise _conflict(plan, section, expected, current)


def _conflict(plan: ActionPlan, section: str, expected: int, current: int) -> ConcurrentEditError:
    versions = list(
        plan.versions.order_by("number").defer("snapshot").select_related("created_by__person")
    )
    base = next((v for v in reversed(versions) if v.revisions.get(section, 0) == expected), None)
    changes, previous = [], expected
    for version in versions:
        if base is not None and version.number <= base.number:
            continue
        revision = version.revisions.get(section, 0)
        if revision != previous:
            changes.append(Change(by=display_name(version.created_by), at=version.created_at,
                                  version=version.number, summary=version.summary))
            previous = revision
    base_data = PlanVersion.objects.get(pk=base.pk).snapshot.get(section) if base else None
    current_data = sections.BY_KEY[section].serialise(sections.load(plan))
    diff = text_diff(
        sections.section_text(section, base_data), sections.section_text(section, current_data),
        before_label=_("revision %(n)d (yours)") % {"n": expected},
        after_label=_("revision %(n)d (current)") % {"n": current},
    )
    return ConcurrentEditError(
        section=section, expected_revision=expected, current_revision=current, changes=changes, diff=diff,
        current=current_data, plan_id=plan.pk,
    )


def _record(
    plan: ActionPlan, *, section: str, by: Any, before: dict[str, sections.Data] | None, summary: str,
    always: bool = False, rows_written: bool = True,
) -> Saved:
    """Bump the revision of every section the change touched and record a version of the whole content.

    After a write to rows the plan's rows are read again, once: the copy loaded before it is stale. A
    write to the plan's own fields only (`rows_written=False`) left the loaded copy current.
    """
    snapshot = sections.serialise(sections.reload(plan) if rows_written else plan)
    changed = [
        key for key in sections.EDITABLE_SECTION_KEYS
        if before is not None and sections.comparable(key, snapshot[key]) != before[key]
    ]
    if not changed and not always:
        return Saved(section=section, revisions=plan.section_revisions(), version=None)
    _bump_revisions(plan, changed, by)
    revisions = plan.section_revisions()
    number = (plan.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = PlanVersion.objects.create(
        plan=plan, number=number, created_by=by, section=section, summary=summary[:300], snapshot=snapshot,
        revisions=revisions,
    )
    return Saved(section=section, revisions=revisions, version=version)


def _bump_revisions(plan: ActionPlan, keys: list[str], by: Any) -> None:
    """Add one to the revision of each section in `keys`, in a fixed number of queries (a restore may touch
    every section). The callers hold the plan's row lock, so no other save creates these rows meanwhile."""
    if not keys:
        return
    now = timezone.now()
    rows = {row.section: row for row in SectionRevision.objects.select_for_update().filter(plan=plan, section__in=keys)}
    for row in rows.values():
        row.revision, row.updated_by, row.updated_at = row.revision + 1, by, now
    SectionRevision.objects.bulk_update(rows.values(), ["revision", "updated_by", "updated_at"])
    SectionRevision.objects.bulk_create([
        SectionRevision(plan=plan, section=key, revision=1, updated_by=by) for key in keys if key not in rows
    ])


def _editable_plan(plan: ActionPlan, by: Any, section: str, expected_revision: Any) -> ActionPlan:
    """The plan locked, with its content loaded, once the permission, state and revision are checked."""
    plan = _lock(plan, content=True)
    _require(by, CHANGE, plan)
    _require_editable(plan)
    _check_revision(plan, section, expected_revision)
    return plan


# --- creating and authoring -----------------------------------------------------------------------------

@transaction.atomic
def plan_create(
    *, edition: Edition, participant: Participant, network: ThematicNetwork, title: str, by: Any
) -> ActionPlan:
    """A new MID in draft for a city of the network; version 1 holds its (empty) content."""
    plan = ActionPlan(edition=edition, participant=participant, network=network, title=title.strip())
    _require(by, "plans.add_actionplan", plan)
    plan.full_clean()
    if not Membership.objects.filter(network=network, participant=participant).exists():
        raise ValidationError({"participant": _("The city is not a member of this network.")})
    plan.save()
    _record(plan, section=PlanVersion.CREATE, by=by, before=None, summary=_("MID created"), always=True)
    return plan


@transaction.atomic
def plan_section_save(
    *, plan: ActionPlan, section: str, data: Any, expected_revision: int, by: Any
) -> Saved:
    """Save one section. `data` holds the section's fields (keys left out keep their value) and its
    rows list in full (e.g. `{"stakeholders": [...]}`; a bare list is taken as the rows). See docs/mid.md."""
    spec = sections.get_section(section)
    plan = _editable_plan(plan, by, section, expected_revision)
    if section == "metadata":
        _require_expert_permission(plan, data, by)
    # Compared before validation: preparing the write sets the new values on the loaded copy.
    before = _comparable(plan)
    write = editing.prepare_section(plan, section, data)
    write()
    rows_written = bool(spec.rows) and spec.rows in editing.normalise_section_data(section, data)
    return _record(plan, section=section, by=by, before=before, rows_written=rows_written,
                   summary=_("%(section)s saved") % {"section": spec.label})


def _require_expert_permission(plan: ActionPlan, data: Any, by: Any) -> None:
    """Changing the reviewing expert through the metadata takes the right to assign one."""
    if isinstance(data, dict) and "expert" in data and str(data["expert"] or "") != str(plan.expert_id or ""):
        _require(by, ASSIGN_EXPERT, plan)


def _row_of_plan(rows: Any, pk: int, gone_message: str) -> Any:
    """The plan's own row `pk` among its loaded `rows`, or a clear error when someone deleted it meanwhile."""
    row = next((r for r in rows if str(r.pk) == str(pk)), None)
    if row is None:
        raise ValidationError(gone_message, code="gone")
    return row


@transaction.atomic
def action_save(
    *, plan: ActionPlan, action_id: int | None, data: Any, expected_revision: int, by: Any
) -> Saved:
    """Add an action (`action_id=None`) or change one; `Saved.obj` is the action. `data` may hold
    `fundings` (the action's full list) and `dependencies` (ids of other actions of the MID)."""
    plan = _editable_plan(plan, by, "actions", expected_revision)
    before = _comparable(plan)
    action = None if action_id is None else _row_of_plan(plan.actions.all(), action_id, _("This action no longer exists; reload the MID."))
    errors = editing.Errors()
    action, write = editing.prepare_action(plan, action, data, errors)
    errors.raise_if_any()
    write()
    saved = _record(plan, section="actions", by=by, before=before,
                    summary=_("Action “%(title)s” saved") % {"title": action.title})
    return Saved(section=saved.section, revisions=saved.revisions, version=saved.version, obj=action)


@transaction.atomic
def action_delete(*, plan: ActionPlan, action_id: int, expected_revision: int, by: Any) -> Saved:
    """Delete an action with its fundings and its indicators."""
    plan = _editable_plan(plan, by, "actions", expected_revision)
    action = _row_of_plan(plan.actions.all(), action_id, _("This action no longer exists; reload the MID."))
    before = _comparable(plan)
    action.delete()
    return _record(plan, section="actions", by=by, before=before,
                   summary=_("Action “%(title)s” deleted") % {"title": action.title})


@transaction.atomic
def indicator_save(
    *, plan: ActionPlan, indicator_id: int | None, data: Any, expected_revision: int, by: Any
) -> Saved:
    """Add or change an indicator (of the MID, or of an action: `data["action"]`); revision of "monitoring"."""
    plan = _editable_plan(plan, by, "monitoring", expected_revision)
    before = _comparable(plan)
    indicator = None if indicator_id is None else _row_of_plan(plan.indicators.all(), indicator_id, _("This indicator no longer exists; reload the MID."))
    errors = editing.Errors()
    indicator, write = editing.prepare_indicator(plan, indicator, data, errors)
    errors.raise_if_any()
    write()
    saved = _record(plan, section="monitoring", by=by, before=before,
                    summary=_("Indicator “%(name)s” saved") % {"name": indicator.name})
    return Saved(section=saved.section, revisions=saved.revisions, version=saved.version, obj=indicator)


@transaction.atomic
def indicator_delete(*, plan: ActionPlan, indicator_id: int, expected_revision: int, by: Any) -> Saved:
    plan = _editable_plan(plan, by, "monitoring", expected_revision)
    indicator = _row_of_plan(plan.indicators.all(), indicator_id, _("This indicator no longer exists; reload the MID."))
    before = _comparable(plan)
    indicator.delete()
    return _record(plan, section="monitoring", by=by, before=before,
                   summary=_("Indicator “%(name)s” deleted") % {"name": indicator.name})


# --- versions -------------------------------------------------------------------------------------------

@transaction.atomic
def plan_version_restore(*, plan: ActionPlan, number: int, by: Any) -> Saved:
    """Make version `number`'s content current again, as a new version (history is never rewritten)."""
    plan = _lock(plan, content=True)
    _require(by, CHANGE, plan)
    _require_editable(plan)
    version = plan.versions.filter(number=number).first()
    if version is None:
        raise ValidationError({"number": _("There is no version %(n)s of this MID.") % {"n": number}})
    before = _comparable(plan)
    # The reviewing expert is assigned by the operator (`plan_expert_set`), not restored with the content.
    snapshot = {**version.snapshot, "metadata": {**version.snapshot.get("metadata", {}), "expert": plan.expert_id}}
    editing.restore_snapshot(plan, snapshot)
    return _record(plan, section=PlanVersion.RESTORE, by=by, before=before, always=True,
                   summary=_("Version %(n)d restored") % {"n": version.number})


def version_diff(*, plan: ActionPlan, a: int, b: int) -> list[SectionDiff]:
    """The sections that differ between versions `a` and `b`, each as a unified diff of readable text.

    A read: the caller has checked `plans.view_actionplan_draft` (see `pim.plans.access`).
    """
    versions = {v.number: v for v in plan.versions.filter(number__in=[a, b])}
    missing = [n for n in (a, b) if n not in versions]
    if missing:
        raise ValidationError(_("There is no version %(n)s of this MID.") % {"n": missing[0]}, code="no_version")
    old, new = versions[a].snapshot, versions[b].snapshot
    diffs = []
    for section in sections.SECTIONS:
        diff = text_diff(
            sections.section_text(section.key, old.get(section.key)),
            sections.section_text(section.key, new.get(section.key)),
            before_label=f"v{a}", after_label=f"v{b}",
        )
        if diff:
            diffs.append(SectionDiff(key=section.key, label=section.label, diff=diff))
    return diffs


# --- reviewing expert -----------------------------------------------------------------------------------

@transaction.atomic
def plan_expert_set(*, plan: ActionPlan, expert: Person | None, by: Any) -> Saved:
    """Assign the MID's reviewing expert (None: nobody), one of the network's active thematic experts.

    The operator, or one of the network's experts, may do it in any state but the historical record;
    it changes the metadata section, so it bumps that revision and records a version.
    """
    plan = _lock(plan, content=True)
    _require(by, ASSIGN_EXPERT, plan)
    if plan.state == ActionPlan.State.PUBLISHED:
        raise ValidationError(_("A historical MID keeps its record as it is."), code="historical")
    before = _comparable(plan)
    write = editing.prepare_section(plan, "metadata", {"expert": expert.pk if expert else None})
    write()
    summary = (_("Reviewing expert: %(name)s") % {"name": expert.name}) if expert else _("Reviewing expert removed")
    return _record(plan, section="metadata", by=by, before=before, summary=summary, rows_written=False)


# --- workflow -------------------------------------------------------------------------------------------

@transaction.atomic
def plan_transition(*, plan: ActionPlan, to_state: str, by: Any, reason: str = "") -> PlanTransition:
    """Move the MID along its workflow (`ActionPlan` WORKFLOW table); `plan.state` is updated too."""
    locked = _lock(plan)
    transition = locked.transition_to(to_state)
    if transition is None:
        if locked.state == ActionPlan.State.PUBLISHED:
            raise ValidationError(_("A historical MID keeps its published state."), code="historical")
        raise ValidationError(
            _("A MID in the state “%(state)s” cannot move to “%(target)s”.") % {
                "state": locked.get_state_display(),
                "target": dict(ActionPlan.State.choices).get(to_state, to_state),
            },
            code="invalid_transition",
        )
    _require(by, transition.perm, locked)
    reason = (reason or "").strip()
    if transition.reason_required and not reason:
        raise ValidationError({"reason": _("Say what the city should change before the MID comes back.")})
    if to_state == ActionPlan.State.APPROVED:
        open_count = locked.comments.open_threads().count()
        if open_count:
            raise ValidationError(
                ngettext(
                    "%(count)d comment is still open: resolve it before approving the MID.",
                    "%(count)d comments are still open: resolve them before approving the MID.",
                    open_count,
                ) % {"count": open_count},
                code="open_comments",
            )
    step = PlanTransition.objects.create(plan=locked, from_state=locked.state, to_state=to_state, by=by, reason=reason)
    locked.state = to_state
    locked.save(update_fields=["state"])
    plan.state = to_state
    # Mail only once the step is committed, from the worker: a rolled-back step tells nobody anything.
    transaction.on_commit(lambda: notifications.enqueue_transition_mail(step.pk))
    return step


# --- comments -------------------------------------------------------------------------------------------

@transaction.atomic
def comment_add(
    *, plan: ActionPlan, section: str, body: str, by: Any, public: bool = False, parent: Comment | None = None
) -> Comment:
    """A comment on a section ("" for the whole MID), or a reply to `parent`'s thread.

    The team, the expert, the operator (any time) and the city's LP coordinator (during consultation)
    comment directly. Anyone else with an account may comment with `public=True` while the city's
    consultation is public; such comments wait for moderation.
    """
    if section:
        sections.get_section(section)
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write a comment.")})
    if len(body) > COMMENT_MAX_LENGTH:
        raise ValidationError({"body": _("A comment has at most %(max)d characters.") % {"max": COMMENT_MAX_LENGTH}})
    if by.has_perm("plans.comment_actionplan", plan):
        is_public, moderation = False, Comment.Moderation.APPROVED
    elif public and by.has_perm("plans.comment_actionplan_public", plan):
        is_public, moderation = True, Comment.Moderation.PENDING
    else:
        raise PermissionDenied("plans.comment_actionplan")
    if parent is not None:
        if parent.plan_id != plan.pk or parent.moderation != Comment.Moderation.APPROVED:
            raise ValidationError({"parent": _("Reply to a published comment of this MID.")})
        parent = parent.parent or parent
        section = parent.section
    comment = Comment(plan=plan, section=section, body=body, author=by, is_public=is_public, moderation=moderation,
                      parent=parent)
    comment.full_clean()
    comment.save()
    return comment


@transaction.atomic
def comment_moderate(*, comment: Comment, decision: str, by: Any) -> Comment:
    """Publish (`approved`) or reject a public comment."""
    _require(by, "plans.moderate_actionplan", comment.plan)
    if decision not in (Comment.Moderation.APPROVED, Comment.Moderation.REJECTED):
        raise ValidationError({"decision": _("Approve or reject the comment.")})
    if not comment.is_public:
        raise ValidationError(_("Only comments from the public consultation are moderated."), code="not_public")
    comment.moderation = decision
    comment.save(update_fields=["moderation"])
    return comment


@transaction.atomic
def comment_resolve(*, comment: Comment, by: Any, resolved: bool = True) -> Comment:
    """Mark a thread resolved (or open it again: `resolved=False`)."""
    _require(by, "plans.resolve_actionplan_comment", comment.plan)
    if comment.parent_id:
        raise ValidationError(_("Resolve the thread through its first comment."), code="reply")
    if comment.moderation == Comment.Moderation.REJECTED:
        raise ValidationError(_("A rejected comment needs no resolution."), code="rejected")
    if resolved:
        comment.state, comment.resolved_by, comment.resolved_at = Comment.State.RESOLVED, by, timezone.now()
    else:
        comment.state, comment.resolved_by, comment.resolved_at = Comment.State.OPEN, None, None
    comment.save(update_fields=["state", "resolved_by", "resolved_at"])
    return comment


# --- rubric ---------------------------------------------------------------------------------------------

@transaction.atomic
def rubric_score(
    *, plan: ActionPlan, criterion: str, score: int, by: Any, role: str, note: str = ""
) -> RubricScore:
    """Score one criterion 1-4, as the expert (`role="expert"`) or as the city's self-assessment
    (`role="city"`); scoring again replaces the earlier score."""
    perms = {RubricScore.ScorerRole.EXPERT: "plans.score_actionplan_expert",
             RubricScore.ScorerRole.CITY: "plans.score_actionplan_city"}
    if role not in perms:
        raise ValidationError({"role": _("Score as the expert or as the city.")})
    _require(by, perms[role], plan)
    if plan.state == ActionPlan.State.PUBLISHED:
        raise ValidationError(_("A historical MID is not scored."), code="historical")
    row = RubricScore.objects.filter(plan=plan, criterion=criterion, scorer_role=role).first()
    row = row or RubricScore(plan=plan, criterion=criterion, scorer_role=role)
    row.score, row.note, row.scored_by = score, (note or "").strip(), by
    row.full_clean()
    row.save()
    return row


# --- implementation follow-up ---------------------------------------------------------------------------

def _follow_up_plan(plan_id: int, by: Any) -> ActionPlan:
    plan = ActionPlan.objects.select_related("edition").get(pk=plan_id)
    _require(by, "plans.report_actionplan", plan)
    if not plan.accepts_follow_up:
        raise ValidationError(
            _("Implementation is reported once the MID is approved (it is now “%(state)s”).")
            % {"state": plan.get_state_display()},
            code="not_approved",
        )
    return plan


@transaction.atomic
def action_status_report(
    *, action: Action, status: str, percent: int, by: Any, note: str = "", reported_on: datetime.date | None = None
) -> ActionStatusReport:
    """Report an action's status; reports are kept, the latest is the action's current status."""
    _follow_up_plan(action.plan_id, by)
    report = ActionStatusReport(
        action=action, status=status, percent=percent, note=(note or "").strip(),
        reported_on=reported_on or timezone.localdate(), reported_by=by,
    )
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def indicator_value_record(
    *, indicator: Indicator, measured_on: datetime.date, value: Decimal | int | str, by: Any, note: str = ""
) -> IndicatorValue:
    """Record a measured value; allowed after approval, also long after the edition has ended."""
    _follow_up_plan(indicator.plan_id, by)
    row = IndicatorValue(indicator=indicator, measured_on=measured_on, value=value, note=(note or "").strip(),
                         recorded_by=by)
    row.full_clean()
    row.save()
    return row


__all__ = [
    "Change",
    "ConcurrentEditError",
    "Saved",
    "SectionDiff",
    "action_delete",
    "action_save",
    "action_status_report",
    "comment_add",
    "comment_moderate",
    "comment_resolve",
    "display_name",
    "indicator_delete",
    "indicator_save",
    "indicator_value_record",
    "plan_create",
    "plan_expert_set",
    "plan_section_save",
    "plan_transition",
    "plan_version_restore",
    "rubric_score",
    "version_diff",
]
