"""E-mail to the network's city teams when its PU opens for consultation: who is told, what they read, the queue."""

from __future__ import annotations

from django.core import mail
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from pim.places.tests.factories import ParticipantFactory
from pim.programmes.tests.factories import MembershipFactory
from pim.programmes.tests.personas import Role
from pim.recommendations import services
from pim.recommendations.models import ImprovementPlan, ImprovementPlanTransition
from pim.recommendations.notifications import (
    consultation_recipients,
    enqueue_consultation_mail,
    send_consultation_mail,
)
from pim.recommendations.tests.base import PuTestCase

State = ImprovementPlan.State
IMMEDIATE_TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
CONTENT = "recommendations.view_improvementplan_content"


@override_settings(TASKS=IMMEDIATE_TASKS, LANGUAGE_CODE="en", PIM_SITE_URL="https://pim.example.org")
class ConsultationMailTests(PuTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        former_city = ParticipantFactory(name="Miasto Byłe", slug="miasto-byle")
        MembershipFactory(network=cls.network, participant=former_city, ended=True)
        cls.former_officer = cls.make_persona("former_officer", Role.CITY_TEAM_MEMBER, participant=former_city)

    def open_consultation(self, by=None) -> ImprovementPlanTransition:
        step = services.improvement_plan_transition(plan=self.plan, to_state=State.CONSULTATION, by=by or self.expert)
        mail.outbox.clear()
        return step

    def test_the_city_teams_of_the_current_member_cities_are_told(self):
        step = self.open_consultation()
        self.assertEqual(send_consultation_mail(step.pk), 2)
        self.assertEqual(sorted(m.to[0] for m in mail.outbox),
                         sorted([self.lead_officer.email, self.member_officer.email]))
        self.assertTrue(all(len(m.to) == 1 for m in mail.outbox))  # nobody sees the others' addresses

    def test_nobody_is_told_who_may_not_read_the_pu(self):
        step = self.open_consultation()
        told = consultation_recipients(step)
        self.assertTrue(told)
        self.assertTrue(all(person.user.has_perm(CONTENT, self.plan) for person in told))
        # The other network's city and a former member city may not read the draft, and are not told.
        for outsider in (self.outsider_officer, self.former_officer):
            self.assertFalse(outsider.has_perm(CONTENT, self.plan))
            self.assertNotIn(outsider.person, told)

    def test_the_message_is_polish_with_the_absolute_link(self):
        step = self.open_consultation()
        send_consultation_mail(step.pk)
        message = next(m for m in mail.outbox if m.to == [self.lead_officer.email])
        self.assertIn("Plan Ulepszeń testowy", message.subject)
        self.assertIn("Miasto zielone", message.subject)
        self.assertIn("konsultac", message.subject)
        self.assertIn("Lead Officer", message.body)
        self.assertIn(f"https://pim.example.org{self.plan.get_absolute_url()}", message.body)

    def test_only_a_step_into_consultation_is_mailed_and_not_to_who_took_it(self):
        step = self.open_consultation()
        services.improvement_plan_transition(plan=self.plan, to_state=State.FINAL, by=self.expert)
        final = self.plan.transitions.get(to_state=State.FINAL)
        self.assertEqual(send_consultation_mail(final.pk), 0)
        ImprovementPlanTransition.objects.filter(pk=step.pk).update(by=self.lead_officer)
        step.refresh_from_db()
        self.assertNotIn(self.lead_officer.person, consultation_recipients(step))

    def test_the_step_into_consultation_mails_the_cities_once_committed(self):
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            services.improvement_plan_transition(plan=self.plan, to_state=State.CONSULTATION, by=self.expert)
        self.assertEqual(mail.outbox, [])  # nothing before the commit
        for callback in callbacks:
            callback()
        self.assertEqual(sorted(m.to[0] for m in mail.outbox),
                         sorted([self.lead_officer.email, self.member_officer.email]))

    def test_the_task_sends_them_and_a_missing_step_sends_nothing(self):
        step = self.open_consultation()
        enqueue_consultation_mail(step.pk)
        self.assertEqual(len(mail.outbox), 2)
        self.assertEqual(send_consultation_mail(step.pk + 1000), 0)

    def test_the_queries_do_not_grow_with_the_cities(self):
        step = self.open_consultation()
        with CaptureQueriesContext(connection) as few:
            send_consultation_mail(step.pk)
        for n in range(3):
            city = ParticipantFactory(name=f"Miasto Dodatkowe {n}", slug=f"miasto-dodatkowe-{n}")
            MembershipFactory(network=self.network, participant=city)
            self.make_persona(f"extra_officer_{n}", Role.CITY_TEAM_MEMBER, participant=city)
        mail.outbox.clear()
        with CaptureQueriesContext(connection) as many:
            self.assertEqual(send_consultation_mail(step.pk), 5)
        self.assertEqual(len(many), len(few))
