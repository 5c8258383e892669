"""A good practice outside any network: the operator adds it (with an edition, or none); the others get a 403."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.urls import reverse

from pim.programmes.tests.factories import EditionFactory
from pim.programmes.tests.personas import PersonaTestCase, Role
from pim.recommendations.models import GoodPractice
from pim.recommendations.practices import GoodPracticeForm, good_practice_save
from pim.recommendations.tests.factories import GoodPracticeFactory

CREATE_URL = reverse("recommendations:good_practice_create")


class OutsideNetworkTest(PersonaTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.older = EditionFactory(slug="pim-starsza", start_year=2017, end_year=2019)
        cls.edition_operator = cls.make_persona("edition_operator", Role.OPERATOR, edition=cls.older)

    def valid(self, **changes: object) -> dict[str, object]:
        return {"title": "Zielone dachy w Oslo", "edition": "", "participant": "", "foreign_city": "Oslo",
                "country": "Norwegia", "theme": "klimat", "description": "Dachy pokryte roślinnością",
                "source_kind": "study_visit", **changes}

    def test_the_operator_adds_one_without_an_edition_or_with_one(self) -> None:
        self.client.force_login(self.coordinator)
        self.assertEqual(self.client.get(CREATE_URL).status_code, 200)
        response = self.client.post(CREATE_URL, self.valid())
        practice = GoodPractice.objects.get(title="Zielone dachy w Oslo")
        self.assertRedirects(response, practice.get_absolute_url())
        self.assertEqual((practice.network, practice.edition, practice.country), (None, None, "Norwegia"))
        self.client.post(CREATE_URL, self.valid(title="Budżet obywatelski", edition=self.older.pk, foreign_city="",
                                                country="", participant=self.member_city.pk))
        practice = GoodPractice.objects.get(title="Budżet obywatelski")
        self.assertEqual((practice.network, practice.edition, practice.participant), (None, self.older, self.member_city))

    def test_the_others_are_told_it_is_the_operators(self) -> None:
        for name in ("expert", "lead_officer", "ministry_reviewer", "lp_coordinator"):
            with self.subTest(persona=name):
                self.client.force_login(self.persona(name))
                self.assertEqual(self.client.get(CREATE_URL).status_code, 403)
                self.assertEqual(self.client.post(CREATE_URL, self.valid()).status_code, 403)
        self.assertFalse(GoodPractice.objects.exists())
        self.client.logout()
        self.assertEqual(self.client.get(CREATE_URL).status_code, 302)

    def test_the_catalogue_offers_it_to_the_operator_only(self) -> None:
        list_url = reverse("recommendations:good_practice_list")
        self.client.force_login(self.coordinator)
        self.assertContains(self.client.get(list_url), f'href="{CREATE_URL}"')
        self.client.force_login(self.expert)
        self.assertNotContains(self.client.get(list_url), f'href="{CREATE_URL}"')

    def test_it_names_no_mid_or_event(self) -> None:
        form = GoodPracticeForm(network=None, user=self.coordinator)
        self.assertNotIn("plan", form.fields)
        self.assertNotIn("events", form.fields)
        self.assertFalse(form.fields["edition"].required)

    def test_an_editions_operator_chooses_one_of_their_editions(self) -> None:
        form = GoodPracticeForm(network=None, user=self.edition_operator)
        self.assertEqual(list(form.fields["edition"].queryset), [self.older])
        self.assertTrue(form.fields["edition"].required)
        # The write checks the same again: another edition, or none, is a field error, not a save.
        for edition in (None, self.edition):
            data = {**self.valid(edition=edition), "participant": None, "plan": None, "events": []}
            with self.subTest(edition=edition):
                with self.assertRaises(ValidationError) as caught:
                    good_practice_save(user=self.edition_operator, network=None, data=data)
                self.assertIn("edition", caught.exception.message_dict)
        data = {**self.valid(edition=self.older), "participant": None, "plan": None, "events": []}
        practice = good_practice_save(user=self.edition_operator, network=None, data=data)
        self.assertEqual((practice.network, practice.edition), (None, self.older))

    def test_a_networks_practice_keeps_its_networks_edition(self) -> None:
        practice = GoodPracticeFactory(network=self.network, edition=self.edition, participant=self.lead_city)
        data = {"title": "Nowy tytuł", "edition": self.older, "participant": self.lead_city, "foreign_city": "",
                "country": "", "theme": "", "description": "", "source_kind": "other", "plan": None, "events": []}
        good_practice_save(user=self.coordinator, network=self.network, data=data, practice=practice)
        practice.refresh_from_db()
        self.assertEqual((practice.title, practice.edition), ("Nowy tytuł", self.edition))
