"""The one way views and the API fetch an object: by lookup, then through the `rules` permission."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_permission_codename
from django.db.models import Model, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404


def perm_name(opts: Any, action: str) -> str:
    """`"<app_label>.<action>_<model>"`, the name `rules.add_perm` registers for a model's action."""
    return f"{opts.app_label}.{get_permission_codename(action, opts)}"


def object_for_user[M: Model](user: Any, queryset: QuerySet[M], *, write: bool = False, **lookup: Any) -> M:
    """The object, if the user may view it (or change it, with `write=True`); 404 otherwise.

    An outsider gets the same 404 as for a missing object, so the answer does not reveal what exists.
    """
    obj = get_object_or_404(queryset, **lookup)
    if not user.has_perm(perm_name(obj._meta, "change" if write else "view"), obj):
        raise Http404
    return obj
