"""The home page: what PIM is, its goals, numbers counted from the data, stated figures, the editions."""

from __future__ import annotations

from django.core.cache import cache
from django.test import TestCase, override_settings

from pim.events.tests.factories import EventFactory
from pim.places.tests.factories import ParticipantFactory
from pim.plans.tests.factories import ActionPlanFactory
from pim.programmes.models import EditionFigure, EditionParticipant, ProgrammeGoal
from pim.programmes.tests.factories import (
    EditionFactory,
    EditionFigureFactory,
    MembershipFactory,
    NetworkFactory,
    ProgrammeFactory,
    ProgrammeGoalFactory,
)
from pim.recommendations.tests.factories import RecommendationFactory


class HomePageTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        programme = ProgrammeFactory()
        ProgrammeGoalFactory(programme=programme, kind=ProgrammeGoal.Kind.MAIN, order=1,
                             text="Poprawa warunków rozwoju miast.", sources="B")
        ProgrammeGoalFactory(programme=programme, order=1, text="Współpraca partnerska i wymiana wiedzy.")
        ProgrammeGoalFactory(programme=programme, order=2, text="Kompetencje kadr.")
        cls.pilot = EditionFactory(programme=programme, name="Pilotaż PIM 2017–2019", slug="2017-2019",
                                   start_year=2017, end_year=2019)
        cls.pim2 = EditionFactory(programme=programme, name="PIM 2021–2023", slug="2021-2023")
        network = NetworkFactory(edition=cls.pilot)
        other = NetworkFactory(edition=cls.pilot)
        shared = ParticipantFactory(name="Skawina")
        MembershipFactory(network=network, participant=shared)
        MembershipFactory(network=other, participant=shared)
        MembershipFactory(network=other)
        EditionParticipant.objects.create(edition=cls.pim2, participant=ParticipantFactory(name="Łódź"))
        ParticipantFactory(name="Zakopane")  # in the registry, not in PIM
        ActionPlanFactory(network=network, participant=shared)
        EventFactory(network=network)
        RecommendationFactory(improvement_plan__network=network)
        RecommendationFactory(improvement_plan__network=other)
        EditionFigureFactory(edition=cls.pilot, key=EditionFigure.Key.APPLICANTS, value=105,
                             qualifier=EditionFigure.Qualifier.AT_LEAST, sources="B, P13")

    def setUp(self) -> None:
        # The participation counts are cached per process and a test's rollback sends no signal.
        cache.clear()

    def test_it_explains_pim_and_shows_the_goals(self):
        response = self.client.get("/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Partnerska Inicjatywa Miast")
        self.assertEqual([g.text for g in response.context["main_goals"]], ["Poprawa warunków rozwoju miast."])
        self.assertEqual([g.text for g in response.context["specific_goals"]],
                         ["Współpraca partnerska i wymiana wiedzy.", "Kompetencje kadr."])

    def test_key_numbers_are_counted_from_the_data(self):
        response = self.client.get("/")
        self.assertEqual(response.context["key_numbers"], {
            "participants": 3, "networks": 2, "action_plans": 1, "events": 1, "recommendations": 2,
        })

    def test_editions_show_counts_and_the_figures_the_sources_state(self):
        response = self.client.get("/")
        editions = list(response.context["editions"])
        self.assertEqual(editions, [self.pilot, self.pim2])
        self.assertEqual((editions[0].network_count, editions[0].participant_count), (2, 2))
        self.assertEqual((editions[1].participant_count, editions[1].unassigned_count), (0, 1))
        self.assertContains(response, '<a href="/edycje/2017-2019/">Pilotaż PIM 2017–2019</a>', html=True)
        self.assertContains(response, "<td>105+</td>", html=True)
        self.assertContains(response, 'href="/o-programie/#zrodlo-P13"')

    def test_the_query_count_does_not_grow_with_editions(self):
        with self.assertNumQueries(10):
            self.client.get("/")
        for _ in range(8):
            edition = EditionFactory()
            EditionFigureFactory(edition=edition)
            MembershipFactory(network__edition=edition)
        with self.assertNumQueries(10):
            response = self.client.get("/")
        self.assertEqual(len(response.context["editions"]), 10)

    def test_the_participation_counts_are_cached_until_a_membership_changes(self):
        self.client.get("/")
        with self.assertNumQueries(8):
            response = self.client.get("/")
        self.assertEqual(response.context["key_numbers"]["participants"], 3)
        self.assertEqual(list(response.context["editions"])[0].participant_count, 2)
        MembershipFactory(network=NetworkFactory(edition=self.pilot))
        response = self.client.get("/")
        self.assertEqual(response.context["key_numbers"]["participants"], 4)
        self.assertEqual(list(response.context["editions"])[0].participant_count, 3)
        self.assertEqual(list(response.context["editions"])[0].network_count, 3)
        self.assertContains(response, "3 sieci tematyczne, 3 odnotowanych uczestników")  # the site is Polish first


# The assertions read the English interface; the site itself is Polish first (LANGUAGE_CODE="pl").
@override_settings(LANGUAGE_CODE="en")
class EmptyHomePageTests(TestCase):
    def test_a_fresh_installation_renders_the_home_page(self):
        response = self.client.get("/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "No editions are recorded yet.")
