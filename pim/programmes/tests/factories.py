"""Factories for the programme core."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model

from pim.places.tests.factories import ParticipantFactory
from pim.programmes.models import (
    Edition,
    EditionFigure,
    EditionProduct,
    Institution,
    Membership,
    Person,
    Programme,
    ProgrammeGoal,
    RoleAssignment,
    ThematicNetwork,
)


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution

    name = factory.Sequence(lambda n: f"Ministerstwo Testowe {n}")
    slug = factory.Sequence(lambda n: f"ministerstwo-testowe-{n}")
    kind = Institution.Kind.MINISTRY


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        django_get_or_create = ("slug",)

    name = "Partnerska Inicjatywa Miast"
    short_name = "PIM"
    slug = "pim"


class ProgrammeGoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeGoal

    programme = factory.SubFactory(ProgrammeFactory)
    kind = ProgrammeGoal.Kind.SPECIFIC
    order = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Cel szczegółowy {n}")


class EditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Edition

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"Edycja testowa {n}")
    short_name = factory.Sequence(lambda n: f"T{n}")
    slug = factory.Sequence(lambda n: f"edycja-testowa-{n}")
    start_year = 2021
    end_year = 2023
    state = Edition.State.RUNNING
    owner = factory.SubFactory(InstitutionFactory)
    is_demo = True


class EditionProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EditionProduct

    edition = factory.SubFactory(EditionFactory)
    kind = "action_plan"


class EditionFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EditionFigure

    edition = factory.SubFactory(EditionFactory)
    key = EditionFigure.Key.APPLICANTS
    value = 10


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ThematicNetwork

    edition = factory.SubFactory(EditionFactory)
    name = factory.Sequence(lambda n: f"Sieć testowa {n}")
    slug = factory.Sequence(lambda n: f"siec-testowa-{n}")
    type = ThematicNetwork.Type.ACTION_PLANNING
    is_demo = True


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    network = factory.SubFactory(NetworkFactory)
    participant = factory.SubFactory(ParticipantFactory)
    role = Membership.Role.PARTNER
    is_demo = True


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("haslo-testowe-123")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Osoba Testowa {n}")
    email = factory.LazyAttribute(lambda p: p.user.email if p.user else "")
    is_demo = True


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    person = factory.SubFactory(PersonFactory)
    role = RoleAssignment.Role.OPERATOR
