"""Checks the PIM history data file as a whole before anything is written to the database.

The loader (pim/portal/history.py) only runs on a file that passed: JSON syntax, the fields each record
may and must have, their types, choices and lengths (read from the models, so the two cannot drift),
ISO dates, references between records (edition, network, participant, institution, voivodeship and
source keys), duplicates of every natural key the loader matches on, and the cross-record rules the
models enforce (dates in order, a network belonging to the event's edition…). Every problem is
reported, each naming its record (`networks[2] (slug "…")`) and field, so one run shows them all.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext as _

from pim.core.models import Source
from pim.events.models import Event
from pim.places.models import Participant
from pim.places.voivodeships import VOIVODESHIPS
from pim.plans.models import ActionPlan
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

DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
VOIVODESHIP_SLUGS = frozenset(row[3] for row in VOIVODESHIPS)


@dataclass(frozen=True)
class HistoryProblem:
    record: str
    field: str
    message: str

    def __str__(self) -> str:
        if self.field:
            return _('%(record)s, field "%(field)s": %(message)s') % {
                "record": self.record, "field": self.field, "message": self.message,
            }
        return _("%(record)s: %(message)s") % {"record": self.record, "message": self.message}


class HistoryFileInvalid(Exception):
    def __init__(self, problems: list[HistoryProblem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Field:
    kind: str  # str, slug, url, int, bool, date, object, sources, ref
    required: bool = False
    nullable: bool = False
    choices: tuple[str, ...] = ()
    max_length: int | None = None
    ref: str = ""


def model_field(model: type[models.Model], name: str, **overrides: Any) -> Field:
    """The file field for a model field: type, choices and length come from the model itself."""
    f = model._meta.get_field(name)
    if isinstance(f, models.SlugField):
        kind = "slug"
    elif isinstance(f, models.BooleanField):
        kind = "bool"
    elif isinstance(f, models.IntegerField):
        kind = "int"
    elif isinstance(f, models.DateField):
        kind = "date"
    elif isinstance(f, models.JSONField):
        kind = "object"
    elif isinstance(f, models.URLField):
        kind = "url"
    else:
        kind = "str"
    spec = {
        "kind": kind,
        "required": not f.blank and not f.has_default() and not f.null,
        "nullable": f.null,
        "choices": tuple(value for value, _label in f.choices or ()),
        "max_length": getattr(f, "max_length", None),
    }
    spec.update(overrides)
    return Field(**spec)


def ref(target: str, *, required: bool = True, nullable: bool = False) -> Field:
    return Field(kind="ref", ref=target, required=required, nullable=nullable)


SOURCES_FIELD = Field(kind="sources", required=True)


def fields(model: type[models.Model], names: str, **extra: Field) -> dict[str, Field]:
    specs = {name: model_field(model, name) for name in names.split()}
    specs.update(extra)
    return specs


@dataclass(frozen=True)
class Section:
    fields: dict[str, Field]
    label: tuple[str, ...]
    children: tuple[tuple[str, Section], ...] = ()


GOAL = Section(fields(ProgrammeGoal, "kind order text", sources=SOURCES_FIELD), ("kind", "order"))
PRODUCT = Section(fields(EditionProduct, "kind deadline note", sources=SOURCES_FIELD), ("kind",))
FIGURE = Section(fields(EditionFigure, "key value qualifier note", sources=SOURCES_FIELD), ("key",))
MEMBER = Section(
    fields(Membership, "role valid_from valid_to ended note", participant=ref("participant"), sources=SOURCES_FIELD),
    ("participant", "role"),
)
RECOMMENDATION = Section(
    fields(Recommendation, "text type is_key", order=model_field(Recommendation, "order", required=True),
           sources=SOURCES_FIELD),
    ("order",),
)
SECTIONS: dict[str, Section] = {
    "sources": Section(fields(Source, "key title url note"), ("key",)),
    "institutions": Section(
        fields(Institution, "slug name short_name kind country website note", sources=SOURCES_FIELD), ("slug",)
    ),
    "programme": Section(
        fields(Programme, "slug name short_name description parent_strategy", sources=SOURCES_FIELD), ("slug",),
        (("goals", GOAL),),
    ),
    "editions": Section(
        fields(
            Edition, "slug name short_name start_year end_year starts_on ends_on state description",
            programme=ref("programme"), owner=ref("institution", required=False, nullable=True),
            strategic_partner=ref("institution", required=False, nullable=True), sources=SOURCES_FIELD,
        ),
        ("slug",), (("products", PRODUCT), ("figures", FIGURE)),
    ),
    "participants": Section(
        fields(
            Participant, "name kind note",
            key=model_field(Participant, "slug", required=True),
            # Required but nullable: a participant without a voivodeship must say so with an explicit null.
            voivodeship=ref("voivodeship", nullable=True),
            geonames_name=Field(kind="str", max_length=200), sources=SOURCES_FIELD,
        ),
        ("key",),
    ),
    "networks": Section(
        fields(
            ThematicNetwork, "slug name short_name theme type description classifications",
            edition=ref("edition"), sources=SOURCES_FIELD,
        ),
        ("slug",), (("members", MEMBER),),
    ),
    "edition_participants": Section(
        fields(EditionParticipant, "note", edition=ref("edition"), participant=ref("participant"), sources=SOURCES_FIELD),
        ("edition", "participant"),
    ),
    "action_plans": Section(
        fields(
            ActionPlan, "title summary attribution_note state",
            order=model_field(ActionPlan, "order", required=True), edition=ref("edition"),
            network=ref("network", required=False, nullable=True),
            participant=ref("participant", required=False, nullable=True), sources=SOURCES_FIELD,
        ),
        ("network", "order"),
    ),
    "events": Section(
        fields(
            Event, "kind title sequence_number place is_online starts_on ends_on date_precision description",
            edition=ref("edition"), network=ref("network", required=False, nullable=True),
            host=ref("participant", required=False, nullable=True), sources=SOURCES_FIELD,
        ),
        ("title", "sequence_number"),
    ),
    "improvement_plans": Section(
        fields(ImprovementPlan, "title authors state summary", network=ref("network"), sources=SOURCES_FIELD),
        ("network",), (("recommendations", RECOMMENDATION),),
    ),
}
TOP_LEVEL_EXTRAS = {"format", "about"}


def read_history(path: Path | str) -> Any:
    """The parsed file; a syntax error becomes a problem with its line and column."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise HistoryFileInvalid([HistoryProblem(str(path), "", _("cannot be read: %(error)s") % {"error": exc})]) from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        message = _("is not valid JSON: %(error)s at line %(line)d, column %(column)d") % {
            "error": exc.msg, "line": exc.lineno, "column": exc.colno,
        }
        raise HistoryFileInvalid([HistoryProblem(str(path), "", message)]) from exc


def _is_url(value: str) -> bool:
    try:
        URLValidator()(value)
    except ValidationError:
        return False
    return True


def source_keys(value: str) -> list[str]:
    return [k.strip() for k in value.split(",") if k.strip()]


def parse_date(value: Any) -> datetime.date | None:
    if isinstance(value, str) and DATE_RE.match(value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return None
    return None


class _Validator:
    def __init__(self, data: Any) -> None:
        self.data = data
        self.problems: list[HistoryProblem] = []

    def add(self, record: str, field: str, message: str) -> None:
        self.problems.append(HistoryProblem(record, field, message))

    # Shape: one record at a time.

    def label(self, section: Section, path: str, record: Any) -> str:
        if not isinstance(record, dict):
            return path
        parts = [
            f"{name} {value}" if isinstance(value, int) else f'{name} "{value}"'
            for name in section.label
            if isinstance(value := record.get(name), str | int) and not isinstance(value, bool)
        ]
        return f"{path} ({', '.join(parts)})" if parts else path

    def check_value(self, record: str, name: str, spec: Field, value: Any) -> None:
        if value is None:
            if not spec.nullable:
                self.add(record, name, _("must not be null"))
            return
        kind = spec.kind
        if kind in ("str", "slug", "url", "sources", "ref") and not isinstance(value, str):
            self.add(record, name, _("must be a string"))
        elif kind == "int" and (not isinstance(value, int) or isinstance(value, bool)):
            self.add(record, name, _("must be a whole number"))
        elif kind == "int" and value < 0:
            self.add(record, name, _("must not be negative"))
        elif kind == "bool" and not isinstance(value, bool):
            self.add(record, name, _("must be true or false"))
        elif kind == "object" and not isinstance(value, dict):
            self.add(record, name, _("must be an object"))
        elif kind == "date" and parse_date(value) is None:
            self.add(record, name, _('must be a date written YYYY-MM-DD, not "%(value)s"') % {"value": value})
        elif kind == "url" and value and not _is_url(value):
            self.add(record, name, _('"%(value)s" is not a web address') % {"value": value})
        elif kind == "slug" and not SLUG_RE.match(value):
            self.add(record, name, _('"%(value)s" is not a slug (lowercase letters, digits, hyphens)') % {"value": value})
        elif spec.choices and value not in spec.choices:
            self.add(record, name, _('"%(value)s" is not one of: %(choices)s') % {
                "value": value, "choices": ", ".join(spec.choices),
            })
        elif spec.max_length and isinstance(value, str) and len(value) > spec.max_length:
            self.add(record, name, _("is longer than %(max)d characters") % {"max": spec.max_length})
        elif kind == "sources":
            self.check_sources(record, name, value)
        elif spec.required and kind in ("str", "slug", "ref") and not value.strip():
            self.add(record, name, _("must not be empty"))

    def check_sources(self, record: str, name: str, value: str) -> None:
        keys = source_keys(value)
        if not keys:
            self.add(record, name, _("must name at least one source"))
        for key in keys:
            if key not in self.source_index:
                self.add(record, name, _('refers to unknown source "%(key)s"') % {"key": key})

    def check_record(self, section: Section, path: str, record: Any) -> str:
        label = self.label(section, path, record)
        if not isinstance(record, dict):
            self.add(label, "", _("must be an object"))
            return label
        children = dict(section.children)
        for name in record:
            if name not in section.fields and name not in children:
                self.add(label, name, _("is not a known field"))
        for name, spec in section.fields.items():
            if name not in record:
                if spec.required:
                    self.add(label, name, _("is required"))
                continue
            self.check_value(label, name, spec, record[name])
        for name, child in section.children:
            items = record.get(name, [])
            if not isinstance(items, list):
                self.add(label, name, _("must be a list"))
                continue
            for i, item in enumerate(items):
                self.check_record(child, f"{path}.{name}[{i}]", item)
        return label

    # Whole file: indexes, duplicates, references.

    def records(self, name: str) -> Iterator[tuple[str, dict[str, Any]]]:
        """(label, record) for each well-formed record of a top-level section."""
        section = SECTIONS[name]
        value = self.data.get(name)
        items = [value] if name == "programme" else value
        for i, record in enumerate(items if isinstance(items, list) else []):
            if isinstance(record, dict):
                path = name if name == "programme" else f"{name}[{i}]"
                yield self.label(section, path, record), record

    def children(self, label: str, record: dict[str, Any], name: str, section: Section) -> Iterator[tuple[str, dict]]:
        base = label.split(" (")[0]
        items = record.get(name, [])
        for i, item in enumerate(items if isinstance(items, list) else []):
            if isinstance(item, dict):
                yield self.label(section, f"{base}.{name}[{i}]", item), item

    def unique(self, seen: dict[Any, str], key: Any, label: str, field: str) -> bool:
        # A missing key was already reported as missing; it is no duplicate of another missing one.
        if key is None:
            return True
        if key in seen:
            self.add(label, field, _("duplicates %(other)s") % {"other": seen[key]})
            return False
        seen[key] = label
        return True

    def check_ref(self, label: str, record: dict, field: str, index: dict | frozenset, what: str) -> Any:
        value = record.get(field)
        if isinstance(value, str) and value and value not in index:
            self.add(label, field, _('refers to unknown %(what)s "%(value)s"') % {"what": what, "value": value})
            return None
        return value

    def check_dates(self, label: str, record: dict, start: str, end: str) -> None:
        first, last = parse_date(record.get(start)), parse_date(record.get(end))
        if first and last and last < first:
            self.add(label, end, _("is before %(start)s") % {"start": start})

    def run(self) -> None:
        if not isinstance(self.data, dict):
            self.add(_("the file"), "", _("must be a JSON object with the sections %(names)s") % {
                "names": ", ".join(SECTIONS),
            })
            return
        for name in self.data:
            if name not in SECTIONS and name not in TOP_LEVEL_EXTRAS:
                self.add(_("the file"), name, _("is not a known section"))
        # Source keys first: every other record's "sources" is checked against them.
        self.source_index: dict[str, str] = {}
        for label, record in self.records("sources"):
            if isinstance(record.get("key"), str):
                self.unique(self.source_index, record["key"], label, "key")
        for name, section in SECTIONS.items():
            value = self.data.get(name)
            if value is None:
                self.add(_("the file"), name, _("is required"))
            elif name == "programme":
                self.check_record(section, name, value)
            elif not isinstance(value, list):
                self.add(_("the file"), name, _("must be a list"))
            else:
                for i, record in enumerate(value):
                    self.check_record(section, f"{name}[{i}]", record)
        self.check_references()

    def check_references(self) -> None:
        institutions: dict[str, str] = {}
        names: dict[str, str] = {}
        for label, record in self.records("institutions"):
            self.unique(institutions, record.get("slug"), label, "slug")
            self.unique(names, record.get("name"), label, "name")

        programme = {}
        for label, record in self.records("programme"):
            programme[record.get("slug")] = label
            goals: dict[Any, str] = {}
            for goal_label, goal in self.children(label, record, "goals", GOAL):
                self.unique(goals, (goal.get("kind"), goal.get("order")), goal_label, "order")

        editions: dict[str, str] = {}
        for label, record in self.records("editions"):
            self.unique(editions, record.get("slug"), label, "slug")
            self.check_ref(label, record, "programme", programme, _("programme"))
            self.check_ref(label, record, "owner", institutions, _("institution"))
            self.check_ref(label, record, "strategic_partner", institutions, _("institution"))
            self.check_dates(label, record, "starts_on", "ends_on")
            start, end = record.get("start_year"), record.get("end_year")
            if isinstance(start, int) and isinstance(end, int) and end < start:
                self.add(label, "end_year", _("is before start_year"))
            products: dict[Any, str] = {}
            for child_label, child in self.children(label, record, "products", PRODUCT):
                self.unique(products, child.get("kind"), child_label, "kind")
            figures: dict[Any, str] = {}
            for child_label, child in self.children(label, record, "figures", FIGURE):
                self.unique(figures, child.get("key"), child_label, "key")

        participants: dict[str, str] = {}
        participant_names: dict[Any, str] = {}
        for label, record in self.records("participants"):
            self.unique(participants, record.get("key"), label, "key")
            self.unique(participant_names, (record.get("name"), record.get("voivodeship")), label, "name")
            self.check_ref(label, record, "voivodeship", VOIVODESHIP_SLUGS, _("voivodeship"))

        networks: dict[str, str] = {}
        network_edition: dict[str, Any] = {}
        network_names: dict[Any, str] = {}
        members: dict[str, set[str]] = {}
        edition_members: set[tuple[Any, str]] = set()
        for label, record in self.records("networks"):
            slug = record.get("slug")
            self.unique(networks, slug, label, "slug")
            edition = self.check_ref(label, record, "edition", editions, _("edition"))
            self.unique(network_names, (edition, record.get("name")), label, "name")
            network_edition[slug] = edition
            roles: dict[Any, str] = {}
            for child_label, child in self.children(label, record, "members", MEMBER):
                participant = self.check_ref(child_label, child, "participant", participants, _("participant"))
                self.unique(roles, (participant, child.get("role", Membership.Role.PARTNER)), child_label, "role")
                self.check_dates(child_label, child, "valid_from", "valid_to")
                if child.get("valid_to") and not child.get("ended"):
                    self.add(child_label, "ended", _("must be true when valid_to is given"))
                if participant:
                    members.setdefault(slug, set()).add(participant)
                    edition_members.add((edition, participant))
            self.check_classifications(label, record.get("classifications"), participants, members.get(slug, set()))

        pairs: dict[Any, str] = {}
        for label, record in self.records("edition_participants"):
            edition = self.check_ref(label, record, "edition", editions, _("edition"))
            participant = self.check_ref(label, record, "participant", participants, _("participant"))
            self.unique(pairs, (edition, participant), label, "participant")
            if (edition, participant) in edition_members:
                self.add(label, "participant", _("is already a network member in this edition"))

        plan_keys: dict[Any, str] = {}
        plan_participants: dict[Any, str] = {}
        for label, record in self.records("action_plans"):
            edition = self.check_ref(label, record, "edition", editions, _("edition"))
            network = self.check_ref(label, record, "network", networks, _("network"))
            participant = self.check_ref(label, record, "participant", participants, _("participant"))
            self.same_edition(label, network, edition, network_edition)
            self.unique(plan_keys, (edition, network, record.get("order")), label, "order")
            if participant:
                self.unique(plan_participants, (edition, participant), label, "participant")
                if network and participant not in members.get(network, set()):
                    self.add(label, "participant", _('is not a member of network "%(network)s"') % {"network": network})

        event_keys: dict[Any, str] = {}
        for label, record in self.records("events"):
            edition = self.check_ref(label, record, "edition", editions, _("edition"))
            network = self.check_ref(label, record, "network", networks, _("network"))
            self.check_ref(label, record, "host", participants, _("participant"))
            self.same_edition(label, network, edition, network_edition)
            key = (edition, record.get("kind"), record.get("title"), record.get("sequence_number"))
            self.unique(event_keys, key, label, "title")
            self.check_dates(label, record, "starts_on", "ends_on")
            precision = record.get("date_precision", Event.DatePrecision.DAY)
            if precision == Event.DatePrecision.UNKNOWN and (record.get("starts_on") or record.get("ends_on")):
                self.add(label, "starts_on", _("must be null when date_precision is unknown"))
            elif precision != Event.DatePrecision.UNKNOWN and not record.get("starts_on"):
                self.add(label, "starts_on", _('is required unless date_precision is "unknown"'))

        plans: dict[Any, str] = {}
        for label, record in self.records("improvement_plans"):
            network = self.check_ref(label, record, "network", networks, _("network"))
            self.unique(plans, network, label, "network")
            orders: dict[Any, str] = {}
            for child_label, child in self.children(label, record, "recommendations", RECOMMENDATION):
                self.unique(orders, child.get("order"), child_label, "order")

    def same_edition(self, label: str, network: Any, edition: Any, network_edition: dict[str, Any]) -> None:
        if network and edition and network_edition.get(network) not in (None, edition):
            self.add(label, "network", _('belongs to edition "%(other)s", not "%(edition)s"') % {
                "other": network_edition[network], "edition": edition,
            })

    def check_classifications(self, label: str, value: Any, participants: dict, members: set[str]) -> None:
        """Lists under a "participants" key anywhere in classifications name participant keys of members."""
        for found in _participant_lists(value):
            for key in found:
                if not isinstance(key, str) or key not in participants:
                    self.add(label, "classifications", _('refers to unknown participant "%(value)s"') % {"value": key})
                elif key not in members:
                    self.add(label, "classifications", _('names "%(value)s", which is not a member') % {"value": key})


def _participant_lists(value: Any) -> Iterator[list]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "participants" and isinstance(item, list):
                yield item
            else:
                yield from _participant_lists(item)
    elif isinstance(value, list):
        for item in value:
            yield from _participant_lists(item)


def validate_history(data: Any) -> None:
    """Raise HistoryFileInvalid listing every problem in `data`; return quietly if there is none."""
    validator = _Validator(data)
    validator.run()
    if validator.problems:
        raise HistoryFileInvalid(validator.problems)
