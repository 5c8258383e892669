"""Who may write Improvement Plans (PU) and their recommendations, and who answers them."""

from __future__ import annotations

from typing import Any

import rules

from pim.core.rules import is_public
from pim.programmes.rules import is_any_operator, ministry_liaison_for, operator_for, thematic_expert_for
from pim.recommendations.models import ImprovementPlan, Recommendation


def _plan(obj: Any) -> ImprovementPlan:
    return obj.improvement_plan if isinstance(obj, Recommendation) else obj


def _network_id(obj: Any) -> int:
    return _plan(obj).network_id


def _edition_id(obj: Any) -> int:
    return _plan(obj).network.edition_id


def _owner_ministry_id(obj: Any) -> int | None:
    # Until recommendations name their addressee, the edition's owner ministry receives the PU.
    return _plan(obj).network.edition.owner_id


is_pu_operator = operator_for(_edition_id, "is_pu_operator")
is_pu_network_expert = thematic_expert_for(_network_id, "is_pu_network_expert")
is_pu_ministry_liaison = ministry_liaison_for(_owner_ministry_id, "is_pu_ministry_liaison")

rules.add_perm("recommendations", is_any_operator)

for model in ("improvementplan", "recommendation"):
    rules.add_perm(f"recommendations.view_{model}", is_public)
    # The network's thematic expert drafts the PU and its recommendations with the cities.
    rules.add_perm(f"recommendations.add_{model}", is_pu_operator | is_pu_network_expert)
    rules.add_perm(f"recommendations.change_{model}", is_pu_operator | is_pu_network_expert)
    rules.add_perm(f"recommendations.delete_{model}", is_pu_operator)

rules.add_perm("recommendations.respond_recommendation", is_pu_operator | is_pu_ministry_liaison)
