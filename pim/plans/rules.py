"""Who may read, write and review MIDs (action plans)."""

from __future__ import annotations

import rules

from pim.core.rules import is_public
from pim.programmes.rules import (
    is_any_operator,
    is_city_team_of_participant,
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
