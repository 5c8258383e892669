"""`manage.py load_pim_history [--file PATH]`: validate the PIM history data file, then load it."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from pim.portal.history import HistoryFileInvalid, default_history_path, load_history


class Command(BaseCommand):
    help = _(
        "Load the real PIM history from the data file. The whole file is checked first; a bad file "
        "changes nothing. Safe to run again: records are matched on their natural keys."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--file", default=None,
            help=_("Path of the data file (default: %(path)s).") % {"path": default_history_path()},
        )

    def handle(self, *args: Any, file: str | None = None, **options: Any) -> None:
        path = file or default_history_path()
        try:
            result = load_history(path)
        except HistoryFileInvalid as exc:
            for problem in exc.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                _("%(count)d problem(s) in %(path)s; nothing was loaded.") % {"count": len(exc.problems), "path": path}
            ) from exc
        for name, counts in result.counts.items():
            self.stdout.write(
                _("%(name)s: %(created)d created, %(updated)d updated, %(unchanged)d unchanged")
                % {"name": name, "created": counts["created"], "updated": counts["updated"],
                   "unchanged": counts["unchanged"]}
            )
        self.stdout.write(_("PIM history loaded from %(path)s.") % {"path": path})
