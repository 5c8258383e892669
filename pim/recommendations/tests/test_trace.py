"""A recommendation's trace: the cities' barriers, their MIDs, the PU, the responses and today's status."""

from __future__ import annotations

import datetime

from django.urls import reverse

from pim.events.models import EventOutcome
from pim.events.tests.factories import EventFactory
from pim.places.tests.factories import ParticipantFactory
from pim.plans.models import ActionPlan
from pim.plans.tests.factories import ActionPlanFactory
from pim.plans.tests.factories import BarrierFactory as MidBarrierFactory
from pim.programmes.tests.personas import PersonaTestCase
from pim.recommendations.models import ImprovementPlan, RecommendationResponse, RecommendationStatusUpdate
from pim.recommendations.scoreboard import TRACE_BARRIERS_SHOWN, recommendations
from pim.recommendations.tests.factories import (
    BarrierFactory,
    ImprovementPlanFactory,
    RecommendationFactory,
    RecommendationResponseFactory,
    RecommendationStatusUpdateFactory,
)

State = ImprovementPlan.State


def trace_url(recommendation) -> str:
    return reverse("recommendations:trace", args=[recommendation.pk])


class TraceTest(PersonaTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.plan = ImprovementPlanFactory(network=cls.network, state=State.FOLLOW_UP, title="PU Miasto zielone")
        cls.recommendation = RecommendationFactory(
            improvement_plan=cls.plan, order=1, text="Uprościć procedury retencji", addressees=[cls.ministry]
        )
        approved_mid = ActionPlanFactory(
            network=cls.network, participant=cls.lead_city, title="MID Liderski", state=ActionPlan.State.APPROVED
        )
        draft_mid = ActionPlanFactory(network=cls.network, participant=cls.member_city, title="MID Partnerski")
        cls.cluster = BarrierFactory(
            network=cls.network, description="Brak podstaw prawnych dla retencji", cities=[cls.lead_city],
            plan_barriers=[MidBarrierFactory(plan=approved_mid, description="Opis bariery w zatwierdzonym MID")],
        )
        cls.merged = BarrierFactory(
            network=cls.network, description="Niejasne przepisy o wodach opadowych", merged_into=cls.cluster,
            cities=[cls.member_city],
            plan_barriers=[MidBarrierFactory(plan=draft_mid, description="Robocza treść szkicu MID")],
        )
        workshop = EventFactory(network=cls.network, title="Warsztat sieci o retencji", is_public=True)
        outcome = EventOutcome.objects.create(event=workshop, text="Miasta zgłosiły barierę retencji")
        cls.merged.event_outcomes.add(outcome)
        cls.recommendation.barriers.add(cls.cluster)
        RecommendationResponseFactory(
            recommendation=cls.recommendation, institution=cls.ministry,
            decision=RecommendationResponse.Decision.UNDER_ANALYSIS, text="Analizujemy", responded_on=datetime.date(2024, 2, 1),
        )
        RecommendationResponseFactory(
            recommendation=cls.recommendation, institution=cls.ministry,
            decision=RecommendationResponse.Decision.ACCEPTED, text="Przyjmujemy", responded_on=datetime.date(2024, 4, 1),
        )
        RecommendationStatusUpdateFactory(
            recommendation=cls.recommendation, institution=cls.ministry, evidence="Projekt ustawy w konsultacjach",
            status=RecommendationStatusUpdate.Status.IN_PROGRESS, reported_on=datetime.date(2024, 9, 1),
        )

    def test_the_trace_runs_from_cities_and_mids_to_the_status_history(self) -> None:
        response = self.client.get(trace_url(self.recommendation))
        self.assertEqual(response.status_code, 200)
        trace = response.context["trace"]
        self.assertEqual(trace.current_status, "in_progress")
        (item,) = trace.barriers
        self.assertEqual(item.barrier.pk, self.cluster.pk)
        self.assertEqual([barrier.pk for barrier in item.merged], [self.merged.pk])
        self.assertEqual([city.text for city in item.cities], ["Miasto Liderskie", "Miasto Partnerskie"])
        self.assertEqual({mid.text for mid in item.mids},
                         {"Miasto Liderskie: MID Liderski", "Miasto Partnerskie: MID Partnerski"})
        self.assertEqual([text for _event, text in item.event_outcomes], ["Miasta zgłosiły barierę retencji"])
        self.assertEqual([r.text for r in trace.responses], ["Analizujemy", "Przyjmujemy"])
        for text in ("Niejasne przepisy o wodach opadowych", "Opis bariery w zatwierdzonym MID", "Analizujemy",
                     "Przyjmujemy", "Projekt ustawy w konsultacjach", "Warsztat sieci o retencji", "MID Partnerski",
                     reverse("portal:participant", args=["miasto-partnerskie"])):
            self.assertContains(response, text)

    def test_a_draft_mids_barrier_text_stays_private(self) -> None:
        self.assertNotContains(self.client.get(trace_url(self.recommendation)), "Robocza treść szkicu MID")

    def test_the_page_status_agrees_with_the_scoreboard(self) -> None:
        response = self.client.get(trace_url(self.recommendation))
        row = recommendations().with_current_status().get(pk=self.recommendation.pk)
        self.assertEqual(response.context["trace"].current_status, row.current_status)

    def test_a_historical_recommendation_says_no_response_is_recorded(self) -> None:
        historical = RecommendationFactory(improvement_plan=self.plan, order=9, sources="A", is_demo=False)
        response = self.client.get(trace_url(historical))
        self.assertEqual(response.context["trace"].current_status, "not_recorded")
        self.assertEqual(response.context["trace"].responses, [])

    def test_a_draft_recommendation_is_shown_only_to_its_network_and_the_operator(self) -> None:
        draft = RecommendationFactory(improvement_plan=ImprovementPlanFactory(network=self.other_network))
        allowed = {"coordinator", "outsider_officer"}
        for name in self.personas:
            with self.subTest(persona=name):
                self.client.logout()
                if name != "anonymous":
                    self.client.force_login(self.persona(name))
                self.assertEqual(self.client.get(trace_url(draft)).status_code, 200 if name in allowed else 404)

    def test_barrier_texts_are_escaped(self) -> None:
        self.merged.description = "Próg <script>alert(1)</script> & więcej"
        self.merged.save()
        response = self.client.get(trace_url(self.recommendation))
        self.assertContains(response, "Próg &lt;script&gt;alert(1)&lt;/script&gt; &amp; więcej")
        self.assertNotContains(response, "<script>alert(1)")

    def test_a_long_trace_shows_its_first_barriers_and_links_to_all(self) -> None:
        long = RecommendationFactory(improvement_plan=self.plan, order=2)
        barriers = BarrierFactory.create_batch(TRACE_BARRIERS_SHOWN + 1, network=self.network)
        long.barriers.add(*barriers)
        response = self.client.get(trace_url(long))
        self.assertEqual(len(response.context["trace"].barriers), TRACE_BARRIERS_SHOWN)
        self.assertContains(response, 'id="barriers-cut"')
        self.assertContains(response, 'href="?barriers=all#barriers-heading"')
        response = self.client.get(trace_url(long), {"barriers": "all"})
        self.assertEqual(len(response.context["trace"].barriers), TRACE_BARRIERS_SHOWN + 1)
        self.assertNotContains(response, 'id="barriers-cut"')
        # A short trace has nothing to cut.
        self.assertNotContains(self.client.get(trace_url(self.recommendation)), 'id="barriers-cut"')

    def test_a_missing_recommendation_is_a_404(self) -> None:
        self.assertEqual(self.client.get(reverse("recommendations:trace", args=[99999])).status_code, 404)


class TraceQueryCountTest(PersonaTestCase):
    def test_queries_do_not_grow_with_barriers_cities_and_answers(self) -> None:
        plan = ImprovementPlanFactory(network=self.network, state=State.FINAL)
        recommendation = RecommendationFactory(improvement_plan=plan, addressees=[self.ministry])

        def make(n: int) -> None:
            for _ in range(n):
                mid = ActionPlanFactory(network=self.network)
                barrier = BarrierFactory(network=self.network, cities=[ParticipantFactory(), ParticipantFactory()],
                                         plan_barriers=[MidBarrierFactory(plan=mid)])
                BarrierFactory(network=self.network, merged_into=barrier, cities=[ParticipantFactory()])
                recommendation.barriers.add(barrier)
                RecommendationResponseFactory(recommendation=recommendation, institution=self.ministry)
                RecommendationStatusUpdateFactory(recommendation=recommendation, institution=self.ministry)

        make(2)
        with self.assertNumQueries(11):
            self.client.get(trace_url(recommendation))
        make(8)
        with self.assertNumQueries(11):
            response = self.client.get(trace_url(recommendation))
        self.assertEqual(len(response.context["trace"].barriers), 10)
