"""The persona cast with events of every level, and an LP member of the member city."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from django.core.exceptions import PermissionDenied
from django.db import transaction

from pim.events.models import Event
from pim.events.tests.factories import EventFactory
from pim.programmes.models import RoleAssignment
from pim.programmes.tests.personas import CAST, SUPPORTING, PersonaTestCase

Kind = Event.Kind


class EventTestCase(PersonaTestCase):
    """Events of the edition, of the persona network (hosted by the lead city), of the other network, LP
    meetings of the member and the lead city, and an individual advisory for the member city.

    `lp_member` is an LP member of the member city (a light account). LP meetings and the advisory are
    private; every event has registration open.
    """

    personas: ClassVar[tuple[str, ...]] = CAST + SUPPORTING + ("lp_member",)

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.lp_member = cls.make_persona("lp_member", RoleAssignment.Role.LP_MEMBER, participant=cls.member_city)
        common = {"registration_open": True}
        cls.edition_event = EventFactory(
            network=None, edition=cls.edition, kind=Kind.OPENING_CONFERENCE, title="Konferencja testowa", **common
        )
        cls.workshop = EventFactory(network=cls.network, host=cls.lead_city, title="Warsztat sieci", **common)
        cls.other_workshop = EventFactory(network=cls.other_network, host=cls.outsider_city, **common)
        cls.lp_meeting = EventFactory(
            network=cls.network, host=cls.member_city, kind=Kind.LP_MEETING, is_public=False,
            title="Spotkanie LP", **common,
        )
        cls.other_lp_meeting = EventFactory(
            network=cls.network, host=cls.lead_city, kind=Kind.LP_MEETING, is_public=False, **common
        )
        cls.advisory = EventFactory(
            network=cls.network, host=cls.member_city, kind=Kind.INDIVIDUAL_ADVISORY, is_public=False,
            expert=cls.expert.person, **common,
        )

    def assertServiceAllowedExactly(self, call: Callable[[Any], Any], allowed: set[str]) -> None:
        """`call(user)` succeeds for the personas in `allowed` and raises PermissionDenied for the others;
        each call is rolled back so that one persona's success does not change what the next finds."""
        for name in self.personas:
            with self.subTest(persona=name), transaction.atomic():
                try:
                    call(self.persona(name))
                except PermissionDenied:
                    self.assertNotIn(name, allowed, f"{name} was refused")
                else:
                    self.assertIn(name, allowed, f"{name} was allowed")
                finally:
                    transaction.set_rollback(True)
