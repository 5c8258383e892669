"""Permission-checked fetches of programme objects for views and the API (style rule 3).

Public records (editions, networks) come back to everyone for reading; `write=True` asks for the change
permission instead, and an outsider gets 404, as for a missing object.
"""

from __future__ import annotations

from typing import Any

from pim.core.access import object_for_user
from pim.programmes.models import Edition, Person, ThematicNetwork


def get_edition_for_user(user: Any, slug: str, *, write: bool = False) -> Edition:
    queryset = Edition.objects.select_related("programme", "owner", "strategic_partner")
    return object_for_user(user, queryset, write=write, slug=slug)


def get_network_for_user(user: Any, slug: str, *, write: bool = False) -> ThematicNetwork:
    queryset = ThematicNetwork.objects.select_related("edition__programme", "edition__owner")
    return object_for_user(user, queryset, write=write, slug=slug)


def get_person_for_user(user: Any, pk: int, *, write: bool = False) -> Person:
    queryset = Person.objects.select_related("user")
    return object_for_user(user, queryset, write=write, pk=pk)
