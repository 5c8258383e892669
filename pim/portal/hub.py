"""The account page's work hub: what the signed-in user can work on, gathered from their roles.

Each role adds links: city teams, LP coordinators and LP members their city's MIDs and Local Partnership pages
(LP members also "my data"), organisers the "new event" page (city teams and LP coordinators one prefilled with
an LP meeting of their city), thematic experts their network's Improvement Plan (PU) and barrier register,
ministry liaisons (and operators) the recommendations waiting for an answer. Everyone sees the upcoming events
they are registered for; whoever holds a role that shows private events (LP meetings, advisories, closed network
meetings) sees the upcoming ones they may see (`EventQuerySet.visible_to`), which no public list carries.

The roles come from the rows the page already shows (`RoleAssignment` with their scope objects) and from
`user_roles`, so the names cost nothing; every list is one query whatever the number of roles or rows, and each
is cut at `HUB_LIMIT` (a person with more has the list pages).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from pim.events.calendar import PRIVATE
from pim.events.models import Event, Registration
from pim.partnerships.models import LocalPartnership
from pim.places.models import Participant
from pim.plans.models import ActionPlan
from pim.programmes.models import RoleAssignment, ThematicNetwork
from pim.programmes.rules import user_roles
from pim.recommendations.models import ImprovementPlan

HUB_LIMIT = 20
Role = RoleAssignment.Role


@dataclass(frozen=True)
class CityEventLink:
    city: Participant
    url: str


@dataclass(frozen=True)
class NetworkTools:
    network: ThematicNetwork
    # The PU's editor when the network has one; else the network page's PU section, where it is started.
    plan_url: str
    has_plan: bool
    register_url: str


@dataclass
class WorkHub:
    plans: list[ActionPlan] = field(default_factory=list)
    partnerships: list[LocalPartnership] = field(default_factory=list)
    partnership_list_url: str = ""
    my_data_url: str = ""
    new_event_url: str = ""
    lp_meeting_links: list[CityEventLink] = field(default_factory=list)
    registrations: list[Registration] = field(default_factory=list)
    private_events: list[Event] = field(default_factory=list)
    private_events_url: str = ""
    networks: list[NetworkTools] = field(default_factory=list)
    inbox_url: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.plans or self.partnerships or self.my_data_url or self.new_event_url or self.registrations
                    or self.private_events or self.networks or self.inbox_url)


def _upcoming_registrations(user: Any) -> list[Registration]:
    today = timezone.localdate()
    upcoming = Q(event__ends_on__gte=today) | Q(event__ends_on__isnull=True, event__starts_on__gte=today)
    return list(
        Registration.objects.filter(upcoming, person__user_id=user.pk)
        .select_related("event__network", "event__host")
        .order_by("event__starts_on", "event__start_time", "event_id")[:HUB_LIMIT]
    )


def _upcoming_private_events(user: Any) -> list[Event]:
    """The upcoming private events the user's roles show them, less those listed among their registrations."""
    return list(
        Event.objects.visible_to(user).upcoming(timezone.localdate()).filter(is_public=False)
        .exclude(registrations__person__user_id=user.pk)
        .select_related("network", "host")
        .order_by("starts_on", "start_time", "pk")[:HUB_LIMIT]
    )


def _network_tools(networks: list[ThematicNetwork]) -> list[NetworkTools]:
    with_plan = set(
        ImprovementPlan.objects.filter(network__in=networks).values_list("network_id", flat=True)
    )
    tools = []
    for network in networks:
        has_plan = network.pk in with_plan
        plan_url = (reverse("recommendations:plan", args=[network.slug]) if has_plan
                    else f"{reverse('portal:network', args=[network.slug])}#plan-ulepszen")
        tools.append(NetworkTools(
            network=network, plan_url=plan_url, has_plan=has_plan,
            register_url=reverse("recommendations:register", args=[network.slug]),
        ))
    return tools


def work_hub(user: Any, assignments: list[RoleAssignment]) -> WorkHub:
    """The hub of `user`, whose active role rows (with participant and network loaded) are `assignments`."""
    roles = user_roles(user)
    hub = WorkHub(registrations=_upcoming_registrations(user))
    cities = roles.city_team_participants | roles.lp_coordinator_participants | roles.lp_member_participants
    # A ministry liaison's role shows no private event; skipping them spares the query.
    if cities or roles.expert_networks or roles.is_operator:
        hub.private_events = _upcoming_private_events(user)
        hub.private_events_url = f"{reverse('calendar:list')}?visibility={PRIVATE}"
    if cities:
        hub.plans = list(
            ActionPlan.objects.filter(participant_id__in=cities).select_related("participant", "edition")
            .order_by("participant__name", "-edition__start_year", "pk")[:HUB_LIMIT]
        )
        hub.partnerships = list(
            LocalPartnership.objects.filter(participant_id__in=cities).select_related("participant", "edition")
            .order_by("participant__name", "-edition__start_year", "pk")[:HUB_LIMIT]
        )
        hub.partnership_list_url = reverse("partnerships:list")
    if roles.lp_member_participants:
        hub.my_data_url = reverse("partnerships:my_data")
    if user.has_perm("events.add_event"):
        hub.new_event_url = reverse("events:create")
        organised = roles.city_team_participants | roles.lp_coordinator_participants
        hosts = {a.participant_id: a.participant for a in assignments if a.participant_id in organised}
        hub.lp_meeting_links = [
            CityEventLink(city=city, url=f"{hub.new_event_url}?kind={Event.Kind.LP_MEETING}&host={city.pk}")
            for city in sorted(hosts.values(), key=lambda p: (p.name, p.pk))
        ]
    expert_networks = {
        a.network_id: a.network for a in assignments
        if a.role == Role.THEMATIC_EXPERT and a.network_id in roles.expert_networks
    }
    if expert_networks:
        hub.networks = _network_tools(sorted(expert_networks.values(), key=lambda n: (n.name, n.pk)))
    if roles.ministry_institutions or roles.is_operator:
        hub.inbox_url = reverse("recommendations:inbox")
    return hub
