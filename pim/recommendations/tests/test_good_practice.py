"""Good practices: the public catalogue and detail page, and their writing by the network's experts."""

from __future__ import annotations

from django.urls import reverse

from pim.events.tests.factories import EventFactory
from pim.plans.tests.factories import ActionPlanFactory
from pim.programmes.tests.factories import EditionFactory, NetworkFactory
from pim.programmes.tests.personas import PersonaTestCase
from pim.recommendations.models import GoodPractice, ImprovementPlan
from pim.recommendations.tests.factories import (
    GoodPracticeFactory,
    ImprovementPlanFactory,
    RecommendationFactory,
)

LIST_URL = reverse("recommendations:good_practice_list")
CREATE_URL = reverse("recommendations:good_practice_create")
Source = GoodPractice.SourceKind


def detail_url(practice: GoodPractice) -> str:
    return reverse("recommendations:good_practice", args=[practice.pk])


def edit_url(practice: GoodPractice) -> str:
    return reverse("recommendations:good_practice_edit", args=[practice.pk])


class CatalogueTest(PersonaTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.older = EditionFactory(slug="pim-starsza", start_year=2017, end_year=2019)
        cls.lodz = GoodPracticeFactory(
            title="Łódzkie podwórka", participant=cls.lead_city, network=cls.network, edition=cls.edition,
            theme="rewitalizacja", source_kind=Source.MID,
        )
        cls.vienna = GoodPracticeFactory(
            title="Wiedeńskie mieszkania", foreign_city="Wiedeń", country="Austria",
            network=NetworkFactory(edition=cls.older, slug="siec-starsza"), theme="mieszkalnictwo",
            description="Komunalne budownictwo czynszowe", source_kind=Source.STUDY_VISIT,
        )
        cls.oslo = GoodPracticeFactory(title="Zielone dachy", foreign_city="Oslo", country="Norwegia",
                                       theme="klimat", source_kind=Source.MEETING)

    def titles(self, **params: str) -> set[str]:
        response = self.client.get(LIST_URL, params)
        self.assertEqual(response.status_code, 200)
        return {row.practice.title for row in response.context["rows"]}

    def test_anyone_sees_the_whole_catalogue(self) -> None:
        self.assertEqual(self.titles(), {"Łódzkie podwórka", "Wiedeńskie mieszkania", "Zielone dachy"})

    def test_filters_by_edition_network_theme_source_and_country(self) -> None:
        cases = [
            ({"edition": "pim-starsza"}, {"Wiedeńskie mieszkania"}),
            ({"edition": self.edition.slug}, {"Łódzkie podwórka"}),
            ({"network": self.network.slug}, {"Łódzkie podwórka"}),
            ({"theme": "klimat"}, {"Zielone dachy"}),
            ({"source_kind": "study_visit"}, {"Wiedeńskie mieszkania"}),
            ({"country": "Austria"}, {"Wiedeńskie mieszkania"}),
            ({"country": "Polska"}, {"Łódzkie podwórka"}),
        ]
        for params, expected in cases:
            with self.subTest(params=params):
                self.assertEqual(self.titles(**params), expected)

    def test_text_search_ignores_polish_letters_and_case(self) -> None:
        self.assertEqual(self.titles(q="lodzkie"), {"Łódzkie podwórka"})
        self.assertEqual(self.titles(q="WIEDEN"), {"Wiedeńskie mieszkania"})
        self.assertEqual(self.titles(q="czynszowe"), {"Wiedeńskie mieszkania"})
        self.assertEqual(self.titles(q="liderskie"), {"Łódzkie podwórka"})

    def test_an_unknown_filter_value_is_ignored_with_a_notice(self) -> None:
        response = self.client.get(LIST_URL, {"country": "Atlantyda"})
        self.assertEqual(len(response.context["rows"]), 3)
        self.assertEqual([element for element, _text in response.context["notices"]], ["id_country_error"])

    def test_only_writers_are_offered_to_add_a_practice(self) -> None:
        self.assertEqual(self.client.get(LIST_URL).context["networks"], [])
        self.client.force_login(self.expert)
        self.assertEqual(self.client.get(LIST_URL).context["networks"], [self.network])

    def test_queries_do_not_grow_with_rows(self) -> None:
        def make(n: int) -> None:
            for _ in range(n):
                GoodPracticeFactory(participant=self.member_city, network=self.network, theme="zieleń")

        GoodPractice.objects.all().delete()
        make(2)
        # Filter choices (networks, themes, countries, Polish ones), count, rows.
        with self.assertNumQueries(7):
            self.assertEqual(len(self.client.get(LIST_URL).context["rows"]), 2)
        make(8)
        with self.assertNumQueries(7):
            self.assertEqual(len(self.client.get(LIST_URL).context["rows"]), 10)


class DetailTest(PersonaTestCase):
    def test_the_page_shows_place_source_events_and_public_recommendations(self) -> None:
        mid = ActionPlanFactory(network=self.network, participant=self.lead_city, title="MID z praktyką")
        practice = GoodPracticeFactory(participant=self.lead_city, network=self.network, plan=mid,
                                       source_kind=Source.MID, description="Opis praktyki")
        event = EventFactory(network=self.network, title="Wizyta studyjna w Lublinie")
        internal = EventFactory(network=self.network, title="Wewnętrzne spotkanie LP", is_public=False)
        practice.events.add(event, internal)
        public = RecommendationFactory(
            improvement_plan=ImprovementPlanFactory(network=self.network, state=ImprovementPlan.State.FINAL),
            text="Rekomendacja publiczna",
        )
        draft = RecommendationFactory(improvement_plan=ImprovementPlanFactory(network=self.other_network),
                                      text="Rekomendacja robocza")
        practice.recommendations.add(public, draft)
        response = self.client.get(detail_url(practice))
        self.assertEqual(response.status_code, 200)
        for text in ("Miasto Liderskie", "MID z praktyką", "Wizyta studyjna w Lublinie", "Opis praktyki",
                     "Rekomendacja publiczna", reverse("portal:event", args=[event.pk])):
            self.assertContains(response, text)
        self.assertNotContains(response, "Rekomendacja robocza")
        self.assertNotContains(response, "Wewnętrzne spotkanie LP")
        self.assertFalse(response.context["can_edit"])

    def test_a_missing_practice_is_a_404(self) -> None:
        self.assertEqual(self.client.get(reverse("recommendations:good_practice", args=[9999])).status_code, 404)


class PermissionTest(PersonaTestCase):
    def test_the_networks_expert_and_the_operator_write_its_practices(self) -> None:
        practice = GoodPracticeFactory(network=self.network, edition=self.edition)
        for perm in ("recommendations.add_goodpractice", "recommendations.change_goodpractice"):
            self.assertAllowedExactly(perm, practice, {"coordinator", "expert"})
        self.assertAllowedExactly("recommendations.delete_goodpractice", practice, {"coordinator"})
        self.assertAllowedExactly("recommendations.view_goodpractice", practice, set(self.personas))

    def test_another_networks_practice_is_not_the_experts(self) -> None:
        practice = GoodPracticeFactory(network=self.other_network)
        self.assertAllowedExactly("recommendations.change_goodpractice", practice, {"coordinator"})


class WriteTest(PersonaTestCase):
    def valid(self, **changes: object) -> dict[str, object]:
        return {"title": "Budżet obywatelski dla zieleni", "participant": self.member_city.pk, "foreign_city": "",
                "country": "", "theme": "zieleń", "description": "Mieszkańcy wybierają projekty",
                "source_kind": "meeting", "plan": "", "events": [], **changes}

    def test_the_expert_adds_a_practice_to_their_network(self) -> None:
        self.client.force_login(self.expert)
        url = f"{CREATE_URL}?network={self.network.slug}"
        self.assertEqual(self.client.get(url).status_code, 200)
        event = EventFactory(network=self.network)
        response = self.client.post(url, self.valid(events=[event.pk]))
        practice = GoodPractice.objects.get(title="Budżet obywatelski dla zieleni")
        self.assertRedirects(response, detail_url(practice))
        self.assertEqual((practice.network, practice.edition), (self.network, self.edition))
        self.assertEqual(list(practice.events.all()), [event])
        self.assertFalse(practice.is_demo)

    def test_others_cannot_add_or_edit(self) -> None:
        practice = GoodPracticeFactory(network=self.network, participant=self.lead_city)
        url = f"{CREATE_URL}?network={self.network.slug}"
        for name in ("lead_officer", "member_officer", "outsider_officer", "ministry_reviewer", "lp_coordinator"):
            with self.subTest(persona=name):
                self.client.force_login(self.persona(name))
                self.assertEqual(self.client.post(url, self.valid()).status_code, 404)
                self.assertEqual(self.client.post(edit_url(practice), self.valid()).status_code, 404)
        self.client.force_login(self.expert)
        self.assertEqual(self.client.get(f"{CREATE_URL}?network={self.other_network.slug}").status_code, 404)
        # A practice outside any network is the operator's: the expert is told so.
        self.assertEqual(self.client.get(CREATE_URL).status_code, 403)
        self.assertEqual(GoodPractice.objects.count(), 1)
        self.client.logout()
        self.assertEqual(self.client.get(url).status_code, 302)

    def test_the_operator_edits_a_practice(self) -> None:
        practice = GoodPracticeFactory(network=self.network, participant=self.lead_city)
        self.client.force_login(self.coordinator)
        response = self.client.post(edit_url(practice), self.valid(title="Nowy tytuł"))
        self.assertRedirects(response, detail_url(practice))
        practice.refresh_from_db()
        self.assertEqual((practice.title, practice.participant), ("Nowy tytuł", self.member_city))

    def test_bad_input_names_the_field_and_saves_nothing(self) -> None:
        self.client.force_login(self.expert)
        url = f"{CREATE_URL}?network={self.network.slug}"
        other_mid = ActionPlanFactory(network=self.other_network)
        other_event = EventFactory(network=self.other_network)
        cases = [
            (self.valid(participant=""), "foreign_city"),
            (self.valid(participant="", foreign_city="Wiedeń"), "country"),
            (self.valid(foreign_city="Wiedeń", country="Austria"), "foreign_city"),
            (self.valid(participant=self.outsider_city.pk), "participant"),
            (self.valid(plan=other_mid.pk), "plan"),
            (self.valid(events=[other_event.pk]), "events"),
            (self.valid(title=""), "title"),
        ]
        for data, field in cases:
            with self.subTest(field=field, data=data):
                response = self.client.post(url, data)
                self.assertEqual(response.status_code, 400)
                self.assertIn(field, response.context["form"].errors)
        self.assertFalse(GoodPractice.objects.exists())

    def test_a_foreign_practice_needs_its_country(self) -> None:
        self.client.force_login(self.expert)
        url = f"{CREATE_URL}?network={self.network.slug}"
        response = self.client.post(url, self.valid(participant="", foreign_city="Wiedeń", country="Austria"))
        self.assertEqual(response.status_code, 302)
        self.assertEqual(GoodPractice.objects.get().foreign_city, "Wiedeń")
