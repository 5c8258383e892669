"""The MID page's implementation progress block and its advisories and event outcomes (read from events)."""

from __future__ import annotations

import datetime

from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pim.plans.models import ActionPlan, ActionStatusReport
from pim.plans.tests.base import MidTestCase
from pim.plans.tests.factories import ActionFactory, complete_content

# The events app sits above plans in the import layers: its models are looked up, not imported.
PAST = datetime.date(2020, 1, 31)
FUTURE = datetime.date(2099, 12, 31)


def report(action, status: str, percent: int) -> ActionStatusReport:
    return ActionStatusReport.objects.create(action=action, status=status, percent=percent)


class ProgressBlockTests(MidTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        plan = cls.member_plan
        cls.done = ActionFactory(plan=plan, title="Zrobione", starts_on=PAST, ends_on=FUTURE)
        cls.delayed = ActionFactory(plan=plan, title="Opóźnione", starts_on=PAST, ends_on=FUTURE)
        cls.overdue = ActionFactory(plan=plan, title="Po terminie", starts_on=PAST, ends_on=PAST)
        cls.dropped = ActionFactory(plan=plan, title="Porzucone", starts_on=PAST, ends_on=PAST)
        report(cls.done, "done", 100)
        report(cls.delayed, "delayed", 20)
        report(cls.overdue, "in_progress", 30)
        report(cls.dropped, "dropped", 0)

    def url(self, plan: ActionPlan) -> str:
        return reverse("portal:action_plan", args=[plan.pk])

    def test_in_implementation_the_page_shows_share_done_average_and_late_actions(self) -> None:
        self.set_state(self.member_plan, ActionPlan.State.IN_IMPLEMENTATION)
        self.client.force_login(self.member_officer)
        response = self.client.get(self.url(self.member_plan))
        followup = reverse("plans:followup", args=[self.member_plan.pk])
        self.assertContains(response, 'id="progress"')
        # Three counted actions (the dropped one is not), one done; average (100 + 20 + 30) / 3 = 50.
        self.assertContains(response, '<dd data-progress="share">33% (1 / 3)</dd>', html=True)
        self.assertContains(response, '<dd data-progress="average">50%</dd>', html=True)
        self.assertContains(response, '<dd data-progress="late">2</dd>', html=True)
        self.assertContains(response, f'href="{followup}#action-{self.delayed.pk}"')
        self.assertContains(response, f'href="{followup}#action-{self.overdue.pk}"')
        self.assertNotContains(response, f'href="{followup}#action-{self.dropped.pk}"')
        self.assertNotContains(response, f'href="{followup}#action-{self.done.pk}"')

    def test_approved_and_completed_mids_show_it_too(self) -> None:
        self.client.force_login(self.coordinator)
        for state in (ActionPlan.State.APPROVED, ActionPlan.State.COMPLETED):
            with self.subTest(state=state):
                self.set_state(self.member_plan, state)
                self.assertContains(self.client.get(self.url(self.member_plan)), 'id="progress"')

    def test_a_draft_has_no_progress_block(self) -> None:
        self.client.force_login(self.member_officer)
        response = self.client.get(self.url(self.member_plan))
        self.assertNotContains(response, 'id="progress"')

    def test_query_count_does_not_grow_with_actions_or_reports(self) -> None:
        small = self.set_state(self.lead_plan, ActionPlan.State.IN_IMPLEMENTATION)
        for action in complete_content(small, actions=2):
            report(action, "delayed", 10)
        big = self.set_state(self.outsider_plan, ActionPlan.State.IN_IMPLEMENTATION)
        for action in complete_content(big, actions=25):
            report(action, "in_progress", 10)
            report(action, "delayed", 40)
        self.client.force_login(self.coordinator)
        self.client.get(self.url(small))
        with CaptureQueriesContext(connection) as ctx:
            self.assertEqual(self.client.get(self.url(small)).status_code, 200)
        with self.assertNumQueries(len(ctx.captured_queries)):
            response = self.client.get(self.url(big))
        self.assertContains(response, '<dd data-progress="late">25</dd>', html=True)


class EventRecordsTests(MidTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        event_model = apps.get_model("events", "Event")
        outcome_model = apps.get_model("events", "EventOutcome")
        plan = cls.member_plan
        cls.action = ActionFactory(plan=plan, title="Działanie z wnioskiem")
        cls.advisory = event_model.objects.create(
            kind=event_model.Kind.INDIVIDUAL_ADVISORY, title="Doradztwo dla Miasta Partnerskiego",
            edition=cls.edition, network=cls.network, host=cls.member_city, plan=plan, is_public=False,
            starts_on=datetime.date(2022, 5, 10),
        )
        cls.hidden = event_model.objects.create(
            kind=event_model.Kind.NETWORK_WORKSHOP, title="Warsztat zamknięty innej sieci",
            edition=cls.edition, network=cls.other_network, is_public=False, starts_on=datetime.date(2022, 6, 1),
        )
        cls.public = event_model.objects.create(
            kind=event_model.Kind.NETWORK_WORKSHOP, title="Warsztat otwarty", edition=cls.edition,
            network=cls.network, is_public=True, starts_on=datetime.date(2022, 7, 1),
        )
        cls.plan_outcome = outcome_model.objects.create(event=cls.advisory, plan=plan, text="Wniosek o MID")
        cls.action_outcome = outcome_model.objects.create(
            event=cls.public, action=cls.action, text="Wniosek o działaniu"
        )
        cls.hidden_outcome = outcome_model.objects.create(event=cls.hidden, plan=plan, text="Wniosek ukryty")
        outcome_model.objects.create(event=cls.public, plan=cls.lead_plan, text="Wniosek o innym MID")

    def get(self, user) -> str:
        self.client.force_login(user)
        response = self.client.get(reverse("portal:action_plan", args=[self.member_plan.pk]))
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_city_team_sees_its_advisory_and_the_outcomes_it_may_see_with_event_links(self) -> None:
        html = self.get(self.member_officer)
        self.assertIn(self.advisory.title, html)
        self.assertIn(reverse("events:detail", args=[self.advisory.pk]), html)
        self.assertIn("Wniosek o MID", html)
        self.assertIn("Wniosek o działaniu", html)
        self.assertIn(reverse("events:detail", args=[self.public.pk]), html)
        self.assertNotIn("Wniosek ukryty", html)
        self.assertNotIn(self.hidden.title, html)
        self.assertNotIn("Wniosek o innym MID", html)

    def test_the_operator_sees_every_outcome(self) -> None:
        html = self.get(self.coordinator)
        self.assertIn("Wniosek ukryty", html)
        self.assertIn(reverse("events:detail", args=[self.hidden.pk]), html)

    def test_readers_without_the_content_see_none_of_it(self) -> None:
        self.client.force_login(self.outsider_officer)
        response = self.client.get(reverse("portal:action_plan", args=[self.member_plan.pk]))
        self.assertNotContains(response, "Wniosek o MID")
        self.assertNotContains(response, 'id="event-records"')

    def test_query_count_does_not_grow_with_advisories_and_outcomes(self) -> None:
        self.client.force_login(self.member_officer)
        url = reverse("portal:action_plan", args=[self.member_plan.pk])
        self.client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            self.client.get(url)
        event_model = apps.get_model("events", "Event")
        outcome_model = apps.get_model("events", "EventOutcome")
        for n in range(8):
            event = event_model.objects.create(
                kind=event_model.Kind.INDIVIDUAL_ADVISORY, title=f"Doradztwo {n}", edition=self.edition,
                network=self.network, host=self.member_city, plan=self.member_plan, is_public=n % 2 == 0,
                starts_on=datetime.date(2023, 1, n + 1),
            )
            outcome_model.objects.create(event=event, action=self.action, text=f"Wniosek {n}")
        with self.assertNumQueries(len(ctx.captured_queries)):
            response = self.client.get(url)
        self.assertContains(response, "Wniosek 7")
