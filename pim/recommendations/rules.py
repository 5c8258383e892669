"""Who may read and write Improvement Plans (PU), the barrier register and recommendations, and who answers them.

- The PU's content (introduction, barriers, recommendations) is public from `final` on; before that the
  network's thematic experts, the operator and the city teams of the network's current member cities read it.
- The city teams comment on the PU during consultation; the network's experts and the operator write the PU, its recommendations and the barrier register; only the
  operator hands the PU over and sets the response deadline.
- A recommendation is answered by the ministry liaisons of its addressee institutions, each for their own
  institution. A recommendation with no addressee (the historical ones) falls back to the edition's owner
  ministry, which received the whole PU. The operator may record a response on an addressee's behalf.
"""

from __future__ import annotations

from typing import Any

import rules

from pim.core.rules import is_public
from pim.programmes.models import ThematicNetwork
from pim.programmes.rules import (
    is_any_operator,
    member_network_ids,
    operator_for,
    thematic_expert_for,
    user_roles,
)
from pim.recommendations.models import Barrier, ImprovementPlan, Recommendation


def _plan(obj: Any) -> ImprovementPlan:
    return obj.improvement_plan if isinstance(obj, Recommendation) else obj


def _network(obj: Any) -> ThematicNetwork:
    if isinstance(obj, ThematicNetwork):
        return obj
    return _plan(obj).network


def _network_id(obj: Any) -> int:
    if isinstance(obj, ThematicNetwork):
        return obj.pk
    if isinstance(obj, Barrier | ImprovementPlan):
        return obj.network_id
    return _plan(obj).network_id


def _edition_id(obj: Any) -> int:
    return _network(obj).edition_id


def addressee_ids(recommendation: Recommendation) -> set[int]:
    """The institutions that answer the recommendation: its addressees, else the edition's owner ministry.

    Reads `addressees` through the prefetch cache when the caller prefetched it (the accessors do).
    """
    ids = {institution.pk for institution in recommendation.addressees.all()}
    if ids:
        return ids
    owner = recommendation.improvement_plan.network.edition.owner_id
    return {owner} if owner else set()


def may_answer_for(user: Any, recommendation: Recommendation, institution_id: int) -> bool:
    """Whether `user` may record `institution_id`'s response: an addressee's own liaison, or the operator."""
    if not user.has_perm("recommendations.respond_recommendation", recommendation):
        return False
    if institution_id not in addressee_ids(recommendation):
        return False
    return is_pu_operator(user, recommendation) or institution_id in user_roles(user).ministry_institutions


is_pu_operator = operator_for(_edition_id, "is_pu_operator")
is_pu_network_expert = thematic_expert_for(_network_id, "is_pu_network_expert")


@rules.predicate
def is_pu_network_city_team(user: Any, obj: Any = None) -> bool:
    networks = member_network_ids(user)
    return bool(networks) if obj is None else _network_id(obj) in networks


@rules.predicate
def is_pu_addressee_liaison(user: Any, recommendation: Any = None) -> bool:
    institutions = user_roles(user).ministry_institutions
    if recommendation is None or not institutions:
        return bool(institutions)
    return bool(institutions & addressee_ids(recommendation))


@rules.predicate
def is_pu_content_public(user: Any, obj: Any = None) -> bool:
    return obj is not None and _plan(obj).state in ImprovementPlan.PUBLIC_STATES


@rules.predicate
def is_pu_editable(user: Any, obj: Any = None) -> bool:
    return obj is not None and _plan(obj).state in ImprovementPlan.EDITABLE_STATES


@rules.predicate
def is_pu_handed_over(user: Any, obj: Any = None) -> bool:
    return obj is not None and _plan(obj).state in ImprovementPlan.ANSWERABLE_STATES


@rules.predicate
def is_pu_in_consultation(user: Any, obj: Any = None) -> bool:
    return obj is not None and _plan(obj).state == ImprovementPlan.State.CONSULTATION


is_pu_writer = is_pu_operator | is_pu_network_expert
is_pu_reader = is_pu_writer | is_pu_network_city_team

rules.add_perm("recommendations", is_any_operator)

# The catalogue record (network, state, title) is public, like a MID's; the content follows the state.
rules.add_perm("recommendations.view_improvementplan", is_public)
rules.add_perm("recommendations.view_improvementplan_content", is_pu_reader | is_pu_content_public)
rules.add_perm("recommendations.view_recommendation", is_pu_reader | is_pu_content_public)
# Versions and workflow steps name the people who made them: the network's business even after `final`.
rules.add_perm("recommendations.view_improvementplan_history", is_pu_reader)
for model in ("improvementplan", "recommendation"):
    rules.add_perm(f"recommendations.add_{model}", is_pu_writer)
    rules.add_perm(f"recommendations.change_{model}", is_pu_writer)
    rules.add_perm(f"recommendations.delete_{model}", is_pu_operator)
# Content edits (and restoring a version) only while the PU is drafted or consulted.
rules.add_perm("recommendations.edit_improvementplan", is_pu_writer & is_pu_editable)
# The network's cities comment during consultation; the authors answer while the PU is drafted or consulted.
rules.add_perm(
    "recommendations.comment_improvementplan",
    (is_pu_network_city_team & is_pu_in_consultation) | (is_pu_writer & is_pu_editable),
)
rules.add_perm("recommendations.hand_over_improvementplan", is_pu_operator)
rules.add_perm("recommendations.set_due_date_recommendation", is_pu_operator)
rules.add_perm(
    "recommendations.respond_recommendation", is_pu_handed_over & (is_pu_operator | is_pu_addressee_liaison)
)

# The register is the network's working material: its experts, the operator and its cities read it.
rules.add_perm("recommendations.view_barrier", is_pu_reader)
rules.add_perm("recommendations.add_barrier", is_pu_writer)
rules.add_perm("recommendations.change_barrier", is_pu_writer)
rules.add_perm("recommendations.delete_barrier", is_pu_operator)

from pim.recommendations import rules_practices  # noqa: E402, F401  (registers the good-practice rules)
