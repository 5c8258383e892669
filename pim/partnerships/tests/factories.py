"""Factories for Local Partnerships, members, consents and invitations."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from pim.partnerships import services
from pim.partnerships.models import (
    Category,
    Consent,
    ConsentText,
    Invitation,
    LocalPartnership,
    PartnershipMember,
)
from pim.places.tests.factories import ParticipantFactory
from pim.programmes.tests.factories import EditionFactory, PersonFactory


def consent_text(scope: str = ConsentText.Scope.PROCESSING) -> ConsentText:
    # The first versions come from a migration, but transactional (browser) tests may flush them.
    text = ConsentText.current().get(scope)
    return text or ConsentText.objects.create(scope=scope, version=1, text=f"Testowa treść zgody ({scope}).")


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalPartnership

    participant = factory.SubFactory(ParticipantFactory)
    edition = factory.SubFactory(EditionFactory)
    formula = LocalPartnership.Formula.OPEN
    founding_act_title = factory.Sequence(lambda n: f"Zarządzenie testowe nr {n}")
    is_demo = True


class MemberFactory(factory.django.DjangoModelFactory):
    """A person member; the person has no account until they accept an invitation."""

    class Meta:
        model = PartnershipMember

    partnership = factory.SubFactory(PartnershipFactory)
    kind = PartnershipMember.Kind.PERSON
    person = factory.SubFactory(PersonFactory, user=None, email="")
    category = Category.RESIDENTS
    sector = "mieszkańcy"
    email = factory.Sequence(lambda n: f"czlonek{n}@example.org")
    phone = "+48 600 100 200"
    joined_on = datetime.date(2024, 3, 1)


class OrganisationMemberFactory(MemberFactory):
    kind = PartnershipMember.Kind.ORGANISATION
    person = None
    organisation = factory.Sequence(lambda n: f"Stowarzyszenie Testowe {n}")
    category = Category.SOCIO_ECONOMIC
    sector = "organizacja pozarządowa"


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    member = factory.SubFactory(MemberFactory)
    scope = ConsentText.Scope.PROCESSING
    text = factory.LazyAttribute(lambda c: consent_text(c.scope))


class InvitationFactory(factory.django.DjangoModelFactory):
    """Pass `token="…"` to know the link's token; only its hash is stored."""

    class Meta:
        model = Invitation
        exclude = ["token"]

    member = factory.SubFactory(MemberFactory)
    email = factory.LazyAttribute(lambda i: i.member.email)
    token = factory.Sequence(lambda n: f"token-testowy-{n:04d}-abcdefghijklmnop")
    token_hash = factory.LazyAttribute(lambda i: services.token_hash(i.token))
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))
