"""Who may change events: the operator, the network's expert, the host city's team, the lead city's team."""

from __future__ import annotations

from typing import Any

import rules

from pim.core.rules import is_public
from pim.events.models import Event
from pim.programmes.rules import (
    city_team_for,
    is_any_operator,
    is_operator,
    is_thematic_expert_of_network,
    lead_city_team_for,
    lp_coordinator_for,
)


def _host_id(event: Any) -> int | None:
    return event.host_id


@rules.predicate
def is_lp_meeting(user: Any, event: Event | None) -> bool:
    return event is not None and event.kind == Event.Kind.LP_MEETING


is_city_team_of_host = city_team_for(_host_id, "is_city_team_of_host")
is_lp_coordinator_of_host = lp_coordinator_for(_host_id, "is_lp_coordinator_of_host")
# The lead city coordinates its network's schedule (domain.md §2: "network admin rights").
is_lead_city_team_of_event_network = lead_city_team_for(
    lambda event: event.network_id, "is_lead_city_team_of_event_network"
)

rules.add_perm("events", is_any_operator)

rules.add_perm("events.view_event", is_public)
rules.add_perm("events.add_event", is_operator)
rules.add_perm(
    "events.change_event",
    is_operator
    | is_thematic_expert_of_network
    | is_city_team_of_host
    | is_lead_city_team_of_event_network
    # The LP coordinator convenes the city's LP meetings and nothing else.
    | (is_lp_meeting & is_lp_coordinator_of_host),
)
rules.add_perm("events.delete_event", is_operator)
