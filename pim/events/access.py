"""Permission-checked fetches of events and their rows for views and the API (style rule 3)."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.shortcuts import get_object_or_404

from pim.core.access import object_for_user
from pim.events.models import Event, EventAttachment, Registration


def get_event_for_user(user: Any, pk: int, *, write: bool = False) -> Event:
    """The event if the user may see it, or organise it with `write=True`; 404 otherwise."""
    queryset = Event.objects.select_related("edition", "network", "host", "expert", "plan")
    return object_for_user(user, queryset, write=write, pk=pk)


def get_registration_for_user(user: Any, event_pk: int, pk: int) -> Registration:
    """A registration its organisers or the registered person may cancel; 404 for anyone else."""
    registration = get_object_or_404(
        Registration.objects.select_related("event", "person", "participant"), pk=pk, event_id=event_pk
    )
    is_own = user.is_authenticated and registration.person.user_id == user.pk
    if not (is_own or user.has_perm("events.change_event", registration.event)):
        raise Http404
    return registration


def get_attachment_for_user(user: Any, event_pk: int, pk: int) -> EventAttachment:
    """An attachment of an event the user may see."""
    event = get_event_for_user(user, event_pk)
    return get_object_or_404(event.attachments.all(), pk=pk)
