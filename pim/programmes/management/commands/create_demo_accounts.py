"""`manage.py create_demo_accounts`: one account per role with a known password (never in production)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from pim.programmes.demo_accounts import demo_accounts_ensure


class Command(BaseCommand):
    help = "Create or repair the demo accounts (one per role) and print their user names and passwords."

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError(
                "Refusing to create demo accounts: DJANGO_PRODUCTION=1, and their passwords are public."
            )
        accounts = demo_accounts_ensure()
        changed = [a for a in accounts if a.changes]
        for account in changed:
            self.stdout.write(f"{account.username}: {'; '.join(account.changes)}")
        if not changed:
            self.stdout.write(f"All {len(accounts)} demo accounts are up to date.")
        rows = [("user name", "password", "role", "for")] + [
            (a.username, a.password, a.role, a.scope) for a in accounts
        ]
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        for n, row in enumerate(rows):
            self.stdout.write("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
            if n == 0:
                self.stdout.write("  ".join("-" * width for width in widths))
