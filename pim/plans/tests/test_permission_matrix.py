"""Every MID service × every persona, on the member city's own MID and on another city's MIDs.

The lead city's MID shares the network (so the expert's rights carry over); the outsider city's MID is
in another network. The service modules test each service's rules in depth; this is the overview.
"""

from __future__ import annotations

from pim.plans.models import ActionPlan, Comment
from pim.plans.services import (
    action_delete,
    action_save,
    action_status_report,
    comment_add,
    comment_moderate,
    comment_resolve,
    indicator_delete,
    indicator_save,
    indicator_value_record,
    plan_section_save,
    plan_transition,
    plan_version_restore,
    rubric_score,
)
from pim.plans.tests.base import MidTestCase
from pim.plans.tests.factories import ActionFactory, CommentFactory, IndicatorFactory

S = ActionPlan.State


class PermissionMatrixTests(MidTestCase):
    def plans(self):
        """(plan, its city team persona, whether the network's expert reviews it)."""
        return [(self.member_plan, "member_officer", True), (self.lead_plan, "lead_officer", True),
                (self.outsider_plan, "outsider_officer", False)]

    def check(self, make_call, *, state=S.DRAFT, team=True, expert=False, lp=False):
        for plan, officer, reviewed in self.plans():
            plan = self.set_state(plan, state)
            allowed = {"coordinator"} | ({officer} if team else set()) | ({"expert"} if expert and reviewed else set())
            allowed |= {"lp_coordinator"} if lp and plan == self.member_plan else set()
            with self.subTest(plan=plan.title):
                self.assertServiceAllowedExactly(make_call(plan), allowed)

    def test_content_services(self):
        calls = {
            "plan_section_save": lambda plan: lambda user: plan_section_save(
                plan=plan, section="risks", data=[{"description": "Ryzyko"}], expected_revision=0, by=user),
            "action_save": lambda plan: lambda user: action_save(
                plan=plan, action_id=None, data={"title": "Nowe"}, expected_revision=0, by=user),
            "action_delete": lambda plan: lambda user: action_delete(
                plan=plan, action_id=ActionFactory(plan=plan).pk, expected_revision=0, by=user),
            "indicator_save": lambda plan: lambda user: indicator_save(
                plan=plan, indicator_id=None, data={"name": "Nowy"}, expected_revision=0, by=user),
            "indicator_delete": lambda plan: lambda user: indicator_delete(
                plan=plan, indicator_id=IndicatorFactory(plan=plan).pk, expected_revision=0, by=user),
        }
        for name, make_call in calls.items():
            with self.subTest(service=name):
                self.check(make_call)

    def test_restore(self):
        def make_call(plan):
            plan_section_save(plan=plan, section="risks", data=[{"description": "Ryzyko"}], expected_revision=0,
                              by=self.coordinator)
            return lambda user: plan_version_restore(plan=plan, number=1, by=user)

        self.check(make_call)

    def test_workflow(self):
        self.check(lambda plan: lambda user: plan_transition(plan=plan, to_state=S.CONSULTATION, by=user))
        self.check(lambda plan: lambda user: plan_transition(plan=plan, to_state=S.APPROVED, by=user),
                   state=S.EXPERT_REVIEW, team=False, expert=True)

    def test_comments(self):
        self.check(lambda plan: lambda user: comment_add(plan=plan, section="", body="Uwaga", by=user),
                   state=S.CONSULTATION, expert=True, lp=True)

        def moderate(plan):
            comment = CommentFactory(plan=plan, is_public=True, moderation=Comment.Moderation.PENDING)
            return lambda user: comment_moderate(comment=comment, decision="approved", by=user)

        self.check(moderate, state=S.CONSULTATION)

        def resolve(plan):
            comment = CommentFactory(plan=plan)
            return lambda user: comment_resolve(comment=comment, by=user)

        self.check(resolve, state=S.EXPERT_REVIEW, expert=True)

    def test_rubric(self):
        self.check(lambda plan: lambda user: rubric_score(plan=plan, criterion="realistic_schedule", score=3, by=user,
                                                          role="expert"), team=False, expert=True)
        self.check(lambda plan: lambda user: rubric_score(plan=plan, criterion="realistic_schedule", score=3, by=user,
                                                          role="city"))

    def test_follow_up(self):
        def report(plan):
            action = ActionFactory(plan=plan)
            return lambda user: action_status_report(action=action, status="in_progress", percent=5, by=user)

        def record(plan):
            indicator = IndicatorFactory(plan=plan)
            return lambda user: indicator_value_record(indicator=indicator, measured_on="2025-01-31", value=1, by=user)

        self.check(report, state=S.IN_IMPLEMENTATION)
        self.check(record, state=S.COMPLETED)
