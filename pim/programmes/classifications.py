"""A network's `classifications` JSON, shaped for display.

The history file holds lists per classification: plain strings ("horizontal_areas") or records with a
name and extra fields ("sectors": name, examples, the participants in that sector). Pages render any
shape through these classes, so a new classification in the data needs no template change.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from pim.places.models import Participant

# Labels for the classifications and fields the PIM history uses; others are shown by their key.
LABELS = {
    "sectors": _("PPP sectors"),
    "process_stages": _("PPP process stages"),
    "advisory_areas": _("advisory focus areas"),
    "horizontal_areas": _("horizontal areas"),
    "solution_areas": _("solution areas"),
    "examples": _("examples"),
    "steps": _("steps"),
    "participants": _("participants"),
}
# Fields that name an item rather than describe it, in order of preference.
NAME_FIELDS = ("name", "title", "label", "key")
PARTICIPANT_FIELD = "participants"


def label_for(key: str) -> str:
    return str(LABELS.get(key, key.replace("_", " ")))


def _text(value: object) -> str:
    if isinstance(value, dict):
        return "; ".join(f"{label_for(str(k))}: {_text(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return "; ".join(_text(v) for v in value)
    return str(value)


@dataclass
class Item:
    text: str
    details: list[tuple[str, str]] = field(default_factory=list)
    participant_keys: list[str] = field(default_factory=list)
    # (name, url) pairs once resolved; the url is empty when the key matches no participant.
    participants: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Group:
    key: str
    label: str
    items: list[Item]


def _item(value: object) -> Item:
    if not isinstance(value, dict):
        return Item(text=_text(value))
    name_field = next((f for f in NAME_FIELDS if value.get(f)), None)
    item = Item(text=_text(value[name_field]) if name_field else "")
    for key, detail in value.items():
        if key in NAME_FIELDS:
            continue
        if key == PARTICIPANT_FIELD and isinstance(detail, list):
            item.participant_keys = [str(k) for k in detail]
        elif detail not in (None, "", []):
            item.details.append((label_for(str(key)), _text(detail)))
    return item


def classification_groups(data: dict | None) -> list[Group]:
    groups = []
    for key, value in (data or {}).items():
        if isinstance(value, dict):
            items = [Item(text=f"{label_for(str(k))}: {_text(v)}") for k, v in value.items()]
        else:
            items = [_item(v) for v in (value if isinstance(value, list | tuple) else [value])]
        groups.append(Group(key=str(key), label=label_for(str(key)), items=items))
    return groups


def resolve_participants(groups: list[Group]) -> list[Group]:
    """Turn the participant keys the items name into names and links, in one query for all groups."""
    keys = {k for group in groups for item in group.items for k in item.participant_keys}
    found = Participant.objects.in_bulk(keys, field_name="slug") if keys else {}
    for group in groups:
        for item in group.items:
            item.participants = [
                (found[k].name, found[k].get_absolute_url()) if k in found else (k, "")
                for k in item.participant_keys
            ]
    return groups
