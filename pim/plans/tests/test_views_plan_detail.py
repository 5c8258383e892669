from __future__ import annotations

from django.urls import reverse

from pim.plans.models import ActionPlan
from pim.plans.tests.base import MidTestCase
from pim.plans.tests.factories import ActionPlanFactory, complete_content


class PlanDetailTests(MidTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.actions = complete_content(cls.member_plan, actions=3)

    def url(self, plan: ActionPlan) -> str:
        return reverse("portal:action_plan", args=[plan.pk])

    def test_team_member_sees_the_whole_draft_with_edit_links(self) -> None:
        self.client.force_login(self.member_officer)
        response = self.client.get(self.url(self.member_plan))
        self.assertContains(response, 'id="checklist"')
        self.assertContains(response, self.actions[0].title)
        self.assertContains(response, "Uszczelnione podwórka")
        self.assertContains(response, reverse("plans:section_edit", args=[self.member_plan.pk, "stakeholders"]))
        self.assertContains(response, "<svg", html=False)
        self.assertNotContains(response, 'style="')

    def test_expert_sees_the_draft_without_edit_links(self) -> None:
        self.client.force_login(self.expert)
        response = self.client.get(self.url(self.member_plan))
        self.assertContains(response, self.actions[0].title)
        self.assertNotContains(response, reverse("plans:section_edit", args=[self.member_plan.pk, "stakeholders"]))

    def test_outsider_and_anonymous_see_only_the_catalogue_record(self) -> None:
        for user in (self.outsider_officer, None):
            with self.subTest(user=user):
                if user:
                    self.client.force_login(user)
                else:
                    self.client.logout()
                response = self.client.get(self.url(self.member_plan))
                self.assertContains(response, "MID członka")
                self.assertNotContains(response, self.actions[0].title)
                self.assertNotContains(response, 'id="checklist"')

    def test_historical_mid_shows_what_the_sources_say(self) -> None:
        plan = ActionPlanFactory(network=self.network, participant=None, title="Historyczny MID",
                                 state=ActionPlan.State.PUBLISHED, summary="Opis ze źródeł")
        response = self.client.get(self.url(plan))
        self.assertContains(response, "Historyczny MID")
        self.assertContains(response, "Opis ze źródeł")
        self.assertNotContains(response, 'id="checklist"')

    def test_query_count_does_not_grow_with_actions(self) -> None:
        small = self.lead_plan
        complete_content(small, actions=3)
        big = self.outsider_plan
        complete_content(big, actions=30)
        self.client.force_login(self.coordinator)
        self.client.get(self.url(small))
        with self.assertNumQueries(self._count(small)):
            self.client.get(self.url(big))

    def _count(self, plan: ActionPlan) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            self.assertEqual(self.client.get(self.url(plan)).status_code, 200)
        return len(ctx.captured_queries)


class PlanDetailTableRowsTests(MidTestCase):
    """The action, schedule and indicator rows are built in Python (pages.py): escaped and complete."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.actions = complete_content(cls.member_plan, actions=2)

    def test_rows_escape_text_and_carry_edit_links_labels_and_indicators(self) -> None:
        from pim.plans.models import Action

        action = self.actions[0]
        Action.objects.filter(pk=action.pk).update(title="<b>Łąka</b> & co")
        self.client.force_login(self.member_officer)
        response = self.client.get(reverse("portal:action_plan", args=[self.member_plan.pk]))
        html = response.content.decode()
        self.assertNotIn("<b>Łąka</b>", html)
        self.assertIn("&lt;b&gt;Łąka&lt;/b&gt; &amp; co", html)
        self.assertContains(response, reverse("plans:action_edit", args=[self.member_plan.pk, action.pk]))
        self.assertContains(response, str(Action.Type(action.type).label))
        funding = action.fundings.first()
        if funding is not None:
            self.assertContains(response, str(funding.get_kind_display()))
        indicator = self.member_plan.indicators.first()
        if indicator is not None:
            self.assertContains(response, indicator.name)
        self.assertContains(response, 'class="gantt-fill"', html=False)
