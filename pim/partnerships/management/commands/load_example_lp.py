"""`manage.py load_example_lp`: the demo's example Local Partnership for the example MID's city (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from pim.partnerships.example import example_lp_ensure


class Command(BaseCommand):
    help = "Create or reset the example Local Partnership of the demo city “Miasto Przykładowe (demo)”."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(example_lp_ensure().message)
