"""`EventQuerySet.visible_to` is the `events.view_event` rule as one filter: the two agree for every persona."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pim.events.models import Event
from pim.events.tests.base import EventTestCase
from pim.events.tests.factories import EventFactory, RegistrationFactory
from pim.programmes.models import RoleAssignment
from pim.programmes.rules import forget_roles
from pim.programmes.tests.factories import EditionFactory, NetworkFactory, PersonFactory, UserFactory

Kind = Event.Kind
Role = RoleAssignment.Role


class VisibleToMatchesTheRuleTests(EventTestCase):
    """Every persona × public, private network, edition, LP meeting, advisory and registered events."""

    personas = (*EventTestCase.personas, "edition_operator", "registered_only", "inactive_member")

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.edition_operator = cls.make_persona("edition_operator", Role.OPERATOR, edition=cls.edition)
        cls.registered_only = UserFactory(username="registered_only")
        registered_person = PersonFactory(user=cls.registered_only, name="Zapisana Osoba")
        cls.inactive_member = cls.make_persona("inactive_member", Role.LP_MEMBER, participant=cls.member_city)
        cls.inactive_member.is_active = False
        cls.inactive_member.save()
        other_edition = EditionFactory()
        private = {"is_public": False}
        cls.private_workshop = EventFactory(network=cls.network, host=cls.member_city, **private)
        cls.private_other_workshop = EventFactory(network=cls.other_network, host=cls.outsider_city, **private)
        cls.private_edition_event = EventFactory(
            network=None, edition=cls.edition, kind=Kind.LEADERS_MEETING, **private
        )
        cls.other_edition_event = EventFactory(network=NetworkFactory(edition=other_edition), **private)
        cls.lead_advisory = EventFactory(
            network=cls.network, host=cls.lead_city, kind=Kind.INDIVIDUAL_ADVISORY, **private
        )
        cls.registered_meeting = EventFactory(
            network=cls.other_network, host=cls.outsider_city, kind=Kind.LP_MEETING, **private
        )
        RegistrationFactory(event=cls.registered_meeting, person=registered_person)
        RegistrationFactory(event=cls.private_other_workshop, person=cls.lp_member.person)

    def test_visible_to_lists_exactly_what_the_rule_lets_each_persona_see(self):
        events = list(Event.objects.order_by("pk"))
        self.assertGreaterEqual(len(events), 12)
        for name in self.personas:
            user = self.persona(name)
            with self.subTest(persona=name):
                forget_roles(user)
                expected = {event.pk for event in events if user.has_perm("events.view_event", event)}
                forget_roles(user)
                listed = set(Event.objects.visible_to(user).values_list("pk", flat=True))
                self.assertEqual(listed, expected)

    def test_the_matrix_covers_both_answers_for_private_events(self):
        # Guard against a matrix that passes because nobody sees anything private.
        private = Event.objects.filter(is_public=False)
        self.assertEqual(Event.objects.visible_to(self.coordinator).filter(is_public=False).count(), private.count())
        self.assertIn(self.lp_meeting, Event.objects.visible_to(self.lp_member))
        self.assertNotIn(self.advisory, Event.objects.visible_to(self.lp_member))
        self.assertIn(self.private_other_workshop, Event.objects.visible_to(self.lp_member))
        self.assertIn(self.registered_meeting, Event.objects.visible_to(self.registered_only))
        self.assertNotIn(self.other_edition_event, Event.objects.visible_to(self.edition_operator))
        self.assertNotIn(self.lp_meeting, Event.objects.visible_to(self.inactive_member))

    def test_anonymous_visitors_get_the_public_filter_itself(self):
        self.assertEqual(str(Event.objects.visible_to(AnonymousUser()).query), str(Event.objects.public().query))

    def test_the_filter_costs_one_query_for_the_roles_and_then_none(self):
        user = self.member_officer
        forget_roles(user)
        with CaptureQueriesContext(connection) as queries:
            Event.objects.visible_to(user)
        self.assertEqual(len(queries), 1)
        with CaptureQueriesContext(connection) as queries:
            list(Event.objects.visible_to(user))
        self.assertEqual(len(queries), 1)
