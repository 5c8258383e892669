from __future__ import annotations

from typing import Any

from django.test import override_settings
from django.urls import reverse
from zeal import zeal_ignore

from pim.plans import services
from pim.plans.models import Action, PlanVersion, Stakeholder
from pim.plans.tests.base import MidTestCase
from pim.plans.tests.factories import StakeholderFactory


def management(prefix: str, total: int, initial: int) -> dict[str, Any]:
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": str(initial),
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}


@override_settings(LANGUAGE_CODE="en")
class SectionEditTests(MidTestCase):
    def setUp(self) -> None:
        # The save services load the plan's content several times from one line (sections.load): before
        # and after writing, to compare. django-zeal takes that for an N+1; it is not one of these views.
        self.enterContext(zeal_ignore([{"model": "plans.ActionPlan", "field": "get()"}]))

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

    def test_bad_input_shows_field_errors_and_changes_nothing(self) -> None:
        self.client.force_login(self.member_officer)
        response = self.client.post(self.edit_url("metadata"), {
            "expected_revision": "0", "title": "", "started_on": "2025-05-01", "target_completion_on": "2024-01-01",
        })
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'role="alert"')
        self.assertContains(response, 'aria-invalid="true"')
        self.member_plan.refresh_from_db()
        self.assertEqual(self.member_plan.title, "MID członka")
        self.assertFalse(PlanVersion.objects.filter(plan=self.member_plan, section="metadata").exists())

    def test_service_errors_land_on_the_fields(self) -> None:
        self.client.force_login(self.member_officer)
        response = self.client.post(self.edit_url("metadata"), {
            "expected_revision": "0", "title": "Nowy", "started_on": "2025-05-01", "target_completion_on": "2024-01-01",
        })
        self.assertContains(response, 'aria-invalid="true"')
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
