"""Permission-checked fetches of Improvement Plans, recommendations and the barrier register (style rule 3)."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from pim.core.access import object_for_user
from pim.programmes.models import ThematicNetwork
from pim.recommendations.models import Barrier, ImprovementPlan, Recommendation

CONTENT = "recommendations.view_improvementplan_content"
HISTORY = "recommendations.view_improvementplan_history"


def get_improvement_plan_for_user(
    user: Any, network_slug: str, *, write: bool = False, content: bool = False, history: bool = False
) -> ImprovementPlan:
    """The network's PU; `content` also requires reading its content (drafts are the network's business),
    `history` reading its versions and workflow steps (which name people)."""
    # The permission predicates read the network's edition and its owner ministry: load them here.
    queryset = ImprovementPlan.objects.select_related("network__edition__owner", "handed_over_to")
    plan = object_for_user(user, queryset, write=write, network__slug=network_slug)
    if content and not user.has_perm(CONTENT, plan):
        raise Http404
    if history and not user.has_perm(HISTORY, plan):
        raise Http404
    return plan


def get_recommendation_for_user(user: Any, pk: int, *, write: bool = False) -> Recommendation:
    queryset = Recommendation.objects.select_related("improvement_plan__network__edition__owner").prefetch_related(
        "addressees"
    )
    return object_for_user(user, queryset, write=write, pk=pk)


def get_network_register_for_user(user: Any, network_slug: str, *, write: bool = False) -> ThematicNetwork:
    """The network whose barrier register the user may read (or, with `write`, add to and merge)."""
    network = ThematicNetwork.objects.select_related("edition").filter(slug=network_slug).first()
    perm = "recommendations.change_barrier" if write else "recommendations.view_barrier"
    if network is None or not user.has_perm(perm, network):
        raise Http404
    return network


def get_barrier_for_user(user: Any, pk: int, *, write: bool = False) -> Barrier:
    return object_for_user(user, Barrier.objects.select_related("network__edition"), write=write, pk=pk)


def get_good_practice_for_user(user: Any, pk: int, *, write: bool = False) -> Any:
    """A good practice (public to read; its network's experts and the operator write it)."""
    from pim.recommendations.models import GoodPractice  # noqa: PLC0415 (appended to a shared module)

    queryset = GoodPractice.objects.select_related("participant", "network__edition", "edition", "plan")
    return object_for_user(user, queryset, write=write, pk=pk)
