"""Who may read, write and review MIDs (action plans)."""

from __future__ import annotations

from typing import Any

import rules

from pim.core.rules import is_authenticated, is_public
from pim.programmes.rules import (
    is_any_operator,
    is_city_team_of_participant,
    is_lp_coordinator_of_participant,
    is_lp_member_of_participant,
    is_operator,
    is_thematic_expert_of_network,
)

rules.add_perm("plans", is_any_operator)

rules.add_perm("plans.view_actionplan", is_public)
rules.add_perm("plans.add_actionplan", is_operator)
# The city team writes its own city's MID; the operator can correct any MID of their edition.
rules.add_perm("plans.change_actionplan", is_operator | is_city_team_of_participant)
rules.add_perm("plans.delete_actionplan", is_operator)
# The network's thematic expert reviews the MIDs of the network's cities.
rules.add_perm("plans.review_actionplan", is_operator | is_thematic_expert_of_network)


# The MID's working content (sections, versions, comments) follows its workflow state: the city team, the
# network's expert and the operator always see it; during consultation the city's LP coordinator and the
# LP's members with an account (invited through pim.partnerships) too, and everyone when the city opened
# the consultation to the public; from approval on it is public.
# `plans.view_actionplan` above stays the public catalogue record (title, city, state) the portal lists.
@rules.predicate
def is_in_consultation(user: Any, plan: Any) -> bool:
    return plan is not None and plan.state == plan.State.CONSULTATION


@rules.predicate
def is_content_public(user: Any, plan: Any) -> bool:
    if plan is None:
        return False
    return plan.state in plan.PUBLIC_STATES or (plan.state == plan.State.CONSULTATION and plan.public_consultation)


@rules.predicate
def is_open_to_public_comments(user: Any, plan: Any) -> bool:
    return plan is not None and plan.state == plan.State.CONSULTATION and plan.public_consultation


@rules.predicate
def is_historical_record(user: Any, plan: Any) -> bool:
    return plan is not None and plan.state == plan.State.PUBLISHED


is_plan_team = is_operator | is_city_team_of_participant
is_plan_reviewer = is_operator | is_thematic_expert_of_network
# The city's Local Partnership: its coordinator and its members with a light account.
is_plan_lp = is_lp_coordinator_of_participant | is_lp_member_of_participant

rules.add_perm(
    "plans.view_actionplan_draft",
    is_plan_team | is_thematic_expert_of_network | (is_plan_lp & is_in_consultation) | is_content_public,
)
# Comments that need no moderation: the team and the expert at any time (replies included), the city's
# LP coordinator and LP members during consultation. Historical records take no comments.
rules.add_perm(
    "plans.comment_actionplan",
    ~is_historical_record & (is_plan_team | is_thematic_expert_of_network | (is_plan_lp & is_in_consultation)),
)
# Anyone with an account during a public consultation; such comments wait for moderation.
rules.add_perm("plans.comment_actionplan_public", is_authenticated & is_open_to_public_comments)
rules.add_perm("plans.moderate_actionplan", is_plan_team)
rules.add_perm("plans.resolve_actionplan_comment", is_plan_team | is_thematic_expert_of_network)
rules.add_perm("plans.report_actionplan", is_plan_team)
rules.add_perm("plans.score_actionplan_expert", is_plan_reviewer)
rules.add_perm("plans.score_actionplan_city", is_plan_team)
# The reviewing expert is chosen by the operator or by the network's experts among themselves.
rules.add_perm("plans.assign_actionplan_expert", ~is_historical_record & is_plan_reviewer)
