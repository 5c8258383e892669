"""Version history: one version per saved change, readable diffs, restore as a new version."""

from __future__ import annotations

import copy

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from pim.plans import sections
from pim.plans.models import Action, ActionPlan, Indicator, Objective, PlanVersion, ProblemTreeNode
from pim.plans.services import (
    ConcurrentEditError,
    action_save,
    indicator_save,
    plan_section_save,
    plan_version_restore,
    version_diff,
)
from pim.plans.tests.base import MidTestCase

ROWS = {"context": "strategy_links", "problem_tree": "nodes", "stakeholders": "stakeholders",
        "objectives": "objectives", "actions": "actions", "communication": "items", "risks": "risks",
        "monitoring": "indicators", "barriers": "barriers"}
LINKS = [("problem_tree", "nodes", "parent", "problem_tree"), ("objectives", "objectives", "parent", "objectives"),
         ("actions", "actions", "objective", "objectives"), ("actions", "actions", "dependencies", "actions"),
         ("monitoring", "indicators", "action", "actions"), ("schedule", "rows", "action", "actions"),
         ("budget", "by_objective", "objective", "objectives")]


def content_without_ids(snapshot: dict) -> dict:
    """A snapshot with row ids (which a restore renews) replaced by the rows' list positions."""
    snapshot = copy.deepcopy(snapshot)
    position = {key: {row["id"]: i for i, row in enumerate(snapshot[key][rows])} for key, rows in ROWS.items()}
    for key, rows, name, target in LINKS:
        for row in snapshot[key][rows]:
            value = row.get(name)
            if isinstance(value, list):
                row[name] = sorted(position[target][v] for v in value)
            elif value is not None:
                row[name] = position[target][value]

    def strip(value):
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k != "id"}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    return strip(snapshot)


class VersionTestCase(MidTestCase):
    def save(self, section, data, *, by=None):
        return plan_section_save(plan=self.member_plan, section=section, data=data,
                                 expected_revision=self.member_plan.section_revisions()[section],
                                 by=by or self.member_officer)

    def build_rich_content(self):
        self.save("problem_tree", [{"kind": "core_problem", "text": "Wyspa ciepła", "ref": "c"},
                                   {"kind": "cause", "text": "Beton", "parent": "c"}])
        self.save("objectives", [{"kind": "general", "text": "Chłodniej", "ref": "g"},
                                 {"kind": "specific", "text": "Więcej drzew", "parent": "g"}])
        specific = Objective.objects.get(plan=self.member_plan, kind="specific")
        first = action_save(plan=self.member_plan, action_id=None, expected_revision=0, by=self.member_officer, data={
            "title": "Nasadzenia", "objective": specific.pk, "cost_estimate": "1000",
            "fundings": [{"source": "Budżet", "kind": "city_budget", "amount": "1000", "status": "secured"}],
        }).obj
        action_save(plan=self.member_plan, action_id=None, expected_revision=1, by=self.member_officer,
                    data={"title": "Pielęgnacja", "dependencies": [first.pk]})
        indicator_save(plan=self.member_plan, indicator_id=None, expected_revision=0, by=self.member_officer,
                       data={"name": "Liczba drzew", "action": first.pk, "baseline": "10", "target": "200"})


class VersionRecordTests(VersionTestCase):
    def test_each_save_records_the_next_version_with_the_whole_content(self):
        self.save("challenge", {"challenge_title": "Upał"})
        self.save("stakeholders", [{"name": "Rada Osiedla"}])
        self.save("challenge", {"challenge_title": "Upał w centrum"})
        versions = list(PlanVersion.objects.filter(plan=self.member_plan).order_by("number"))
        self.assertEqual([(v.number, v.section) for v in versions],
                         [(1, "challenge"), (2, "stakeholders"), (3, "challenge")])
        self.assertEqual(set(versions[1].snapshot), set(sections.SECTION_KEYS))
        self.assertEqual(versions[1].snapshot["challenge"]["challenge_title"], "Upał")
        self.assertEqual(versions[2].revisions["challenge"], 2)
        self.assertEqual(versions[2].revisions["stakeholders"], 1)


class VersionDiffTests(VersionTestCase):
    def test_the_diff_lists_only_changed_sections_as_readable_text(self):
        self.save("challenge", {"challenge_title": "Upał", "challenge_statement": "<p>Latem jest za gorąco.</p>"})
        self.save("stakeholders", [{"name": "Rada Osiedla", "influence": "high"}])
        self.save("challenge", {"challenge_statement": "<p>Latem jest za gorąco.</p><p>Brakuje cienia.</p>"})
        with translation.override("en"):
            diffs = version_diff(plan=self.member_plan, a=1, b=3)
        self.assertEqual([d.key for d in diffs], ["challenge", "stakeholders"])
        challenge = diffs[0].diff
        self.assertIn("--- v1", challenge)
        self.assertIn("+Brakuje cienia.", challenge)
        self.assertNotIn("<p>", challenge)
        self.assertIn("+1. Rada Osiedla", diffs[1].diff)
        self.assertIn("+   Influence: high", diffs[1].diff)

    def test_actions_funding_and_derived_budget_show_in_the_diff(self):
        self.build_rich_content()
        last = self.member_plan.versions.count()
        with translation.override("en"):
            keys = [d.key for d in version_diff(plan=self.member_plan, a=2, b=last)]
        self.assertEqual(keys, ["actions", "schedule", "budget", "monitoring"])

    def test_an_unknown_version_is_refused(self):
        self.save("challenge", {"challenge_title": "Upał"})
        with self.assertRaises(ValidationError):
            version_diff(plan=self.member_plan, a=1, b=9)


class RestoreTests(VersionTestCase):
    def test_restore_creates_a_new_version_with_the_old_content(self):
        self.build_rich_content()
        old = PlanVersion.objects.get(plan=self.member_plan, number=5)
        self.save("stakeholders", [{"name": "Później dodany"}])
        self.save("problem_tree", [{"kind": "core_problem", "text": "Inny problem"}])
        action_save(plan=self.member_plan, action_id=None, expected_revision=2, by=self.member_officer,
                    data={"title": "Trzecie"})
        saved = plan_version_restore(plan=self.member_plan, number=5, by=self.member_officer)
        self.assertEqual(saved.version.number, 9)
        self.assertEqual(saved.version.section, PlanVersion.RESTORE)
        self.assertEqual(PlanVersion.objects.filter(plan=self.member_plan).count(), 9)
        self.assertEqual(content_without_ids(saved.version.snapshot), content_without_ids(old.snapshot))
        self.assertEqual(content_without_ids(sections.serialise(self.member_plan)), content_without_ids(old.snapshot))

    def test_restored_rows_keep_their_links(self):
        self.build_rich_content()
        self.save("objectives", [])
        plan_version_restore(plan=self.member_plan, number=5, by=self.member_officer)
        cause = ProblemTreeNode.objects.get(plan=self.member_plan, kind="cause")
        self.assertEqual(cause.parent.kind, "core_problem")
        first, second = Action.objects.filter(plan=self.member_plan).order_by("order")
        self.assertEqual(first.objective.text, "Więcej drzew")
        self.assertEqual(first.objective.plan, self.member_plan)
        self.assertEqual(list(second.dependencies.all()), [first])
        self.assertEqual(Indicator.objects.get(plan=self.member_plan).action, first)
        self.assertEqual(first.fundings.get().source, "Budżet")

    def test_restore_bumps_the_revisions_a_concurrent_editor_started_from(self):
        self.save("stakeholders", [{"name": "A"}])
        self.save("stakeholders", [{"name": "B"}])
        loaded = self.member_plan.section_revisions()
        saved = plan_version_restore(plan=self.member_plan, number=1, by=self.coordinator)
        self.assertEqual(saved.revisions["stakeholders"], loaded["stakeholders"] + 1)
        self.assertEqual(saved.revisions["challenge"], loaded["challenge"])
        with self.assertRaises(ConcurrentEditError) as caught:
            plan_section_save(plan=self.member_plan, section="stakeholders", data=[{"name": "C"}],
                              expected_revision=loaded["stakeholders"], by=self.member_officer)
        self.assertEqual(caught.exception.changes[-1].version, saved.version.number)
        self.assertEqual(caught.exception.by, "Coordinator")

    def test_who_may_restore(self):
        self.save("challenge", {"challenge_title": "Upał"})
        self.assertServiceAllowedExactly(
            lambda user: plan_version_restore(plan=self.member_plan, number=1, by=user),
            {"coordinator", "member_officer"},
        )

    def test_restore_is_refused_for_a_frozen_mid_or_a_missing_version(self):
        self.save("challenge", {"challenge_title": "Upał"})
        with self.assertRaises(ValidationError):
            plan_version_restore(plan=self.member_plan, number=7, by=self.member_officer)
        plan = self.set_state(self.member_plan, ActionPlan.State.APPROVED)
        with self.assertRaises(ValidationError):
            plan_version_restore(plan=plan, number=1, by=self.member_officer)
        with self.assertRaises(PermissionDenied):
            plan_version_restore(plan=plan, number=1, by=self.expert)
