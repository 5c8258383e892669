"""The fixed cast every permission and view test uses (style rule 11).

One running edition owned by a ministry, with the network "Miasto zielone" (a lead city and a member
city) and a second network holding the outsider city:

- `coordinator`: the programme coordinator, an operator of every edition and a staff user
- `lead_officer`: city team member of the network's lead city
- `member_officer`: city team member of a member (partner) city of the network
- `outsider_officer`: city team member of a city in another network
- `ministry_reviewer`: ministry liaison for the edition's owner ministry
- `anonymous`: nobody logged in

Two supporting roles that only some tests need: `expert` (thematic expert of the network) and
`lp_coordinator` (LP coordinator of the member city). Apps above `programmes` add their objects in
their own `setUpTestData` after calling `super()`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, ClassVar

from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.test import TestCase
from django.urls import reverse
from zeal import zeal_ignore

from pim.places.tests.factories import ParticipantFactory
from pim.programmes.models import Institution, Membership, RoleAssignment
from pim.programmes.tests.factories import (
    EditionFactory,
    InstitutionFactory,
    MembershipFactory,
    NetworkFactory,
    PersonFactory,
    RoleAssignmentFactory,
    UserFactory,
)

Role = RoleAssignment.Role

PASSWORD = "haslo-testowe-123"  # UserFactory's password

CAST = ("coordinator", "lead_officer", "member_officer", "outsider_officer", "ministry_reviewer", "anonymous")
SUPPORTING = ("expert", "lp_coordinator")


class PersonaTestCase(TestCase):
    personas: ClassVar[tuple[str, ...]] = CAST + SUPPORTING

    @classmethod
    def setUpTestData(cls) -> None:
        cls.ministry = InstitutionFactory(name="Ministerstwo Testowe Rozwoju", kind=Institution.Kind.MINISTRY)
        cls.edition = EditionFactory(owner=cls.ministry)
        cls.network = NetworkFactory(edition=cls.edition, name="Miasto zielone", slug="test-miasto-zielone")
        cls.other_network = NetworkFactory(edition=cls.edition, name="Miasto cyfrowe", slug="test-miasto-cyfrowe")
        cls.lead_city = ParticipantFactory(name="Miasto Liderskie", slug="miasto-liderskie")
        cls.member_city = ParticipantFactory(name="Miasto Partnerskie", slug="miasto-partnerskie")
        cls.outsider_city = ParticipantFactory(name="Miasto Obce", slug="miasto-obce")
        cls.lead_membership = MembershipFactory(network=cls.network, participant=cls.lead_city, role=Membership.Role.LEAD)
        cls.member_membership = MembershipFactory(network=cls.network, participant=cls.member_city)
        MembershipFactory(network=cls.other_network, participant=cls.outsider_city, role=Membership.Role.LEAD)

        cls.coordinator = cls.make_persona("coordinator", Role.OPERATOR, is_staff=True)
        cls.lead_officer = cls.make_persona("lead_officer", Role.CITY_TEAM_MEMBER, participant=cls.lead_city)
        cls.member_officer = cls.make_persona("member_officer", Role.CITY_TEAM_MEMBER, participant=cls.member_city)
        cls.outsider_officer = cls.make_persona("outsider_officer", Role.CITY_TEAM_MEMBER, participant=cls.outsider_city)
        cls.ministry_reviewer = cls.make_persona("ministry_reviewer", Role.MINISTRY_LIAISON, institution=cls.ministry)
        cls.expert = cls.make_persona("expert", Role.THEMATIC_EXPERT, network=cls.network)
        cls.lp_coordinator = cls.make_persona("lp_coordinator", Role.LP_COORDINATOR, participant=cls.member_city)
        cls.anonymous = AnonymousUser()

    @classmethod
    def make_persona(cls, username: str, role: Role, *, is_staff: bool = False, **scope: Any) -> Any:
        user = UserFactory(username=username, is_staff=is_staff)
        person = PersonFactory(user=user, name=username.replace("_", " ").title())
        RoleAssignmentFactory(person=person, role=role, **scope)
        return user

    @contextmanager
    def session_rotated(self) -> Iterator[None]:
        """Allow what logging in and out does to the session row.

        The middleware loads the session with `Session.objects.get()`, and rotating or ending it deletes
        the row with another `.get(...).delete()`; django-zeal would report the pair as an N+1.
        """
        with zeal_ignore([{"model": "sessions.Session", "field": "get()"}]):
            yield

    def persona(self, name: str) -> Any:
        return getattr(self, name)

    def assertAllowedExactly(self, perm: str, obj: Any, allowed: set[str]) -> None:
        """`perm` on `obj` holds for the personas in `allowed` and for no other member of the cast."""
        unknown = allowed - set(self.personas)
        self.assertFalse(unknown, f"not in the cast: {unknown}")
        for name in self.personas:
            with self.subTest(perm=perm, persona=name):
                self.assertEqual(self.persona(name).has_perm(perm, obj), name in allowed)

    def assertAdminPagesOpen(self, obj: Any, *, add: bool = True, history: bool = False) -> None:
        """The coordinator opens the object's admin list (plain and searched), change and add pages."""
        # A process looks up each model's content type once and caches it; load them all up front so that
        # django-zeal does not take the admin's first lookups (one per inline model) for an N+1.
        ContentType.objects.get_for_models(*apps.get_models())
        opts = obj._meta
        prefix = f"admin:{opts.app_label}_{opts.model_name}"
        self.client.force_login(self.coordinator)
        urls = [
            reverse(f"{prefix}_changelist"),
            reverse(f"{prefix}_changelist") + "?q=Miasto",
            reverse(f"{prefix}_change", args=[obj.pk]),
        ]
        if add:
            urls.append(reverse(f"{prefix}_add"))
        if history:
            urls.append(reverse(f"{prefix}_history", args=[obj.pk]))
        for url in urls:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 200)

    def assertAdminRefusesCityOfficers(self, obj: Any) -> None:
        """A city officer is sent to the admin login; even with the staff flag, the admin refuses them."""
        opts = obj._meta
        urls = [
            reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]),
        ]
        self.client.force_login(self.lead_officer)
        for url in urls:
            with self.subTest(url=url, staff=False):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 302)
                self.assertTrue(response["Location"].startswith(reverse("admin:login")))
        self.lead_officer.is_staff = True
        self.lead_officer.save(update_fields=["is_staff"])
        self.client.force_login(self.lead_officer)
        for url in urls:
            with self.subTest(url=url, staff=True):
                self.assertEqual(self.client.get(url).status_code, 403)
