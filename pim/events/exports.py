"""Attendance lists of an event as CSV and PDF: one row per registered or checked-in person, and totals per city.

Names come from `programmes.Person` at export time, so an erased (anonymised) person shows as erased here too.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from pim.core.export import pdf as pdf_export
from pim.events.models import Attendance, Event, Registration


@dataclass(frozen=True, slots=True)
class AttendanceRow:
    person_id: int
    name: str
    organisation: str
    city: str
    registered: bool
    present: bool


@dataclass(frozen=True, slots=True)
class CityTotal:
    city: str
    registered: int
    present: int
    quota: int | None


def attendance_rows(event: Event) -> list[AttendanceRow]:
    """Registered people and walk-ins checked in, by city then name (two queries whatever the size)."""
    # Tuples, not model instances: building 300 people and cities with every column took longer than the queries.
    columns = ("person_id", "person__name", "person__organisation", "participant__name")
    present = {row[0]: row for row in Attendance.objects.filter(event=event).values_list(*columns)}
    rows = [
        AttendanceRow(person_id, name, organisation, city or "", True, present.pop(person_id, None) is not None)
        for person_id, name, organisation, city in Registration.objects.filter(event=event).values_list(*columns)
    ]
    rows += [
        AttendanceRow(person_id, name, organisation, city or "", False, True)
        for person_id, name, organisation, city in present.values()
    ]
    return sorted(rows, key=lambda r: (r.city == "", r.city, r.name.casefold(), r.person_id))


def city_totals(event: Event, rows: list[AttendanceRow]) -> list[CityTotal]:
    return _totals(event, ((row.city, row.registered, row.present) for row in rows))


def check_in_totals(
    event: Event, registrations: Iterable[Registration], present: Mapping[int, str],
) -> list[CityTotal]:
    """The per-city totals from what the attendance page has already loaded: one query (the quotas), not four.

    `present` maps each person checked in to the city they came with ("" for none); a walk-in (checked in
    without a registration) counts under that city, as in `attendance_rows`.
    """
    entries: list[tuple[str, bool, bool]] = []
    registered = set()
    for registration in registrations:
        city = registration.participant.name if registration.participant else ""
        entries.append((city, True, registration.person_id in present))
        registered.add(registration.person_id)
    entries += [(city, False, True) for person_id, city in present.items() if person_id not in registered]
    return _totals(event, entries)


def _totals(event: Event, entries: Iterable[tuple[str, bool, bool]]) -> list[CityTotal]:
    """Totals of (city, registered, present) entries, with every city that has a quota even if nobody came."""
    quotas = dict(event.quotas.values_list("participant__name", "places"))
    totals: dict[str, list[int]] = {}
    for city, registered, present in entries:
        counts = totals.setdefault(city, [0, 0])
        counts[0] += registered
        counts[1] += present
    for city in quotas:
        totals.setdefault(city, [0, 0])
    return [
        CityTotal(city or _("no city"), registered, present, quotas.get(city))
        for city, (registered, present) in sorted(totals.items(), key=lambda item: (item[0] == "", item[0]))
    ]


def filename(event: Event, extension: str) -> str:
    # ASCII only: a Content-Disposition header with Polish letters is not read the same by every browser.
    return f"{slugify(str(event))[:60] or 'event'}-{slugify(_('attendance list'))}.{extension}"


def _cell(value: str) -> str:
    # A spreadsheet would run a cell starting with "=", "+", "-" or "@" as a formula (CSV injection).
    return f"'{value}" if value[:1] in ("=", "+", "-", "@") else value


def attendance_csv(event: Event) -> str:
    """UTF-8 with a byte-order mark, so that spreadsheet programs read Polish letters right."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow([_("Name"), _("Organisation"), _("City"), _("Registered"), _("Present")])
    for row in attendance_rows(event):
        writer.writerow([_cell(row.name), _cell(row.organisation), _cell(row.city), _yes_no(row.registered),
                         _yes_no(row.present)])
    return out.getvalue()


def attendance_pdf(event: Event) -> bytes:
    rows = attendance_rows(event)
    return pdf_export.render_pdf("events/attendance_print.html", {
        "event": event, "rows": rows, "totals": city_totals(event, rows),
        "present_count": sum(r.present for r in rows), "generated_at": timezone.localtime(),
    })


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")
