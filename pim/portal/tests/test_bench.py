"""The code behind `manage.py bench`, at tiny scale in the test database, so the bench cannot rot between runs."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from django.db import connection
from django.test import TestCase

from pim.events.models import Event
from pim.places.models import Participant
from pim.plans.models import ActionPlan
from pim.portal.bench import events, measure, mid, report, synthetic
from pim.portal.bench.database import fingerprint, read_marker, write_marker
from pim.programmes.models import Membership, ThematicNetwork

ROW_KEYS = {"name": str, "backend": str, "p50_ms": float, "p95_ms": float, "queries": int}


class SyntheticDatasetTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.counts = synthetic.build(synthetic.SMALL)

    def test_builds_the_requested_sizes(self) -> None:
        small = synthetic.SMALL
        networks = small.editions * small.networks_per_edition
        self.assertEqual(self.counts["ThematicNetwork"], networks)
        self.assertEqual(self.counts["Membership"], networks * small.members_per_network)
        self.assertGreaterEqual(self.counts["Participant"], small.participants)
        self.assertEqual(small.describe(), f"30 participants, 2 editions, {networks} networks, 32 memberships")

    def test_every_record_is_marked_synthetic(self) -> None:
        self.assertFalse(Participant.objects.filter(is_demo=False).exists())
        self.assertFalse(Membership.objects.filter(is_demo=False).exists())
        self.assertTrue(all(name.startswith("Syntetyczn") for name in Participant.objects.values_list("name", flat=True)))

    def test_coordinates_stay_inside_poland(self) -> None:
        south, north, west, east = synthetic.POLAND_BBOX
        for lat, lon in Participant.objects.filter(latitude__isnull=False).values_list("latitude", "longitude"):
            self.assertTrue(south <= lat <= north and west <= lon <= east, (lat, lon))

    def test_page_targets_pick_the_heaviest_objects(self) -> None:
        targets = {t.name: t for t in measure.page_targets()}
        self.assertEqual(targets["page:network"].note, f"{synthetic.SMALL.members_per_network} members")
        # Participant 0 joins every network: the "participant with many memberships" page.
        self.assertEqual(targets["page:participant"].note, f"{ThematicNetwork.objects.count()} memberships")
        self.assertIn("?voivodeship=", targets["page:participant_list_filtered"].path)

    def test_api_targets_are_get_lists_without_parameters(self) -> None:
        targets, _skipped = measure.api_targets(self.client)
        self.assertTrue(targets)
        for target in targets:
            self.assertTrue(target.name.startswith("api:"), target)
            self.assertNotIn("{", target.path)

    def test_measurement_rows_have_the_documented_shape(self) -> None:
        floor = measure.measure(self.client, measure.floor_target(), requests=3, warmup=1)
        home = measure.measure(self.client, measure.Target("page:home", "/"), requests=3, warmup=1)
        self.assertEqual(floor.queries, 0)
        rows = [
            report.to_row(m, backend=connection.vendor, floor_p95=floor.p95_ms, queries_small=m.queries,
                          dataset=synthetic.SMALL.describe())
            for m in (floor, home)
        ]
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "bench.json"
            report.save([{**rows[0], "backend": "other"}], path, append=False)
            report.save(rows, path, append=True)
            saved = json.loads(path.read_text())
            # A partial run (--only) replaces its own rows and keeps the rest.
            report.save([{**rows[1], "p50_ms": 99.0}], path, append=False, partial=True)
            after_partial = json.loads(path.read_text())
            doc = Path(tmp) / "performance.md"
            doc.write_text(f"# Performance\n\nMethod.\n\n{report.DOC_START}\nold\n{report.DOC_END}\n\nAfter.\n")
            report.write_doc(path, doc)
            text = doc.read_text()
        self.assertEqual([(r["name"], r["backend"]) for r in saved], [
            ("floor:healthz", "other"), ("floor:healthz", connection.vendor), ("page:home", connection.vendor)
        ])
        for row in saved:
            for key, kind in ROW_KEYS.items():
                self.assertIsInstance(row[key], kind, key)
        self.assertEqual(saved[1]["requests"], 3)
        self.assertEqual(len(after_partial), 3)
        self.assertEqual(after_partial[-1]["p50_ms"], 99.0)
        self.assertIn("| `page:home` |", text)
        self.assertNotIn("\nold\n", text)
        self.assertTrue(text.startswith("# Performance\n\nMethod.") and text.endswith("After.\n"))
        self.assertIn("page:home", report.format_table(rows))

    def test_percentile_is_nearest_rank(self) -> None:
        values = [float(v) for v in range(1, 51)]
        self.assertEqual(measure.percentile(values, 95), 48.0)
        self.assertEqual(measure.percentile([7.0], 95), 7.0)

    def test_marker_records_what_built_the_database(self) -> None:
        self.assertIsNone(read_marker())
        write_marker(fingerprint(synthetic.SMALL))
        self.assertEqual(read_marker(), fingerprint(synthetic.SMALL))
        self.assertNotEqual(fingerprint(synthetic.SMALL), fingerprint(synthetic.NATIONAL))

    def test_the_mid_scenario_adds_one_big_mid_and_times_its_urls(self) -> None:
        size = mid.MidSize(actions=3, indicators=4, values_per_indicator=2)
        plan = mid.ensure_big_mid(size)
        self.assertEqual(mid.ensure_big_mid(size), plan)  # idempotent: a reused database gets it once
        self.assertEqual(ActionPlan.objects.filter(title=size.title).count(), 1)
        self.assertEqual((plan.actions.count(), plan.indicators.count()), (3, 4))
        self.assertEqual(plan.state, ActionPlan.State.APPROVED)
        targets = mid.targets(plan)
        self.assertEqual(targets[0].budget_ms, mid.PAGE_BUDGET_MS)
        # The follow-up page answers only its authors: timed as the city team (a 403/404 fails the bench).
        team = {t.name for t in targets if t.user == mid.TEAM_USERNAME}
        self.assertEqual(team, {"mid:page:team", "mid:followup:team", "mid:history:team"})
        self.assertEqual(len(mid.targets(plan)), len(targets))  # the team member is created once
        for target in targets:
            with self.subTest(target=target.name):
                self.assertTrue(target.name.startswith("mid:"))
                measured = measure.measure(self.client, target, requests=2, warmup=1)
                self.assertGreater(measured.size_bytes, 0)
        row = report.to_row(measured, backend="x", floor_p95=1.0, queries_small=None, dataset="d")
        self.assertEqual(row["budget_ms"], measure.BUDGET_MS)
        # Exports are timed when pim.plans.exports has them, else left out with a note; never a crash.
        measurements, notes = mid.time_exports(plan.pk, runs=1)
        self.assertGreaterEqual(len(measurements) + len(notes), len(mid.EXPORTS) if not measurements else 1)
        for m in measurements:
            self.assertEqual(m.target.budget_stat, "p50")

    def test_the_events_scenario_times_its_readers_pages(self) -> None:
        events.ensure_events(events.SMALL_EVENTS)
        events.ensure_events(events.SMALL_EVENTS)  # idempotent: the workshop too is added once
        self.assertEqual(Event.objects.filter(title=events.WORKSHOP_TITLE).count(), 1)
        targets = {t.name: t for t in events.targets()}
        readers = {name: t for name, t in targets.items() if t.user}
        self.assertEqual(set(readers), {"events:lp:members", "events:event:registrations", "events:event:attendance",
                                        "events:event:attendance_csv"})
        self.assertEqual(readers["events:lp:members"].user, events.LP_TEAM_USERNAME)
        self.assertEqual(readers["events:event:attendance_csv"].budget_ms, events.CSV_BUDGET_MS)
        # The workshop is the event with the most attendance: 11 of 12 registered, and 2 walk-ins.
        self.assertIn("12 registered, 13 present", readers["events:event:attendance"].note)
        self.assertEqual(len(events.targets()), len(targets))  # the readers are created once
        for target in readers.values():
            with self.subTest(target=target.name):
                # A 403/404 (a reader who may not see the page) raises BenchError instead of timing it.
                measured = measure.measure(self.client, target, requests=2, warmup=1)
                self.assertGreater(measured.size_bytes, 0)
        lp = readers["events:lp:members"]
        self.assertTrue(measure.client_for(self.client, lp).get(lp.path).context["can_see_members"])
        csv = measure.client_for(self.client, readers["events:event:attendance_csv"]).get(
            readers["events:event:attendance_csv"].path
        )
        self.assertEqual(csv.content.decode("utf-8-sig").count("\n"), 1 + 14)  # the header, then one row each

    def test_a_row_is_held_to_its_own_budget_and_statistic(self) -> None:
        row = {"p50_ms": 900.0, "p95_ms": 1200.0, "budget_ms": 1000.0, "budget_stat": "p50"}
        self.assertEqual(report.verdict(row), "OK")
        self.assertEqual(report.budget_label(row), "p50 ≤ 1000 ms")
        self.assertEqual(report.verdict({**row, "budget_stat": "p95"}), "OVER")
        self.assertEqual(report.budget_label({"p95_ms": 1.0}), "")
