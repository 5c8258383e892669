"""Writing a PU: creation, the general part, recommendations, versions (diff, restore) and concurrent edits."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError

from pim.programmes.tests.factories import NetworkFactory
from pim.programmes.tests.personas import Role
from pim.recommendations import services
from pim.recommendations.models import ImprovementPlan, Recommendation
from pim.recommendations.tests.base import PuTestCase
from pim.recommendations.tests.factories import BarrierFactory, GoodPracticeFactory


class CreateTests(PuTestCase):
    def test_the_expert_starts_the_pu_with_version_1(self):
        network = NetworkFactory(edition=self.edition)
        expert = self.make_persona("expert_two", Role.THEMATIC_EXPERT, network=network)
        plan = services.improvement_plan_create(network=network, by=expert)
        self.assertEqual(plan.state, ImprovementPlan.State.DRAFT)
        self.assertEqual(list(plan.versions.values_list("number", flat=True)), [1])
        self.assertEqual(plan.revision, 1)

    def test_one_pu_per_network_and_cities_cannot_start_one(self):
        with self.assertRaises(ValidationError):
            services.improvement_plan_create(network=self.network, by=self.coordinator)
        with self.assertRaises(PermissionDenied):
            services.improvement_plan_create(network=NetworkFactory(edition=self.edition), by=self.lead_officer)


class GeneralSaveTests(PuTestCase):
    def save(self, data, revision=None, by=None):
        return services.improvement_plan_save(
            plan=self.plan, data=data, expected_revision=self.plan.revision if revision is None else revision,
            by=by or self.expert,
        )

    def test_a_save_records_a_version_and_sanitises_the_introduction(self):
        version = self.save({"introduction": '<p>Wstęp <script>alert(1)</script><a href="javascript:x">link</a></p>',
                             "title": "  Plan dla zieleni  "})
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.title, "Plan dla zieleni")
        self.assertNotIn("script", self.plan.introduction)
        self.assertNotIn("javascript", self.plan.introduction)
        self.assertEqual(version.number, self.plan.revision)
        self.assertEqual(version.snapshot["title"], "Plan dla zieleni")
        self.assertEqual(version.created_by, self.expert)

    def test_saving_the_same_content_records_no_new_version(self):
        self.save({"title": "Ten sam"})
        self.assertIsNone(self.save({"title": "Ten sam"}))

    def test_cities_cannot_write_and_a_final_pu_is_frozen(self):
        with self.assertRaises(PermissionDenied):
            self.save({"title": "X"}, by=self.lead_officer)
        self.set_state(self.plan, ImprovementPlan.State.FINAL)
        with self.assertRaises(ValidationError):
            self.save({"title": "X"})

    def test_bad_input_saves_nothing(self):
        for data in ({"title": "x" * 301}, {"unknown": "x"}):
            with self.subTest(data=list(data)), self.assertRaises(ValidationError):
                self.save(data)
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.title, "Plan Ulepszeń testowy")
        self.assertFalse(self.plan.versions.exists())
        with self.assertRaises(ValidationError) as caught:
            self.save({"title": "x"}, revision="abc")
        self.assertIn("expected_revision", caught.exception.message_dict)


class ConcurrencyTests(PuTestCase):
    def test_a_stale_save_of_the_same_part_is_refused_with_the_other_change(self):
        start = self.plan.revision
        services.improvement_plan_save(plan=self.plan, data={"summary": "Wersja eksperta"}, expected_revision=start,
                                       by=self.expert)
        with self.assertRaises(services.ConcurrentEditError) as caught:
            services.improvement_plan_save(plan=self.plan, data={"summary": "Wersja operatora"},
                                           expected_revision=start, by=self.coordinator)
        error = caught.exception
        self.assertEqual(error.changes[-1].by, "Expert")
        self.assertIn("Wersja eksperta", str([line for d in error.diffs for line in d.lines]))
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.summary, "Wersja eksperta")
        # Saving again from the current revision, after reading the change, is allowed.
        services.improvement_plan_save(plan=self.plan, data={"summary": "Wersja operatora"},
                                       expected_revision=error.current_revision, by=self.coordinator)

    def test_edits_of_different_parts_do_not_clash(self):
        services.improvement_plan_save(plan=self.plan, data={"title": "Start"}, expected_revision=0, by=self.expert)
        start = self.plan.revision
        services.improvement_plan_save(plan=self.plan, data={"title": "Nowy tytuł"}, expected_revision=start,
                                       by=self.expert)
        services.recommendation_save(plan=self.plan, recommendation_id=self.recommendation.pk,
                                     data={"text": "Zmieniona rekomendacja"}, expected_revision=start,
                                     by=self.coordinator)
        self.recommendation.refresh_from_db()
        self.assertEqual(self.recommendation.text, "Zmieniona rekomendacja")


class RecommendationSaveTests(PuTestCase):
    def test_a_new_recommendation_with_its_links(self):
        barrier = BarrierFactory(network=self.network)
        practice = GoodPracticeFactory()
        recommendation = services.recommendation_save(
            plan=self.plan, expected_revision=self.plan.revision, by=self.expert,
            data={"text": "Nowa rekomendacja", "type": "financial", "horizon": "short", "priority": "high",
                  "addressees": [self.other_ministry.pk], "barriers": [barrier.pk], "good_practices": [practice.pk]},
        )
        self.assertEqual(recommendation.order, 3)
        self.assertEqual(list(recommendation.addressees.all()), [self.other_ministry])
        self.assertEqual(list(recommendation.barriers.all()), [barrier])
        version = self.plan.versions.get(number=self.plan.revision)
        self.assertEqual(version.snapshot["recommendations"][-1]["text"], "Nowa rekomendacja")

    def test_bad_input_saves_nothing(self):
        other_barrier = BarrierFactory(network=self.other_network)
        merged = BarrierFactory(network=self.network, merged_into=BarrierFactory(network=self.network))
        cases = [
            ({"text": ""}, "text"), ({"text": "x", "type": "nonsense"}, "type"),
            ({"text": "x", "horizon": "forever"}, "horizon"), ({"text": "x", "barriers": [other_barrier.pk]}, "barriers"),
            ({"text": "x", "barriers": [merged.pk]}, "barriers"), ({"text": "x", "addressees": [99999]}, "addressees"),
            ({"text": "x", "good_practices": ["abc"]}, "good_practices"),
        ]
        for data, field in cases:
            with self.subTest(field=field), self.assertRaises(ValidationError) as caught:
                services.recommendation_save(plan=self.plan, data=data, expected_revision=self.plan.revision,
                                             by=self.expert)
            self.assertIn(field, caught.exception.message_dict)
        self.assertEqual(Recommendation.objects.filter(improvement_plan=self.plan).count(), 2)
        self.assertFalse(self.plan.versions.exists())

    def test_an_answered_recommendation_cannot_be_deleted(self):
        self.recommendation.responses.create(institution=self.ministry, decision="accepted", text="Tak",
                                             responded_on="2024-01-01")
        with self.assertRaises(ValidationError):
            services.recommendation_delete(plan=self.plan, recommendation_id=self.recommendation.pk,
                                           expected_revision=self.plan.revision, by=self.expert)
        services.recommendation_delete(plan=self.plan, recommendation_id=self.other_recommendation.pk,
                                       expected_revision=self.plan.revision, by=self.expert)
        self.assertFalse(Recommendation.objects.filter(pk=self.other_recommendation.pk).exists())


class VersionTests(PuTestCase):
    def test_any_two_versions_compare_as_readable_text_and_restore_as_a_new_version(self):
        services.improvement_plan_save(plan=self.plan, data={"introduction": "<p>Pierwszy wstęp</p>"},
                                       expected_revision=0, by=self.expert)
        first = self.plan.revision
        services.improvement_plan_save(plan=self.plan, data={"introduction": "<p>Drugi wstęp</p>"},
                                       expected_revision=first, by=self.expert)
        services.recommendation_save(plan=self.plan, recommendation_id=self.recommendation.pk,
                                     data={"text": "Tekst po zmianie", "priority": "high"},
                                     expected_revision=self.plan.revision, by=self.expert)
        diffs = {d.key: d for d in services.improvement_plan_version_diff(plan=self.plan, a=first, b=self.plan.revision)}
        self.assertEqual(set(diffs), {"introduction", "recommendations"})
        self.assertIn(("del", "Pierwszy wstęp"), diffs["introduction"].lines)  # plain text, no tags
        self.assertIn(("ins", "Drugi wstęp"), diffs["introduction"].lines)
        self.assertTrue(any("Tekst po zmianie" in line for kind, line in diffs["recommendations"].lines if kind == "ins"))
        self.assertTrue(any("wysoki" in line or "high" in line for kind, line in diffs["recommendations"].lines))

        latest = self.plan.revision
        restored = services.improvement_plan_version_restore(plan=self.plan, number=first, by=self.coordinator)
        self.assertEqual(restored.number, latest + 1)
        self.plan.refresh_from_db()
        self.recommendation.refresh_from_db()
        self.assertEqual(self.plan.introduction, "<p>Pierwszy wstęp</p>")
        self.assertEqual(self.recommendation.text, "Uprościć procedurę zielonych zamówień")
        self.assertEqual(self.plan.versions.count(), 5)  # with v0, the content before the first edit

    def test_unknown_versions_are_a_clear_error(self):
        for a, b in (("1", "99"), ("x", "1")):
            with self.subTest(a=a, b=b), self.assertRaises(ValidationError):
                services.improvement_plan_version_diff(plan=self.plan, a=a, b=b)


class SanitiseOnSaveTests(PuTestCase):
    def test_an_introduction_saved_outside_the_editor_is_sanitised_too(self):
        self.plan.introduction = '<p onclick="x()">Wstęp</p><script>alert(1)</script>'
        self.plan.save()
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.introduction, "<p>Wstęp</p>")
