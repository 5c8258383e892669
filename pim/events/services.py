"""Every change to an event: creation, editing, cancelling and deleting, agenda, registration, attendance, minutes,
outcomes, files.

Views and the API parse input, call one of these and render the result. Each function is atomic, checks
the `rules` permission for `by` (raising PermissionDenied), validates in full before writing anything
(raising ValidationError with per-field messages) and locks the event row where a count or a revision
decides: registrations against the capacity and the quotas, minutes against their revision.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.html import linebreaks
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pim.events import notifications
from pim.events import rules as event_rules
from pim.events.files import validate_upload
from pim.events.models import (
    AgendaItem,
    Attendance,
    DelegationQuota,
    Event,
    EventAttachment,
    EventOutcome,
    Registration,
)
from pim.places.models import Participant
from pim.plans.models import Action, ActionPlan
from pim.plans.richtext import sanitise
from pim.programmes.models import Membership, Person, ThematicNetwork

CHANGE = "events.change_event"

# What the event form may set; the level, the sequence number and the minutes follow from the services.
EVENT_FIELDS = (
    "kind", "title", "edition", "network", "host", "place", "is_online", "online_link", "starts_on", "ends_on",
    "start_time", "end_time", "description", "is_public", "expert", "plan", "registration_open", "capacity",
)


class MinutesConflictError(ValidationError):
    """Someone saved the minutes after the editor loaded them; nothing was saved."""

    def __init__(self, *, event: Event) -> None:
        who = event.minutes_updated_by
        person = getattr(who, "person", None) if who else None
        name = person.name if person else (who.get_username() if who else _("Someone"))
        when = timezone.localtime(event.minutes_updated_at).strftime("%Y-%m-%d %H:%M") if event.minutes_updated_at else "?"
        super().__init__(
            {"minutes": _("%(who)s saved the minutes at %(when)s, after you started editing them. Your text was "
                          "not saved: compare it with the current minutes and save again.")
             % {"who": name, "when": when}},
            code="concurrent_edit",
        )
        self.current = event.minutes
        self.current_revision = event.minutes_revision


def _require(by: Any, perm: str, obj: Any) -> None:
    if not by.has_perm(perm, obj):
        raise PermissionDenied(perm)


def _lock(event: Event) -> Event:
    # One writer per event at a time (PostgreSQL row lock; SQLite serialises writes): counts of
    # registrations and the minutes' revision are then read after every earlier write committed.
    return Event.objects.select_for_update(of=("self",)).select_related("edition", "network", "host").get(pk=event.pk)


def _level(event: Event) -> str:
    if event.kind == Event.Kind.LP_MEETING:
        return Event.Level.LOCAL_PARTNERSHIP
    return Event.Level.NETWORK if event.network_id else Event.Level.EDITION


def _fill_scope(event: Event) -> None:
    """Edition from the network; an LP meeting or advisory without a network takes the host's current one."""
    if event.network_id is None and event.host_id and event.kind in (
        Event.Kind.LP_MEETING, Event.Kind.INDIVIDUAL_ADVISORY
    ):
        membership = (
            Membership.objects.current().filter(participant_id=event.host_id).select_related("network")
            .order_by("-network__edition__start_year", "-pk").first()
        )
        if membership is not None:
            event.network = membership.network
    if event.network_id is not None:
        event.edition_id = event.network.edition_id
    if event.edition_id is None:
        raise ValidationError({"edition": _("Choose the edition, or a network, of the event.")})
    event.level = _level(event)


def _next_sequence_number(event: Event) -> int:
    # Lock the row that holds the numbering (network, edition or host city) so two events created at
    # once do not both take the next number; the unique constraints are the backstop.
    if event.kind == Event.Kind.LP_MEETING:
        list(Participant.objects.select_for_update().filter(pk=event.host_id).values_list("pk"))
    elif event.network_id:
        list(ThematicNetwork.objects.select_for_update().filter(pk=event.network_id).values_list("pk"))
    others = Event.objects.filter(**event.sequence_scope()).exclude(pk=event.pk)
    return (others.aggregate(top=Max("sequence_number"))["top"] or 0) + 1


def _validate_links(event: Event) -> None:
    errors = {}
    if event.plan_id and event.network_id and event.plan.network_id != event.network_id:
        errors["plan"] = _("The MID must belong to the event's network.")
    if event.kind == Event.Kind.INDIVIDUAL_ADVISORY and event.expert_id is None:
        errors["expert"] = _("An individual advisory needs its expert.")
    if event.kind != Event.Kind.INDIVIDUAL_ADVISORY and event.expert_id is not None:
        errors["expert"] = _("Only an individual advisory names one expert.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def event_create(*, by: Any, fields: Mapping[str, Any]) -> Event:
    """A new event, numbered within its kind and network (edition for edition-level, city for LP meetings)."""
    event = Event(**{name: value for name, value in fields.items() if name in EVENT_FIELDS})
    _fill_scope(event)
    _require(by, CHANGE, event)
    event.created_by = by
    _validate_links(event)
    event.sequence_number = _next_sequence_number(event)
    event.full_clean()
    try:
        with transaction.atomic():
            event.save()
    except IntegrityError:
        raise ValidationError(_("Another event took the same number at the same moment; please save again.")) from None
    return event


@transaction.atomic
def event_update(*, event: Event, by: Any, fields: Mapping[str, Any]) -> Event:
    event = _lock(event)
    _require(by, CHANGE, event)
    scope_before = event.sequence_scope()
    for name, value in fields.items():
        if name in EVENT_FIELDS:
            setattr(event, name, value)
    _fill_scope(event)
    # Moved to another network, kind or city: the event is numbered among its new neighbours.
    if event.sequence_scope() != scope_before:
        event.sequence_number = _next_sequence_number(event)
    _require(by, CHANGE, event)
    _validate_links(event)
    if event.is_cancelled and event.registration_open:
        raise ValidationError({"registration_open": _("The event is cancelled: take the cancellation back first.")})
    registered = event.registrations.count()
    if event.capacity is not None and event.capacity < registered:
        raise ValidationError({"capacity": ngettext(
            "%(count)d person is already registered: the capacity cannot be lower.",
            "%(count)d people are already registered: the capacity cannot be lower.", registered,
        ) % {"count": registered}})
    event.full_clean()
    event.save()
    return event


def _refuse_if_over(event: Event, error: str) -> None:
    # An event without a known date may still be ahead; one dated in the past is history.
    if event.starts_on is not None and not event.is_upcoming(timezone.localdate()):
        raise ValidationError(error, code="over")


@transaction.atomic
def event_cancel(*, event: Event, by: Any, reason: str) -> Event:
    """Call the event off: it stays in the calendar and the feeds, marked cancelled, registration closes, and
    the people registered are e-mailed once the cancellation is committed."""
    event = _lock(event)
    _require(by, CHANGE, event)
    reason = (reason or "").strip()
    if event.is_cancelled:
        raise ValidationError(_("The event is already cancelled."), code="cancelled")
    _refuse_if_over(event, _("The event is over: it can no longer be cancelled."))
    if not reason:
        raise ValidationError({"reason": _("Say why the event is cancelled: the people registered will read it.")})
    event.cancelled_at = timezone.now()
    event.cancelled_by = by
    event.cancellation_reason = reason
    event.registration_open = False
    event.save(update_fields=["cancelled_at", "cancelled_by", "cancellation_reason", "registration_open"])
    transaction.on_commit(lambda: notifications.enqueue_cancellation_mail(event.pk))
    return event


@transaction.atomic
def event_uncancel(*, event: Event, by: Any) -> Event:
    """Take a cancellation back; registration stays closed until an organiser opens it again."""
    event = _lock(event)
    _require(by, CHANGE, event)
    if not event.is_cancelled:
        raise ValidationError(_("The event is not cancelled."), code="not_cancelled")
    _refuse_if_over(event, _("The event is over: its cancellation can no longer be taken back."))
    event.cancelled_at = None
    event.cancelled_by = None
    event.cancellation_reason = ""
    event.save(update_fields=["cancelled_at", "cancelled_by", "cancellation_reason"])
    return event


def deletion_blockers(event: Event) -> list[str]:
    """What was recorded for the event, which deleting it would lose: empty when it may be deleted."""
    found = []
    if event.source_keys:
        found.append(_("the sources of the programme's history mention it"))
    if event.registrations.exists():
        found.append(_("people are registered"))
    if event.attendances.exists():
        found.append(_("attendance was recorded"))
    if event.minutes:
        found.append(_("it has minutes"))
    if event.outcomes.exists():
        found.append(_("it has outcomes"))
    if event.attachments.exists():
        found.append(_("it has attachments"))
    return found


@transaction.atomic
def event_delete(*, event: Event, by: Any) -> None:
    """Delete an event created by mistake, with its agenda and quotas; one with anything recorded is cancelled
    instead, so that its people and its history keep it."""
    event = _lock(event)
    _require(by, CHANGE, event)
    if blockers := deletion_blockers(event):
        raise ValidationError(
            _("The event cannot be deleted: %(what)s. Cancel it instead; it then stays in the calendar as "
              "cancelled.") % {"what": "; ".join(blockers)},
            code="recorded",
        )
    event.delete()


@transaction.atomic
def agenda_save(*, event: Event, by: Any, items: Iterable[Mapping[str, Any]]) -> list[AgendaItem]:
    """Replace the agenda with `items` (title, time, day, speaker, description), in the given order."""
    event = _lock(event)
    _require(by, CHANGE, event)
    rows = []
    errors: dict[str, list[str]] = {}
    for order, item in enumerate(items, start=1):
        row = AgendaItem(event=event, order=order, **{k: item.get(k) or v for k, v in (
            ("title", ""), ("speaker", ""), ("description", ""), ("time", None), ("day", None))})
        try:
            row.full_clean(exclude=["event"])
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors.setdefault(field, []).extend(f"{order}: {m}" for m in messages)
        rows.append(row)
    if errors:
        raise ValidationError(errors)
    event.agenda_items.all().delete()
    return AgendaItem.objects.bulk_create(rows)


@transaction.atomic
def quotas_save(*, event: Event, by: Any, quotas: Mapping[Participant, int | None]) -> None:
    """Set each city's delegation quota; None removes the city's quota. A quota below the city's
    registrations is refused."""
    event = _lock(event)
    _require(by, CHANGE, event)
    registered = _registrations_per_city(event)
    errors = []
    for city, places in quotas.items():
        if places is not None and places < registered.get(city.pk, 0):
            errors.append(_("%(city)s already has %(count)d registered people: its quota cannot be %(places)d.")
                          % {"city": city.name, "count": registered[city.pk], "places": places})
    if errors:
        raise ValidationError({"quotas": errors})
    # In a fixed number of queries: the form sends every city of the network (150 in the largest).
    DelegationQuota.objects.filter(
        event=event, participant__in=[city for city, places in quotas.items() if places is None]
    ).delete()
    wanted = {city.pk: places for city, places in quotas.items() if places is not None}
    existing = {q.participant_id: q for q in DelegationQuota.objects.filter(event=event, participant_id__in=wanted)}
    changed = [q for city_id, q in existing.items() if q.places != wanted[city_id]]
    for quota in changed:
        quota.places = wanted[quota.participant_id]
    DelegationQuota.objects.bulk_update(changed, ["places"])
    DelegationQuota.objects.bulk_create([
        DelegationQuota(event=event, participant_id=city_id, places=places)
        for city_id, places in wanted.items() if city_id not in existing
    ])


def _registrations_per_city(event: Event) -> dict[int, int]:
    counts: dict[int, int] = {}
    for city_id in event.registrations.values_list("participant_id", flat=True):
        if city_id is not None:
            counts[city_id] = counts.get(city_id, 0) + 1
    return counts


@transaction.atomic
def registration_create(
    *, event: Event, person: Person, by: Any, participant: Participant | None = None, present: bool = False
) -> Registration:
    """Register `person` for the event, for the delegation of `participant`; with `present` (organisers, for
    someone who arrives unannounced) also check them in.

    Organisers register anyone, also while registration is closed. Anyone else registers only
    themselves, while registration is open, for the city their role gives them (rules.self_registration_city).
    The capacity and the city's quota hold for everybody; the locked event row makes the count exact
    when several people take the last places at once.
    """
    event = _lock(event)
    organiser = by.has_perm(CHANGE, event)
    if event.is_cancelled:
        raise ValidationError({"person": _("The event is cancelled: nobody can register for it.")}, code="cancelled")
    if not organiser:
        if person.user_id is None or person.user_id != by.pk:
            raise PermissionDenied(_("You can register only yourself."))
        if not by.has_perm("events.register_self", event):
            raise PermissionDenied(_("Registration for this event is not open to you."))
        participant_id = event_rules.self_registration_city(by, event)[1]
        participant = Participant.objects.get(pk=participant_id) if participant_id else None
    elif participant is None:
        participant = event.delegation_city_of(person)
    if event.registrations.filter(person=person).exists():
        raise ValidationError({"person": _("%(person)s is already registered for this event.") % {"person": person}})
    if event.capacity is not None and event.registrations.count() >= event.capacity:
        raise ValidationError(
            {"person": ngettext("The event is full: its only place is taken.",
                                "The event is full: all %(capacity)d places are taken.", event.capacity)
             % {"capacity": event.capacity}},
            code="full",
        )
    if participant is not None:
        quota = event.quotas.filter(participant=participant).first()
        if quota is not None and event.registrations.filter(participant=participant).count() >= quota.places:
            raise ValidationError(
                {"participant": ngettext("%(city)s has used the only place of its delegation.",
                                         "%(city)s has used all %(places)d places of its delegation.", quota.places)
                 % {"city": participant.name, "places": quota.places}},
                code="over_quota",
            )
    registration = Registration(event=event, person=person, participant=participant, created_by=by)
    registration.full_clean(validate_constraints=False)
    registration.save()
    if present:
        if not organiser:
            raise PermissionDenied(CHANGE)
        Attendance.objects.create(event=event, person=person, participant=participant, checked_in_by=by)
    return registration


@transaction.atomic
def registration_cancel(*, registration: Registration, by: Any) -> None:
    """The registered person or an organiser cancels; the person's attendance goes with it."""
    event = _lock(registration.event)
    is_own = by.is_authenticated and registration.person.user_id == by.pk
    if not (is_own or by.has_perm(CHANGE, event)):
        raise PermissionDenied(CHANGE)
    Attendance.objects.filter(event=event, person_id=registration.person_id).delete()
    registration.delete()


@transaction.atomic
def attendance_check_in(*, event: Event, registration: Registration, present: bool, by: Any) -> Attendance | None:
    """Mark a registered person present (or not); the city is their delegation's."""
    event = _lock(event)
    _require(by, CHANGE, event)
    if registration.event_id != event.pk:
        raise ValidationError(_("This registration belongs to another event."))
    existing = Attendance.objects.filter(event=event, person_id=registration.person_id).first()
    if not present:
        if existing is not None:
            existing.delete()
        return None
    if existing is not None:
        return existing
    attendance = Attendance(
        event=event, person_id=registration.person_id, participant_id=registration.participant_id, checked_in_by=by
    )
    attendance.full_clean(validate_constraints=False)
    attendance.save()
    return attendance


@transaction.atomic
def minutes_save(*, event: Event, by: Any, minutes: str, expected_revision: Any) -> Event:
    """Save sanitised minutes if nobody saved them since the editor loaded revision `expected_revision`."""
    event = _lock(event)
    _require(by, CHANGE, event)
    try:
        expected = int(expected_revision)
    except (TypeError, ValueError):
        raise ValidationError({"expected_revision": _("Reload the minutes: their revision is missing.")}) from None
    if expected != event.minutes_revision:
        raise MinutesConflictError(event=event)
    # Without an editor people type plain text: keep its paragraphs and line breaks as HTML.
    clean = sanitise(minutes if "<" in minutes else linebreaks(minutes, autoescape=True))
    if clean == event.minutes:
        return event
    event.minutes = clean
    event.minutes_revision += 1
    event.minutes_updated_at = timezone.now()
    event.minutes_updated_by = by
    event.save(update_fields=["minutes", "minutes_revision", "minutes_updated_at", "minutes_updated_by"])
    return event


@transaction.atomic
def outcome_add(
    *, event: Event, by: Any, text: str, plan: ActionPlan | None = None, plan_section: str = "",
    action: Action | None = None, is_candidate_barrier: bool = False, barrier_type: str = "",
) -> EventOutcome:
    """An outcome of the event, optionally linked to a MID of its network (a section or an action)."""
    event = _lock(event)
    _require(by, CHANGE, event)
    if action is not None and plan is None:
        plan = action.plan
    if plan is not None and not _plan_in_scope(event, plan):
        raise ValidationError({"plan": _("Choose a MID of the event's network.")})
    outcome = EventOutcome(
        event=event, text=(text or "").strip(), plan=plan, plan_section=plan_section or "", action=action,
        is_candidate_barrier=is_candidate_barrier, barrier_type=barrier_type or "", created_by=by,
    )
    outcome.full_clean()
    outcome.save()
    return outcome


def _plan_in_scope(event: Event, plan: ActionPlan) -> bool:
    if event.network_id is not None:
        return plan.network_id == event.network_id
    return plan.edition_id == event.edition_id


def plans_in_scope(event: Event) -> QuerySet[ActionPlan]:
    """The MIDs an outcome of the event may link to (for the form's choices)."""
    plans = ActionPlan.objects.select_related("participant").order_by("title", "pk")
    if event.network_id is not None:
        return plans.filter(network_id=event.network_id)
    return plans.filter(edition_id=event.edition_id)


@transaction.atomic
def outcome_delete(*, outcome: EventOutcome, by: Any) -> None:
    _require(by, CHANGE, _lock(outcome.event))
    outcome.delete()


@transaction.atomic
def attachment_add(*, event: Event, by: Any, title: str, file: UploadedFile) -> EventAttachment:
    """Store a file of an allowed type and size (see `pim.events.files`)."""
    event = _lock(event)
    _require(by, CHANGE, event)
    content_type = validate_upload(file)
    attachment = EventAttachment(
        event=event, title=(title or "").strip() or file.name, file=file, content_type=content_type,
        size=file.size, uploaded_by=by,
    )
    attachment.full_clean(exclude=["file"])
    attachment.save()
    return attachment


@transaction.atomic
def attachment_delete(*, attachment: EventAttachment, by: Any) -> None:
    _require(by, CHANGE, _lock(attachment.event))
    stored = attachment.file
    attachment.delete()
    # The file goes only once the row is surely gone: a rolled-back delete keeps both.
    transaction.on_commit(lambda: stored.storage.delete(stored.name))

