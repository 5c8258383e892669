"""The persona cast with an LP for the member city and one for the outsider city, and an LP member persona.

- `member_lp`: the member city's LP (its team: `member_officer`, `lp_coordinator`), with `resident` (a person
  with a light account: the persona `lp_member`) and `association` (an organisation that agreed to be named)
- `outsider_lp`: the outsider city's LP, with `stranger` (a person)
"""

from __future__ import annotations

from typing import Any

from pim.partnerships.models import ConsentText
from pim.partnerships.tests.factories import (
    ConsentFactory,
    MemberFactory,
    OrganisationMemberFactory,
    PartnershipFactory,
)
from pim.programmes.models import RoleAssignment
from pim.programmes.tests.factories import PersonFactory, RoleAssignmentFactory, UserFactory
from pim.programmes.tests.personas import CAST, SUPPORTING, PersonaTestCase

EVERYONE = set(CAST + SUPPORTING + ("lp_member",))
LP_TEAM = {"coordinator", "member_officer", "lp_coordinator"}


class LpTestCase(PersonaTestCase):
    personas = CAST + SUPPORTING + ("lp_member",)

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.member_lp = PartnershipFactory(participant=cls.member_city, edition=cls.edition)
        cls.outsider_lp = PartnershipFactory(participant=cls.outsider_city, edition=cls.edition)
        cls.lp_member = UserFactory(username="lp_member")
        resident_person = PersonFactory(user=cls.lp_member, name="Jadwiga Mieszkańska")
        RoleAssignmentFactory(person=resident_person, role=RoleAssignment.Role.LP_MEMBER, participant=cls.member_city)
        cls.resident = MemberFactory(partnership=cls.member_lp, person=resident_person, email="jadwiga@example.org")
        ConsentFactory(member=cls.resident)
        cls.association = OrganisationMemberFactory(partnership=cls.member_lp, organisation="Stowarzyszenie Zielone")
        ConsentFactory(member=cls.association, scope=ConsentText.Scope.PUBLISH_ORGANISATION)
        cls.stranger = MemberFactory(partnership=cls.outsider_lp, person__name="Zenon Obcy")

    def login(self, name: str) -> Any:
        user = self.persona(name)
        if name != "anonymous":
            self.client.force_login(user)
        return user
