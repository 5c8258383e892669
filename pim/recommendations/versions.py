"""An Improvement Plan's content as a snapshot: what every version stores, compares and restores.

A snapshot holds the PU's own fields, the register barriers it addresses, its good practices and every
recommendation with its links (ids, for restoring, and names, for reading). Parts of it (`part()`) are the
units a concurrent edit is checked on: two people editing different recommendations never clash.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.utils.translation import gettext as _

from pim.core.versioning import FieldDiff, snapshot_diff
from pim.plans import richtext
from pim.recommendations.models import Barrier, GoodPractice, ImprovementPlan, Recommendation

GENERAL_FIELDS = ("title", "authors", "summary", "introduction")
GENERAL = "general"
BARRIERS = "barriers"
GOOD_PRACTICES = "good_practices"
RECOMMENDATIONS = "recommendations"


def snapshot(plan: ImprovementPlan) -> dict[str, Any]:
    """The plan's whole content as it is in the database now, in a fixed number of queries.

    Reads the link tables directly rather than through prefetches, so that taking several snapshots in one
    request (before and after a save) reads fresh rows and never looks like an N+1 to django-zeal.
    """
    data: dict[str, Any] = {name: getattr(plan, name) for name in GENERAL_FIELDS}
    data[BARRIERS] = [[b.pk, b.get_type_display(), b.description]
                      for b in Barrier.objects.filter(improvement_plans=plan).order_by("pk")]
    data[GOOD_PRACTICES] = [[g.pk, g.title] for g in GoodPractice.objects.filter(improvement_plans=plan).order_by("pk")]
    links: dict[str, dict[int, list]] = {name: defaultdict(list) for name in ("addressees", "barriers", "good_practices")}
    for name, target, label in (("addressees", "institution", None), ("barriers", "barrier", "description"),
                                ("good_practices", "goodpractice", "title")):
        through = getattr(Recommendation, name).through
        rows = through.objects.filter(recommendation__improvement_plan=plan).select_related(target).order_by(
            f"{target}_id"
        )
        for row in rows:
            obj = getattr(row, target)
            links[name][row.recommendation_id].append([obj.pk, str(obj) if label is None else getattr(obj, label)])
    data[RECOMMENDATIONS] = [
        {
            "id": r.pk, "order": r.order, "text": r.text, "type": r.type, "is_key": r.is_key, "horizon": r.horizon,
            "priority": r.priority, **{name: links[name].get(r.pk, []) for name in links},
        }
        for r in Recommendation.objects.filter(improvement_plan=plan).order_by("order", "pk")
    ]
    return data


def part(data: dict[str, Any] | None, key: str) -> Any:
    """One editable part of a snapshot: `general`, `barriers`, `good_practices` or `recommendation:<id>`."""
    if data is None:
        return None
    if key == GENERAL:
        return {name: data.get(name, "") for name in GENERAL_FIELDS}
    if key.startswith("recommendation:"):
        pk = int(key.split(":", 1)[1])
        return next((r for r in data.get(RECOMMENDATIONS, []) if r["id"] == pk), None)
    return data.get(key)


def _choice(choices: Any, value: str) -> str:
    return str(dict(choices).get(value, value or "—"))


def readable(data: dict[str, Any]) -> dict[str, Any]:
    """The snapshot as people read it: labels instead of codes, rich text as plain lines, names not ids."""
    def names(rows: list) -> str:
        return "; ".join(str(row[-1]) for row in rows) or "—"

    recommendations = [
        "\n".join([
            f"{r['order']}. {r['text']}",
            f"{_('Type')}: {_choice(Recommendation.Type.choices, r['type'])}"
            + (f" · {_('key recommendation')}" if r.get("is_key") else ""),
            f"{_('Horizon')}: {_choice(Recommendation.Horizon.choices, r.get('horizon', ''))}",
            f"{_('Priority')}: {_choice(Recommendation.Priority.choices, r.get('priority', ''))}",
            f"{_('Addressees')}: {names(r.get('addressees', []))}",
            f"{_('Barriers')}: {names(r.get('barriers', []))}",
            f"{_('Good practices')}: {names(r.get('good_practices', []))}",
        ])
        for r in data.get(RECOMMENDATIONS, [])
    ]
    return {
        "title": data.get("title", ""),
        "authors": data.get("authors", ""),
        "summary": data.get("summary", ""),
        "introduction": richtext.to_text(data.get("introduction", "")),
        BARRIERS: [f"{row[1]}: {row[2]}" for row in data.get(BARRIERS, [])],
        GOOD_PRACTICES: [row[1] for row in data.get(GOOD_PRACTICES, [])],
        RECOMMENDATIONS: recommendations,
    }


def fields() -> list[tuple[str, str]]:
    return [
        ("title", _("Title")), ("authors", _("Authors")), ("summary", _("Summary")),
        ("introduction", _("Introduction")), (BARRIERS, _("Barriers addressed")),
        (GOOD_PRACTICES, _("Good practices")), (RECOMMENDATIONS, _("Recommendations")),
    ]


def diff(old: dict[str, Any] | None, new: dict[str, Any] | None, *, old_label: str, new_label: str) -> list[FieldDiff]:
    return snapshot_diff(readable(old or {}), readable(new or {}), fields(), old_label=old_label, new_label=new_label)


def part_diff(key: str, old: dict[str, Any] | None, new: dict[str, Any] | None, **labels: str) -> list[FieldDiff]:
    """The diff limited to one part, for the concurrent-edit message."""
    result = diff(old, new, **labels)
    if key == GENERAL:
        return [d for d in result if d.key in GENERAL_FIELDS]
    if key.startswith("recommendation:"):
        return [d for d in result if d.key == RECOMMENDATIONS]
    return [d for d in result if d.key == key]
