"""Responses and status updates: who records them for which institution, the append-only history, overdue flags."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from pim.recommendations import services
from pim.recommendations.models import Recommendation, RecommendationResponse, RecommendationStatusUpdate
from pim.recommendations.tests.base import HANDED_OVER, PuTestCase
from pim.recommendations.tests.factories import RecommendationFactory


def today() -> datetime.date:
    return timezone.localdate()

Decision = RecommendationResponse.Decision
Status = RecommendationStatusUpdate.Status


class AnswerTests(PuTestCase):
    def answer(self, recommendation=None, institution=None, by=None, **overrides):
        kwargs = {"decision": Decision.UNDER_ANALYSIS, "text": "Analizujemy.", "responded_on": today() - datetime.timedelta(days=1)}
        kwargs.update(overrides)
        recommendation = Recommendation.objects.prefetch_related("addressees").get(
            pk=(recommendation or self.recommendation).pk
        )
        return services.recommendation_answer(recommendation=recommendation, institution=institution or self.ministry,
                                              by=by or self.ministry_reviewer, **kwargs)

    def test_answers_wait_for_the_hand_over(self):
        with self.assertRaises(ValidationError):
            self.answer()

    def test_the_liaison_answers_and_the_history_keeps_every_response(self):
        self.hand_over()
        first = self.answer()
        second = self.answer(decision=Decision.PARTLY_ACCEPTED, text="Częściowo przyjęta.", responded_on=today())
        self.assertEqual(list(self.recommendation.responses.order_by("pk")), [first, second])
        self.assertEqual(second.recorded_by, self.ministry_reviewer)

    def test_a_liaison_cannot_answer_for_another_institution_or_an_unaddressed_recommendation(self):
        self.hand_over()
        with self.assertRaises(PermissionDenied):  # not addressed to the liaison's ministry
            self.answer(self.other_recommendation, institution=self.ministry)
        with self.assertRaises(PermissionDenied):  # another institution's answer
            self.answer(self.other_recommendation, institution=self.other_ministry)
        with self.assertRaises(PermissionDenied):
            self.answer(by=self.expert)
        self.answer(self.other_recommendation, institution=self.other_ministry, by=self.other_liaison)
        self.answer(institution=self.ministry, by=self.coordinator)  # the operator records it on their behalf
        self.assertEqual(RecommendationResponse.objects.count(), 2)

    def test_bad_input_records_nothing(self):
        self.hand_over()
        cases = [({"decision": "maybe"}, "decision"), ({"text": " "}, "text"),
                 ({"responded_on": today() + datetime.timedelta(days=1)}, "responded_on"),
                 ({"responded_on": "yesterday"}, "responded_on")]
        for overrides, field in cases:
            with self.subTest(field=field), self.assertRaises(ValidationError) as caught:
                self.answer(**overrides)
            self.assertIn(field, caught.exception.message_dict)
        self.assertFalse(RecommendationResponse.objects.exists())

    def test_a_response_cannot_predate_the_hand_over(self):
        self.hand_over()
        with self.assertRaises(ValidationError) as caught:
            self.answer(responded_on=HANDED_OVER - datetime.timedelta(days=1))
        self.assertEqual(caught.exception.message_dict["responded_on"],
                         ["Odpowiedź nie może mieć daty wcześniejszej niż przekazanie Planu Ulepszeń (10 maja 2024)."])
        self.assertEqual(self.answer(responded_on=HANDED_OVER).responded_on, HANDED_OVER)


class StatusTests(PuTestCase):
    def report(self, by=None, **overrides):
        kwargs = {"status": Status.IN_PROGRESS, "reported_on": today(), "evidence": "Projekt ustawy w konsultacjach."}
        kwargs.update(overrides)
        recommendation = Recommendation.objects.prefetch_related("addressees").get(pk=self.recommendation.pk)
        return services.recommendation_status_report(recommendation=recommendation, institution=self.ministry,
                                                     by=by or self.ministry_reviewer, **kwargs)

    def test_status_follows_the_formal_response_and_keeps_its_history(self):
        self.hand_over()
        with self.assertRaises(ValidationError):
            self.report()
        services.recommendation_answer(recommendation=self.recommendation, institution=self.ministry,
                                       decision=Decision.ACCEPTED, text="Przyjęta.", responded_on=today(),
                                       by=self.ministry_reviewer)
        self.report()
        self.report(status=Status.IMPLEMENTED, evidence="", evidence_url="https://example.org/ustawa")
        self.assertEqual(list(self.recommendation.status_updates.order_by("pk").values_list("status", flat=True)),
                         [Status.IN_PROGRESS, Status.IMPLEMENTED])
        with self.assertRaises(PermissionDenied):
            self.report(by=self.other_liaison)

    def test_a_status_cannot_predate_the_institutions_first_response(self):
        self.hand_over()
        responded = today() - datetime.timedelta(days=10)
        services.recommendation_answer(recommendation=self.recommendation, institution=self.ministry,
                                       decision=Decision.ACCEPTED, text="Przyjęta.", responded_on=responded,
                                       by=self.ministry_reviewer)
        with self.assertRaises(ValidationError) as caught:
            self.report(reported_on=responded - datetime.timedelta(days=1))
        self.assertIn("reported_on", caught.exception.message_dict)
        self.assertFalse(self.recommendation.status_updates.exists())
        self.assertEqual(self.report(reported_on=responded).reported_on, responded)

    def test_implemented_needs_evidence(self):
        self.hand_over()
        services.recommendation_answer(recommendation=self.recommendation, institution=self.ministry,
                                       decision=Decision.ACCEPTED, text="Przyjęta.", responded_on=today(),
                                       by=self.ministry_reviewer)
        with self.assertRaises(ValidationError) as caught:
            self.report(status=Status.IMPLEMENTED, evidence="")
        self.assertIn("evidence", caught.exception.message_dict)
        with self.assertRaises(ValidationError) as caught:
            self.report(evidence_url="not a link")
        self.assertIn("evidence_url", caught.exception.message_dict)
        self.assertFalse(RecommendationStatusUpdate.objects.exists())


class OverdueTests(PuTestCase):
    def test_overdue_means_past_the_deadline_with_an_addressee_still_silent(self):
        past, future = today() - datetime.timedelta(days=5), today() + datetime.timedelta(days=5)
        both = RecommendationFactory(improvement_plan=self.plan, addressees=[self.ministry, self.other_ministry],
                                     response_due_on=past)
        unaddressed = RecommendationFactory(improvement_plan=self.plan, response_due_on=past)
        not_yet = RecommendationFactory(improvement_plan=self.plan, addressees=[self.ministry], response_due_on=future)
        no_deadline = self.recommendation
        self.assertEqual(set(Recommendation.objects.overdue()), {both, unaddressed})
        both.responses.create(institution=self.ministry, decision=Decision.ACCEPTED, text="Tak", responded_on=past)
        self.assertIn(both, Recommendation.objects.overdue())  # the other ministry is still silent
        both.responses.create(institution=self.other_ministry, decision=Decision.UNDER_ANALYSIS, text="Analiza",
                              responded_on=past)
        unaddressed.responses.create(institution=self.ministry, decision=Decision.ACCEPTED, text="Tak",
                                     responded_on=past)
        self.assertEqual(list(Recommendation.objects.overdue()), [])
        flags = dict(Recommendation.objects.with_overdue().values_list("pk", "is_overdue"))
        self.assertEqual({flags[r.pk] for r in (both, unaddressed, not_yet, no_deadline)}, {False})

    def test_the_flag_matches_the_queryset(self):
        late = RecommendationFactory(improvement_plan=self.plan, addressees=[self.ministry],
                                     response_due_on=today() - datetime.timedelta(days=1))
        flags = dict(Recommendation.objects.with_overdue().values_list("pk", "is_overdue"))
        self.assertTrue(flags[late.pk])
        self.assertFalse(flags[self.recommendation.pk])

    def test_only_the_operator_sets_the_deadline(self):
        with self.assertRaises(PermissionDenied):
            services.recommendation_set_due_date(recommendation=self.recommendation, due_on=today(), by=self.expert)
        services.recommendation_set_due_date(recommendation=self.recommendation, due_on=today(), by=self.coordinator)
        self.recommendation.refresh_from_db()
        self.assertEqual(self.recommendation.response_due_on, today())
