"""Snapshot diffs of versioned documents: changed fields only, rows readable, additions and removals marked."""

from __future__ import annotations

from pim.core.versioning import diff_lines, readable, snapshot_diff


def test_snapshot_diff_lists_only_changed_fields():
    old = {"goals": "Cel 1\nCel 2", "problems": "Smog", "actions": [{"title": "Audyt", "ends_on": "2026-05-01"}]}
    new = {"goals": "Cel 1\nCel 3", "problems": "Smog", "actions": [{"title": "Audyt", "ends_on": "2026-06-01"}]}
    diffs = snapshot_diff(old, new, [("problems", "P"), ("goals", "G"), ("actions", "A")], old_label="v1",
                          new_label="v2")
    assert [d.key for d in diffs] == ["goals", "actions"]
    assert ("del", "Cel 2") in diffs[0].lines and ("ins", "Cel 3") in diffs[0].lines
    assert ("ins", "ends_on: 2026-06-01") in diffs[1].lines


def test_readable_and_diff_lines_handle_missing_values():
    assert readable(None) == ""
    assert snapshot_diff({}, {"goals": "Nowy"}, [("goals", "G")], old_label="v1", new_label="v2")[0].lines[-1] == (
        "ins", "Nowy"
    )
    assert diff_lines("@@ -1 +1 @@\n same") == [("hunk", "@@ -1 +1 @@"), ("same", "same")]
