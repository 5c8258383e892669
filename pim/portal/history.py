"""Loads the real PIM history (data/pim_history.json) into the database; running it again changes nothing.

The file is validated as a whole first (history_validation.py); then everything is written in one
transaction, each record matched on its natural key:

- sources by key; institutions, programme, editions and networks by slug;
- goals by programme + kind + order, expected products by edition + kind, figures by edition + key;
- participants by name (or `geonames_name`) + voivodeship, so a row of the GeoNames registry
  (load_participant_registry) is reused and only gains the file's name, kind, note and source keys;
  participants the registry lacks (associations, unions) are created;
- memberships by network + participant + role; participants without a known network by edition +
  participant; MIDs by edition + network + order; events by edition + kind + title + sequence number;
  Improvement Plans by network and their recommendations by plan + order.

A row is saved only when a value differs, so a second run writes nothing and adds no audit-history
rows. Records removed from the file stay in the database (an operator may have linked to them) but
are never duplicated.

In a network's `classifications`, every list under a "participants" key holds participant keys of the
file; they are stored as the participants' slugs so that pages can link them.
"""

from __future__ import annotations

import copy
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from pim.core.models import Source
from pim.events.models import Event
from pim.places.models import Participant, Voivodeship
from pim.places.registry import merge_source_keys
from pim.plans.models import ActionPlan
from pim.portal.history_validation import (
    HistoryFileInvalid,
    HistoryProblem,
    parse_date,
    read_history,
    source_keys,
    validate_history,
)
from pim.programmes.models import (
    Edition,
    EditionFigure,
    EditionParticipant,
    EditionProduct,
    Institution,
    Membership,
    Programme,
    ProgrammeGoal,
    ThematicNetwork,
)
from pim.recommendations.models import ImprovementPlan, Recommendation

__all__ = ["HistoryFileInvalid", "LoadResult", "default_history_path", "load_history"]


@dataclass
class LoadResult:
    # Per model verbose name: how many rows were created, updated or left unchanged.
    counts: dict[str, Counter] = field(default_factory=dict)

    def count(self, model: type[models.Model], outcome: str) -> None:
        self.counts.setdefault(str(model._meta.verbose_name_plural), Counter())[outcome] += 1

    @property
    def changed(self) -> int:
        return sum(c["created"] + c["updated"] for c in self.counts.values())


def default_history_path() -> Path:
    return Path(settings.PIM_HISTORY_FILE)


def load_history(path: Path | str | None = None) -> LoadResult:
    """Validate the whole file, then load it in one transaction; raise HistoryFileInvalid on a bad file."""
    data = read_history(path or default_history_path())
    validate_history(data)
    with transaction.atomic():
        return _Loader(data).run()


def event_level(record: dict[str, Any]) -> str:
    """An event's level, which the file does not state: a Local Partnership's meeting is the city's,
    an event without a network is the whole edition's (as the 0002 events migration set it), the rest
    are their network's."""
    if record["kind"] == Event.Kind.LP_MEETING:
        return Event.Level.LOCAL_PARTNERSHIP
    return Event.Level.NETWORK if record.get("network") else Event.Level.EDITION


def _text(record: dict[str, Any], name: str) -> str:
    return record.get(name) or ""


class _Loader:
    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.result = LoadResult()
        self.institutions: dict[str, Institution] = {}
        self.editions: dict[str, Edition] = {}
        self.participants: dict[str, Participant] = {}
        self.networks: dict[str, ThematicNetwork] = {}
        self.voivodeships = {v.slug: v for v in Voivodeship.objects.all()}

    def run(self) -> LoadResult:
        self.load_sources()
        self.load_institutions()
        programme = self.load_programme()
        self.load_editions(programme)
        self.load_participants()
        self.load_networks()
        self.load_edition_participants()
        self.load_action_plans()
        self.load_events()
        self.load_improvement_plans()
        return self.result

    def upsert(self, model: type[models.Model], lookup: dict[str, Any], values: dict[str, Any], record: str) -> Any:
        """Create or update the row matching `lookup`, saving only if a value differs."""
        obj = model.objects.filter(**lookup).first()
        created = obj is None
        if created:
            obj = model(**lookup)
        changed = False
        for name, value in values.items():
            model_field = model._meta.get_field(name)
            raw = value.pk if model_field.is_relation and value is not None else value
            if created or getattr(obj, model_field.attname) != raw:
                setattr(obj, model_field.attname, raw)
                changed = True
        if created or changed:
            self.save(obj, record)
        self.result.count(model, "created" if created else "updated" if changed else "unchanged")
        return obj

    def save(self, obj: models.Model, record: str) -> None:
        # The validator mirrors the models' rules; full_clean() is the backstop that names the record
        # if the two ever disagree, and the transaction then leaves the database untouched. Its checks
        # that need queries are skipped (foreign keys come from rows just loaded, and the validator has
        # ruled out duplicates within the file): they tripled the load time. A clash with a row the
        # file does not know still surfaces, as the database's IntegrityError.
        relations = [f.name for f in obj._meta.fields if f.is_relation]
        try:
            obj.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            problems = [
                HistoryProblem(record, "" if name == NON_FIELD_ERRORS else name, message)
                for name, messages in exc.message_dict.items()
                for message in messages
            ]
            raise HistoryFileInvalid(problems) from exc
        try:
            obj.save()
        except IntegrityError as exc:
            message = _("clashes with a row already in the database: %(error)s") % {"error": exc}
            raise HistoryFileInvalid([HistoryProblem(record, "", message)]) from exc

    def common(self, record: dict[str, Any]) -> dict[str, Any]:
        return {"sources": ", ".join(source_keys(record["sources"])), "is_demo": False}

    def load_sources(self) -> None:
        for i, record in enumerate(self.data["sources"]):
            self.upsert(
                Source, {"key": record["key"]},
                {"title": record["title"], "url": _text(record, "url"), "note": _text(record, "note")},
                f'sources[{i}] (key "{record["key"]}")',
            )

    def load_institutions(self) -> None:
        for i, record in enumerate(self.data["institutions"]):
            self.institutions[record["slug"]] = self.upsert(
                Institution, {"slug": record["slug"]},
                {
                    "name": record["name"], "short_name": _text(record, "short_name"), "kind": record["kind"],
                    "country": record.get("country", "Polska") or "", "website": _text(record, "website"),
                    "note": _text(record, "note"), **self.common(record),
                },
                f'institutions[{i}] (slug "{record["slug"]}")',
            )

    def load_programme(self) -> Programme:
        record = self.data["programme"]
        programme = self.upsert(
            Programme, {"slug": record["slug"]},
            {
                "name": record["name"], "short_name": record["short_name"],
                "description": _text(record, "description"), "parent_strategy": _text(record, "parent_strategy"),
                **self.common(record),
            },
            f'programme (slug "{record["slug"]}")',
        )
        for i, goal in enumerate(record.get("goals", [])):
            self.upsert(
                ProgrammeGoal, {"programme": programme, "kind": goal["kind"], "order": goal["order"]},
                {"text": goal["text"], **self.common(goal)},
                f"programme.goals[{i}]",
            )
        return programme

    def load_editions(self, programme: Programme) -> None:
        for i, record in enumerate(self.data["editions"]):
            label = f'editions[{i}] (slug "{record["slug"]}")'
            edition = self.upsert(
                Edition, {"slug": record["slug"]},
                {
                    "programme": programme, "name": record["name"], "short_name": record["short_name"],
                    "start_year": record["start_year"], "end_year": record["end_year"],
                    "starts_on": parse_date(record.get("starts_on")), "ends_on": parse_date(record.get("ends_on")),
                    "state": record.get("state", Edition.State.PLANNED),
                    "owner": self.institutions.get(record.get("owner") or ""),
                    "strategic_partner": self.institutions.get(record.get("strategic_partner") or ""),
                    "description": _text(record, "description"), **self.common(record),
                },
                label,
            )
            self.editions[edition.slug] = edition
            for j, product in enumerate(record.get("products", [])):
                self.upsert(
                    EditionProduct, {"edition": edition, "kind": product["kind"]},
                    {"deadline": parse_date(product.get("deadline")), "note": _text(product, "note"),
                     **self.common(product)},
                    f"{label}.products[{j}]",
                )
            for j, figure in enumerate(record.get("figures", [])):
                self.upsert(
                    EditionFigure, {"edition": edition, "key": figure["key"]},
                    {"value": figure["value"], "qualifier": figure.get("qualifier", EditionFigure.Qualifier.EXACT),
                     "note": _text(figure, "note"), **self.common(figure)},
                    f"{label}.figures[{j}]",
                )

    def load_participants(self) -> None:
        for i, record in enumerate(self.data["participants"]):
            label = f'participants[{i}] (key "{record["key"]}")'
            voivodeship = self.voivodeships.get(record["voivodeship"] or "")
            names = {record["name"], record.get("geonames_name") or record["name"]}
            # Prefer the GeoNames registry row, then the most populous: villages share town names.
            candidates = sorted(
                Participant.objects.filter(name__in=names, voivodeship=voivodeship),
                key=lambda p: (p.geonames_id is None, -(p.population or 0), p.pk),
            )
            values = {
                "name": record["name"], "kind": record.get("kind", Participant.Kind.MUNICIPALITY),
                "note": _text(record, "note"), "is_demo": False,
            }
            if candidates:
                match = candidates[0]
                keys = source_keys(record["sources"])
                values["sources"] = merge_source_keys(match.sources, *keys)
                participant = self.upsert(Participant, {"pk": match.pk}, values, label)
            else:
                values.update(sources=", ".join(source_keys(record["sources"])), voivodeship=voivodeship)
                participant = self.upsert(
                    Participant, {"slug": self.free_slug(record["key"], voivodeship)}, values, label
                )
            self.participants[record["key"]] = participant

    def free_slug(self, wanted: str, voivodeship: Voivodeship | None) -> str:
        """`wanted`, or a variant no other participant uses (the registry may hold a place of that name)."""
        options = [wanted] + ([f"{wanted}-{voivodeship.slug}"] if voivodeship else [])
        options += [f"{options[-1]}-{n}" for n in range(2, 100)]
        taken = set(Participant.objects.filter(slug__in=options).values_list("slug", flat=True))
        return next(slug for slug in options if slug not in taken)

    def load_networks(self) -> None:
        for i, record in enumerate(self.data["networks"]):
            label = f'networks[{i}] (slug "{record["slug"]}")'
            network = self.upsert(
                ThematicNetwork, {"slug": record["slug"]},
                {
                    "edition": self.editions[record["edition"]], "name": record["name"],
                    "short_name": _text(record, "short_name"), "theme": _text(record, "theme"),
                    "type": record.get("type", ThematicNetwork.Type.ACTION_PLANNING),
                    "description": _text(record, "description"),
                    "classifications": self.classifications(record.get("classifications") or {}),
                    **self.common(record),
                },
                label,
            )
            self.networks[network.slug] = network
            for j, member in enumerate(record.get("members", [])):
                self.upsert(
                    Membership,
                    {
                        "network": network, "participant": self.participants[member["participant"]],
                        "role": member.get("role", Membership.Role.PARTNER),
                    },
                    {
                        "valid_from": parse_date(member.get("valid_from")), "valid_to": parse_date(member.get("valid_to")),
                        "ended": member.get("ended", False), "note": _text(member, "note"), **self.common(member),
                    },
                    f'{label}.members[{j}] (participant "{member["participant"]}")',
                )

    def classifications(self, value: Any) -> Any:
        value = copy.deepcopy(value)
        if isinstance(value, dict):
            return {
                key: [self.participants[k].slug for k in item] if key == "participants" and isinstance(item, list)
                else self.classifications(item)
                for key, item in value.items()
            }
        if isinstance(value, list):
            return [self.classifications(item) for item in value]
        return value

    def load_edition_participants(self) -> None:
        for i, record in enumerate(self.data["edition_participants"]):
            self.upsert(
                EditionParticipant,
                {"edition": self.editions[record["edition"]], "participant": self.participants[record["participant"]]},
                {"note": _text(record, "note"), **self.common(record)},
                f'edition_participants[{i}] (participant "{record["participant"]}")',
            )

    def load_action_plans(self) -> None:
        for i, record in enumerate(self.data["action_plans"]):
            network = self.networks.get(record.get("network") or "")
            self.upsert(
                ActionPlan,
                {"edition": self.editions[record["edition"]], "network": network, "order": record["order"]},
                {
                    "participant": self.participants.get(record.get("participant") or ""),
                    "title": _text(record, "title"), "summary": _text(record, "summary"),
                    "attribution_note": _text(record, "attribution_note"),
                    "state": record.get("state", ActionPlan.State.DRAFT), **self.common(record),
                },
                f"action_plans[{i}] (network \"{record.get('network')}\", order {record['order']})",
            )

    def load_events(self) -> None:
        for i, record in enumerate(self.data["events"]):
            self.upsert(
                Event,
                {
                    "edition": self.editions[record["edition"]], "kind": record["kind"], "title": record["title"],
                    "sequence_number": record.get("sequence_number"),
                },
                {
                    "network": self.networks.get(record.get("network") or ""),
                    "level": event_level(record),
                    "host": self.participants.get(record.get("host") or ""),
                    "place": _text(record, "place"), "is_online": record.get("is_online", False),
                    "starts_on": parse_date(record.get("starts_on")), "ends_on": parse_date(record.get("ends_on")),
                    "date_precision": record.get("date_precision", Event.DatePrecision.DAY),
                    "description": _text(record, "description"), **self.common(record),
                },
                f'events[{i}] (title "{record["title"]}")',
            )

    def load_improvement_plans(self) -> None:
        for i, record in enumerate(self.data["improvement_plans"]):
            label = f'improvement_plans[{i}] (network "{record["network"]}")'
            plan = self.upsert(
                ImprovementPlan, {"network": self.networks[record["network"]]},
                {
                    "title": _text(record, "title"), "authors": _text(record, "authors"),
                    "state": record.get("state", ImprovementPlan.State.DRAFT), "summary": _text(record, "summary"),
                    **self.common(record),
                },
                label,
            )
            for j, recommendation in enumerate(record.get("recommendations", [])):
                self.upsert(
                    Recommendation, {"improvement_plan": plan, "order": recommendation["order"]},
                    {
                        "text": recommendation["text"], "type": recommendation.get("type", Recommendation.Type.OTHER),
                        "is_key": recommendation.get("is_key", False), **self.common(recommendation),
                    },
                    f"{label}.recommendations[{j}]",
                )
