"""Every change to an Improvement Plan (PU): content, recommendations, versions, workflow, responses.

Each function is atomic, checks the `rules` permission for `by` (raising PermissionDenied) and the workflow
state (raising ValidationError with a message to show), and validates its input in full before writing.

Content saves carry `expected_revision`: the plan's revision when the form was loaded. If someone saved
since and changed the same part (the general fields, the barriers, the good practices or the same
recommendation), the save raises `ConcurrentEditError` and changes nothing. Every save that changes the
content bumps the revision and records an `ImprovementPlanVersion` holding the whole content.

Appending a response or a status update also stores the recommendation's latest status on its row
(`Recommendation.latest_status`, which the scoreboard reads), under a lock of that row.

The barrier register's services are in `pim.recommendations.register`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from pim.core.versioning import FieldDiff
from pim.plans import richtext
from pim.programmes.models import Institution, ThematicNetwork
from pim.recommendations import notifications, versions
from pim.recommendations.models import (
    Barrier,
    GoodPractice,
    ImprovementPlan,
    ImprovementPlanComment,
    ImprovementPlanTransition,
    ImprovementPlanVersion,
    Recommendation,
    RecommendationResponse,
    RecommendationStatusUpdate,
)
from pim.recommendations.rules import may_answer_for

State = ImprovementPlan.State
EDIT = "recommendations.edit_improvementplan"


@dataclass(frozen=True)
class Step:
    target: str
    perm: str
    reason_required: bool = False

    @property
    def label(self) -> str:
        return str(State(self.target).label)


# The PU's workflow: from each state, the steps and who may take them (`rules` permission on the plan).
WORKFLOW: dict[str, list[Step]] = {
    State.DRAFT: [Step(State.CONSULTATION, "recommendations.change_improvementplan")],
    State.CONSULTATION: [
        Step(State.FINAL, "recommendations.change_improvementplan"),
        Step(State.DRAFT, "recommendations.change_improvementplan", reason_required=True),
    ],
    State.FINAL: [
        Step(State.HANDED_OVER, "recommendations.hand_over_improvementplan"),
        Step(State.DRAFT, "recommendations.hand_over_improvementplan", reason_required=True),
    ],
    State.HANDED_OVER: [Step(State.FOLLOW_UP, "recommendations.hand_over_improvementplan")],
    State.FOLLOW_UP: [],
}


def steps_for(plan: ImprovementPlan, user: Any) -> list[Step]:
    """The steps the user may take from the plan's state (for the workflow page's buttons)."""
    return [step for step in WORKFLOW[plan.state] if user.has_perm(step.perm, plan)]


# --- errors and helpers ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Change:
    by: str
    at: datetime.datetime
    version: int
    summary: str


class ConcurrentEditError(ValidationError):
    """Someone saved the same part after the editor loaded the form; nothing was saved.

    Carries who changed it (`changes`, oldest first), their change (`diffs`) and the current revision, so
    the form can be shown again with the user's text and the other person's change.
    """

    def __init__(self, *, current_revision: int, changes: list[Change], diffs: list[FieldDiff]) -> None:
        latest = changes[-1] if changes else None
        super().__init__(
            _("%(who)s saved this part of the Improvement Plan at %(when)s, after you started editing it. Your "
              "changes were not saved: read their change and save again.")
            % {
                "who": latest.by if latest else _("Someone"),
                "when": timezone.localtime(latest.at).strftime("%Y-%m-%d %H:%M") if latest else "?",
            },
            code="concurrent_edit",
        )
        self.current_revision = current_revision
        self.changes = changes
        self.diffs = diffs


def display_name(user: Any) -> str:
    if user is None:
        return _("the platform")
    person = getattr(user, "person", None)
    return person.name if person else (user.get_full_name() or user.get_username())


def _require(by: Any, perm: str, obj: Any) -> None:
    if not by.has_perm(perm, obj):
        raise PermissionDenied(perm)


def _lock(plan: ImprovementPlan) -> ImprovementPlan:
    # One writer per PU at a time (a PostgreSQL row lock; SQLite serialises writes anyway): the revision
    # check and the version number then see every earlier save.
    return (
        ImprovementPlan.objects.select_related("network__edition__owner")
        .select_for_update(of=("self",)).get(pk=plan.pk)
    )


def _require_editable(plan: ImprovementPlan, by: Any) -> None:
    _require(by, "recommendations.change_improvementplan", plan)
    if plan.state not in ImprovementPlan.EDITABLE_STATES:
        raise ValidationError(
            _("The Improvement Plan is in the state “%(state)s”: its content can be changed only in draft or "
              "consultation.") % {"state": plan.get_state_display()},
            code="not_editable",
        )


def _check_revision(plan: ImprovementPlan, key: str, expected_revision: Any) -> None:
    """Refuse the save if someone changed the same part since revision `expected_revision`."""
    try:
        expected = int(expected_revision)
    except (TypeError, ValueError):
        raise ValidationError({"expected_revision": _("Reload the page: the form's revision is missing.")}) from None
    if expected == plan.revision:
        return
    base = plan.versions.filter(number=expected).first()
    current = versions.snapshot(plan)
    base_data = base.snapshot if base else None
    if base is not None and versions.part(base_data, key) == versions.part(current, key):
        return  # someone saved another part meanwhile: no clash
    later = plan.versions.filter(number__gt=expected).defer("snapshot").select_related("created_by__person")
    changes = [Change(by=display_name(v.created_by), at=v.created_at, version=v.number, summary=v.summary)
               for v in later.order_by("number")]
    diffs = versions.part_diff(
        key, base_data, current, old_label=_("revision %(n)d (yours)") % {"n": expected},
        new_label=_("revision %(n)d (current)") % {"n": plan.revision},
    )
    raise ConcurrentEditError(current_revision=plan.revision, changes=changes, diffs=diffs)


def record_version(plan: ImprovementPlan, *, by: Any, summary: str, always: bool = False) -> ImprovementPlanVersion | None:
    """Record a version of the whole content if it changed since the last one; bump the revision."""
    data = versions.snapshot(plan)
    last = plan.versions.order_by("-number").first()
    if not always and last is not None and last.snapshot == data:
        return None
    number = max(plan.revision, (plan.versions.aggregate(n=Max("number"))["n"] or 0)) + 1
    plan.revision = number
    plan.updated_by = by
    plan.save(update_fields=["revision", "updated_by", "updated_at"])
    return ImprovementPlanVersion.objects.create(
        improvement_plan=plan, number=number, created_by=by, summary=summary[:300], snapshot=data
    )


def ensure_baseline(plan: ImprovementPlan) -> None:
    """Record the content a plan had before its first recorded edit (a loaded or imported plan has no
    version yet) as version `revision`, so the first edits' revision checks and diffs have a base."""
    if not plan.versions.exists():
        ImprovementPlanVersion.objects.create(
            improvement_plan=plan, number=plan.revision, created_by=None,
            summary=_("Content before the first recorded edit"), snapshot=versions.snapshot(plan),
        )


def _editable(plan: ImprovementPlan, by: Any, key: str, expected_revision: Any) -> ImprovementPlan:
    locked = _lock(plan)
    _require_editable(locked, by)
    ensure_baseline(locked)
    _check_revision(locked, key, expected_revision)
    return locked


def _ids(values: Any, field: str) -> list[int]:
    try:
        return sorted({int(v.pk if hasattr(v, "pk") else v) for v in values or []})
    except (TypeError, ValueError):
        raise ValidationError({field: _("Choose from the list.")}) from None


def _register_barriers(plan: ImprovementPlan, ids: list[int], field: str) -> list[Barrier]:
    found = list(Barrier.objects.filter(network_id=plan.network_id, pk__in=ids).in_register())
    if len(found) != len(ids):
        raise ValidationError({field: _("Choose barriers from this network's register (merged ones are gone).")})
    return found


def _good_practices(ids: list[int], field: str) -> list[GoodPractice]:
    found = list(GoodPractice.objects.filter(pk__in=ids))
    if len(found) != len(ids):
        raise ValidationError({field: _("Choose good practices from the list.")})
    return found


# --- creating and authoring -----------------------------------------------------------------------------

@transaction.atomic
def improvement_plan_create(*, network: ThematicNetwork, by: Any, title: str = "") -> ImprovementPlan:
    """The network's PU in draft; version 1 holds its (empty) content."""
    plan = ImprovementPlan(network=network, title=(title or "").strip())
    _require(by, "recommendations.add_improvementplan", plan)
    if ImprovementPlan.objects.filter(network=network).exists():
        raise ValidationError(_("This network already has an Improvement Plan."), code="exists")
    plan.updated_by = by
    plan.full_clean()
    plan.save()
    record_version(plan, by=by, summary=_("Improvement Plan created"), always=True)
    return plan


@transaction.atomic
def improvement_plan_save(*, plan: ImprovementPlan, data: dict[str, Any], expected_revision: Any, by: Any
                          ) -> ImprovementPlanVersion | None:
    """Save the general part: title, authors, summary, introduction (sanitised rich text)."""
    locked = _editable(plan, by, versions.GENERAL, expected_revision)
    unknown = set(data) - set(versions.GENERAL_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    for name in versions.GENERAL_FIELDS:
        if name in data:
            value = str(data[name] or "")
            setattr(locked, name, richtext.sanitise(value) if name == "introduction" else value.strip())
    locked.full_clean()
    locked.updated_by = by
    locked.save()
    version = record_version(locked, by=by, summary=_("General information"))
    plan.refresh_from_db()
    return version


@transaction.atomic
def improvement_plan_barriers_set(*, plan: ImprovementPlan, barrier_ids: Any, expected_revision: Any, by: Any
                                  ) -> ImprovementPlanVersion | None:
    """The register barriers the PU addresses (standing entries of the network's register only)."""
    locked = _editable(plan, by, versions.BARRIERS, expected_revision)
    barriers = _register_barriers(locked, _ids(barrier_ids, "barriers"), "barriers")
    locked.barriers.set(barriers)
    version = record_version(locked, by=by, summary=_("Barriers addressed"))
    plan.refresh_from_db()
    return version


@transaction.atomic
def improvement_plan_good_practices_set(*, plan: ImprovementPlan, good_practice_ids: Any, expected_revision: Any,
                                        by: Any) -> ImprovementPlanVersion | None:
    locked = _editable(plan, by, versions.GOOD_PRACTICES, expected_revision)
    locked.good_practices.set(_good_practices(_ids(good_practice_ids, "good_practices"), "good_practices"))
    version = record_version(locked, by=by, summary=_("Good practices"))
    plan.refresh_from_db()
    return version


RECOMMENDATION_FIELDS = ("text", "type", "is_key", "horizon", "priority")
RECOMMENDATION_LINKS = ("addressees", "barriers", "good_practices")


@transaction.atomic
def recommendation_save(
    *, plan: ImprovementPlan, data: dict[str, Any], expected_revision: Any, by: Any, recommendation_id: int | None = None
) -> Recommendation:
    """Create (no `recommendation_id`) or change a recommendation: its fields and its links
    (`addressees`, `barriers`, `good_practices`: lists of ids). Keys left out keep their value."""
    key = f"recommendation:{recommendation_id}" if recommendation_id else "recommendation:0"
    locked = _editable(plan, by, key, expected_revision)
    unknown = set(data) - {*RECOMMENDATION_FIELDS, *RECOMMENDATION_LINKS}
    if unknown:
        raise ValidationError(_("Unknown fields: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    if recommendation_id is None:
        order = (locked.recommendations.aggregate(n=Max("order"))["n"] or 0) + 1
        recommendation = Recommendation(improvement_plan=locked, order=order)
    else:
        recommendation = locked.recommendations.filter(pk=recommendation_id).first()
        if recommendation is None:
            raise ValidationError(_("This recommendation no longer exists; reload the page."), code="gone")
    for name in RECOMMENDATION_FIELDS:
        if name in data:
            value = data[name]
            setattr(recommendation, name, bool(value) if name == "is_key" else str(value or "").strip())
    recommendation.full_clean(exclude=["improvement_plan"])
    links: dict[str, list[Any]] = {}
    if "addressees" in data:
        ids = _ids(data["addressees"], "addressees")
        links["addressees"] = list(Institution.objects.filter(pk__in=ids))
        if len(links["addressees"]) != len(ids):
            raise ValidationError({"addressees": _("Choose institutions from the list.")})
    if "barriers" in data:
        links["barriers"] = _register_barriers(locked, _ids(data["barriers"], "barriers"), "barriers")
    if "good_practices" in data:
        links["good_practices"] = _good_practices(_ids(data["good_practices"], "good_practices"), "good_practices")
    recommendation.save()
    for name, objects in links.items():
        getattr(recommendation, name).set(objects)
    summary = (_("Recommendation %(n)d added") if recommendation_id is None
               else _("Recommendation %(n)d changed")) % {"n": recommendation.order}
    record_version(locked, by=by, summary=summary)
    plan.revision = locked.revision
    return recommendation


@transaction.atomic
def recommendation_delete(*, plan: ImprovementPlan, recommendation_id: int, expected_revision: Any, by: Any) -> None:
    """Remove a draft recommendation; one that has responses stays (the answers are the record)."""
    locked = _editable(plan, by, f"recommendation:{recommendation_id}", expected_revision)
    recommendation = locked.recommendations.filter(pk=recommendation_id).first()
    if recommendation is None:
        raise ValidationError(_("This recommendation no longer exists; reload the page."), code="gone")
    if recommendation.responses.exists() or recommendation.status_updates.exists():
        raise ValidationError(_("A recommendation that has been answered cannot be deleted."), code="answered")
    order = recommendation.order
    recommendation.delete()
    record_version(locked, by=by, summary=_("Recommendation %(n)d deleted") % {"n": order})
    plan.revision = locked.revision


@transaction.atomic
def recommendation_set_due_date(*, recommendation: Recommendation, due_on: datetime.date | None, by: Any
                                ) -> Recommendation:
    """The operator's deadline for the addressees' response; later (or missing) responses are flagged."""
    _require(by, "recommendations.set_due_date_recommendation", recommendation)
    if due_on is not None and not isinstance(due_on, datetime.date):
        raise ValidationError({"response_due_on": _("Enter a valid date.")})
    recommendation.response_due_on = due_on
    recommendation.save(update_fields=["response_due_on"])
    return recommendation


COMMENT_MAX_LENGTH = 5000


@transaction.atomic
def improvement_plan_comment_add(*, plan: ImprovementPlan, body: str, by: Any) -> ImprovementPlanComment:
    """A city's remark during consultation (or an author's, while the PU is drafted or consulted)."""
    if not by.has_perm("recommendations.comment_improvementplan", plan):
        if plan.state != State.CONSULTATION and by.has_perm("recommendations.view_improvementplan_history", plan):
            raise ValidationError(_("The cities comment on the Improvement Plan during its consultation."),
                                  code="not_in_consultation")
        raise PermissionDenied("recommendations.comment_improvementplan")
    body = (body or "").strip()
    if len(body) > COMMENT_MAX_LENGTH:
        raise ValidationError({"body": _("A comment has at most %(max)d characters.") % {"max": COMMENT_MAX_LENGTH}})
    comment = ImprovementPlanComment(improvement_plan=plan, author=by, body=body)
    comment.full_clean()
    comment.save()
    return comment


# --- versions -------------------------------------------------------------------------------------------

def _version(plan: ImprovementPlan, number: Any) -> ImprovementPlanVersion:
    try:
        return plan.versions.get(number=int(number))
    except (TypeError, ValueError, ImprovementPlanVersion.DoesNotExist):
        raise ValidationError(_("Version %(n)s does not exist.") % {"n": number}, code="no_version") from None


def improvement_plan_version_diff(*, plan: ImprovementPlan, a: Any, b: Any) -> list[FieldDiff]:
    """What changed from version `a` to version `b`, field by field, as readable text."""
    old, new = _version(plan, a), _version(plan, b)
    return versions.diff(old.snapshot, new.snapshot, old_label=f"v{old.number}", new_label=f"v{new.number}")


def _replace_links(through: Any, name: str, by_recommendation: dict[int, list[int]]) -> None:
    """Set many recommendations' links of one kind at once: two queries, not two per recommendation."""
    target = {"addressees": "institution_id", "barriers": "barrier_id", "good_practices": "goodpractice_id"}[name]
    through.objects.filter(recommendation_id__in=list(by_recommendation)).delete()
    through.objects.bulk_create([
        through(recommendation_id=pk, **{target: linked}) for pk, ids in by_recommendation.items() for linked in ids
    ])


@transaction.atomic
def improvement_plan_version_restore(*, plan: ImprovementPlan, number: Any, by: Any) -> ImprovementPlanVersion:
    """Bring back version `number`'s content as a new version (the history only grows).

    Recommendations are never deleted by a restore: a recommendation added after that version stays (it
    may already carry a ministry's answer); those in the version get their text and links back, and a
    recommendation deleted since is created again.
    """
    locked = _lock(plan)
    _require_editable(locked, by)
    ensure_baseline(locked)
    version = _version(locked, number)
    data = version.snapshot
    for name in versions.GENERAL_FIELDS:
        setattr(locked, name, data.get(name, ""))
    locked.full_clean()
    locked.save()
    register = {b.pk for b in Barrier.objects.filter(network_id=locked.network_id).in_register()}
    locked.barriers.set([row[0] for row in data.get(versions.BARRIERS, []) if row[0] in register])
    practices = set(GoodPractice.objects.values_list("pk", flat=True))
    locked.good_practices.set([row[0] for row in data.get(versions.GOOD_PRACTICES, []) if row[0] in practices])
    existing = {r.pk: r for r in locked.recommendations.all()}
    institutions = set(Institution.objects.values_list("pk", flat=True))
    links: dict[str, dict[int, list[int]]] = {name: {} for name in RECOMMENDATION_LINKS}
    allowed = {"addressees": institutions, "barriers": register, "good_practices": practices}
    for row in data.get(versions.RECOMMENDATIONS, []):
        recommendation = existing.get(row["id"]) or Recommendation(improvement_plan=locked)
        recommendation.order = row["order"]
        for name in RECOMMENDATION_FIELDS:
            setattr(recommendation, name, row.get(name, getattr(recommendation, name)))
        recommendation.save()
        for name in RECOMMENDATION_LINKS:
            links[name][recommendation.pk] = [link[0] for link in row.get(name, []) if link[0] in allowed[name]]
    for name, by_recommendation in links.items():
        _replace_links(getattr(Recommendation, name).through, name, by_recommendation)
    restored = record_version(locked, by=by, summary=_("Version %(n)d restored") % {"n": version.number}, always=True)
    plan.refresh_from_db()
    return restored


# --- workflow -------------------------------------------------------------------------------------------

@transaction.atomic
def improvement_plan_transition(
    *, plan: ImprovementPlan, to_state: str, by: Any, reason: str = "",
    handed_over_on: datetime.date | None = None, handed_over_to: Institution | None = None,
) -> ImprovementPlanTransition:
    """Move the PU along `WORKFLOW`; handing over needs the date and the receiving institution."""
    locked = _lock(plan)
    step = next((s for s in WORKFLOW[locked.state] if s.target == to_state), None)
    if step is None:
        raise ValidationError(
            _("An Improvement Plan in the state “%(state)s” cannot move to “%(target)s”.") % {
                "state": locked.get_state_display(), "target": dict(State.choices).get(to_state, to_state),
            },
            code="invalid_transition",
        )
    _require(by, step.perm, locked)
    reason = (reason or "").strip()
    if step.reason_required and not reason:
        raise ValidationError({"reason": _("Say why the Improvement Plan goes back to draft.")})
    if to_state == State.HANDED_OVER:
        errors = {}
        if not isinstance(handed_over_on, datetime.date):
            errors["handed_over_on"] = _("Enter the date of the hand-over.")
        elif handed_over_on > timezone.localdate():
            errors["handed_over_on"] = _("The hand-over date cannot be in the future.")
        if not isinstance(handed_over_to, Institution):
            errors["handed_over_to"] = _("Choose the institution that received the Improvement Plan.")
        if errors:
            raise ValidationError(errors)
        locked.handed_over_on, locked.handed_over_to = handed_over_on, handed_over_to
    transition = ImprovementPlanTransition.objects.create(
        improvement_plan=locked, from_state=locked.state, to_state=to_state, by=by, reason=reason
    )
    locked.state = to_state
    locked.save(update_fields=["state", "handed_over_on", "handed_over_to", "updated_at"])
    plan.state, plan.handed_over_on, plan.handed_over_to = to_state, locked.handed_over_on, locked.handed_over_to
    if to_state == State.HANDED_OVER:
        transaction.on_commit(lambda: notifications.enqueue_hand_over_mail(transition.pk))
    if to_state == State.CONSULTATION:
        transaction.on_commit(lambda: notifications.enqueue_consultation_mail(transition.pk))
    return transition


# --- responses and follow-up ----------------------------------------------------------------------------

def _answering(recommendation: Recommendation, institution: Any, by: Any) -> Institution:
    if not isinstance(institution, Institution):
        raise ValidationError({"institution": _("Choose the institution you answer for.")})
    if not by.has_perm("recommendations.respond_recommendation", recommendation):
        if recommendation.improvement_plan.state not in ImprovementPlan.ANSWERABLE_STATES:
            raise ValidationError(
                _("Recommendations are answered once the Improvement Plan has been handed over."), code="not_handed"
            )
        raise PermissionDenied("recommendations.respond_recommendation")
    if not may_answer_for(by, recommendation, institution.pk):
        raise PermissionDenied(_("You may answer only for your institution, and only recommendations addressed to it."))
    return institution


def _lock_recommendation(recommendation: Recommendation) -> None:
    """Hold the recommendation's row until the transaction ends (a PostgreSQL row lock; SQLite serialises
    writes anyway): two answers at once then store their status one after the other, the second reading the
    first one's row, and neither can leave the status of a history without the other's answer."""
    list(Recommendation.objects.select_for_update().filter(pk=recommendation.pk).values_list("pk"))


def _store_status(recommendation: Recommendation) -> None:
    """Recompute the stored status from the history, under the lock taken by `_lock_recommendation`."""
    Recommendation.objects.filter(pk=recommendation.pk).refresh_status()
    recommendation.refresh_from_db(fields=["latest_status", "latest_status_on"])


def _past_date(value: Any, field: str, *, not_before: datetime.date | None = None, too_early: str = "") -> datetime.date:
    """A date of something that happened: not in the future, nor before `not_before` (`too_early` says why)."""
    if not isinstance(value, datetime.date):
        raise ValidationError({field: _("Enter a valid date.")})
    if value > timezone.localdate():
        raise ValidationError({field: _("The date cannot be in the future.")})
    if not_before is not None and value < not_before:
        raise ValidationError({field: too_early % {"date": date_format(not_before, "j E Y")}})
    return value


@transaction.atomic
def recommendation_answer(
    *, recommendation: Recommendation, institution: Institution, decision: str, text: str,
    responded_on: datetime.date, by: Any,
) -> RecommendationResponse:
    """Record an addressee's formal response; an earlier one stays in the history (append-only)."""
    _lock_recommendation(recommendation)
    _answering(recommendation, institution, by)
    response = RecommendationResponse(
        recommendation=recommendation, institution=institution, decision=decision, text=(text or "").strip(),
        responded_on=_past_date(
            responded_on, "responded_on", not_before=recommendation.improvement_plan.handed_over_on,
            too_early=_("A response cannot be dated before the Improvement Plan was handed over (%(date)s)."),
        ),
        recorded_by=by,
    )
    response.full_clean()
    response.save()
    _store_status(recommendation)
    return response


@transaction.atomic
def recommendation_status_report(
    *, recommendation: Recommendation, institution: Institution, status: str, reported_on: datetime.date, by: Any,
    evidence: str = "", evidence_url: str = "",
) -> RecommendationStatusUpdate:
    """Record how implementation stands, after the institution's formal response (append-only)."""
    _lock_recommendation(recommendation)
    _answering(recommendation, institution, by)
    first_response = recommendation.responses.filter(institution=institution).order_by("responded_on").values_list(
        "responded_on", flat=True
    ).first()
    if first_response is None:
        raise ValidationError(
            _("Record the institution's formal response before reporting implementation status."), code="no_response"
        )
    reported_on = _past_date(
        reported_on, "reported_on", not_before=first_response,
        too_early=_("A status cannot be dated before the institution's first response (%(date)s)."),
    )
    update = RecommendationStatusUpdate(
        recommendation=recommendation, institution=institution, status=status, evidence=(evidence or "").strip(),
        evidence_url=(evidence_url or "").strip(), reported_on=reported_on, recorded_by=by,
    )
    if update.status in (update.Status.IMPLEMENTED, update.Status.NOT_PURSUED) and not (
        update.evidence or update.evidence_url
    ):
        raise ValidationError({"evidence": _("Describe or link the evidence for this status.")})
    update.full_clean()
    update.save()
    _store_status(recommendation)
    return update
