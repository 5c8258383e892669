"""Who may do what: the role predicates every app's rules, the views, the admin and the API share.

A person's roles are `RoleAssignment` rows, each with the scope `RoleAssignment.SCOPE` names (an operator
for one edition or, with no edition, for all of them; an expert for a network; a city team member or an LP
coordinator for a participant; a ministry liaison for an institution). A user's active assignments are
read in one query the first time a predicate needs them and kept on the user object as `_pim_roles`;
`request.user` lives for one request, so a role granted or ended shows from the next request on.

Every scoped predicate takes `(user, obj)`. With no object (`user.has_perm("plans.change_actionplan")`,
the admin's list pages) it asks "does the user hold this role anywhere?"; with an object it asks about
that object's edition, network, participant or institution. Apps above this one build their own
predicates from the `*_for(scope_of)` factories, passing how to get the scope from their model.

This module also holds the change rules for the two layers below (`core.Source`, the `places`
registry): they need to know who is an operator, and those layers may not import this one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import rules
from django.db.models import Model

from pim.core.rules import is_public, nobody
from pim.places.models import Participant
from pim.programmes.models import (
    Edition,
    Institution,
    Membership,
    NetworkRoadmap,
    Person,
    RoleAssignment,
    ThematicNetwork,
)

ROLES_ATTR = "_pim_roles"
LEAD_NETWORKS_ATTR = "_pim_lead_networks"
MEMBER_NETWORKS_ATTR = "_pim_member_networks"

Role = RoleAssignment.Role


@dataclass(frozen=True)
class UserRoles:
    operator_of_all_editions: bool = False
    operator_editions: frozenset[int] = frozenset()
    expert_networks: frozenset[int] = frozenset()
    city_team_participants: frozenset[int] = frozenset()
    lp_coordinator_participants: frozenset[int] = frozenset()
    lp_member_participants: frozenset[int] = frozenset()
    ministry_institutions: frozenset[int] = frozenset()

    @property
    def is_operator(self) -> bool:
        return self.operator_of_all_editions or bool(self.operator_editions)

    def operates(self, edition_id: int | None) -> bool:
        # An object outside any edition (a participant, a person) is an all-editions operator's business.
        return self.operator_of_all_editions or (edition_id is not None and edition_id in self.operator_editions)


NO_ROLES = UserRoles()


def user_roles(user: Any) -> UserRoles:
    """The user's active roles, loaded once per user object (one query)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return NO_ROLES
    cached = getattr(user, ROLES_ATTR, None)
    if cached is not None:
        return cached
    scopes: dict[str, set[int]] = {role: set() for role in Role.values}
    operator_of_all = False
    rows = RoleAssignment.objects.active().filter(person__user_id=user.pk).values_list(
        "role", "edition_id", "network_id", "participant_id", "institution_id"
    )
    for role, edition_id, network_id, participant_id, institution_id in rows:
        if role == Role.OPERATOR:
            if edition_id is None:
                operator_of_all = True
            else:
                scopes[role].add(edition_id)
            continue
        scope_id = {"network": network_id, "participant": participant_id, "institution": institution_id}[
            RoleAssignment.SCOPE[role]
        ]
        if scope_id is not None:
            scopes[role].add(scope_id)
    roles = UserRoles(
        operator_of_all_editions=operator_of_all,
        operator_editions=frozenset(scopes[Role.OPERATOR]),
        expert_networks=frozenset(scopes[Role.THEMATIC_EXPERT]),
        city_team_participants=frozenset(scopes[Role.CITY_TEAM_MEMBER]),
        lp_coordinator_participants=frozenset(scopes[Role.LP_COORDINATOR]),
        lp_member_participants=frozenset(scopes[Role.LP_MEMBER]),
        ministry_institutions=frozenset(scopes[Role.MINISTRY_LIAISON]),
    )
    setattr(user, ROLES_ATTR, roles)
    return roles


def lead_network_ids(user: Any) -> frozenset[int]:
    """Networks whose current lead city has the user in its city team (one query, only when asked)."""
    participants = user_roles(user).city_team_participants
    if not participants:
        return frozenset()
    cached = getattr(user, LEAD_NETWORKS_ATTR, None)
    if cached is None:
        cached = frozenset(
            Membership.objects.current()
            .filter(role=Membership.Role.LEAD, participant_id__in=participants)
            .values_list("network_id", flat=True)
        )
        setattr(user, LEAD_NETWORKS_ATTR, cached)
    return cached


def member_network_ids(user: Any) -> frozenset[int]:
    """Networks with one of the user's cities (city team) among their current members (one query, only when asked)."""
    participants = user_roles(user).city_team_participants
    if not participants:
        return frozenset()
    cached = getattr(user, MEMBER_NETWORKS_ATTR, None)
    if cached is None:
        cached = frozenset(
            Membership.objects.current().filter(participant_id__in=participants).values_list("network_id", flat=True)
        )
        setattr(user, MEMBER_NETWORKS_ATTR, cached)
    return cached


def forget_roles(user: Any) -> None:
    """Drop the cached roles, e.g. after changing the user's assignments within the same request."""
    for attr in (ROLES_ATTR, LEAD_NETWORKS_ATTR, MEMBER_NETWORKS_ATTR):
        if hasattr(user, attr):
            delattr(user, attr)


def edition_id_of(obj: Model) -> int | None:
    """An edition's own id, or the edition of an object with an `edition` or a `network` foreign key."""
    if isinstance(obj, Edition):
        return obj.pk
    if getattr(obj, "edition_id", None) is not None:
        return obj.edition_id
    if getattr(obj, "network_id", None) is not None:
        return obj.network.edition_id
    return None


def network_id_of(obj: Model) -> int | None:
    if isinstance(obj, ThematicNetwork):
        return obj.pk
    return getattr(obj, "network_id", None)


def participant_id_of(obj: Model) -> int | None:
    if isinstance(obj, Participant):
        return obj.pk
    return getattr(obj, "participant_id", None)


def institution_id_of(obj: Model) -> int | None:
    if isinstance(obj, Institution):
        return obj.pk
    return getattr(obj, "institution_id", None)


ScopeOf = Callable[[Any], int | None]


def operator_for(edition_of: ScopeOf, name: str) -> rules.Predicate:
    def check(user: Any, obj: Any = None) -> bool:
        roles = user_roles(user)
        return roles.is_operator if obj is None else roles.operates(edition_of(obj))

    return rules.predicate(check, name=name)


def _scoped(scopes_of: Callable[[UserRoles], frozenset[int]], scope_of: ScopeOf, name: str) -> rules.Predicate:
    def check(user: Any, obj: Any = None) -> bool:
        scopes = scopes_of(user_roles(user))
        return bool(scopes) if obj is None else scope_of(obj) in scopes

    return rules.predicate(check, name=name)


def thematic_expert_for(network_of: ScopeOf, name: str) -> rules.Predicate:
    return _scoped(lambda roles: roles.expert_networks, network_of, name)


def city_team_for(participant_of: ScopeOf, name: str) -> rules.Predicate:
    return _scoped(lambda roles: roles.city_team_participants, participant_of, name)


def lp_coordinator_for(participant_of: ScopeOf, name: str) -> rules.Predicate:
    return _scoped(lambda roles: roles.lp_coordinator_participants, participant_of, name)


def lp_member_for(participant_of: ScopeOf, name: str) -> rules.Predicate:
    """A member of the city's Local Partnership with a light account (granted by accepting an invitation)."""
    return _scoped(lambda roles: roles.lp_member_participants, participant_of, name)


def ministry_liaison_for(institution_of: ScopeOf, name: str) -> rules.Predicate:
    return _scoped(lambda roles: roles.ministry_institutions, institution_of, name)


def lead_city_team_for(network_of: ScopeOf, name: str) -> rules.Predicate:
    def check(user: Any, obj: Any = None) -> bool:
        leads = lead_network_ids(user)
        return bool(leads) if obj is None else network_of(obj) in leads

    return rules.predicate(check, name=name)


def member_city_team_for(network_of: ScopeOf, name: str) -> rules.Predicate:
    """A city team member of any current member city (the lead included) of the object's network."""

    def check(user: Any, obj: Any = None) -> bool:
        networks = member_network_ids(user)
        return bool(networks) if obj is None else network_of(obj) in networks

    return rules.predicate(check, name=name)


@rules.predicate
def is_any_operator(user: Any) -> bool:
    return user_roles(user).is_operator


@rules.predicate
def is_programme_operator(user: Any) -> bool:
    """An operator for every edition (an assignment without an edition)."""
    return user_roles(user).operator_of_all_editions


@rules.predicate
def is_own_person(user: Any, person: Person | None) -> bool:
    return person is not None and user.is_authenticated and person.user_id == user.pk


is_operator = operator_for(edition_id_of, "is_operator")
is_thematic_expert_of_network = thematic_expert_for(network_id_of, "is_thematic_expert_of_network")
is_city_team_of_participant = city_team_for(participant_id_of, "is_city_team_of_participant")
is_lp_coordinator_of_participant = lp_coordinator_for(participant_id_of, "is_lp_coordinator_of_participant")
is_lp_member_of_participant = lp_member_for(participant_id_of, "is_lp_member_of_participant")
is_ministry_liaison_of_institution = ministry_liaison_for(institution_id_of, "is_ministry_liaison_of_institution")
is_lead_city_team_of_network = lead_city_team_for(network_id_of, "is_lead_city_team_of_network")


# The admin shows an app to users who pass its module rule; all of them are operators' tools.
for app_label in ("core", "places", "programmes"):
    rules.add_perm(app_label, is_any_operator)

rules.add_perm("core.add_source", is_programme_operator)
rules.add_perm("core.change_source", is_programme_operator)
rules.add_perm("core.delete_source", is_programme_operator)

rules.add_perm("places.add_voivodeship", nobody)
rules.add_perm("places.change_voivodeship", is_programme_operator)
rules.add_perm("places.delete_voivodeship", nobody)
rules.add_perm("places.add_participant", is_any_operator)
rules.add_perm("places.change_participant", is_any_operator)
rules.add_perm("places.delete_participant", is_programme_operator)

for model in ("programme", "programmegoal"):
    rules.add_perm(f"programmes.view_{model}", is_public)
    rules.add_perm(f"programmes.add_{model}", is_programme_operator)
    rules.add_perm(f"programmes.change_{model}", is_programme_operator)
    rules.add_perm(f"programmes.delete_{model}", is_programme_operator)

rules.add_perm("programmes.view_institution", is_public)
rules.add_perm("programmes.add_institution", is_programme_operator)
# A ministry liaison keeps their own institution's record (name, website) up to date.
rules.add_perm("programmes.change_institution", is_programme_operator | is_ministry_liaison_of_institution)
rules.add_perm("programmes.delete_institution", is_programme_operator)

rules.add_perm("programmes.view_edition", is_public)
rules.add_perm("programmes.add_edition", is_programme_operator)
rules.add_perm("programmes.change_edition", is_operator)
rules.add_perm("programmes.delete_edition", is_programme_operator)

for model in ("editionproduct", "editionfigure", "thematicnetwork", "membership"):
    rules.add_perm(f"programmes.view_{model}", is_public)
    rules.add_perm(f"programmes.add_{model}", is_operator)
    rules.add_perm(f"programmes.change_{model}", is_operator)
    rules.add_perm(f"programmes.delete_{model}", is_operator)

# People are personal data: operators see them, and everyone sees their own record.
rules.add_perm("programmes.view_person", is_any_operator | is_own_person)
# Editing people and granting roles is kept to all-editions operators: an edition's operator could
# otherwise make themselves an operator of every edition, either with a new role or by linking their own
# account to a person who holds one.
rules.add_perm("programmes.add_person", is_programme_operator)
rules.add_perm("programmes.change_person", is_programme_operator)
rules.add_perm("programmes.delete_person", is_programme_operator)

rules.add_perm("programmes.manage_roles", is_programme_operator)
rules.add_perm("programmes.view_roleassignment", is_any_operator)
rules.add_perm("programmes.add_roleassignment", is_programme_operator)
rules.add_perm("programmes.change_roleassignment", is_programme_operator)
rules.add_perm("programmes.delete_roleassignment", is_programme_operator)


# --- the network roadmap (Fiszka sieci) -----------------------------------------------------------------
# The lead city's team writes it with the network's thematic experts; the operator may step in. Everyone
# reads the agreed roadmap; drafts and the version history are for the network's own people.

def _roadmap_of(obj: Any) -> Any:
    return obj if isinstance(obj, NetworkRoadmap) else obj.roadmap


def _roadmap_network_id(obj: Any) -> int | None:
    return _roadmap_of(obj).network_id


is_operator_of_roadmap = operator_for(lambda obj: _roadmap_of(obj).network.edition_id, "is_operator_of_roadmap")
is_expert_of_roadmap = thematic_expert_for(_roadmap_network_id, "is_expert_of_roadmap")
is_lead_city_team_of_roadmap = lead_city_team_for(_roadmap_network_id, "is_lead_city_team_of_roadmap")
is_member_city_team_of_roadmap = member_city_team_for(_roadmap_network_id, "is_member_city_team_of_roadmap")
can_write_roadmap = is_operator_of_roadmap | is_expert_of_roadmap | is_lead_city_team_of_roadmap

rules.add_perm("programmes.view_networkroadmap", is_public)
rules.add_perm("programmes.view_networkroadmap_draft", can_write_roadmap | is_member_city_team_of_roadmap)
rules.add_perm("programmes.add_networkroadmap", can_write_roadmap)
rules.add_perm("programmes.change_networkroadmap", can_write_roadmap)
rules.add_perm("programmes.agree_networkroadmap", can_write_roadmap)
rules.add_perm("programmes.delete_networkroadmap", is_operator_of_roadmap)
# Actions and versions are parts of the roadmap: reading follows its draft rule, writing goes through
# the services (pim.programmes.services), which record a version; the admin only shows them.
for model in ("roadmapaction", "roadmapversion"):
    rules.add_perm(f"programmes.view_{model}", can_write_roadmap | is_member_city_team_of_roadmap)
    rules.add_perm(f"programmes.add_{model}", nobody)
    rules.add_perm(f"programmes.change_{model}", nobody)
    rules.add_perm(f"programmes.delete_{model}", nobody)
