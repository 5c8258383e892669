"""Permission-checked fetches of Improvement Plans and recommendations (style rule 3)."""

from __future__ import annotations

from typing import Any

from pim.core.access import object_for_user
from pim.recommendations.models import ImprovementPlan, Recommendation


def get_improvement_plan_for_user(user: Any, network_slug: str, *, write: bool = False) -> ImprovementPlan:
    # The permission predicates read the network's edition and its owner ministry: load them here.
    queryset = ImprovementPlan.objects.select_related("network__edition__owner")
    return object_for_user(user, queryset, write=write, network__slug=network_slug)


def get_recommendation_for_user(user: Any, pk: int, *, write: bool = False) -> Recommendation:
    queryset = Recommendation.objects.select_related("improvement_plan__network__edition__owner")
    return object_for_user(user, queryset, write=write, pk=pk)
