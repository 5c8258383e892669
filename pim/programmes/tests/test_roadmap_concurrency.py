"""Two editors save the roadmap at the same moment from the same revision: the row lock lets exactly one in."""

from __future__ import annotations

import threading
import unittest

from django.db import connection, connections
from django.test import TransactionTestCase

from pim.places.tests.factories import ParticipantFactory
from pim.programmes import services
from pim.programmes.models import Membership, NetworkRoadmap, RoleAssignment
from pim.programmes.tests.factories import (
    MembershipFactory,
    NetworkFactory,
    PersonFactory,
    RoleAssignmentFactory,
    UserFactory,
)


@unittest.skipUnless(connection.vendor == "postgresql", "row locks need PostgreSQL; SQLite serialises writers")
class ConcurrentRoadmapSaveTests(TransactionTestCase):
    def test_one_of_two_simultaneous_saves_is_refused_as_a_conflict(self):
        network = NetworkFactory()
        city = ParticipantFactory()
        MembershipFactory(network=network, participant=city, role=Membership.Role.LEAD)
        lead = UserFactory()
        RoleAssignmentFactory(person=PersonFactory(user=lead, name="Lider"), role=RoleAssignment.Role.CITY_TEAM_MEMBER,
                              participant=city)
        expert = UserFactory()
        RoleAssignmentFactory(person=PersonFactory(user=expert, name="Ekspertka"),
                              role=RoleAssignment.Role.THEMATIC_EXPERT, network=network)
        # The roadmap exists, so both saves wait on the same row.
        services.roadmap_save(network=network, problems="Start", goals="", expected_revision=0, by=lead)
        barrier = threading.Barrier(2)
        outcomes: list[str] = []

        def save(user, text) -> None:
            try:
                barrier.wait()
                services.roadmap_save(network=network, problems=text, goals="", expected_revision=1, by=user)
                outcomes.append("saved")
            except services.RoadmapConflict:
                outcomes.append("conflict")
            finally:
                connections.close_all()

        threads = [threading.Thread(target=save, args=args) for args in ((lead, "Wersja lidera"),
                                                                         (expert, "Wersja ekspertki"))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(sorted(outcomes), ["conflict", "saved"])
        roadmap = NetworkRoadmap.objects.get()
        self.assertEqual(roadmap.revision, 2)
        self.assertEqual(roadmap.versions.count(), 2)
        self.assertIn(roadmap.problems, {"Wersja lidera", "Wersja ekspertki"})
