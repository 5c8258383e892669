"""Event models, split by sub-domain; import them from here (`from pim.events.models import Event`)."""

from pim.events.models.event import LIST_ORDER, Event, EventQuerySet
from pim.events.models.feed import CalendarFeedToken
from pim.events.models.records import AgendaItem, EventAttachment, EventOutcome
from pim.events.models.registration import Attendance, DelegationQuota, Registration

__all__ = [
    "LIST_ORDER",
    "AgendaItem",
    "Attendance",
    "CalendarFeedToken",
    "DelegationQuota",
    "Event",
    "EventAttachment",
    "EventOutcome",
    "EventQuerySet",
    "Registration",
]
