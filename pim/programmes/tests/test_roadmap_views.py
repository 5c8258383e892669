"""The roadmap editor's pages and the roadmap on the network page: access, saving, conflicts, bad input, versions."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pim.programmes import services
from pim.programmes.models import NetworkRoadmap
from pim.programmes.tests.personas import PersonaTestCase
from pim.programmes.tests.test_roadmap_services import complete_roadmap


class RoadmapPageAccessTests(PersonaTestCase):
    def test_only_writers_open_the_editor_and_others_get_404(self) -> None:
        url = reverse("programmes:roadmap_edit", args=[self.network.slug])
        for name in self.personas:
            with self.subTest(persona=name):
                if name != "anonymous":
                    self.client.force_login(self.persona(name))
                else:
                    self.client.logout()
                expected = 200 if name in {"coordinator", "lead_officer", "expert"} else 404
                self.assertEqual(self.client.get(url).status_code, expected)

    def test_member_cities_read_the_versions_but_cannot_restore(self) -> None:
        complete_roadmap(self.network, self.lead_officer)
        url = reverse("programmes:roadmap_versions", args=[self.network.slug])
        self.client.force_login(self.member_officer)
        response = self.client.get(url)
        self.assertContains(response, "v2")
        self.assertContains(response, "Lead Officer")
        self.assertNotContains(response, "/przywroc/")
        restore = reverse("programmes:roadmap_restore", args=[self.network.slug, 1])
        self.assertEqual(self.client.get(restore).status_code, 404)
        self.assertEqual(self.client.post(restore, {"expected_revision": 2}).status_code, 404)
        self.client.force_login(self.outsider_officer)
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_a_network_without_a_roadmap_has_an_empty_history(self) -> None:
        self.client.force_login(self.lead_officer)
        versions = reverse("programmes:roadmap_versions", args=[self.network.slug])
        self.assertEqual(self.client.get(versions).context["rows"], [])
        response = self.client.get(reverse("programmes:roadmap_compare", args=[self.network.slug]), {"a": 1, "b": 2})
        self.assertRedirects(response, versions)
        self.assertEqual(self.client.get(reverse("programmes:roadmap_restore", args=[self.network.slug, 1]))
                         .status_code, 404)
        self.assertFalse(NetworkRoadmap.objects.exists())

    def test_an_unknown_network_is_404(self) -> None:
        self.client.force_login(self.coordinator)
        self.assertEqual(self.client.get(reverse("programmes:roadmap_edit", args=["nie-ma"])).status_code, 404)


class RoadmapEditTests(PersonaTestCase):
    def setUp(self) -> None:
        self.url = reverse("programmes:roadmap_edit", args=[self.network.slug])
        self.client.force_login(self.lead_officer)

    def test_save_then_redirect_with_a_message(self) -> None:
        response = self.client.post(self.url, {"problems": "Upały", "goals": "Cień", "expected_revision": 0}, follow=True)
        self.assertContains(response, 'class="message message-success"', html=False)
        self.assertEqual(NetworkRoadmap.objects.get().versions.get().number, 1)
        self.assertEqual(NetworkRoadmap.objects.get().problems, "Upały")

    def test_a_stale_save_shows_the_other_change_and_keeps_the_text(self) -> None:
        services.roadmap_save(network=self.network, problems="Tekst eksperta", goals="", expected_revision=0,
                              by=self.expert)
        response = self.client.post(self.url, {"problems": "Mój tekst", "goals": "", "expected_revision": 0})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'class="conflict" role="alert"', html=False)
        self.assertContains(response, "Expert")
        self.assertContains(response, "Tekst eksperta")
        self.assertContains(response, "Mój tekst</textarea>", html=False)
        # The form now carries the current revision: saving again replaces the expert's text on purpose.
        self.assertContains(response, 'name="expected_revision" value="1"', html=False)
        self.assertEqual(NetworkRoadmap.objects.get().problems, "Tekst eksperta")

    def test_bad_input_gets_field_messages_and_changes_nothing(self) -> None:
        response = self.client.post(self.url, {"problems": "x" * 20_001, "goals": "", "expected_revision": "zły"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'class="form-errors"', html=False)
        self.assertContains(response, 'id="id_problems_error"', html=False)
        self.assertFalse(NetworkRoadmap.objects.exists())

    def test_action_form_refuses_an_end_before_the_start(self) -> None:
        url = reverse("programmes:roadmap_action_add", args=[self.network.slug])
        self.assertEqual(self.client.get(url).status_code, 200)
        response = self.client.post(url, {"title": "Wizyta", "starts_on": "2024-05-02", "ends_on": "2024-05-01",
                                           "expected_revision": 0})
        self.assertContains(response, 'id="id_ends_on_error"', html=False)
        response = self.client.post(url, {"title": "", "starts_on": "nie data", "expected_revision": 0})
        self.assertContains(response, 'id="id_title_error"', html=False)
        self.assertContains(response, 'id="id_starts_on_error"', html=False)
        self.assertFalse(NetworkRoadmap.objects.exists())

    def test_add_edit_delete_an_action_and_agree(self) -> None:
        self.client.post(self.url, {"problems": "Upały", "goals": "Cień", "expected_revision": 0})
        add = reverse("programmes:roadmap_action_add", args=[self.network.slug])
        response = self.client.post(add, {"title": "Wizyta", "starts_on": "2024-05-01", "ends_on": "2024-06-30",
                                          "expected_revision": 1})
        self.assertRedirects(response, self.url)
        roadmap = NetworkRoadmap.objects.get()
        action = roadmap.actions.get()
        edit = reverse("programmes:roadmap_action_edit", args=[self.network.slug, action.pk])
        self.assertContains(self.client.get(edit), 'value="Wizyta"', html=False)
        self.client.post(edit, {"title": "Wizyta studyjna", "starts_on": "2024-05-01", "ends_on": "2024-06-30",
                                "order": 0, "expected_revision": 2})
        page = self.client.get(self.url)
        self.assertContains(page, "Wizyta studyjna")
        self.assertContains(page, 'class="gantt-fill"', html=False)
        self.client.post(reverse("programmes:roadmap_agree", args=[self.network.slug]), {"expected_revision": 3})
        roadmap.refresh_from_db()
        self.assertEqual(roadmap.state, NetworkRoadmap.State.AGREED)
        delete = reverse("programmes:roadmap_action_delete", args=[self.network.slug, action.pk])
        self.assertEqual(self.client.get(delete).status_code, 200)
        response = self.client.post(delete, {"expected_revision": 4}, follow=True)
        self.assertFalse(roadmap.actions.exists())
        roadmap.refresh_from_db()
        self.assertEqual(roadmap.state, NetworkRoadmap.State.DRAFT)
        self.assertContains(response, 'class="message message-warning"', html=False)

    def test_agreeing_an_incomplete_roadmap_shows_why(self) -> None:
        self.client.post(self.url, {"problems": "Upały", "goals": "", "expected_revision": 0})
        response = self.client.post(reverse("programmes:roadmap_agree", args=[self.network.slug]),
                                    {"expected_revision": 1}, follow=True)
        self.assertEqual(NetworkRoadmap.objects.get().state, NetworkRoadmap.State.DRAFT)
        self.assertContains(response, 'class="message message-error"', html=False)
        self.assertEqual(self.client.get(reverse("programmes:roadmap_agree", args=[self.network.slug])).status_code,
                         405)

    def test_an_unknown_action_is_404(self) -> None:
        complete_roadmap(self.network, self.lead_officer)
        url = reverse("programmes:roadmap_action_edit", args=[self.network.slug, 9999])
        self.assertEqual(self.client.get(url).status_code, 404)


class RoadmapVersionPageTests(PersonaTestCase):
    def setUp(self) -> None:
        complete_roadmap(self.network, self.lead_officer)
        self.client.force_login(self.expert)

    def test_compare_and_restore(self) -> None:
        compare = reverse("programmes:roadmap_compare", args=[self.network.slug])
        response = self.client.get(compare, {"a": 1, "b": 2})
        self.assertContains(response, "<ins>", html=False)
        self.assertContains(response, "Warsztat w mieście liderze")
        for bad in ({"a": "x", "b": 2}, {"a": 1, "b": 99}, {"a": 1, "b": "99999999999999999999999"}, {}):
            with self.subTest(query=bad):
                response = self.client.get(compare, bad)
                self.assertRedirects(response, reverse("programmes:roadmap_versions", args=[self.network.slug]))
        restore = reverse("programmes:roadmap_restore", args=[self.network.slug, 1])
        self.assertEqual(self.client.get(restore).status_code, 200)
        self.client.post(restore, {"expected_revision": 2})
        roadmap = NetworkRoadmap.objects.get()
        self.assertEqual(roadmap.revision, 3)
        self.assertFalse(roadmap.actions.exists())
        # A restore form loaded before that restore is now stale: refused, nothing changes.
        response = self.client.post(restore, {"expected_revision": 2}, follow=True)
        self.assertContains(response, "Expert")
        self.assertEqual(NetworkRoadmap.objects.get().revision, 3)
        self.assertEqual(self.client.get(reverse("programmes:roadmap_restore", args=[self.network.slug, 42]))
                         .status_code, 404)


class NetworkPageRoadmapTests(PersonaTestCase):
    def page(self):
        return self.client.get(reverse("portal:network", args=[self.network.slug]))

    def test_public_sees_the_agreed_roadmap_but_not_a_draft(self) -> None:
        edit_link = f'href="{reverse("programmes:roadmap_edit", args=[self.network.slug])}"'
        complete_roadmap(self.network, self.lead_officer)
        response = self.page()
        self.assertContains(response, 'id="fiszka"', html=False)
        self.assertNotContains(response, "Niedobór zieleni")
        services.roadmap_agree(network=self.network, expected_revision=2, by=self.lead_officer)
        services.roadmap_save(network=self.network, problems="Szkic poprawki", goals="Więcej drzew",
                              expected_revision=3, by=self.lead_officer)
        response = self.page()
        self.assertContains(response, "Niedobór zieleni")
        self.assertNotContains(response, "Szkic poprawki")
        self.assertContains(response, 'class="gantt-fill"', html=False)
        self.assertNotContains(response, edit_link)
        self.client.force_login(self.member_officer)
        response = self.page()
        self.assertContains(response, "Szkic poprawki")
        self.assertNotContains(response, edit_link)
        self.client.force_login(self.lead_officer)
        self.assertContains(self.page(), edit_link)

    def test_query_count_does_not_grow_with_actions(self) -> None:
        roadmap = complete_roadmap(self.network, self.lead_officer)
        services.roadmap_agree(network=self.network, expected_revision=2, by=self.lead_officer)
        self.client.force_login(self.lead_officer)
        counts = []
        for extra in (1, 9):
            for i in range(extra):
                services.roadmap_action_save(
                    network=self.network, expected_revision=NetworkRoadmap.objects.get().revision, by=self.lead_officer,
                    title=f"Działanie {i}", starts_on=datetime.date(2024, 1 + i, 1), ends_on=datetime.date(2024, 12, 1),
                )
            for url in (reverse("portal:network", args=[self.network.slug]),
                        reverse("programmes:roadmap_edit", args=[self.network.slug])):
                with CaptureQueriesContext(connection) as queries:
                    self.assertEqual(self.client.get(url).status_code, 200)
                counts.append((url, len(queries)))
        self.assertEqual(counts[:2], counts[2:])
        self.assertEqual(roadmap.actions.count(), 11)


class RoadmapAdminTests(PersonaTestCase):
    def test_operators_read_roadmaps_in_the_admin_and_city_officers_are_refused(self) -> None:
        roadmap = complete_roadmap(self.network, self.lead_officer)
        self.assertAdminPagesOpen(roadmap, add=False)
        self.assertAdminRefusesCityOfficers(roadmap)
        response = self.client.get(reverse("admin:programmes_networkroadmap_add"))
        self.assertNotEqual(response.status_code, 200)
