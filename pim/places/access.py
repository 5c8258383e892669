"""Permission-checked fetches of registry objects for views and the API."""

from __future__ import annotations

from typing import Any

from pim.core.access import object_for_user
from pim.places.models import Participant


def get_participant_for_user(user: Any, slug: str, *, write: bool = False) -> Participant:
    queryset = Participant.objects.select_related("voivodeship", "parent")
    return object_for_user(user, queryset, write=write, slug=slug)
