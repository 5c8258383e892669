"""`manage.py bench`: time every public page and API list on a national-scale synthetic dataset.

`make bench` runs it once per backend (SQLite, then PostgreSQL with --append); see docs/performance.md.
"""

from __future__ import annotations

import logging
import os
import platform
import sqlite3
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import django
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.template import engines
from django.template.loaders.cached import Loader as CachedLoader
from django.test import Client
from django.test.utils import override_settings

from pim.portal.bench import events as events_scenario
from pim.portal.bench import measure, mid, report, synthetic
from pim.portal.bench import recommendations as recommendations_scenario
from pim.portal.bench.database import bench_database


@contextmanager
def _quiet(logger: logging.Logger) -> Iterator[None]:
    previous = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(previous)


class Command(BaseCommand):
    help = "Build (or reuse) the synthetic bench database, time the public pages and API lists, write var/bench.json."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--append", action="store_true", help="Keep other backends' rows in the JSON file.")
        parser.add_argument("--write-doc", action="store_true",
                            help="Only rewrite the figures section of docs/performance.md from the JSON file.")
        parser.add_argument("--requests", type=int, default=50, help="Timed requests per URL (default 50).")
        parser.add_argument("--warmup", type=int, default=5, help="Untimed requests per URL first (default 5).")
        parser.add_argument("--rebuild", action="store_true", help="Rebuild the bench databases even if current.")
        parser.add_argument("--only", action="append", default=[], metavar="TEXT",
                            help="Only URLs whose name contains TEXT (repeatable); the floor is always measured.")
        parser.add_argument("--no-small", action="store_true",
                            help="Skip the query counts on the small dataset.")
        parser.add_argument("--profile", action="store_true",
                            help="Print a cProfile of the selected URLs instead of timing them (use with --only).")
        parser.add_argument("--sql", action="store_true",
                            help="Print the SQL of one request to each selected URL instead of timing them.")
        parser.add_argument("--json", type=Path, default=None, help="Output file (default var/bench.json).")

    def handle(self, *args: Any, **options: Any) -> None:
        json_path = options["json"] or Path(settings.VAR_DIR) / "bench.json"
        doc_path = Path(settings.BASE_DIR) / "docs" / "performance.md"
        if options["write_doc"]:
            if not json_path.exists():
                raise CommandError(f"{json_path} does not exist yet: run `make bench` first.")
            report.write_doc(json_path, doc_path)
            self.stdout.write(f"Rewrote the figures in {doc_path} from {json_path}.")
            return
        # Production conditions: no query log, template engine rebuilt without debug (cached loader).
        # A failing page is summarised at the end; its full traceback in the log would bury the table.
        request_log = logging.getLogger("django.request")
        with override_settings(DEBUG=False), _quiet(request_log):
            engine = engines["django"].engine
            if engine.debug or not isinstance(engine.template_loaders[0], CachedLoader):
                raise CommandError("The template engine must run without debug and with the cached loader.")
            self._check_static()
            rows, failures = self._run(options)
        if options["profile"] or options["sql"]:
            return
        report.save(rows, json_path, append=options["append"], partial=bool(options["only"]))
        self.stdout.write("\n" + report.format_table(rows))
        self.stdout.write(f"\nWrote {len(rows)} rows to {json_path}" + (" (appended)." if options["append"] else "."))
        if failures:
            raise CommandError("These URLs could not be measured:\n  " + "\n  ".join(failures))

    def _check_static(self) -> None:
        try:
            staticfiles_storage.url("css/pim.css")
        except ValueError as exc:
            raise CommandError(f"Static files are not collected ({exc}); run `make static` first.") from exc

    def _targets(
        self, client: Client, only: list[str], *, quiet: bool = False, mid_size: mid.MidSize = mid.NATIONAL_MID,
        events_size: events_scenario.EventsSize = events_scenario.NATIONAL_EVENTS,
        rec_size: recommendations_scenario.RecommendationsSize = recommendations_scenario.NATIONAL_RECOMMENDATIONS,
    ) -> list[measure.Target]:
        api, skipped = measure.api_targets(client)
        for note in [] if quiet else skipped:
            self.stdout.write(f"  API left out: {note}")
        targets = measure.page_targets() + api
        if not only or any(text in "mid:" or "mid" in text for text in only):
            # The MID scenario: one big MID, added to the bench database once (see pim/portal/bench/mid.py).
            plan = mid.ensure_big_mid(mid_size)
            self._mid_pk: int | None = plan.pk
            targets += mid.targets(plan)
        if not only or any("events" in text for text in only):
            # The events scenario: 20,000 events, their attendance, LP members (see pim/portal/bench/events.py).
            events_scenario.ensure_events(events_size)
            targets += events_scenario.targets()
        if not only or any("rec" in text for text in only):
            # The recommendations scenario: 5,000 recommendations, 20,000 barriers, good practices
            # (see pim/portal/bench/recommendations.py).
            recommendations_scenario.ensure_recommendations(rec_size)
            targets += recommendations_scenario.targets()
        return [t for t in targets if not only or any(text in t.name for text in only)]

    def _exports(self, only: list[str]) -> tuple[list[measure.Measurement], list[str]]:
        """PDF and DOCX generation of the big MID, timed by calling the export functions directly."""
        names = [f"mid:export:{kind}" for kind, _name, _budget in mid.EXPORTS]
        if getattr(self, "_mid_pk", None) is None or (only and not any(t in name for name in names for t in only)):
            return [], []
        measurements, notes = mid.time_exports(self._mid_pk)
        for note in notes:
            self.stdout.write(f"  Export left out: {note}")
        return [m for m in measurements if not only or any(text in m.target.name for text in only)], notes

    def _run(self, options: dict[str, Any]) -> tuple[list[report.Row], list[str]]:
        vendor = connection.vendor
        self.stdout.write(self._environment())
        load = os.getloadavg()[0]
        small = {} if options["no_small"] or options["profile"] or options["sql"] else self._small_counts(options)
        rows: list[report.Row] = []
        failures: list[str] = []
        params = synthetic.NATIONAL
        with bench_database(params, rebuild=options["rebuild"], log=self.stdout.write) as db:
            client = Client()
            targets = self._targets(client, options["only"])
            if options["profile"] or options["sql"]:
                self._diagnose(client, targets, options)
                return rows, failures
            self.stdout.write(f"Timing {len(targets) + 1} URLs on {db.name}, {options['requests']} requests each…")
            floor_target = measure.floor_target()
            measurements, failed = measure.measure_many(
                client, [floor_target, *targets], requests=options["requests"], warmup=options["warmup"]
            )
            for target, exc in failed.items():
                where = traceback.extract_tb(exc.__traceback__)[-1]
                failures.append(
                    f"{target.name} {target.path}: {type(exc).__name__}: {exc} ({Path(where.filename).name}:{where.lineno})"
                )
            floor = next((m for m in measurements if m.target == floor_target), None)
            if floor is None:
                raise CommandError(f"The floor {floor_target.path} failed: {failures[0]}")
            exports, _notes = self._exports(options["only"])
            measurements += exports
            for m in measurements:
                rows.append(report.to_row(
                    m, backend=vendor, floor_p95=floor.p95_ms, queries_small=small.get(m.target.name),
                    dataset=params.describe(), load=load,
                ))
        return rows, failures

    def _small_counts(self, options: dict[str, Any]) -> dict[str, int]:
        """Each URL's query count on the small dataset, to compare with the national one."""
        counts: dict[str, int] = {}
        with bench_database(synthetic.SMALL, suffix="_small", rebuild=options["rebuild"], log=self.stdout.write):
            client = Client()
            for target in self._targets(client, options["only"], quiet=True, mid_size=mid.SMALL_MID,
                                          events_size=events_scenario.SMALL_EVENTS,
                                          rec_size=recommendations_scenario.SMALL_RECOMMENDATIONS):
                # A page that fails here fails again on the national data, where it is reported.
                try:
                    measure.get(measure.client_for(client, target), target.path)
                    counts[target.name] = measure.count_queries(client, target)
                except Exception:
                    continue
        return counts

    def _diagnose(self, client: Client, targets: list[measure.Target], options: dict[str, Any]) -> None:
        for target in targets:
            self.stdout.write(f"\n=== {target.name} {target.path} ({target.note})")
            if options["sql"]:
                lines = measure.sql_log(client, target)
                self.stdout.write(f"{len(lines)} queries, slowest first:")
                self.stdout.write("\n".join(lines))
            if options["profile"]:
                self.stdout.write(measure.profile(client, target))

    def _environment(self) -> str:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SHOW server_version")
                server = f"PostgreSQL {cursor.fetchone()[0]}"
        else:
            server = f"SQLite {sqlite3.sqlite_version}"
        return (
            f"{server}, Python {platform.python_version()}, Django {django.get_version()}, "
            f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}, DEBUG={settings.DEBUG}"
        )
