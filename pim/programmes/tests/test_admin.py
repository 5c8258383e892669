"""The operators' admin for the programme core, the registry and the sources: every page opens for the
coordinator, city officers are refused, and an edition's operator stays inside their edition."""

from __future__ import annotations

from django.urls import reverse

from pim.core.models import Source
from pim.places.models import Voivodeship
from pim.programmes.models import EditionFigure, RoleAssignment, ThematicNetwork
from pim.programmes.tests.factories import (
    EditionFactory,
    EditionFigureFactory,
    EditionProductFactory,
    NetworkFactory,
    ProgrammeGoalFactory,
)
from pim.programmes.tests.personas import PersonaTestCase

Role = RoleAssignment.Role


class AdminPagesTests(PersonaTestCase):
    def test_the_coordinator_opens_every_admin_page_of_the_lower_layers(self):
        # Voivodeships are reference data from a migration: nobody adds one.
        self.assertAdminPagesOpen(Voivodeship.objects.get(slug="mazowieckie"), add=False)
        objects = [
            Source.objects.create(key="T1", title="Źródło testowe"),
            self.member_city,
            self.ministry,
            self.edition.programme,
            ProgrammeGoalFactory(programme=self.edition.programme),
            self.edition,
            EditionProductFactory(edition=self.edition),
            EditionFigureFactory(edition=self.edition, key=EditionFigure.Key.PARTICIPANTS),
            self.network,
            self.member_officer.person,
            self.member_officer.person.roles.get(),
        ]
        for obj in objects:
            with self.subTest(model=obj._meta.label):
                self.assertAdminPagesOpen(obj)

    def test_the_coordinator_sees_a_memberships_history(self):
        self.assertAdminPagesOpen(self.member_membership, history=True)

    def test_the_admin_index_lists_the_apps_for_the_coordinator(self):
        self.client.force_login(self.coordinator)
        response = self.client.get(reverse("admin:index"))
        self.assertEqual(response.status_code, 200)
        labels = {app["app_label"] for app in response.context["app_list"]}
        self.assertLessEqual({"core", "places", "programmes", "plans", "recommendations", "events"}, labels)
        self.assertNotIn("auth", labels)

    def test_participant_autocomplete_answers_the_coordinator(self):
        self.client.force_login(self.coordinator)
        response = self.client.get(reverse("admin:autocomplete"), {
            "app_label": "programmes", "model_name": "membership", "field_name": "participant", "term": "Partner",
        })
        self.assertEqual(response.status_code, 200)
        self.assertEqual([r["text"] for r in response.json()["results"]], ["Miasto Partnerskie"])

    def test_city_officers_are_refused(self):
        self.assertAdminRefusesCityOfficers(self.network)

    def test_the_coordinator_renames_a_network(self):
        self.client.force_login(self.coordinator)
        url = reverse("admin:programmes_thematicnetwork_change", args=[self.other_network.pk])
        response = self.client.post(url, {
            "edition": self.edition.pk, "name": "Miasto cyfrowe 2", "slug": self.other_network.slug,
            "type": self.other_network.type, "classifications": "{}",
            "memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0",
        })
        self.assertEqual(response.status_code, 302, response.context and response.context["adminform"].errors)
        self.other_network.refresh_from_db()
        self.assertEqual(self.other_network.name, "Miasto cyfrowe 2")


class EditionOperatorAdminTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.own_edition = EditionFactory()
        cls.own_network = NetworkFactory(edition=cls.own_edition)
        cls.edition_operator = cls.make_persona("edition_operator", Role.OPERATOR, edition=cls.own_edition,
                                                is_staff=True)

    def test_an_edition_operator_edits_their_editions_networks_and_only_reads_the_others(self):
        self.client.force_login(self.edition_operator)
        own = self.client.get(reverse("admin:programmes_thematicnetwork_change", args=[self.own_network.pk]))
        other_url = reverse("admin:programmes_thematicnetwork_change", args=[self.network.pk])
        other = self.client.get(other_url)
        self.assertEqual(own.status_code, 200)
        self.assertTrue(own.context["has_change_permission"])
        self.assertEqual(other.status_code, 200)
        self.assertFalse(other.context["has_change_permission"])
        self.assertEqual(self.client.post(other_url, {"name": "Przejęta"}).status_code, 403)

    def test_an_edition_operator_cannot_create_a_network_in_another_edition(self):
        self.client.force_login(self.edition_operator)
        response = self.client.post(reverse("admin:programmes_thematicnetwork_add"), {
            "edition": self.edition.pk, "name": "Sieć obca", "slug": "siec-obca", "type": "action_planning",
            "classifications": "{}", "memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0",
        })
        self.assertEqual(response.status_code, 403)
        self.assertFalse(ThematicNetwork.objects.filter(slug="siec-obca").exists())

    def test_an_edition_operator_cannot_bulk_delete_another_editions_networks(self):
        self.client.force_login(self.edition_operator)
        response = self.client.post(reverse("admin:programmes_thematicnetwork_changelist"), {
            "action": "delete_selected", "_selected_action": [self.other_network.pk], "post": "yes",
        })
        self.assertEqual(response.status_code, 403)
        self.assertTrue(ThematicNetwork.objects.filter(pk=self.other_network.pk).exists())

    def test_an_edition_operator_cannot_grant_roles(self):
        self.client.force_login(self.edition_operator)
        response = self.client.get(reverse("admin:programmes_roleassignment_add"))
        self.assertEqual(response.status_code, 403)
