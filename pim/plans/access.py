"""Permission-checked fetches of MIDs for views and the API (style rule 3)."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from pim.core.access import object_for_user
from pim.plans.models import ActionPlan


def get_action_plan_for_user(
    user: Any, pk: int, *, write: bool = False, review: bool = False, content: bool = False
) -> ActionPlan:
    """The MID for reading, for its city team's writing (`write`), or for its expert's review (`review`).

    `content` also requires `plans.view_actionplan_draft`: the working content (sections, versions,
    comments), which follows the workflow state, unlike the public catalogue record.
    """
    queryset = ActionPlan.objects.select_related("edition", "network", "participant__voivodeship")
    plan = object_for_user(user, queryset, write=write, pk=pk)
    if review and not user.has_perm("plans.review_actionplan", plan):
        raise Http404
    if content and not user.has_perm("plans.view_actionplan_draft", plan):
        raise Http404
    return plan
