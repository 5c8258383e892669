"""The recommendations bench scenario at tiny scale, so it cannot rot between bench runs."""

from __future__ import annotations

from django.test import TestCase

from pim.portal.bench import measure, synthetic
from pim.portal.bench import recommendations as scenario
from pim.programmes.models import Edition
from pim.recommendations.models import Barrier, GoodPractice, Recommendation

SIZE = scenario.RecommendationsSize(
    networks=2, recommendations_per_network=10, barriers_per_network=30, practices=12, trace_barriers=8,
    trace_merged=3, ministries=2,
)


class RecommendationsScenarioTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        synthetic.build(synthetic.SMALL)
        cls.before = Recommendation.objects.count()
        scenario.ensure_recommendations(SIZE)

    def test_it_adds_its_rows_once_all_marked_synthetic(self) -> None:
        scenario.ensure_recommendations(SIZE)  # idempotent: a reused database gets them once
        edition = Edition.objects.get(slug=scenario.EDITION_SLUG)
        self.assertLess(edition.start_year, Edition.objects.exclude(pk=edition.pk).order_by("start_year")[0].start_year)
        added = Recommendation.objects.filter(improvement_plan__network__edition=edition)
        self.assertEqual(added.count(), SIZE.recommendations)
        self.assertEqual(Recommendation.objects.count(), self.before + SIZE.recommendations)
        self.assertEqual(Barrier.objects.count(), SIZE.networks * SIZE.barriers_per_network)
        self.assertEqual(GoodPractice.objects.count(), SIZE.practices)
        for model in (Recommendation, Barrier, GoodPractice):
            with self.subTest(model=model.__name__):
                self.assertFalse(model.objects.filter(is_demo=False).exists())
        self.assertTrue(all(text.startswith("Syntetyczn") for text in added.values_list("text", flat=True)))

    def test_every_target_answers(self) -> None:
        targets = scenario.targets()
        trace = next(target for target in targets if target.name == "rec:trace")
        # Its own share of the register comes on top of the trace's barriers.
        self.assertGreaterEqual(int(trace.note.removesuffix(" barriers")), SIZE.trace_barriers)
        for target in targets:
            with self.subTest(target=target.name):
                self.assertTrue(target.name.startswith("rec:"))
                # A failing answer raises; streamed downloads report no size, so only the pages' is checked.
                measured = measure.measure(self.client, target, requests=1, warmup=1)
                if not target.name.startswith("rec:export:"):
                    self.assertGreater(measured.size_bytes, 0)
