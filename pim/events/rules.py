"""Who organises, sees and registers for events.

Organisers by level (product.md §3, domain.md §2): the edition's operator organises every event of the
edition; a network event is also organised by the network's thematic experts and its lead city's team; an LP
meeting by the host city's team and its LP coordinator; an individual advisory by the network's expert and
the advised city's team. Organisers manage the registrations, the attendance, the agenda, minutes, outcomes
and attachments.

A public event is seen by everyone; a private one by its organisers, the host city's team and LP members,
and the people registered for it. Registration and attendance lists name people, so only organisers see
them.
"""

from __future__ import annotations

from typing import Any

import rules

from pim.events.models import Event
from pim.programmes.models import Membership
from pim.programmes.rules import (
    city_team_for,
    is_any_operator,
    lead_city_team_for,
    lp_coordinator_for,
    lp_member_for,
    operator_for,
    thematic_expert_for,
    user_roles,
)


def _edition_id(event: Any) -> int | None:
    return event.edition_id


def _network_id(event: Any) -> int | None:
    return event.network_id


def _host_id(event: Any) -> int | None:
    return event.host_id


is_operator_of_event = operator_for(_edition_id, "is_operator_of_event")
is_expert_of_event_network = thematic_expert_for(_network_id, "is_expert_of_event_network")
# The lead city coordinates its network's schedule (domain.md §2: "network admin rights").
is_lead_city_team_of_event_network = lead_city_team_for(_network_id, "is_lead_city_team_of_event_network")
is_city_team_of_host = city_team_for(_host_id, "is_city_team_of_host")
is_lp_coordinator_of_host = lp_coordinator_for(_host_id, "is_lp_coordinator_of_host")
is_lp_member_of_host = lp_member_for(_host_id, "is_lp_member_of_host")


@rules.predicate
def is_public_event(user: Any, event: Event | None) -> bool:
    return event is not None and event.is_public


@rules.predicate
def is_lp_meeting(user: Any, event: Event | None) -> bool:
    return event is not None and event.kind == Event.Kind.LP_MEETING


@rules.predicate
def is_advisory(user: Any, event: Event | None) -> bool:
    return event is not None and event.kind == Event.Kind.INDIVIDUAL_ADVISORY


@rules.predicate
def is_network_event(user: Any, event: Event | None) -> bool:
    return event is not None and event.network_id is not None and event.kind not in (
        Event.Kind.LP_MEETING, Event.Kind.INDIVIDUAL_ADVISORY
    )


@rules.predicate
def is_registered(user: Any, event: Event | None) -> bool:
    if event is None or event.pk is None or not user.is_authenticated:
        return False
    return event.registrations.filter(person__user_id=user.pk).exists()


@rules.predicate
def is_registration_open(user: Any, event: Event | None) -> bool:
    return event is not None and event.registration_open


is_organiser = (
    is_operator_of_event
    | (is_network_event & (is_expert_of_event_network | is_lead_city_team_of_event_network))
    | (is_lp_meeting & (is_city_team_of_host | is_lp_coordinator_of_host))
    | (is_advisory & (is_expert_of_event_network | is_city_team_of_host))
)


def self_registration_city(user: Any, event: Event) -> tuple[bool, int | None]:
    """Whether the user may register themselves, and for which city's delegation.

    LP meetings take the host's LP members, coordinator and city team (for the host city). Network events
    take the city teams of the network's current members (for their city) and the network's experts (for
    no city). Edition-level events take the city teams of the edition's member cities and the edition's
    experts. An individual advisory has no registration: its people are set by its organisers.
    """
    roles = user_roles(user)
    if event.kind == Event.Kind.INDIVIDUAL_ADVISORY or not getattr(user, "is_authenticated", False):
        return False, None
    if event.kind == Event.Kind.LP_MEETING:
        cities = roles.lp_member_participants | roles.lp_coordinator_participants | roles.city_team_participants
        return (event.host_id in cities, event.host_id if event.host_id in cities else None)
    memberships = Membership.objects.current().filter(participant_id__in=roles.city_team_participants)
    if event.network_id is not None:
        if event.network_id in roles.expert_networks:
            return True, None
        memberships = memberships.filter(network_id=event.network_id)
    else:
        if roles.expert_networks and event.edition.networks.filter(pk__in=roles.expert_networks).exists():
            return True, None
        memberships = memberships.filter(network__edition_id=event.edition_id)
    city = memberships.order_by("participant_id").values_list("participant_id", flat=True).first()
    return city is not None, city


@rules.predicate
def may_register_self(user: Any, event: Event | None) -> bool:
    return event is not None and self_registration_city(user, event)[0]


rules.add_perm("events", is_any_operator)

rules.add_perm(
    "events.view_event",
    is_public_event | is_organiser | is_city_team_of_host | (is_lp_meeting & is_lp_member_of_host) | is_registered,
)
# With no event (the "new event" page), anyone who organises something may start one; the service then
# checks `events.change_event` on the event as filled in.
rules.add_perm(
    "events.add_event",
    is_operator_of_event | is_expert_of_event_network | is_lead_city_team_of_event_network | is_city_team_of_host
    | is_lp_coordinator_of_host,
)
rules.add_perm("events.change_event", is_organiser)
rules.add_perm("events.delete_event", is_operator_of_event)
rules.add_perm("events.register_self", is_registration_open & may_register_self)

# The event's records and people, as rows of their own (the admin): the operator of the event's edition.
# Organisers manage them from the event pages, where the services check `events.change_event`.
is_operator_of_record_event = operator_for(lambda record: record.event.edition_id, "is_operator_of_record_event")
for model in ("agendaitem", "eventoutcome", "eventattachment", "registration", "attendance", "delegationquota"):
    for action in ("view", "add", "change", "delete"):
        rules.add_perm(f"events.{action}_{model}", is_operator_of_record_event)

