"""Saving one MID section: who may, what is validated, revisions, versions and concurrent edits."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.utils import translation

from pim.plans import checks, sections
from pim.plans.models import ActionPlan, Objective, PlanVersion, ProblemTreeNode, Stakeholder
from pim.plans.services import ConcurrentEditError, plan_section_save
from pim.plans.tests.base import MidTestCase
from pim.plans.tests.factories import (
    ActionFactory,
    ActionFundingFactory,
    IndicatorFactory,
    ObjectiveFactory,
    StakeholderFactory,
)
from pim.programmes.models import RoleAssignment
from pim.programmes.tests.factories import PersonFactory, RoleAssignmentFactory

STAKEHOLDERS = [
    {"name": "Rada Osiedla Śródmieście", "influence": "high", "interest": "Cień na podwórkach"},
    {"name": "Spółdzielnia mieszkaniowa", "influence": "medium"},
]


class SectionSaveTestCase(MidTestCase):
    def save(self, section, data, *, plan=None, by=None, revision=None):
        plan = plan or self.member_plan
        if revision is None:
            revision = plan.section_revisions()[section]
        return plan_section_save(plan=plan, section=section, data=data, expected_revision=revision,
                                 by=by or self.member_officer)


class SectionSavePermissionTests(SectionSaveTestCase):
    def test_only_the_citys_team_and_the_coordinator_save_its_sections(self):
        for plan, allowed in (
            (self.member_plan, {"coordinator", "member_officer"}),
            (self.lead_plan, {"coordinator", "lead_officer"}),
            (self.outsider_plan, {"coordinator", "outsider_officer"}),
        ):
            with self.subTest(plan=plan.title):
                self.assertServiceAllowedExactly(
                    lambda user, plan=plan: self.save("challenge", {"challenge_title": "Upał"}, plan=plan, by=user),
                    allowed,
                )

    def test_the_expert_may_not_edit_the_content(self):
        with self.assertRaises(PermissionDenied):
            self.save("challenge", {"challenge_title": "Upał"}, by=self.expert)
        self.member_plan.refresh_from_db()
        self.assertEqual(self.member_plan.challenge_title, "")


class ScalarSectionTests(SectionSaveTestCase):
    def test_a_save_bumps_the_revision_and_records_one_version(self):
        saved = self.save("challenge", {"challenge_title": "Upał w centrum", "challenge_statement": "<p>Za gorąco</p>"})
        self.assertEqual(saved.revision, 1)
        self.assertEqual(PlanVersion.objects.filter(plan=self.member_plan).count(), 1)
        self.assertEqual(saved.version.number, 1)
        self.assertEqual(saved.version.section, "challenge")
        self.assertEqual(saved.version.snapshot["challenge"]["challenge_title"], "Upał w centrum")
        self.assertEqual(self.member_plan.section_revisions()["challenge"], 1)
        self.assertEqual(self.member_plan.section_revisions()["stakeholders"], 0)

    def test_keys_left_out_keep_their_value(self):
        self.save("metadata", {"title": "Nowy tytuł", "team_note": "Anna pisała diagnozę"})
        self.save("metadata", {"team_note": "Anna i Piotr"})
        plan = ActionPlan.objects.get(pk=self.member_plan.pk)
        self.assertEqual((plan.title, plan.team_note), ("Nowy tytuł", "Anna i Piotr"))

    def test_rich_text_is_sanitised(self):
        self.save("context", {"context_diagnosis": '<p onclick="x()">Dane <script>alert(1)</script>'
                                                   '<a href="javascript:alert(1)">link</a></p>'})
        plan = ActionPlan.objects.get(pk=self.member_plan.pk)
        self.assertNotIn("script", plan.context_diagnosis)
        self.assertNotIn("onclick", plan.context_diagnosis)
        self.assertNotIn("javascript", plan.context_diagnosis)
        self.assertIn("Dane", plan.context_diagnosis)

    def test_a_save_that_changes_nothing_records_no_version(self):
        self.save("challenge", {"challenge_title": "Upał"})
        saved = self.save("challenge", {"challenge_title": "Upał"})
        self.assertIsNone(saved.version)
        self.assertEqual(saved.revision, 1)

    def test_saving_the_serialised_data_back_changes_nothing(self):
        self.save("stakeholders", STAKEHOLDERS)
        self.save("metadata", {"title": "Tytuł", "started_on": "2024-01-15"})
        plan = sections.load(ActionPlan.objects.get(pk=self.member_plan.pk))
        for key in ("metadata", "stakeholders"):
            with self.subTest(section=key):
                self.assertIsNone(self.save(key, sections.BY_KEY[key].serialise(plan)).version)

    def test_dates_in_the_wrong_order_are_refused_with_the_field_name(self):
        with self.assertRaises(ValidationError) as caught:
            self.save("metadata", {"started_on": "2024-05-01", "target_completion_on": "2024-01-01"})
        self.assertIn("target_completion_on", caught.exception.message_dict)

    def test_a_bad_date_is_refused_with_the_field_name(self):
        with self.assertRaises(ValidationError) as caught:
            self.save("metadata", {"started_on": "wczoraj"})
        self.assertIn("started_on", caught.exception.message_dict)

    def test_unknown_fields_are_refused(self):
        with self.assertRaises(ValidationError) as caught:
            self.save("challenge", {"challenge_title": "x", "state": "approved"})
        self.assertIn("state", str(caught.exception))
        self.assertEqual(ActionPlan.objects.get(pk=self.member_plan.pk).state, ActionPlan.State.DRAFT)

    def test_unknown_and_derived_sections_are_refused(self):
        for section in ("budget", "schedule", "nonsense"):
            with self.subTest(section=section), self.assertRaises(ValidationError):
                plan_section_save(plan=self.member_plan, section=section, data={}, expected_revision=0,
                                  by=self.member_officer)

    def test_content_is_frozen_outside_draft_and_consultation(self):
        for state in ("expert_review", "approved", "in_implementation", "completed", "published"):
            plan = self.set_state(self.member_plan, state)
            with self.subTest(state=state), self.assertRaises(ValidationError) as caught:
                self.save("challenge", {"challenge_title": "x"}, plan=plan)
            self.assertEqual(caught.exception.code, "not_editable")
        plan = self.set_state(self.member_plan, "consultation")
        self.assertEqual(self.save("challenge", {"challenge_title": "x"}, plan=plan).revision, 1)

    def test_the_expert_must_be_a_thematic_expert_of_the_network(self):
        stranger = PersonFactory()
        with self.assertRaises(ValidationError) as caught:
            self.save("metadata", {"expert": stranger.pk}, by=self.coordinator)
        self.assertIn("expert", caught.exception.message_dict)
        expert_person = self.expert.person
        self.save("metadata", {"expert": expert_person.pk}, by=self.coordinator)
        self.assertEqual(ActionPlan.objects.get(pk=self.member_plan.pk).expert, expert_person)

    def test_an_expert_of_another_network_is_refused(self):
        other = RoleAssignmentFactory(role=RoleAssignment.Role.THEMATIC_EXPERT, network=self.other_network).person
        with self.assertRaises(ValidationError):
            self.save("metadata", {"expert": other.pk}, by=self.coordinator)

    def test_the_city_team_cannot_change_the_expert_through_the_metadata(self):
        with self.assertRaises(PermissionDenied):
            self.save("metadata", {"title": "Nowy", "expert": self.expert.person.pk})
        self.assertEqual(ActionPlan.objects.get(pk=self.member_plan.pk).title, "MID członka")
        # Sending the metadata back unchanged, expert included, is no change of expert.
        self.save("metadata", {**sections.serialise(self.member_plan)["metadata"], "title": "Nowy"})
        self.assertEqual(ActionPlan.objects.get(pk=self.member_plan.pk).title, "Nowy")


class ClassificationTests(SectionSaveTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.network.classifications = {
            "sectors": [{"key": "transport", "name": "Transport"}, {"key": "buildings", "name": "Budynki"}],
            "solution_areas": ["adaptacja do zmian klimatu", "planowanie zielonej infrastruktury"],
        }
        cls.network.save()

    def test_values_of_the_networks_classifications_are_saved(self):
        data = {"classification": {"sectors": "transport", "solution_areas": ["adaptacja do zmian klimatu"]}}
        self.save("classification", data)
        self.assertEqual(ActionPlan.objects.get(pk=self.member_plan.pk).classification, data["classification"])

    def test_an_unknown_classification_or_value_is_refused(self):
        for value in ({"horizontal_areas": "dane"}, {"sectors": "kosmos"}, {"sectors": 5}, "sectors"):
            with self.subTest(value=value), self.assertRaises(ValidationError) as caught:
                self.save("classification", {"classification": value})
            self.assertIn("classification", caught.exception.message_dict)


@override_settings(LANGUAGE_CODE="en")
class ListSectionTests(SectionSaveTestCase):
    def test_rows_are_replaced_in_full(self):
        self.save("stakeholders", STAKEHOLDERS)
        kept, dropped = Stakeholder.objects.filter(plan=self.member_plan).order_by("order")
        self.save("stakeholders", {"stakeholders": [
            {"name": "Nowa organizacja", "influence": "low"},
            {"id": kept.pk, "influence": "medium"},
        ]})
        rows = list(Stakeholder.objects.filter(plan=self.member_plan).order_by("order"))
        self.assertEqual([r.name for r in rows], ["Nowa organizacja", "Rada Osiedla Śródmieście"])
        self.assertEqual(rows[1].pk, kept.pk)
        self.assertEqual(rows[1].influence, "medium")
        self.assertEqual(rows[1].interest, "Cień na podwórkach")  # a key left out keeps its value
        self.assertFalse(Stakeholder.objects.filter(pk=dropped.pk).exists())

    def test_a_bad_row_saves_nothing_and_names_the_row_and_field(self):
        StakeholderFactory(plan=self.member_plan, name="Stary")
        bad = [{"name": "Dobry wiersz"}, {"name": "", "influence": "enormous"}]
        with self.assertRaises(ValidationError) as caught:
            self.save("stakeholders", bad)
        errors = caught.exception.message_dict
        self.assertIn("stakeholders.1.name", errors)
        self.assertIn("stakeholders.1.influence", errors)
        self.assertEqual(list(Stakeholder.objects.filter(plan=self.member_plan).values_list("name", flat=True)),
                         ["Stary"])
        self.assertFalse(PlanVersion.objects.filter(plan=self.member_plan).exists())
        self.assertEqual(self.member_plan.section_revisions()["stakeholders"], 0)

    def test_a_row_of_another_plan_is_refused(self):
        foreign = StakeholderFactory(plan=self.lead_plan)
        with self.assertRaises(ValidationError) as caught:
            self.save("stakeholders", [{"id": foreign.pk, "name": "Przejęty"}])
        self.assertIn("stakeholders.0", caught.exception.message_dict)
        foreign.refresh_from_db()
        self.assertNotEqual(foreign.name, "Przejęty")

    def test_a_problem_tree_has_at_most_one_core_problem_and_may_be_saved_before_it(self):
        with self.assertRaises(ValidationError) as caught:
            self.save("problem_tree", [{"kind": "core_problem", "text": "A"}, {"kind": "core_problem", "text": "B"}])
        self.assertIn("nodes", caught.exception.message_dict)
        # Causes first, the core problem later: the save keeps them, the checklist asks for the core problem.
        self.save("problem_tree", [{"kind": "cause", "text": "Bez problemu"}])
        self.assertEqual(list(ProblemTreeNode.objects.filter(plan=self.member_plan).values_list("text", flat=True)),
                         ["Bez problemu"])
        self.assertIn("one_core_problem", {c.key for c in checks.completeness(self.member_plan) if not c.ok})

    def test_causes_and_effects_hang_from_the_core_problem_by_default(self):
        self.save("problem_tree", [
            {"kind": "cause", "text": "Betonowe podwórka", "ref": "c1"},
            {"kind": "cause", "text": "Brak planu", "parent": "c1"},
            {"kind": "core_problem", "text": "Miejska wyspa ciepła", "ref": "core"},
            {"kind": "effect", "text": "Udary cieplne"},
        ])
        nodes = {n.text: n for n in ProblemTreeNode.objects.filter(plan=self.member_plan)}
        core = nodes["Miejska wyspa ciepła"]
        self.assertEqual(nodes["Betonowe podwórka"].parent, core)
        self.assertEqual(nodes["Brak planu"].parent, nodes["Betonowe podwórka"])
        self.assertEqual(nodes["Udary cieplne"].parent, core)
        with translation.override("en"):
            text = sections.section_text("problem_tree", sections.serialise(self.member_plan)["problem_tree"])
        self.assertTrue(text.startswith("Core problem: Miejska wyspa ciepła"))
        self.assertIn("    Cause: Brak planu", text)

    def test_an_effect_cannot_cause_a_cause_and_rows_cannot_form_a_circle(self):
        with self.assertRaises(ValidationError) as caught:
            self.save("problem_tree", [
                {"kind": "core_problem", "text": "Rdzeń"},
                {"kind": "effect", "text": "Skutek", "ref": "e"},
                {"kind": "cause", "text": "Przyczyna", "parent": "e"},
            ])
        self.assertIn("nodes.2.parent", caught.exception.message_dict)
        with self.assertRaises(ValidationError) as caught:
            self.save("problem_tree", [
                {"kind": "core_problem", "text": "Rdzeń"},
                {"kind": "cause", "text": "A", "ref": "a", "parent": "b"},
                {"kind": "cause", "text": "B", "ref": "b", "parent": "a"},
            ])
        self.assertIn("circle", str(caught.exception))

    def test_specific_objectives_serve_a_general_one(self):
        self.save("objectives", [
            {"kind": "general", "text": "Chłodniejsze centrum", "ref": "g"},
            {"kind": "specific", "text": "Więcej drzew", "parent": "g"},
        ])
        general = Objective.objects.get(plan=self.member_plan, kind="general")
        self.assertEqual(Objective.objects.get(plan=self.member_plan, kind="specific").parent, general)
        with self.assertRaises(ValidationError) as caught:
            self.save("objectives", [{"kind": "specific", "text": "Sierota"}])
        self.assertIn("objectives.0.parent", caught.exception.message_dict)

    def test_deleting_an_objective_keeps_its_actions(self):
        specific = ObjectiveFactory(plan=self.member_plan)
        action = self.member_plan.actions.create(title="Sadzenie", objective=specific)
        self.save("objectives", [{"id": specific.parent_id}])
        action.refresh_from_db()
        self.assertIsNone(action.objective)


class ConcurrentEditTests(SectionSaveTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        # A second member of the city team: two people edit the same MID.
        cls.second_officer = cls.make_persona(
            "second_officer", RoleAssignment.Role.CITY_TEAM_MEMBER, participant=cls.member_city
        )

    def setUp(self) -> None:
        for n in range(3):
            self.save("stakeholders", [{"name": f"Interesariusz {n}", "influence": "low"}])

    def test_the_second_save_from_the_same_revision_is_refused_with_the_first_change_shown(self):
        loaded = self.member_plan.section_revisions()["stakeholders"]
        self.assertEqual(loaded, 3)
        self.save("stakeholders", [{"name": "Rada Osiedla", "influence": "high"}], revision=loaded)
        with self.assertRaises(ConcurrentEditError) as caught:
            self.save("stakeholders", [{"name": "Zarząd Zieleni", "influence": "high"}], revision=loaded,
                      by=self.second_officer)
        error = caught.exception
        self.assertIsInstance(error, ValidationError)
        self.assertEqual((error.expected_revision, error.current_revision), (3, 4))
        self.assertEqual(error.by, "Member Officer")
        self.assertIsNotNone(error.at)
        self.assertEqual(len(error.changes), 1)
        self.assertIn("-1. Interesariusz 2", error.diff)
        self.assertIn("+1. Rada Osiedla", error.diff)
        self.assertIn("Member Officer", error.messages[0])
        self.assertEqual(error.current["stakeholders"][0]["name"], "Rada Osiedla")
        self.assertEqual(list(Stakeholder.objects.filter(plan=self.member_plan).values_list("name", flat=True)),
                         ["Rada Osiedla"])
        self.assertEqual(PlanVersion.objects.filter(plan=self.member_plan).count(), 4)

    def test_other_sections_are_not_blocked(self):
        loaded = self.member_plan.section_revisions()
        self.save("stakeholders", [{"name": "Rada Osiedla"}], revision=loaded["stakeholders"])
        saved = self.save("challenge", {"challenge_title": "Upał"}, revision=loaded["challenge"],
                          by=self.second_officer)
        self.assertEqual(saved.revision, 1)

    def test_reloading_the_current_revision_lets_the_second_editor_save(self):
        loaded = self.member_plan.section_revisions()["stakeholders"]
        self.save("stakeholders", [{"name": "Rada Osiedla"}], revision=loaded)
        with self.assertRaises(ConcurrentEditError) as caught:
            self.save("stakeholders", [{"name": "Zarząd Zieleni"}], revision=loaded, by=self.second_officer)
        saved = self.save("stakeholders", [{"name": "Zarząd Zieleni"}], revision=caught.exception.current_revision,
                          by=self.second_officer)
        self.assertEqual(saved.revision, 5)

    def test_a_missing_revision_is_refused(self):
        with self.assertRaises(ValidationError) as caught:
            plan_section_save(plan=self.member_plan, section="risks", data=[], expected_revision=None,
                              by=self.member_officer)
        self.assertIn("expected_revision", caught.exception.message_dict)


class SectionSaveQueryTests(SectionSaveTestCase):
    """A save reads the plan's content once before the write and once after, whatever the MID's size."""

    def fill(self, plan, actions: int) -> None:
        objective = ObjectiveFactory(plan=plan)
        for _n in range(actions):
            action = ActionFactory(plan=plan, objective=objective)
            ActionFundingFactory(action=action)
            IndicatorFactory(plan=plan, action=action)
            StakeholderFactory(plan=plan)

    def test_a_section_save_costs_the_same_for_a_small_and_a_large_mid(self):
        self.fill(self.member_plan, 2)
        self.fill(self.lead_plan, 10)
        for plan, by in ((self.member_plan, self.member_officer), (self.lead_plan, self.lead_officer)):
            with self.subTest(plan=plan.title), self.assertNumQueries(SECTION_SAVE_QUERIES):
                saved = self.save("challenge", {"challenge_title": "Upał"}, plan=plan, by=by, revision=0)
            self.assertEqual(saved.revision, 1)

    def test_a_save_that_changes_nothing_records_nothing_and_costs_less(self):
        self.fill(self.member_plan, 2)
        with self.assertNumQueries(UNCHANGED_SAVE_QUERIES):
            saved = self.save("challenge", {"challenge_title": ""}, revision=0)
        self.assertIsNone(saved.version)


# The lock with the plan's content (12: the plan, 9 row lists, the actions' fundings and dependencies),
# the user's roles, the revision check, the write, the revision bump, the revisions and the version. The
# content is not read again: a scalar section changes only the plan's own row, current in memory.
SECTION_SAVE_QUERIES = 22
# The same without the revision bump and the version (7 queries).
UNCHANGED_SAVE_QUERIES = 18
