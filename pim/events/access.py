"""Permission-checked fetches of events for views and the API (style rule 3)."""

from __future__ import annotations

from typing import Any

from pim.core.access import object_for_user
from pim.events.models import Event


def get_event_for_user(user: Any, pk: int, *, write: bool = False) -> Event:
    queryset = Event.objects.select_related("edition", "network", "host")
    return object_for_user(user, queryset, write=write, pk=pk)
