"""The barrier register: collecting from MIDs and event outcomes (idempotent), expert entries, merging."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError

from pim.events.tests.factories import EventFactory, EventOutcomeFactory
from pim.plans.tests.factories import ActionPlanFactory
from pim.plans.tests.factories import BarrierFactory as MidBarrierFactory
from pim.recommendations import register
from pim.recommendations.models import Barrier, ImprovementPlan
from pim.recommendations.tests.base import PuTestCase
from pim.recommendations.tests.factories import BarrierFactory, RecommendationFactory


class CollectTests(PuTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.mid = ActionPlanFactory(network=cls.network, edition=cls.edition, participant=cls.member_city)
        cls.mid_barrier = MidBarrierFactory(plan=cls.mid, type="financial", description="Brak środków na utrzymanie")
        cls.event = EventFactory(network=cls.network, edition=cls.edition, host=cls.lead_city)
        cls.outcome = EventOutcomeFactory(event=cls.event, text="Przepisy blokują retencję", is_candidate_barrier=True,
                                          barrier_type="legal")
        EventOutcomeFactory(event=cls.event, text="Zwykły wniosek")  # not a candidate barrier
        other_mid = ActionPlanFactory(network=cls.other_network, edition=cls.edition, participant=cls.outsider_city)
        MidBarrierFactory(plan=other_mid)  # another network's

    def test_one_entry_per_new_source_and_a_second_run_adds_nothing(self):
        created = register.barrier_register_collect(network=self.network, by=self.expert)
        self.assertEqual(len(created), 2)
        from_mid = Barrier.objects.get(plan_barriers=self.mid_barrier)
        self.assertEqual((from_mid.origin, from_mid.type, from_mid.description),
                         (Barrier.Origin.MID, "financial", "Brak środków na utrzymanie"))
        self.assertEqual(list(from_mid.cities.all()), [self.member_city])
        from_event = Barrier.objects.get(event_outcomes=self.outcome)
        self.assertEqual((from_event.origin, from_event.type), (Barrier.Origin.EVENT, "legal"))
        self.assertEqual(list(from_event.cities.all()), [self.lead_city])
        self.assertEqual(register.barrier_register_collect(network=self.network, by=self.expert), [])
        # Merged entries keep their sources: collecting again still adds nothing.
        register.barrier_merge(target=from_mid, others=[from_event], by=self.expert)
        self.assertEqual(register.barrier_register_collect(network=self.network, by=self.expert), [])

    def test_cities_cannot_collect(self):
        with self.assertRaises(PermissionDenied):
            register.barrier_register_collect(network=self.network, by=self.lead_officer)
        self.assertFalse(Barrier.objects.exists())


class AddTests(PuTestCase):
    def test_an_expert_adds_a_barrier_for_the_networks_cities(self):
        entry = register.barrier_add(network=self.network, type="data", description=" Brak danych ",
                                     cities=[self.lead_city.pk], by=self.expert)
        self.assertEqual((entry.origin, entry.description), (Barrier.Origin.EXPERT, "Brak danych"))
        self.assertEqual(list(entry.cities.all()), [self.lead_city])

    def test_bad_input_adds_nothing(self):
        cases = [({"type": "nonsense", "description": "x", "cities": []}, "type"),
                 ({"type": "legal", "description": "  ", "cities": []}, "description"),
                 ({"type": "legal", "description": "x", "cities": [self.outsider_city.pk]}, "cities")]
        for kwargs, field in cases:
            with self.subTest(field=field), self.assertRaises(ValidationError) as caught:
                register.barrier_add(network=self.network, by=self.expert, **kwargs)
            self.assertIn(field, caught.exception.message_dict)
        self.assertFalse(Barrier.objects.exists())


class MergeTests(PuTestCase):
    def test_merging_keeps_every_source_and_repoints_recommendations_and_the_pu(self):
        mid = ActionPlanFactory(network=self.network, edition=self.edition, participant=self.member_city)
        mid_barrier = MidBarrierFactory(plan=mid)
        outcome = EventOutcomeFactory(event=EventFactory(network=self.network, edition=self.edition),
                                      is_candidate_barrier=True)
        target = BarrierFactory(network=self.network, cities=[self.lead_city], sources="P21")
        first = BarrierFactory(network=self.network, cities=[self.member_city], plan_barriers=[mid_barrier],
                               sources="B, P21")
        second = BarrierFactory(network=self.network)
        second.event_outcomes.add(outcome)
        earlier = BarrierFactory(network=self.network, merged_into=second)
        self.recommendation.barriers.add(first, target)
        self.other_recommendation.barriers.add(second)
        self.plan.barriers.add(first)

        register.barrier_merge(target=target, others=[first, second], by=self.expert)

        target.refresh_from_db()
        self.assertEqual(set(target.cities.all()), {self.lead_city, self.member_city})
        self.assertEqual(list(target.plan_barriers.all()), [mid_barrier])
        self.assertEqual(list(target.event_outcomes.all()), [outcome])
        self.assertEqual(target.source_keys, ["P21", "B"])
        self.assertEqual(set(Barrier.objects.filter(merged_into=target)), {first, second, earlier})
        self.assertEqual(list(Barrier.objects.filter(network=self.network).in_register()), [target])
        self.assertEqual(list(self.recommendation.barriers.all()), [target])
        self.assertEqual(list(self.other_recommendation.barriers.all()), [target])
        self.assertEqual(list(self.plan.barriers.all()), [target])
        # The merged entries keep their own sources too: nothing is deleted.
        self.assertEqual(list(first.plan_barriers.all()), [mid_barrier])
        # The PU's barriers changed: a version records it, after v0 (the content before).
        self.assertEqual(list(self.plan.versions.values_list("number", flat=True)), [0, 1])

    def test_refused_merges_change_nothing(self):
        target = BarrierFactory(network=self.network)
        other = BarrierFactory(network=self.network)
        foreign = BarrierFactory(network=self.other_network)
        merged = BarrierFactory(network=self.network, merged_into=target)
        for others, by, error in (([foreign], self.expert, ValidationError), ([merged], self.expert, ValidationError),
                                  ([], self.expert, ValidationError), ([target], self.expert, ValidationError),
                                  ([other], self.member_officer, PermissionDenied)):
            with self.subTest(others=others, by=by), self.assertRaises(error):
                register.barrier_merge(target=target, others=others, by=by)
        with self.assertRaises(ValidationError):
            register.barrier_merge(target=merged, others=[other], by=self.expert)
        self.assertEqual(set(Barrier.objects.filter(merged_into__isnull=False)), {merged})

    def test_a_recommendation_linked_to_both_keeps_one_link(self):
        target, other = BarrierFactory(network=self.network), BarrierFactory(network=self.network)
        recommendation = RecommendationFactory(improvement_plan=self.plan)
        recommendation.barriers.add(target, other)
        register.barrier_merge(target=target, others=[other], by=self.coordinator)
        self.assertEqual(list(recommendation.barriers.all()), [target])
        self.assertEqual(ImprovementPlan.objects.count(), 2)
