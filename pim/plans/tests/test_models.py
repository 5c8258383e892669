"""MID models: translated names, cheap URLs, invariants, visibility and bounded loading."""

from __future__ import annotations

from django.apps import apps
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.utils.functional import Promise

from pim.plans import richtext, sections
from pim.plans.models import (
    Action,
    ActionFunding,
    ActionPlan,
    ActionStatusReport,
    Comment,
    IndicatorValue,
    PlanTransition,
    PlanVersion,
    RubricScore,
    SectionRevision,
)
from pim.plans.models.plan import SECTION_KEYS_FOR_REVISIONS
from pim.plans.tests.base import MidTestCase
from pim.plans.tests.factories import (
    ActionFactory,
    ActionFundingFactory,
    ActionPlanFactory,
    BarrierFactory,
    CommentFactory,
    CommunicationItemFactory,
    IndicatorFactory,
    ObjectiveFactory,
    ProblemTreeNodeFactory,
    RiskFactory,
    StakeholderFactory,
    complete_content,
)
from pim.programmes.tests.factories import NetworkFactory

S = ActionPlan.State


class ModelMetaTests(TestCase):
    def test_every_model_and_field_has_a_translatable_name(self):
        for model in apps.get_app_config("plans").get_models():
            with self.subTest(model=model.__name__):
                self.assertIsInstance(model._meta.verbose_name, Promise)
                self.assertIsInstance(model._meta.verbose_name_plural, Promise)
            for field in model._meta.get_fields():
                if field.auto_created or not field.concrete and not field.many_to_many:
                    continue
                with self.subTest(model=model.__name__, field=field.name):
                    self.assertIsInstance(field.verbose_name, Promise)

    def test_the_revision_keys_are_the_editable_sections(self):
        self.assertEqual(SECTION_KEYS_FOR_REVISIONS, sections.EDITABLE_SECTION_KEYS)


class StrAndUrlTests(TestCase):
    def test_content_rows_have_a_name_and_a_url_without_queries(self):
        plan = ActionPlanFactory(title="Plan")
        rows = [
            ObjectiveFactory(plan=plan, text="Cel"), ActionFactory(plan=plan, title="Działanie"),
            IndicatorFactory(plan=plan, name="Drzewa", unit="szt."), StakeholderFactory(plan=plan, name="Rada"),
            ProblemTreeNodeFactory(plan=plan), RiskFactory(plan=plan), CommunicationItemFactory(plan=plan),
            BarrierFactory(plan=plan), CommentFactory(plan=plan),
            PlanTransition.objects.create(plan=plan, from_state=S.DRAFT, to_state=S.CONSULTATION),
            PlanVersion.objects.create(plan=plan, number=1, section="create"),
            SectionRevision.objects.create(plan=plan, section="risks"),
            RubricScore.objects.create(plan=plan, criterion="realistic_schedule", scorer_role="city", score=2),
        ]
        with self.assertNumQueries(0):
            for row in rows:
                with self.subTest(model=type(row).__name__):
                    self.assertTrue(str(row))
                    self.assertTrue(row.get_absolute_url().startswith(f"/mid/{plan.pk}/#"))

    def test_follow_up_rows_link_to_their_action(self):
        action = ActionFactory()
        funding = ActionFundingFactory(action=action)
        report = ActionStatusReport.objects.create(action=action, status="in_progress", percent=10)
        value = IndicatorValue.objects.create(indicator=IndicatorFactory(plan=action.plan), measured_on="2024-01-01",
                                              value=1)
        for row in (ActionFunding.objects.select_related("action").get(pk=funding.pk),
                    ActionStatusReport.objects.select_related("action").get(pk=report.pk),
                    IndicatorValue.objects.select_related("indicator").get(pk=value.pk)):
            with self.subTest(model=type(row).__name__), self.assertNumQueries(0):
                self.assertTrue(str(row))
                self.assertIn(f"/mid/{action.plan_id}/#", row.get_absolute_url())


class InvariantTests(TestCase):
    def test_a_plan_cannot_end_before_it_starts_or_use_another_editions_network(self):
        plan = ActionPlanFactory(started_on="2024-05-01", target_completion_on="2024-01-01")
        with self.assertRaises(ValidationError) as caught:
            plan.full_clean()
        self.assertIn("target_completion_on", caught.exception.message_dict)
        plan = ActionPlanFactory()
        plan.network = NetworkFactory()
        with self.assertRaises(ValidationError) as caught:
            plan.full_clean()
        self.assertIn("network", caught.exception.message_dict)

    def test_the_database_refuses_an_action_ending_before_it_starts(self):
        from django.db import IntegrityError

        with self.assertRaises(IntegrityError):
            ActionFactory(starts_on="2024-05-01", ends_on="2024-01-01")

    def test_a_new_plan_has_every_section_at_revision_0(self):
        self.assertEqual(ActionPlanFactory().section_revisions(), dict.fromkeys(sections.EDITABLE_SECTION_KEYS, 0))


class RichTextTests(TestCase):
    def test_unsafe_markup_is_removed_and_text_is_readable(self):
        html = richtext.sanitise('<p style="x" onclick="y">A &amp; B<script>z()</script></p><ul><li>one</li></ul>'
                                 '<a href="javascript:x">bad</a><a href="https://gov.pl">ok</a><img src=x>')
        self.assertEqual(html, '<p>A &amp; B</p><ul><li>one</li></ul><a rel="noopener noreferrer">bad</a>'
                               '<a href="https://gov.pl" rel="noopener noreferrer">ok</a>')
        self.assertEqual(richtext.to_text(html), "A & B\none\nbadok")


class LoadingTests(TestCase):
    def test_the_whole_content_loads_in_a_fixed_number_of_queries(self):
        for size in (1, 20):
            plan = ActionPlanFactory()
            complete_content(plan, actions=size, indicators_per_action=2)
            plan = ActionPlan.objects.get(pk=plan.pk)
            with self.subTest(size=size), self.assertNumQueries(12):
                snapshot = sections.serialise(plan)
            self.assertEqual(len(snapshot["actions"]["actions"]), size)


class ContentVisibilityTests(MidTestCase):
    def test_the_queryset_filter_matches_the_permission_in_every_state(self):
        plans = [self.member_plan, self.lead_plan, self.outsider_plan]
        for state in S.values:
            for public in (False, True):
                ActionPlan.objects.update(state=state, public_consultation=public)
                fresh = {p.pk: p for p in ActionPlan.objects.filter(pk__in=[p.pk for p in plans])}
                for name in self.personas:
                    user = self.persona(name)
                    with self.subTest(state=state, public=public, persona=name):
                        expected = {pk for pk, p in fresh.items() if user.has_perm("plans.view_actionplan_draft", p)}
                        self.assertEqual(set(ActionPlan.objects.content_visible_to(user).values_list("pk", flat=True)),
                                         expected)


class TeamTests(MidTestCase):
    def test_the_team_is_the_participants_active_city_team(self):
        self.assertEqual(list(self.member_plan.team_members()), [self.member_officer.person])


class ActionOrderTests(TestCase):
    def test_actions_list_in_their_order(self):
        plan = ActionPlanFactory()
        ActionFactory(plan=plan, order=2, title="B")
        ActionFactory(plan=plan, order=1, title="A")
        self.assertEqual([a.title for a in Action.objects.filter(plan=plan)], ["A", "B"])
        self.assertEqual(Comment.objects.count(), 0)
