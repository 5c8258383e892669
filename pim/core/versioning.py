"""Versioned documents other than the MID (network roadmap, Improvement Plan): full snapshots and readable diffs.

A document keeps every saved state as a numbered snapshot of plain data (a dict of field → text, or of
field → list of row dicts). Any two snapshots compare field by field as a unified diff of readable text,
rendered with `templates/_diff.html`. Restoring an old version saves its snapshot as a new version, so
the history only grows. The MID has its own, section-aware versions (`pim.plans`), built before this one.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentVersion(models.Model):
    """One saved state of a document; concrete subclasses add the foreign key to their document."""

    number = models.PositiveIntegerField(_("number"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    snapshot = models.JSONField(_("content"), default=dict)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"v{self.number}"


# Version numbers are PositiveIntegerFields: a larger number from a query string can name no version, and
# SQLite refuses to bind integers past 64 bits instead of finding nothing.
MAX_VERSION_NUMBER = 2**31 - 1


def version_pair(query: Mapping[str, str]) -> tuple[int, int] | None:
    """The two version numbers `a` and `b` of a compare link, or None when either is not a valid number."""
    numbers = []
    for key in ("a", "b"):
        value = query.get(key, "")
        if not value.isdigit() or not 1 <= int(value) <= MAX_VERSION_NUMBER:
            return None
        numbers.append(int(value))
    return numbers[0], numbers[1]


@dataclass(frozen=True)
class FieldDiff:
    key: str
    label: Any
    lines: list[tuple[str, str]]  # (kind, text): kind is ins, del, hunk or same, for <ins>/<del> markup


def readable(value: Any) -> str:
    """A snapshot value as lines of text: rows become one block per row, `key: value` per line."""
    if value is None:
        return ""
    if isinstance(value, Mapping):
        return "\n".join(f"{key}: {readable(item)}" for key, item in value.items())
    if isinstance(value, list | tuple):
        return "\n\n".join(readable(item) for item in value)
    return str(value)


def text_diff(before: str, after: str, *, before_label: str, after_label: str) -> str:
    """A unified diff of two texts, line by line; empty when they are equal."""
    lines = difflib.unified_diff(
        before.splitlines(), after.splitlines(), fromfile=before_label, tofile=after_label, lineterm=""
    )
    return "\n".join(lines)


def diff_lines(diff: str) -> list[tuple[str, str]]:
    """A unified diff as (kind, line) pairs: `ins`, `del`, `hunk` or `same`, for <ins>/<del> markup."""
    result = []
    for line in diff.splitlines():
        if line.startswith(("+++", "---")):
            continue
        if line.startswith("@@"):
            result.append(("hunk", line))
        elif line.startswith("+"):
            result.append(("ins", line[1:]))
        elif line.startswith("-"):
            result.append(("del", line[1:]))
        else:
            result.append(("same", line[1:] if line.startswith(" ") else line))
    return result


def snapshot_diff(
    old: Mapping[str, Any], new: Mapping[str, Any], fields: Iterable[tuple[str, Any]], *, old_label: str,
    new_label: str,
) -> list[FieldDiff]:
    """The fields (key, label) that differ between two snapshots, each with its diff lines."""
    result = []
    for key, label in fields:
        diff = text_diff(readable(old.get(key)), readable(new.get(key)), before_label=old_label, after_label=new_label)
        if diff:
            result.append(FieldDiff(key=key, label=label, lines=diff_lines(diff)))
    return result
