"""The programme's permission rules, persona by persona, and how the role predicates read roles."""

from __future__ import annotations

import datetime

import rules
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from pim.programmes.models import RoleAssignment
from pim.programmes.rules import (
    forget_roles,
    is_city_team_of_participant,
    is_lead_city_team_of_network,
    is_lp_coordinator_of_participant,
    is_ministry_liaison_of_institution,
    is_operator,
    is_thematic_expert_of_network,
    user_roles,
)
from pim.programmes.tests.factories import EditionFactory, NetworkFactory
from pim.programmes.tests.personas import CAST, SUPPORTING, PersonaTestCase

Role = RoleAssignment.Role
EVERYONE = set(CAST + SUPPORTING)


class ProgrammePermissionMatrixTests(PersonaTestCase):
    def test_editions_networks_and_memberships_are_public_to_read(self):
        self.assertAllowedExactly("programmes.view_edition", self.edition, EVERYONE)
        self.assertAllowedExactly("programmes.view_thematicnetwork", self.network, EVERYONE)
        self.assertAllowedExactly("programmes.view_membership", self.member_membership, EVERYONE)
        self.assertAllowedExactly("places.view_participant", self.member_city, EVERYONE)

    def test_only_the_coordinator_changes_the_edition(self):
        self.assertAllowedExactly("programmes.change_edition", self.edition, {"coordinator"})

    def test_only_the_coordinator_changes_the_network_and_its_members(self):
        self.assertAllowedExactly("programmes.change_thematicnetwork", self.network, {"coordinator"})
        self.assertAllowedExactly("programmes.change_membership", self.member_membership, {"coordinator"})
        self.assertAllowedExactly("programmes.delete_membership", self.lead_membership, {"coordinator"})

    def test_only_the_coordinator_changes_the_participant_registry(self):
        self.assertAllowedExactly("places.change_participant", self.member_city, {"coordinator"})

    def test_people_are_seen_by_the_coordinator_and_by_themselves(self):
        person = self.member_officer.person
        self.assertAllowedExactly("programmes.view_person", person, {"coordinator", "member_officer"})
        self.assertAllowedExactly("programmes.change_person", person, {"coordinator"})

    def test_only_the_coordinator_manages_roles(self):
        self.assertAllowedExactly("programmes.manage_roles", self.member_officer.person, {"coordinator"})

    def test_the_ministry_reviewer_keeps_their_ministry_record(self):
        self.assertAllowedExactly(
            "programmes.change_institution", self.ministry, {"coordinator", "ministry_reviewer"}
        )

    def test_only_operators_reach_the_admin_apps(self):
        for app_label in ("core", "places", "programmes", "plans", "recommendations", "events"):
            for name in self.personas:
                with self.subTest(app=app_label, persona=name):
                    self.assertEqual(self.persona(name).has_module_perms(app_label), name == "coordinator")


class RolePredicateTests(PersonaTestCase):
    def test_each_predicate_matches_its_own_scope_only(self):
        cases = [
            (is_city_team_of_participant, self.lead_city, {"lead_officer"}),
            (is_city_team_of_participant, self.member_city, {"member_officer"}),
            (is_lp_coordinator_of_participant, self.member_city, {"lp_coordinator"}),
            (is_thematic_expert_of_network, self.network, {"expert"}),
            (is_thematic_expert_of_network, self.other_network, set()),
            (is_lead_city_team_of_network, self.network, {"lead_officer"}),
            (is_lead_city_team_of_network, self.other_network, {"outsider_officer"}),
            (is_ministry_liaison_of_institution, self.ministry, {"ministry_reviewer"}),
            (is_operator, self.network, {"coordinator"}),
        ]
        for predicate, obj, allowed in cases:
            for name in self.personas:
                with self.subTest(predicate=predicate.name, obj=str(obj), persona=name):
                    self.assertEqual(predicate.test(self.persona(name), obj), name in allowed)

    def test_an_edition_operator_operates_only_their_edition(self):
        other_edition = EditionFactory()
        operator = self.make_persona("edition_operator", Role.OPERATOR, edition=other_edition)
        self.assertTrue(operator.has_perm("programmes.change_thematicnetwork", NetworkFactory(edition=other_edition)))
        self.assertFalse(operator.has_perm("programmes.change_thematicnetwork", self.network))
        self.assertFalse(operator.has_perm("places.delete_participant", self.member_city))
        self.assertFalse(operator.has_perm("programmes.manage_roles"))
        # Re-linking a person who is an operator of every edition would hand over that role.
        self.assertFalse(operator.has_perm("programmes.change_person", self.coordinator.person))
        self.assertTrue(operator.has_perm("programmes.view_person", self.coordinator.person))

    def test_an_ended_role_grants_nothing(self):
        self.lead_officer.person.roles.update(ended=True)
        self.assertFalse(is_city_team_of_participant.test(self.lead_officer, self.lead_city))

    def test_a_role_outside_its_dates_grants_nothing(self):
        today = timezone.localdate()
        roles = self.member_officer.person.roles
        roles.update(valid_to=today - datetime.timedelta(days=1))
        self.assertFalse(is_city_team_of_participant.test(self.member_officer, self.member_city))
        forget_roles(self.member_officer)
        roles.update(valid_to=None, valid_from=today + datetime.timedelta(days=1))
        self.assertFalse(is_city_team_of_participant.test(self.member_officer, self.member_city))

    def test_an_inactive_user_has_no_roles(self):
        self.coordinator.is_active = False
        self.assertFalse(rules.has_perm("programmes.change_edition", self.coordinator, self.edition))

    def test_roles_are_read_once_per_user_object(self):
        with self.assertNumQueries(1):
            for _ in range(3):
                rules.has_perm("programmes.change_edition", self.member_officer, self.edition)
                rules.has_perm("programmes.view_person", self.member_officer, self.member_officer.person)
                is_city_team_of_participant.test(self.member_officer, self.member_city)

    def test_forgetting_roles_reads_them_again(self):
        self.assertFalse(user_roles(self.member_officer).expert_networks)
        self.member_officer.person.roles.create(role=Role.THEMATIC_EXPERT, network=self.network)
        self.assertFalse(user_roles(self.member_officer).expert_networks)
        forget_roles(self.member_officer)
        self.assertEqual(user_roles(self.member_officer).expert_networks, {self.network.pk})

    def test_anonymous_users_hold_no_role_and_cost_no_query(self):
        with self.assertNumQueries(0):
            self.assertFalse(user_roles(AnonymousUser()).is_operator)
            self.assertFalse(is_operator.test(AnonymousUser(), self.network))
