"""`manage.py load_example_mid`: the demo's fully worked example MID (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from pim.plans.checks import completeness
from pim.plans.example import example_mid_ensure


class Command(BaseCommand):
    help = "Create or reset the worked example MID of the demo city “Miasto Przykładowe (demo)”."

    def handle(self, *args: Any, **options: Any) -> None:
        result = example_mid_ensure()
        self.stdout.write(result.message)
        if result.plan is None:
            return
        failing = [check.key for check in completeness(result.plan) if not check.ok]
        self.stdout.write(f"Completeness: {'all checks pass' if not failing else 'failing: ' + ', '.join(failing)}.")
