"""Programme core invariants: memberships, editions, role scopes, stated figures."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import TestCase

from pim.programmes.models import EditionFigure, Membership, RoleAssignment
from pim.programmes.tests.factories import (
    EditionFactory,
    EditionFigureFactory,
    MembershipFactory,
    NetworkFactory,
    PersonFactory,
)


class MembershipTests(TestCase):
    def test_end_before_start_is_refused(self):
        membership = MembershipFactory.build(
            network=NetworkFactory(), participant=MembershipFactory().participant,
            valid_from=datetime.date(2022, 5, 1), valid_to=datetime.date(2022, 1, 1), ended=True,
        )
        with self.assertRaises(ValidationError) as caught:
            membership.full_clean()
        self.assertIn("valid_to", caught.exception.message_dict)

    def test_a_dated_end_marks_the_membership_ended(self):
        membership = MembershipFactory(valid_to=datetime.date(2018, 6, 1))
        with self.assertRaises(ValidationError) as caught:
            membership.full_clean()
        self.assertIn("ended", caught.exception.message_dict)

    def test_same_role_twice_in_one_network_is_refused_by_the_database(self):
        membership = MembershipFactory()
        with self.assertRaises(IntegrityError), transaction.atomic():
            Membership.objects.create(network=membership.network, participant=membership.participant,
                                      role=membership.role)

    def test_replaced_leader_stays_as_history(self):
        network = NetworkFactory()
        old = MembershipFactory(network=network, role=Membership.Role.LEAD, ended=True)
        new = MembershipFactory(network=network, role=Membership.Role.LEAD)
        self.assertEqual(list(network.memberships.current()), [new])
        self.assertEqual(old.history.count(), 1)


class EditionTests(TestCase):
    def test_end_date_before_start_date_is_refused(self):
        edition = EditionFactory.build(starts_on=datetime.date(2022, 1, 1), ends_on=datetime.date(2021, 1, 1))
        with self.assertRaises(ValidationError):
            edition.clean()

    def test_figures_display_their_qualifier(self):
        figure = EditionFigureFactory(value=105, qualifier=EditionFigure.Qualifier.AT_LEAST)
        self.assertEqual(figure.display_value, "105+")


class RoleAssignmentTests(TestCase):
    def test_an_expert_needs_a_network(self):
        role = RoleAssignment(person=PersonFactory(), role=RoleAssignment.Role.THEMATIC_EXPERT)
        with self.assertRaises(ValidationError) as caught:
            role.clean()
        self.assertIn("network", caught.exception.message_dict)

    def test_a_city_team_member_needs_a_participant(self):
        role = RoleAssignment(person=PersonFactory(), role=RoleAssignment.Role.CITY_TEAM_MEMBER)
        with self.assertRaises(ValidationError) as caught:
            role.clean()
        self.assertIn("participant", caught.exception.message_dict)
