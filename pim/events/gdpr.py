"""A person's registrations and attendance for the GDPR export, and what erasure drops (`pim.partnerships.gdpr`)."""

from __future__ import annotations

from typing import Any

from pim.events.models import Attendance, CalendarFeedToken, Registration
from pim.programmes.models import Person


def export_person(person: Person) -> dict[str, list[dict[str, Any]]]:
    registrations = Registration.objects.filter(person=person).select_related("event", "participant").order_by("pk")
    attendances = Attendance.objects.filter(person=person).select_related("event", "participant").order_by("pk")
    return {
        "registrations": [
            {"event": str(r.event), "event_id": r.event_id, "starts_on": r.event.starts_on,
             "city": r.participant.name if r.participant else None, "registered_at": r.created_at}
            for r in registrations
        ],
        "attendance": [
            {"event": str(a.event), "event_id": a.event_id, "starts_on": a.event.starts_on,
             "city": a.participant.name if a.participant else None, "checked_in_at": a.checked_in_at}
            for a in attendances
        ],
    }


def erase_person(person: Person) -> None:
    # The feed address names no one, but it still serves the person's meetings (online links included) to
    # whoever holds it; registrations and attendance stay for the counts, under the anonymised name.
    CalendarFeedToken.objects.filter(person=person).delete()
