"""Who may read, write and review a MID, persona by persona."""

from __future__ import annotations

from pim.plans.models import ActionPlan
from pim.plans.tests.factories import ActionPlanFactory
from pim.programmes.tests.personas import CAST, SUPPORTING, PersonaTestCase

S = ActionPlan.State


class ActionPlanPermissionTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.lead_plan = ActionPlanFactory(network=cls.network, participant=cls.lead_city)
        cls.member_plan = ActionPlanFactory(network=cls.network, participant=cls.member_city)

    def test_every_persona_reads_a_mid(self):
        self.assertAllowedExactly("plans.view_actionplan", self.member_plan, set(CAST + SUPPORTING))

    def test_a_city_team_writes_only_its_own_mid(self):
        self.assertAllowedExactly("plans.change_actionplan", self.lead_plan, {"coordinator", "lead_officer"})
        self.assertAllowedExactly("plans.change_actionplan", self.member_plan, {"coordinator", "member_officer"})

    def test_only_the_coordinator_creates_or_deletes_a_mid(self):
        self.assertAllowedExactly("plans.add_actionplan", None, {"coordinator"})
        self.assertAllowedExactly("plans.delete_actionplan", self.member_plan, {"coordinator"})

    def test_the_network_expert_reviews_the_networks_mids(self):
        self.assertAllowedExactly("plans.review_actionplan", self.member_plan, {"coordinator", "expert"})


class MidContentPermissionTests(PersonaTestCase):
    """The working content, comments, moderation, follow-up and rubric permissions."""

    TEAM = {"coordinator", "member_officer"}
    INSIDERS = {"coordinator", "member_officer", "expert"}

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.plan = ActionPlanFactory(network=cls.network, participant=cls.member_city)

    def in_state(self, state: str, *, public: bool = False) -> ActionPlan:
        ActionPlan.objects.filter(pk=self.plan.pk).update(state=state, public_consultation=public)
        return ActionPlan.objects.get(pk=self.plan.pk)

    def test_drafts_and_reviews_are_seen_by_the_team_the_expert_and_the_coordinator(self):
        for state in (S.DRAFT, S.EXPERT_REVIEW):
            for public in (False, True):
                with self.subTest(state=state, public=public):
                    self.assertAllowedExactly("plans.view_actionplan_draft", self.in_state(state, public=public),
                                              self.INSIDERS)

    def test_a_consultation_is_seen_by_the_lp_and_by_everyone_when_public(self):
        self.assertAllowedExactly("plans.view_actionplan_draft", self.in_state(S.CONSULTATION),
                                  self.INSIDERS | {"lp_coordinator"})
        self.assertAllowedExactly("plans.view_actionplan_draft", self.in_state(S.CONSULTATION, public=True),
                                  set(CAST + SUPPORTING))

    def test_approved_and_later_plans_are_public(self):
        for state in (S.APPROVED, S.IN_IMPLEMENTATION, S.COMPLETED, S.PUBLISHED):
            with self.subTest(state=state):
                self.assertAllowedExactly("plans.view_actionplan_draft", self.in_state(state), set(CAST + SUPPORTING))

    def test_who_comments(self):
        self.assertAllowedExactly("plans.comment_actionplan", self.in_state(S.DRAFT), self.INSIDERS)
        self.assertAllowedExactly("plans.comment_actionplan", self.in_state(S.CONSULTATION),
                                  self.INSIDERS | {"lp_coordinator"})
        self.assertAllowedExactly("plans.comment_actionplan", self.in_state(S.PUBLISHED), set())
        logged_in = set(CAST + SUPPORTING) - {"anonymous"}
        self.assertAllowedExactly("plans.comment_actionplan_public", self.in_state(S.CONSULTATION, public=True),
                                  logged_in)
        self.assertAllowedExactly("plans.comment_actionplan_public", self.in_state(S.CONSULTATION), set())
        self.assertAllowedExactly("plans.comment_actionplan_public", self.in_state(S.DRAFT, public=True), set())

    def test_moderation_resolution_follow_up_and_rubric(self):
        plan = self.in_state(S.IN_IMPLEMENTATION)
        self.assertAllowedExactly("plans.moderate_actionplan", plan, self.TEAM)
        self.assertAllowedExactly("plans.resolve_actionplan_comment", plan, self.INSIDERS)
        self.assertAllowedExactly("plans.report_actionplan", plan, self.TEAM)
        self.assertAllowedExactly("plans.score_actionplan_city", plan, self.TEAM)
        self.assertAllowedExactly("plans.score_actionplan_expert", plan, {"coordinator", "expert"})
