"""The barrier register's workflows: collect barriers from MIDs and event outcomes, add, correct and merge them.

Same rules as `pim.recommendations.services`: atomic, permission-checked for `by`, input validated in full
before anything is written. Merging never deletes: merged entries point at the entry they joined.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pim.events.models import EventOutcome
from pim.places.models import Participant
from pim.plans.models import Barrier as PlanBarrier
from pim.programmes.models import Membership, ThematicNetwork
from pim.recommendations import services
from pim.recommendations.models import Barrier, ImprovementPlan, Recommendation

CHANGE = "recommendations.change_barrier"


def _require(by: Any, network: ThematicNetwork) -> None:
    if not by.has_perm(CHANGE, network):
        raise PermissionDenied(CHANGE)


@transaction.atomic
def barrier_register_collect(*, network: ThematicNetwork, by: Any) -> list[Barrier]:
    """One register entry per MID barrier and per candidate-barrier event outcome not yet in the register.

    Idempotent: a source already linked to an entry (even a merged one) is skipped. The entry's city is the
    MID's participant, or for an outcome its MID's participant, else the event's host.
    """
    _require(by, network)
    created: list[Barrier] = []
    plan_barriers = (
        PlanBarrier.objects.filter(plan__network=network, register_entries__isnull=True)
        .select_related("plan").order_by("plan_id", "order", "pk")
    )
    for source in plan_barriers:
        entry = Barrier.objects.create(
            network=network, type=source.type, description=source.description, origin=Barrier.Origin.MID,
            created_by=by,
        )
        entry.plan_barriers.add(source)
        entry.cities.add(source.plan.participant_id)
        created.append(entry)
    outcomes = (
        EventOutcome.objects.filter(event__network=network, is_candidate_barrier=True, register_entries__isnull=True)
        .select_related("event", "plan").order_by("event_id", "pk")
    )
    for outcome in outcomes:
        entry = Barrier.objects.create(
            network=network, type=outcome.barrier_type or Barrier.Type.OTHER, description=outcome.text,
            origin=Barrier.Origin.EVENT, created_by=by,
        )
        entry.event_outcomes.add(outcome)
        city_id = outcome.plan.participant_id if outcome.plan_id else outcome.event.host_id
        if city_id:
            entry.cities.add(city_id)
        created.append(entry)
    return created


@transaction.atomic
def barrier_add(*, network: ThematicNetwork, type: str, description: str, cities: Any, by: Any) -> Barrier:
    """An expert's own entry: a type, a description and the network's cities that met the barrier."""
    _require(by, network)
    entry = Barrier(
        network=network, type=type, description=(description or "").strip(), origin=Barrier.Origin.EXPERT,
        created_by=by,
    )
    entry.full_clean()
    city_ids = _network_cities(network, cities)
    entry.save()
    entry.cities.set(city_ids)
    return entry


class BarrierEditConflict(ValidationError):
    """Someone changed the entry after the editor loaded the form; nothing was saved."""

    def __init__(self, barrier: Barrier) -> None:
        who = services.display_name(barrier.updated_by) if barrier.updated_by_id else _("someone else")
        when = date_format(timezone.localtime(barrier.updated_at), "DATETIME_FORMAT") if barrier.updated_at else ""
        super().__init__(
            _("%(who)s changed this barrier at %(when)s, after you started editing it. Your changes were not saved: "
              "read the current entry and save again.") % {"who": who, "when": when},
            code="conflict",
        )
        self.barrier = barrier


def _network_cities(network: ThematicNetwork, cities: Any) -> set[int]:
    city_ids = {c.pk if isinstance(c, Participant) else c for c in cities or []}
    members = set(Membership.objects.filter(network=network, participant_id__in=city_ids)
                  .values_list("participant_id", flat=True))
    if city_ids - members:
        raise ValidationError({"cities": _("Choose cities of this network.")})
    return city_ids


@transaction.atomic
def barrier_edit(*, barrier: Barrier, type: str, description: str, cities: Any, expected_revision: Any,
                 by: Any) -> Barrier:
    """Correct a standing entry's type, description and cities (an expert rewording a cluster after a merge).

    Refused when the entry changed since the form was loaded (`expected_revision`). A reworded description is
    the expert's own text from then on, so it may be printed publicly whatever its sources. When the PU
    shows the entry, the PU records a version, as for a merge.
    """
    entry = Barrier.objects.select_for_update(of=("self",)).select_related("network__edition", "updated_by").get(
        pk=barrier.pk
    )
    _require(by, entry.network)
    if entry.merged_into_id is not None:
        raise ValidationError(_("This barrier was merged into another one; correct that one instead."))
    if str(expected_revision) != str(entry.revision):
        raise BarrierEditConflict(entry)
    description = (description or "").strip()
    old_cities = set(entry.cities.values_list("pk", flat=True))
    city_ids = _network_cities(entry.network, cities)
    changed_text = description != entry.description
    if not changed_text and type == entry.type and city_ids == old_cities:
        return entry
    plan = ImprovementPlan.objects.filter(network_id=entry.network_id).first()
    shown_in_plan = plan is not None and (
        plan.barriers.filter(pk=entry.pk).exists() or plan.recommendations.filter(barriers=entry).exists()
    )
    if shown_in_plan:
        services.ensure_baseline(plan)
    entry.type, entry.description = type, description
    entry.own_wording = entry.own_wording or changed_text
    entry.revision += 1
    entry.updated_by, entry.updated_at = by, timezone.now()
    entry.full_clean()
    entry.save()
    entry.cities.set(city_ids)
    if shown_in_plan:
        services.record_version(plan, by=by, summary=_("A barrier corrected in the register"))
    return entry


def _repoint(through: Any, owner: str, others: list[int], target: Barrier) -> None:
    """Move the links of `others` (a recommendation's or a PU's barriers) to `target`, without duplicates."""
    rows = through.objects.filter(barrier_id__in=others)
    owners = set(rows.values_list(f"{owner}_id", flat=True))
    through.objects.bulk_create(
        [through(**{f"{owner}_id": pk, "barrier_id": target.pk}) for pk in owners], ignore_conflicts=True
    )
    rows.delete()


@transaction.atomic
def barrier_merge(*, target: Barrier, others: Any, by: Any) -> Barrier:
    """Cluster `others` into `target`: every source (MID barriers, event outcomes, cities, source keys) joins
    the target, recommendations and the PU point at the target, and the others are marked merged into it."""
    target = Barrier.objects.select_for_update().select_related("network__edition").get(pk=target.pk)
    _require(by, target.network)
    other_ids = {o.pk if isinstance(o, Barrier) else o for o in others or []} - {target.pk}
    if target.merged_into_id is not None:
        raise ValidationError({"target": _("This barrier was itself merged; merge into the one it joined.")})
    if not other_ids:
        raise ValidationError({"others": _("Choose at least one other barrier to merge.")})
    merged = list(Barrier.objects.select_for_update().filter(pk__in=other_ids, network=target.network).in_register()
                  .prefetch_related("plan_barriers", "event_outcomes", "cities"))
    if len(merged) != len(other_ids):
        raise ValidationError({"others": _("Choose standing barriers of the same network.")})
    keys = list(target.source_keys)
    for entry in merged:
        target.plan_barriers.add(*entry.plan_barriers.all())
        target.event_outcomes.add(*entry.event_outcomes.all())
        target.cities.add(*entry.cities.all())
        keys += [k for k in entry.source_keys if k not in keys]
    target.sources = ", ".join(keys)
    # New cities and sources: an edit form loaded before the merge must not overwrite them.
    target.revision += 1
    target.updated_by, target.updated_at = by, timezone.now()
    target.full_clean()
    target.save(update_fields=["sources", "revision", "updated_by", "updated_at"])
    ids = [entry.pk for entry in merged]
    plan = ImprovementPlan.objects.filter(network_id=target.network_id).first()
    if plan is not None:
        services.ensure_baseline(plan)
    _repoint(Recommendation.barriers.through, "recommendation", ids, target)
    _repoint(ImprovementPlan.barriers.through, "improvementplan", ids, target)
    # Entries merged into the merged ones follow them, so every cluster is one level deep.
    Barrier.objects.filter(merged_into_id__in=ids).update(merged_into=target)
    Barrier.objects.filter(pk__in=ids).update(merged_into=target)
    if plan is not None:
        services.record_version(plan, by=by, summary=ngettext(
            "%(n)d barrier merged in the register", "%(n)d barriers merged in the register", len(ids)
        ) % {"n": len(ids)})
    return target
