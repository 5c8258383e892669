from __future__ import annotations

from typing import Any

from django.test import override_settings
from django.urls import reverse

from pim.plans import services
from pim.plans.models import Action, ActionPlan, PlanVersion, Stakeholder
from pim.plans.tests.base import MidTestCase
from pim.plans.tests.factories import StakeholderFactory


def management(prefix: str, total: int, initial: int) -> dict[str, Any]:
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": str(initial),
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}


@override_settings(LANGUAGE_CODE="en")
class SectionEditTests(MidTestCase):
    def edit_url(self, key: str) -> str:
        return reverse("plans:section_edit", args=[self.member_plan.pk, key])

    def test_team_member_saves_a_section_and_a_version_is_recorded(self) -> None:
        self.client.force_login(self.member_officer)
        self.assertEqual(self.client.get(self.edit_url("challenge")).status_code, 200)
        response = self.client.post(self.edit_url("challenge"), {
            "expected_revision": "0", "challenge_title": "Upał", "challenge_statement": "<p>Za gorąco</p><script>x</script>",
        })
        self.assertRedirects(response, f"{self.member_plan.get_absolute_url()}#challenge", fetch_redirect_response=False)
        self.member_plan.refresh_from_db()
        self.assertEqual(self.member_plan.challenge_title, "Upał")
        self.assertNotIn("script", self.member_plan.challenge_statement)
        self.assertTrue(PlanVersion.objects.filter(plan=self.member_plan, section="challenge").exists())

    def test_list_section_adds_rows(self) -> None:
        self.client.force_login(self.member_officer)
        data = {"expected_revision": "0", **management("stakeholders", 1, 0),
                "stakeholders-0-name": "Rada osiedla", "stakeholders-0-influence": "high"}
        response = self.client.post(self.edit_url("stakeholders"), data)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(list(Stakeholder.objects.filter(plan=self.member_plan).values_list("name", flat=True)),
                         ["Rada osiedla"])

    def test_a_tree_is_built_causes_first_and_a_second_core_problem_is_refused_with_a_message(self) -> None:
        self.client.force_login(self.member_officer)
        response = self.client.post(self.edit_url("problem_tree"), {
            "expected_revision": "0", **management("nodes", 1, 0), "nodes-0-kind": "cause", "nodes-0-text": "Brak cienia",
        })
        self.assertEqual(response.status_code, 302)
        revision = self.member_plan.section_revisions()["problem_tree"]
        node = self.member_plan.problem_nodes.get()
        response = self.client.post(self.edit_url("problem_tree"), {
            "expected_revision": revision, **management("nodes", 3, 1), "nodes-0-id": node.pk, "nodes-0-kind": "cause",
            "nodes-0-text": "Brak cienia", "nodes-1-kind": "core_problem", "nodes-1-text": "Upał",
            "nodes-2-kind": "core_problem", "nodes-2-text": "Susza",
        })
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "at most one core problem (this one has 2)", status_code=400)
        self.assertContains(response, "Some rows have errors; see below.", status_code=400)
        self.assertEqual(list(self.member_plan.problem_nodes.values_list("text", flat=True)), ["Brak cienia"])

    def test_a_funding_row_that_does_not_exist_is_refused_with_a_message(self) -> None:
        self.client.force_login(self.member_officer)
        response = self.client.post(reverse("plans:action_add", args=[self.member_plan.pk]), {
            "expected_revision": "0", "title": "Parki", "type": "investment", **management("fundings", 1, 1),
            "fundings-0-id": "999999", "fundings-0-source": "Budżet", "fundings-0-kind": "city_budget",
            "fundings-0-amount": "10", "fundings-0-status": "secured",
        })
        self.assertContains(response, 'role="alert"', status_code=400)
        self.assertFalse(Action.objects.filter(plan=self.member_plan).exists())

    def test_bad_input_shows_field_errors_and_changes_nothing(self) -> None:
        self.client.force_login(self.member_officer)
        response = self.client.post(self.edit_url("metadata"), {
            "expected_revision": "0", "title": "", "started_on": "2025-05-01", "target_completion_on": "2024-01-01",
        })
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, 'role="alert"', status_code=400)
        self.assertContains(response, 'aria-invalid="true"', status_code=400)
        self.member_plan.refresh_from_db()
        self.assertEqual(self.member_plan.title, "MID członka")
        self.assertFalse(PlanVersion.objects.filter(plan=self.member_plan, section="metadata").exists())

    def test_service_errors_land_on_the_fields(self) -> None:
        self.client.force_login(self.member_officer)
        response = self.client.post(self.edit_url("metadata"), {
            "expected_revision": "0", "title": "Nowy", "started_on": "2025-05-01", "target_completion_on": "2024-01-01",
        })
        self.assertContains(response, 'aria-invalid="true"', status_code=400)
        self.member_plan.refresh_from_db()
        self.assertEqual(self.member_plan.title, "MID członka")

    def test_concurrent_edit_is_refused_showing_the_other_change_and_keeping_the_text(self) -> None:
        services.plan_section_save(plan=self.member_plan, section="challenge",
                                   data={"challenge_title": "Ich tytuł"}, expected_revision=0, by=self.lead_officer
                                   if False else self.coordinator)
        self.client.force_login(self.member_officer)
        response = self.client.post(self.edit_url("challenge"), {
            "expected_revision": "0", "challenge_title": "Mój tytuł", "challenge_statement": "",
        })
        self.assertContains(response, "Someone else saved this section")
        self.assertContains(response, "Ich tytuł")
        self.assertContains(response, 'value="Mój tytuł"')
        self.assertContains(response, "<ins>", html=False)
        self.member_plan.refresh_from_db()
        self.assertEqual(self.member_plan.challenge_title, "Ich tytuł")

    def test_htmx_save_returns_the_section_and_the_checklist_out_of_band(self) -> None:
        self.client.force_login(self.member_officer)
        response = self.client.post(self.edit_url("risks"), {
            "expected_revision": "0", **management("risks", 1, 0), "risks-0-description": "Brak wykonawcy",
            "risks-0-likelihood": "medium", "risks-0-impact": "high",
        }, headers={"HX-Request": "true"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'id="risks"')
        self.assertContains(response, "Brak wykonawcy")
        self.assertContains(response, 'id="checklist" class="checklist" aria-labelledby="checklist-heading" hx-swap-oob="true"')
        self.assertNotContains(response, "<html")

    def test_htmx_get_returns_the_form_partial(self) -> None:
        self.client.force_login(self.member_officer)
        response = self.client.get(self.edit_url("governance"), headers={"HX-Request": "true"})
        self.assertContains(response, 'name="expected_revision"')
        self.assertNotContains(response, "<html")

    def test_action_is_added_with_funding_and_deleted(self) -> None:
        StakeholderFactory(plan=self.member_plan)
        self.client.force_login(self.member_officer)
        url = reverse("plans:action_add", args=[self.member_plan.pk])
        self.assertEqual(self.client.get(url).status_code, 200)
        response = self._post_action(url)
        self.assertEqual(response.status_code, 302, response.content.decode()[-3000:])
        self._check_and_delete()

    def _post_action(self, url: str) -> Any:
        return self.client.post(url, {
            "expected_revision": "0", "title": "Parki kieszonkowe", "type": "investment", "lead_unit": "ZZM",
            "cost_estimate": "1000", **management("fundings", 1, 0), "fundings-0-source": "Budżet",
            "fundings-0-kind": "city_budget", "fundings-0-amount": "1000", "fundings-0-status": "secured",
        })

    def _check_and_delete(self) -> None:
        action = Action.objects.get(plan=self.member_plan)
        self.assertEqual(action.fundings.get().amount, 1000)
        response = self.client.post(reverse("plans:action_delete", args=[self.member_plan.pk, action.pk]),
                                    {"expected_revision": self.member_plan.section_revisions()["actions"]})
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Action.objects.filter(plan=self.member_plan).exists())

    def test_readers_who_may_not_edit_get_403_and_outsiders_404(self) -> None:
        self.client.force_login(self.expert)
        self.assertEqual(self.client.get(self.edit_url("challenge")).status_code, 403)
        self.client.force_login(self.outsider_officer)
        self.assertEqual(self.client.get(self.edit_url("challenge")).status_code, 404)
        self.assertEqual(self.client.post(self.edit_url("challenge"), {"expected_revision": "0"}).status_code, 404)

    def test_plan_in_review_cannot_be_edited(self) -> None:
        self.set_state(self.member_plan, "expert_review")
        self.client.force_login(self.member_officer)
        self.assertEqual(self.client.get(self.edit_url("challenge")).status_code, 403)


PPP = {
    "sectors": [
        {"key": "transport_infrastructure", "name": "Infrastruktura transportowa", "participants": ["miasto-x"]},
        {"key": "public_buildings", "name": "Budynki użyteczności publicznej"},
    ],
    "process_stages": [{"key": "concept", "name": "Etap koncepcyjny"}, {"key": "preparation", "name": "Etap przygotowań"}],
    "solution_areas": ["adaptacja do zmian klimatu", "planowanie zielonej infrastruktury"],
}


@override_settings(LANGUAGE_CODE="en")
class ClassificationEditTests(MidTestCase):
    """The classification form offers what the network's configuration defines, nothing coded."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.network.classifications = PPP
        cls.network.save()

    def url(self, plan: Any = None) -> str:
        return reverse("plans:section_edit", args=[(plan or self.member_plan).pk, "classification"])

    def test_the_form_offers_the_networks_classifications_and_options(self) -> None:
        self.client.force_login(self.member_officer)
        response = self.client.get(self.url())
        self.assertContains(response, "<legend>PPP sectors:</legend>", html=True)
        self.assertContains(response, 'value="Infrastruktura transportowa"')
        self.assertContains(response, 'value="Etap przygotowań"')
        self.assertContains(response, 'value="planowanie zielonej infrastruktury"')
        # Another network's plan gets that network's (empty) configuration.
        self.client.force_login(self.outsider_officer)
        response = self.client.get(self.url(self.outsider_plan))
        self.assertContains(response, "The network defines no classifications yet")
        self.assertNotContains(response, "Infrastruktura transportowa")

    def test_team_member_saves_one_or_several_values_and_a_version_is_recorded(self) -> None:
        self.client.force_login(self.member_officer)
        response = self.client.post(self.url(), {
            "expected_revision": "0", "sectors": ["Infrastruktura transportowa", "Budynki użyteczności publicznej"],
            "process_stages": "Etap koncepcyjny",
        })
        self.assertEqual(response.status_code, 302)
        self.member_plan.refresh_from_db()
        self.assertEqual(self.member_plan.classification,
                         {"sectors": ["Infrastruktura transportowa", "Budynki użyteczności publicznej"],
                          "process_stages": "Etap koncepcyjny"})
        version = PlanVersion.objects.get(plan=self.member_plan, section="classification")
        self.assertEqual(version.snapshot["classification"]["classification"]["process_stages"], "Etap koncepcyjny")
        self.assertEqual(self.member_plan.section_revisions()["classification"], 1)
        # The saved values are checked when the form opens again (a record stored by its key too).
        ActionPlan.objects.filter(pk=self.member_plan.pk).update(classification={"process_stages": "preparation"})
        response = self.client.get(self.url())
        self.assertContains(response, 'value="Etap przygotowań" id="id_process_stages_1" checked', html=False)

    def test_an_unknown_value_is_refused_with_a_field_message_and_nothing_changes(self) -> None:
        self.client.force_login(self.member_officer)
        for posted in ({"sectors": "kosmos"}, {"process_stages": ["Etap koncepcyjny", "<script>"]}):
            with self.subTest(posted=posted):
                response = self.client.post(self.url(), {"expected_revision": "0", **posted})
                self.assertEqual(response.status_code, 400)
                self.assertContains(response, 'role="alert"', status_code=400)
                self.assertContains(response, 'aria-invalid="true"', status_code=400)
                self.assertContains(response, "is not one of the available choices", status_code=400)
        self.member_plan.refresh_from_db()
        self.assertEqual(self.member_plan.classification, {})
        self.assertFalse(PlanVersion.objects.filter(plan=self.member_plan).exists())

    def test_a_concurrent_classification_change_is_refused(self) -> None:
        services.plan_section_save(plan=self.member_plan, section="classification",
                                   data={"classification": {"process_stages": "Etap koncepcyjny"}}, expected_revision=0,
                                   by=self.coordinator)
        self.client.force_login(self.member_officer)
        response = self.client.post(self.url(), {"expected_revision": "0", "process_stages": "Etap przygotowań"})
        self.assertContains(response, "Someone else saved this section")
        self.assertContains(response, 'name="expected_revision" value="1"')
        self.member_plan.refresh_from_db()
        self.assertEqual(self.member_plan.classification, {"process_stages": "Etap koncepcyjny"})

    def test_who_may_edit_the_classification(self) -> None:
        for name, status in (("coordinator", 200), ("member_officer", 200), ("expert", 403), ("lead_officer", 404),
                             ("lp_coordinator", 404), ("outsider_officer", 404), ("ministry_reviewer", 404)):
            with self.subTest(persona=name):
                self.client.force_login(self.persona(name))
                self.assertEqual(self.client.get(self.url()).status_code, status)
                revision = self.member_plan.section_revisions()["classification"]
                response = self.client.post(self.url(), {"expected_revision": revision,
                                                         "sectors": "Budynki użyteczności publicznej"})
                self.assertEqual(response.status_code, 302 if status == 200 else status)
        self.client.logout()
        self.assertEqual(self.client.get(self.url()).status_code, 404)
        self.member_plan.refresh_from_db()
        self.assertEqual(self.member_plan.classification, {"sectors": "Budynki użyteczności publicznej"})


@override_settings(LANGUAGE_CODE="en")
class ConflictThenSaveAgainTests(MidTestCase):
    """After a refused concurrent save, saving again is explicit, against the new revision, and loses nothing."""

    def url(self) -> str:
        return reverse("plans:section_edit", args=[self.member_plan.pk, "challenge"])

    def setUp(self) -> None:
        services.plan_section_save(plan=self.member_plan, section="challenge",
                                   data={"challenge_title": "Ich tytuł"}, expected_revision=0, by=self.coordinator)
        self.client.force_login(self.member_officer)
        self.mine = {"expected_revision": "0", "challenge_title": "Mój tytuł", "challenge_statement": ""}

    def test_the_conflict_says_whose_change_would_be_replaced_and_shows_both_differences(self) -> None:
        response = self.client.post(self.url(), self.mine)
        self.assertContains(response, "Your changes would replace Coordinator's changes; review the differences")
        self.assertContains(response, "What saving your version would change")
        self.assertContains(response, "Mój tytuł</ins>", html=False)
        self.assertContains(response, "Ich tytuł</del>", html=False)
        self.assertContains(response, reverse("plans:history", args=[self.member_plan.pk]))
        self.assertContains(response, 'name="expected_revision" value="1"')

    def test_the_second_save_counts_only_against_the_new_revision_and_both_versions_are_kept(self) -> None:
        self.client.post(self.url(), self.mine)
        # The same stale form again is refused again: only the form reloaded after the conflict saves.
        self.assertContains(self.client.post(self.url(), self.mine), "Someone else saved this section")
        response = self.client.post(self.url(), {**self.mine, "expected_revision": "1"})
        self.assertEqual(response.status_code, 302)
        self.member_plan.refresh_from_db()
        self.assertEqual(self.member_plan.challenge_title, "Mój tytuł")
        titles = {v.number: v.snapshot["challenge"]["challenge_title"]
                  for v in PlanVersion.objects.filter(plan=self.member_plan, section="challenge")}
        theirs = next(n for n, title in titles.items() if title == "Ich tytuł")
        self.assertIn("Mój tytuł", titles.values())
        # Their version can be brought back from the history.
        response = self.client.post(reverse("plans:version_restore", args=[self.member_plan.pk, theirs]))
        self.assertEqual(response.status_code, 302)
        self.member_plan.refresh_from_db()
        self.assertEqual(self.member_plan.challenge_title, "Ich tytuł")

    def test_a_third_save_in_between_refuses_the_second_save_too(self) -> None:
        self.client.post(self.url(), self.mine)
        services.plan_section_save(plan=self.member_plan, section="challenge", data={"challenge_title": "Trzeci"},
                                   expected_revision=1, by=self.coordinator)
        response = self.client.post(self.url(), {**self.mine, "expected_revision": "1"})
        self.assertContains(response, "Someone else saved this section")
        self.assertContains(response, 'name="expected_revision" value="2"')
        self.member_plan.refresh_from_db()
        self.assertEqual(self.member_plan.challenge_title, "Trzeci")

    def test_an_action_conflict_shows_the_action_as_the_user_left_it(self) -> None:
        action = services.action_save(plan=self.member_plan, action_id=None, data={"title": "Ogrody deszczowe"},
                                      expected_revision=0, by=self.coordinator).obj
        services.action_save(plan=self.member_plan, action_id=action.pk, data={"title": "Ogrody deszczowe 2"},
                             expected_revision=1, by=self.coordinator)
        response = self.client.post(reverse("plans:action_edit", args=[self.member_plan.pk, action.pk]), {
            "expected_revision": "1", "title": "Moje ogrody", "type": "investment", **management("fundings", 0, 0),
        })
        self.assertContains(response, "Your changes would replace")
        self.assertContains(response, "Moje ogrody</ins>", html=False)
        self.assertContains(response, 'name="expected_revision" value="2"')
