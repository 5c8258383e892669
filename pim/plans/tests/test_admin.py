"""The MID admin opens for the coordinator and refuses city officers."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.urls import reverse

from pim.plans.models import (
    Action,
    ActionPlan,
    ActionStatusReport,
    Barrier,
    Comment,
    CommunicationItem,
    Criterion,
    Indicator,
    IndicatorValue,
    Objective,
    PlanTransition,
    PlanVersion,
    ProblemTreeNode,
    Risk,
    RubricScore,
    SectionRevision,
    Stakeholder,
    StrategyLink,
)
from pim.plans.tests.factories import ActionPlanFactory, CommentFactory, complete_content
from pim.programmes.models import Participant
from pim.programmes.tests.personas import PersonaTestCase


class ActionPlanAdminTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.plans = [ActionPlanFactory(network=cls.network, participant=city) for city in (cls.lead_city, cls.member_city)]

    def test_the_coordinator_opens_the_mid_admin_pages(self):
        self.assertAdminPagesOpen(self.plans[0])

    def test_city_officers_are_refused(self):
        self.assertAdminRefusesCityOfficers(self.plans[0])

    def test_the_change_form_writes_only_the_catalogue_marks(self):
        plan = self.plans[0]
        self.client.force_login(self.coordinator)
        response = self.client.post(reverse("admin:plans_actionplan_change", args=[plan.pk]), {
            "state": "approved", "governance": "<script>alert(1)</script>", "title": "Inny", "sources": "Źródło X",
            "is_demo": "on", "transitions-TOTAL_FORMS": "0", "transitions-INITIAL_FORMS": "0",
        })
        self.assertEqual(response.status_code, 302, response.content.decode()[-2000:])
        plan.refresh_from_db()
        self.assertEqual((plan.state, plan.title, plan.governance), ("draft", self.plans[0].title, ""))
        self.assertEqual((plan.sources, plan.is_demo), ("Źródło X", True))
        self.assertFalse(plan.transitions.exists())

    def test_a_mid_added_in_the_admin_is_created_by_the_service_with_its_first_version(self):
        self.plans[1].delete()
        self.client.force_login(self.coordinator)
        url = reverse("admin:plans_actionplan_add")
        data = {"edition": self.edition.pk, "network": self.network.pk, "participant": self.member_city.pk,
                "title": "Nowy MID", "transitions-TOTAL_FORMS": "0", "transitions-INITIAL_FORMS": "0"}
        outsider = Participant.objects.exclude(memberships__network=self.network).first()
        refused = self.client.post(url, {**data, "participant": outsider.pk})
        self.assertContains(refused, "nie jest członkiem tej sieci")
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302, response.content.decode()[-2000:])
        plan = ActionPlan.objects.get(participant=self.member_city, edition=self.edition)
        self.assertEqual((plan.title, plan.state), ("Nowy MID", "draft"))
        self.assertEqual(list(plan.versions.values_list("number", flat=True)), [1])


class PlanPartAdminTests(PersonaTestCase):
    """Every part of a MID has an admin page the coordinator opens; city officers are refused."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.plan = ActionPlanFactory(network=cls.network, participant=cls.lead_city, title="Miasto zielone MID")
        actions = complete_content(cls.plan, actions=2)
        ActionStatusReport.objects.create(action=actions[0], status=ActionStatusReport.Status.IN_PROGRESS, percent=40)
        indicator = Indicator.objects.filter(plan=cls.plan).first()
        IndicatorValue.objects.create(indicator=indicator, measured_on=datetime.date(2025, 1, 1), value=Decimal("3"))
        StrategyLink.objects.create(plan=cls.plan, title="Strategia rozwoju miasta")
        cls.comment = CommentFactory(plan=cls.plan, author=cls.lead_officer)
        PlanTransition.objects.create(plan=cls.plan, from_state="draft", to_state="consultation", by=cls.coordinator)
        PlanVersion.objects.create(plan=cls.plan, number=1, section="create", snapshot={})
        SectionRevision.objects.create(plan=cls.plan, section="metadata", revision=1)
        RubricScore.objects.create(
            plan=cls.plan, criterion=Criterion.values[0],
            scorer_role="expert", score=3,
        )

    # Every part of a MID is content (written in the MID editor, versioned) or history: the admin reads them.
    READ_ONLY = (
        Action, Indicator, Objective, Stakeholder, ProblemTreeNode, StrategyLink, CommunicationItem, Risk, Barrier,
        Comment, RubricScore, PlanTransition, PlanVersion, SectionRevision,
    )

    def test_the_coordinator_opens_every_part_admin(self) -> None:
        for model in self.READ_ONLY:
            with self.subTest(model=model.__name__):
                self.assertAdminPagesOpen(model.objects.filter(plan=self.plan).first(), add=False)

    def test_no_part_can_be_added_changed_or_deleted_through_the_admin(self) -> None:
        self.client.force_login(self.coordinator)
        for model in self.READ_ONLY:
            obj = model.objects.filter(plan=self.plan).first()
            name = model._meta.model_name
            with self.subTest(model=model.__name__):
                self.assertEqual(self.client.get(reverse(f"admin:plans_{name}_add")).status_code, 403)
                self.assertEqual(self.client.post(reverse(f"admin:plans_{name}_change", args=[obj.pk]), {}).status_code, 403)
                self.assertEqual(self.client.post(reverse(f"admin:plans_{name}_delete", args=[obj.pk]),
                                                  {"post": "yes"}).status_code, 403)
                self.assertTrue(model.objects.filter(pk=obj.pk).exists())

    def test_city_officers_are_refused_the_action_admin(self) -> None:
        self.assertAdminRefusesCityOfficers(Action.objects.filter(plan=self.plan).first())

    def test_city_officers_are_refused_the_indicator_admin(self) -> None:
        self.assertAdminRefusesCityOfficers(Indicator.objects.filter(plan=self.plan).first())
