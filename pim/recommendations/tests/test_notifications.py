"""E-mail to the ministries when a PU is handed over: who is told, what they read, and only after the commit."""

from __future__ import annotations

import datetime

from django.core import mail
from django.core.exceptions import ValidationError
from django.test import override_settings

from pim.programmes.models import RoleAssignment
from pim.programmes.tests.factories import (
    InstitutionFactory,
    PersonFactory,
    RoleAssignmentFactory,
    UserFactory,
)
from pim.programmes.tests.personas import Role
from pim.recommendations import services
from pim.recommendations.models import ImprovementPlan, ImprovementPlanTransition
from pim.recommendations.notifications import recipients
from pim.recommendations.tests.base import HANDED_OVER, PuTestCase
from pim.recommendations.tests.factories import RecommendationFactory

State = ImprovementPlan.State
IMMEDIATE_TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@override_settings(TASKS=IMMEDIATE_TASKS, LANGUAGE_CODE="en", PIM_SITE_URL="https://pim.example.org")
class HandOverMailTests(PuTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.recommendation.response_due_on = datetime.date(2024, 9, 30)
        cls.recommendation.save()
        cls.receiving = InstitutionFactory(name="Ministerstwo Testowe Infrastruktury")
        cls.receiving_liaison = cls.make_persona("receiving_liaison", Role.MINISTRY_LIAISON, institution=cls.receiving)

    def hand_over(self, by=None, to=None) -> list:
        self.set_state(self.plan, State.FINAL)
        with self.captureOnCommitCallbacks(execute=True):
            services.improvement_plan_transition(
                plan=self.plan, to_state=State.HANDED_OVER, by=by or self.coordinator,
                handed_over_on=HANDED_OVER, handed_over_to=to or self.receiving,
            )
        return sorted(mail.outbox, key=lambda m: m.to[0])

    def body_for(self, user) -> str:
        return next(m.body for m in mail.outbox if m.to == [user.email])

    def test_each_addressees_liaison_hears_of_their_own_recommendations_with_the_due_date(self):
        messages = self.hand_over()
        self.assertEqual(
            sorted(m.to[0] for m in messages),
            sorted([self.ministry_reviewer.email, self.other_liaison.email, self.receiving_liaison.email]),
        )
        self.assertTrue(all(len(m.to) == 1 for m in messages))  # nobody sees the others' addresses
        self.assertTrue(all("Plan Ulepszeń testowy" in m.subject and "Miasto zielone" in m.subject for m in messages))
        mine = self.body_for(self.ministry_reviewer)
        self.assertIn("Ministry Reviewer", mine)
        self.assertIn("1. Uprościć procedurę zielonych zamówień", mine)
        self.assertNotIn("retencji", mine)
        # Polish whatever the sender's language: the dates are written with Polish month names.
        self.assertIn("30 września 2024", mine)
        self.assertIn("10 maja 2024", mine)
        self.assertIn("https://pim.example.org/rekomendacje/do-odpowiedzi/", mine)
        theirs = self.body_for(self.other_liaison)
        self.assertIn("2. Zmienić zasady finansowania retencji", theirs)
        self.assertNotIn("zielonych zamówień", theirs)
        self.assertNotIn("września", theirs)

    def test_the_receiving_institution_hears_even_with_nothing_addressed_to_it(self):
        self.hand_over()
        body = self.body_for(self.receiving_liaison)
        self.assertIn("Ministerstwo Testowe Infrastruktury", body)
        self.assertNotIn("zielonych zamówień", body)
        self.assertNotIn("/rekomendacje/do-odpowiedzi/", body)
        self.assertIn(f"https://pim.example.org{self.plan.get_absolute_url()}", body)

    def test_a_recommendation_without_addressees_goes_to_the_editions_owner_ministry(self):
        RecommendationFactory(improvement_plan=self.plan, order=3, text="Bez adresata: ułatwić dostęp do danych")
        self.hand_over()
        self.assertIn("3. Bez adresata", self.body_for(self.ministry_reviewer))
        self.assertNotIn("Bez adresata", self.body_for(self.other_liaison))

    def test_ended_inactive_addressless_and_acting_liaisons_hear_nothing(self):
        RoleAssignment.objects.filter(person=self.other_liaison.person).update(ended=True)
        inactive = UserFactory(username="nieaktywny-lacznik", is_active=False)
        RoleAssignmentFactory(person=PersonFactory(user=inactive), role=Role.MINISTRY_LIAISON, institution=self.ministry)
        no_address = UserFactory(username="lacznik-bez-adresu", email="")
        RoleAssignmentFactory(person=PersonFactory(user=no_address, email=""), role=Role.MINISTRY_LIAISON,
                              institution=self.ministry)
        # The operator who hands the PU over is also the receiving institution's liaison: not told of their own step.
        RoleAssignmentFactory(person=self.coordinator.person, role=Role.MINISTRY_LIAISON, institution=self.receiving)
        messages = self.hand_over()
        self.assertEqual(
            sorted(m.to[0] for m in messages), sorted([self.ministry_reviewer.email, self.receiving_liaison.email])
        )

    def test_a_liaison_of_two_institutions_gets_one_message_with_both_lists(self):
        RoleAssignmentFactory(person=self.ministry_reviewer.person, role=Role.MINISTRY_LIAISON,
                              institution=self.other_ministry)
        self.hand_over()
        body = self.body_for(self.ministry_reviewer)
        self.assertEqual(len([m for m in mail.outbox if m.to == [self.ministry_reviewer.email]]), 1)
        self.assertIn("zielonych zamówień", body)
        self.assertIn("retencji", body)

    def test_other_steps_and_refused_hand_overs_send_nothing(self):
        # (A step into consultation mails the cities: see test_consultation_mail.)
        self.set_state(self.plan, State.CONSULTATION)
        with self.captureOnCommitCallbacks(execute=True):
            services.improvement_plan_transition(plan=self.plan, to_state=State.FINAL, by=self.coordinator)
        self.set_state(self.plan, State.FINAL)
        with self.captureOnCommitCallbacks(execute=True), self.assertRaises(ValidationError):
            services.improvement_plan_transition(plan=self.plan, to_state=State.HANDED_OVER, by=self.coordinator)
        self.assertEqual(mail.outbox, [])

    def test_the_mail_waits_for_the_commit(self):
        self.set_state(self.plan, State.FINAL)
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            step = services.improvement_plan_transition(
                plan=self.plan, to_state=State.HANDED_OVER, by=self.coordinator,
                handed_over_on=HANDED_OVER, handed_over_to=self.receiving,
            )
        self.assertEqual(mail.outbox, [])
        self.assertEqual(len(callbacks), 1)
        self.assertEqual(len(recipients(step)), 3)

    def test_finding_the_recipients_does_not_grow_with_recommendations(self):
        self.hand_over()
        step = ImprovementPlanTransition.objects.select_related(
            "improvement_plan__network__edition", "improvement_plan__handed_over_to"
        ).get(to_state=State.HANDED_OVER)
        with self.assertNumQueries(3):
            self.assertEqual(len(recipients(step)), 3)
        RecommendationFactory.create_batch(8, improvement_plan=self.plan, addressees=[self.other_ministry])
        with self.assertNumQueries(3):
            found = {r.email: r for r in recipients(step)}
        self.assertEqual(len(found[self.other_liaison.email].recommendations), 9)
