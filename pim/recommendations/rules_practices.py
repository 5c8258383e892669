"""Who may read and write good practices."""

from __future__ import annotations

from typing import Any

import rules

from pim.core.rules import is_public
from pim.programmes.rules import is_any_operator, operator_for, thematic_expert_for


def _practice_edition_id(practice: Any) -> int | None:
    if practice.edition_id is not None:
        return practice.edition_id
    return practice.network.edition_id if practice.network_id is not None else None


is_practice_operator = operator_for(_practice_edition_id, "is_practice_operator")
is_practice_network_expert = thematic_expert_for(lambda practice: practice.network_id, "is_practice_network_expert")

rules.add_perm("recommendations.view_goodpractice", is_public)
# The network's thematic expert records what the network's cities and study visits showed; the operator
# of the edition corrects any of them.
rules.add_perm("recommendations.add_goodpractice", is_practice_operator | is_practice_network_expert)
rules.add_perm("recommendations.change_goodpractice", is_practice_operator | is_practice_network_expert)
rules.add_perm("recommendations.delete_goodpractice", is_practice_operator)

# A practice outside any network is what the programme as a whole learnt: its operators record it.
rules.add_perm("recommendations.add_goodpractice_outside_network", is_any_operator)
