"""The PU screens: who opens what, the htmx editor, bad input on every form, conflicts, versions, workflow."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from pim.recommendations import services
from pim.recommendations.models import ImprovementPlan, Recommendation
from pim.recommendations.tests.base import PuTestCase
from pim.recommendations.tests.factories import BarrierFactory

State = ImprovementPlan.State
def today() -> datetime.date:
    return timezone.localdate()



class PageAccessTests(PuTestCase):
    def assertStatuses(self, url: str, expected: dict[str, int], default: int) -> None:
        for name in self.personas:
            with self.subTest(url=url, persona=name):
                self.client.logout()
                self.login(name)
                self.assertEqual(self.client.get(url).status_code, expected.get(name, default))

    def test_a_draft_is_the_networks_business(self):
        url = reverse("recommendations:plan", args=[self.network.slug])
        readers = {"coordinator": 200, "expert": 200, "lead_officer": 200, "member_officer": 200}
        self.assertStatuses(url, readers, 404)
        self.set_state(self.plan, State.FINAL)
        self.assertStatuses(url, {}, 200)

    def test_the_editor_opens_for_writers_while_drafting(self):
        url = reverse("recommendations:plan_edit", args=[self.network.slug])
        self.assertStatuses(url, {"coordinator": 200, "expert": 200, "lead_officer": 403, "member_officer": 403}, 404)
        self.set_state(self.plan, State.FINAL)
        self.login("expert")
        self.assertEqual(self.client.get(url).status_code, 403)

    def test_the_other_networks_pu_is_closed_to_this_networks_expert_and_cities(self):
        slug = self.other_network.slug
        for name in ("expert", "lead_officer"):
            self.login(name)
            for url in (reverse("recommendations:plan", args=[slug]), reverse("recommendations:plan_edit", args=[slug]),
                        reverse("recommendations:register", args=[slug]), reverse("recommendations:history", args=[slug])):
                with self.subTest(persona=name, url=url):
                    self.assertEqual(self.client.get(url).status_code, 404)

    def test_history_workflow_and_register_pages_open_for_the_network(self):
        services.improvement_plan_save(plan=self.plan, data={"title": "A"}, expected_revision=0, by=self.expert)
        services.improvement_plan_save(plan=self.plan, data={"title": "B"}, expected_revision=1, by=self.expert)
        slug = self.network.slug
        for url in (reverse("recommendations:history", args=[slug]), reverse("recommendations:workflow", args=[slug]),
                    reverse("recommendations:version_compare", args=[slug]) + "?a=1&b=2",
                    reverse("recommendations:register", args=[slug])):
            self.assertStatuses(url, {"coordinator": 200, "expert": 200, "lead_officer": 200, "member_officer": 200},
                                404)

    def test_history_and_workflow_name_people_so_stay_with_the_network_after_final(self):
        self.set_state(self.plan, State.FINAL)
        for url in (reverse("recommendations:history", args=[self.network.slug]),
                    reverse("recommendations:workflow", args=[self.network.slug])):
            self.assertStatuses(url, {"coordinator": 200, "expert": 200, "lead_officer": 200, "member_officer": 200},
                                404)
        self.client.logout()
        page = self.client.get(reverse("recommendations:plan", args=[self.network.slug]))
        self.assertNotContains(page, reverse("recommendations:history", args=[self.network.slug]))

    def test_the_compare_page_shows_the_change(self):
        services.improvement_plan_save(plan=self.plan, data={"summary": "Stare streszczenie"}, expected_revision=0,
                                       by=self.expert)
        services.improvement_plan_save(plan=self.plan, data={"summary": "Nowe streszczenie"}, expected_revision=1,
                                       by=self.expert)
        self.login("expert")
        response = self.client.get(reverse("recommendations:version_compare", args=[self.network.slug]) + "?a=1&b=2")
        self.assertContains(response, "<del>", html=False)
        self.assertContains(response, "Nowe streszczenie")
        history = self.client.get(reverse("recommendations:history", args=[self.network.slug]))
        self.assertContains(history, "porownanie/?a=1&amp;b=2")  # each version links to what it changed
        bad = self.client.get(reverse("recommendations:version_compare", args=[self.network.slug]) + "?a=1&b=x")
        self.assertEqual(bad.status_code, 302)


class EditorTests(PuTestCase):
    def setUp(self) -> None:
        self.login("expert")
        self.url = reverse("recommendations:section_edit", args=[self.network.slug, "general"])

    def test_an_htmx_save_returns_the_section_with_the_new_revision(self):
        response = self.client.post(self.url, {"expected_revision": 0, "title": "Nowy tytuł", "introduction":
                                               "<p>Wstęp</p><script>x()</script>"}, headers={"HX-Request": "true"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'value="1"')
        self.plan.refresh_from_db()
        self.assertEqual((self.plan.title, self.plan.introduction), ("Nowy tytuł", "<p>Wstęp</p>"))

    def test_bad_input_is_a_clear_message_and_saves_nothing(self):
        # htmx swaps only 2xx answers: the section comes back with 200 and its errors.
        response = self.client.post(self.url, {"expected_revision": 0, "title": "x" * 400},
                                    headers={"HX-Request": "true", "Accept-Language": "pl"})
        self.assertContains(response, "role=\"alert\"")
        self.assertContains(response, "znaków")  # Django's Polish max-length message
        self.assertEqual(self.client.post(self.url, {"title": "x"}).status_code, 400)  # no revision
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.title, "Plan Ulepszeń testowy")
        self.assertFalse(self.plan.versions.exists())

    def test_a_stale_form_shows_the_other_persons_change(self):
        services.improvement_plan_save(plan=self.plan, data={"summary": "Zmiana operatora"}, expected_revision=0,
                                       by=self.coordinator)
        response = self.client.post(self.url, {"expected_revision": 0, "summary": "Moja zmiana"},
                                    headers={"HX-Request": "true"})
        self.assertContains(response, "Zmiana operatora")
        self.assertContains(response, "Moja zmiana")  # the user's text is kept
        self.assertContains(response, "Coordinator")
        self.assertContains(response, 'name="expected_revision" value="1"')
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.summary, "Zmiana operatora")

    def test_barriers_section_accepts_only_the_register(self):
        mine, foreign = BarrierFactory(network=self.network), BarrierFactory(network=self.other_network)
        url = reverse("recommendations:section_edit", args=[self.network.slug, "barriers"])
        self.assertEqual(self.client.post(url, {"expected_revision": 0, "barriers": [foreign.pk]}).status_code, 400)
        self.assertEqual(self.client.post(url, {"expected_revision": 0, "barriers": [mine.pk]}).status_code, 302)
        self.assertEqual(list(self.plan.barriers.all()), [mine])
        self.assertEqual(self.client.post(reverse("recommendations:section_edit", args=[self.network.slug, "x"]),
                                          {}).status_code, 404)

    def test_good_practices_section_refuses_unknown_choices(self):
        url = reverse("recommendations:section_edit", args=[self.network.slug, "good_practices"])
        response = self.client.post(url, {"expected_revision": 0, "good_practices": ["999", "abc"]},
                                    headers={"HX-Request": "true"})
        self.assertContains(response, 'role="alert"')
        self.assertFalse(self.plan.good_practices.exists())

    def test_recommendation_form_saves_and_refuses_bad_input(self):
        url = reverse("recommendations:recommendation_add", args=[self.network.slug])
        self.assertEqual(self.client.get(url).status_code, 200)
        bad = self.client.post(url, {"expected_revision": 0, "text": "", "type": "legal", "horizon": "never"},
                               headers={"Accept-Language": "pl"})
        self.assertEqual(bad.status_code, 400)
        self.assertContains(bad, "To pole jest wymagane", status_code=400)
        self.assertEqual(Recommendation.objects.filter(improvement_plan=self.plan).count(), 2)
        good = self.client.post(url, {"expected_revision": 0, "text": "Trzecia rekomendacja", "type": "financial",
                                      "horizon": "medium", "priority": "low", "addressees": [self.ministry.pk]})
        self.assertEqual(good.status_code, 302)
        created = Recommendation.objects.get(text="Trzecia rekomendacja")
        self.assertEqual(list(created.addressees.all()), [self.ministry])
        edit = reverse("recommendations:recommendation_edit", args=[self.network.slug, created.pk])
        self.assertEqual(self.client.get(edit).status_code, 200)
        other = reverse("recommendations:recommendation_edit", args=[self.network.slug, 99999])
        self.assertEqual(self.client.get(other).status_code, 404)

    def test_restore_from_the_history(self):
        services.improvement_plan_save(plan=self.plan, data={"title": "Pierwszy"}, expected_revision=0, by=self.expert)
        services.improvement_plan_save(plan=self.plan, data={"title": "Drugi"}, expected_revision=1, by=self.expert)
        url = reverse("recommendations:version_restore", args=[self.network.slug, 1])
        self.assertEqual(self.client.get(url).status_code, 200)
        self.assertEqual(self.client.post(url).status_code, 302)
        self.plan.refresh_from_db()
        self.assertEqual((self.plan.title, self.plan.revision), ("Pierwszy", 3))
        self.client.force_login(self.member_officer)
        self.assertEqual(self.client.post(url).status_code, 403)


class WorkflowViewTests(PuTestCase):
    def test_the_operator_hands_over_with_date_and_institution(self):
        self.set_state(self.plan, State.FINAL)
        self.login("coordinator")
        url = reverse("recommendations:workflow", args=[self.network.slug])
        bad = self.client.post(url, {"to_state": "handed_over", "handed_over_on": "", "handed_over_to": ""})
        self.assertEqual(bad.status_code, 400)
        self.assertEqual(self.client.post(url, {"to_state": "nonsense"}).status_code, 400)
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.state, State.FINAL)
        ok = self.client.post(url, {"to_state": "handed_over", "handed_over_on": "2024-05-10",
                                    "handed_over_to": self.ministry.pk})
        self.assertEqual(ok.status_code, 302)
        self.plan.refresh_from_db()
        self.assertEqual((self.plan.state, self.plan.handed_over_to), (State.HANDED_OVER, self.ministry))

    def test_a_reader_cannot_move_it(self):
        self.login("member_officer")
        response = self.client.post(reverse("recommendations:workflow", args=[self.network.slug]),
                                    {"to_state": "consultation"})
        self.assertEqual(response.status_code, 400)
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.state, State.DRAFT)


class DueDateViewTests(PuTestCase):
    def test_only_the_operator_sets_the_deadline_and_bad_dates_change_nothing(self):
        url = reverse("recommendations:due_date", args=[self.recommendation.pk])
        self.login("expert")
        self.assertEqual(self.client.post(url, {"response_due_on": "2025-01-31"}).status_code, 403)
        self.login("coordinator")
        bad = self.client.post(url, {"response_due_on": "31.31.2025"})
        self.assertEqual(bad.status_code, 400)
        self.assertContains(bad, f'aria-describedby="due-{self.recommendation.pk}-error"', status_code=400)
        self.assertContains(bad, 'value="31.31.2025"', status_code=400)
        self.recommendation.refresh_from_db()
        self.assertIsNone(self.recommendation.response_due_on)
        self.client.post(url, {"response_due_on": "2025-01-31"})
        self.recommendation.refresh_from_db()
        self.assertEqual(self.recommendation.response_due_on, datetime.date(2025, 1, 31))


class RegisterViewTests(PuTestCase):
    def test_filters_add_merge_and_collect(self):
        legal = BarrierFactory(network=self.network, type="legal", cities=[self.lead_city], description="Prawna")
        financial = BarrierFactory(network=self.network, type="financial", description="Finansowa")
        self.login("expert")
        url = reverse("recommendations:register", args=[self.network.slug])
        page = self.client.get(url, {"type": "financial"})
        self.assertContains(page, '<td lang="pl">Finansowa')
        self.assertNotContains(page, '<td lang="pl">Prawna')
        by_city = self.client.get(url, {"city": self.lead_city.pk}, headers={"HX-Request": "true"})
        self.assertContains(by_city, '<td lang="pl">Prawna')
        self.assertNotContains(by_city, '<td lang="pl">Finansowa')
        self.assertEqual(self.client.get(url, {"city": "abc"}).status_code, 200)  # a bad filter shows everything

        add = reverse("recommendations:register_add", args=[self.network.slug])
        self.assertEqual(self.client.post(add, {"add-type": "legal", "add-description": ""}).status_code, 400)
        self.assertEqual(self.client.post(add, {"add-type": "data", "add-description": "Brak danych",
                                                "add-cities": [self.member_city.pk]}).status_code, 302)
        merge = reverse("recommendations:register_merge", args=[self.network.slug])
        self.assertEqual(self.client.post(merge, {"merge-target": legal.pk, "merge-others": [legal.pk]}).status_code, 400)
        self.assertEqual(self.client.post(merge, {"merge-target": legal.pk, "merge-others": [financial.pk]}).status_code, 302)
        financial.refresh_from_db()
        self.assertEqual(financial.merged_into, legal)
        collect = reverse("recommendations:register_collect", args=[self.network.slug])
        self.assertEqual(self.client.post(collect).status_code, 302)
        self.client.force_login(self.member_officer)
        self.assertEqual(self.client.post(collect).status_code, 404)


class RespondViewTests(PuTestCase):
    def setUp(self) -> None:
        self.hand_over()
        self.url = reverse("recommendations:respond", args=[self.recommendation.pk])

    def test_only_the_addressees_liaison_and_the_operator_open_the_form(self):
        for name, status in (("ministry_reviewer", 200), ("coordinator", 200), ("other_liaison", 404),
                             ("expert", 404), ("anonymous", 404)):
            with self.subTest(persona=name):
                self.client.logout()
                self.login(name)
                self.assertEqual(self.client.get(self.url).status_code, status)

    def test_answer_then_status_with_history_and_bad_input(self):
        self.login("ministry_reviewer")
        bad = self.client.post(self.url, {"form": "answer", "answer-institution": self.ministry.pk,
                                          "answer-decision": "accepted", "answer-text": "",
                                          "answer-responded_on": "2024-06-01"}, headers={"Accept-Language": "pl"})
        self.assertEqual(bad.status_code, 400)
        self.assertContains(bad, "To pole jest wymagane", status_code=400)
        forged = self.client.post(self.url, {"form": "answer", "answer-institution": self.other_ministry.pk,
                                             "answer-decision": "accepted", "answer-text": "Tak",
                                             "answer-responded_on": "2024-06-01"})
        self.assertEqual(forged.status_code, 400)  # not a choice for this liaison
        self.assertFalse(self.recommendation.responses.exists())
        ok = self.client.post(self.url, {"form": "answer", "answer-institution": self.ministry.pk,
                                         "answer-decision": "under_analysis", "answer-text": "Analizujemy",
                                         "answer-responded_on": "2024-06-01"})
        self.assertEqual(ok.status_code, 302)
        status = self.client.post(self.url, {"form": "status", "status-institution": self.ministry.pk,
                                             "status-status": "implemented", "status-evidence": "",
                                             "status-reported_on": "2024-07-01"})
        self.assertEqual(status.status_code, 400)  # implemented needs evidence
        self.client.post(self.url, {"form": "status", "status-institution": self.ministry.pk,
                                    "status-status": "in_progress", "status-evidence": "Prace trwają",
                                    "status-reported_on": "2024-07-01"})
        page = self.client.get(self.url)
        self.assertContains(page, "Analizujemy")
        self.assertContains(page, "Prace trwają")


class InboxTests(PuTestCase):
    def test_the_liaison_sees_what_is_due_for_their_institution(self):
        self.hand_over()
        Recommendation.objects.filter(pk=self.recommendation.pk).update(
            response_due_on=today() - datetime.timedelta(days=2)
        )
        url = reverse("recommendations:inbox")
        self.login("ministry_reviewer")
        page = self.client.get(url)
        self.assertContains(page, "Uprościć procedurę zielonych zamówień")
        self.assertNotContains(page, "Zmienić zasady finansowania retencji")
        self.assertContains(page, "overdue-badge")
        self.client.force_login(self.other_liaison)
        page = self.client.get(url)
        self.assertContains(page, "Zmienić zasady finansowania retencji")
        self.assertNotContains(page, "overdue-badge")
        for name in ("lead_officer", "anonymous"):
            self.client.logout()
            self.login(name)
            self.assertEqual(self.client.get(url).status_code, 404)


class CommentTests(PuTestCase):
    def test_the_cities_comment_during_consultation(self):
        url = reverse("recommendations:comment_add", args=[self.network.slug])
        self.login("member_officer")
        draft = self.client.post(url, {"body": "Za wcześnie"})
        self.assertEqual(draft.status_code, 400)  # the PU is still a draft
        self.set_state(self.plan, State.CONSULTATION)
        self.assertEqual(self.client.post(url, {"body": "  "}).status_code, 400)
        self.assertEqual(self.client.post(url, {"body": "x" * 5001}).status_code, 400)
        self.assertEqual(self.client.post(url, {"body": "Prosimy o dopisanie retencji"}).status_code, 302)
        page = self.client.get(reverse("recommendations:plan", args=[self.network.slug]))
        self.assertContains(page, "Prosimy o dopisanie retencji")
        self.assertContains(page, "Member Officer")
        self.assertEqual(list(self.plan.comments.values_list("body", flat=True)), ["Prosimy o dopisanie retencji"])
        self.client.force_login(self.outsider_officer)
        self.assertEqual(self.client.post(url, {"body": "Obcy"}).status_code, 404)
        self.set_state(self.plan, State.FINAL)
        self.client.logout()
        self.assertNotContains(self.client.get(reverse("recommendations:plan", args=[self.network.slug])),
                               "Prosimy o dopisanie retencji")  # comments name people: not public

    def test_the_expert_comments_in_draft(self):
        self.login("expert")
        response = self.client.post(reverse("recommendations:comment_add", args=[self.network.slug]),
                                    {"body": "Uwaga eksperta"})
        self.assertEqual(response.status_code, 302)


class PlanPageFollowUpTests(PuTestCase):
    def test_the_liaison_finds_the_response_link_on_the_plan_page(self):
        self.hand_over()
        url = reverse("recommendations:plan", args=[self.network.slug])
        respond = reverse("recommendations:respond", args=[self.recommendation.pk])
        other = reverse("recommendations:respond", args=[self.other_recommendation.pk])
        self.login("ministry_reviewer")
        page = self.client.get(url)
        self.assertContains(page, respond)
        self.assertNotContains(page, other)
        self.client.logout()
        self.assertNotContains(self.client.get(url), respond)
