"""The PU's workflow: draft → consultation → final → handed over → follow-up, who may move it, what is recorded."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from pim.recommendations import services
from pim.recommendations.models import ImprovementPlan
from pim.recommendations.tests.base import HANDED_OVER, PuTestCase

State = ImprovementPlan.State


class WorkflowTests(PuTestCase):
    def move(self, to_state, by, **kwargs):
        return services.improvement_plan_transition(plan=self.plan, to_state=to_state, by=by, **kwargs)

    def test_the_whole_way_records_who_when_and_why(self):
        self.move(State.CONSULTATION, self.expert)
        self.move(State.DRAFT, self.expert, reason="Miasta zgłosiły uwagi")
        self.move(State.CONSULTATION, self.expert)
        self.move(State.FINAL, self.expert)
        self.move(State.HANDED_OVER, self.coordinator, handed_over_on=HANDED_OVER, handed_over_to=self.ministry)
        self.move(State.FOLLOW_UP, self.coordinator)
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.state, State.FOLLOW_UP)
        self.assertEqual((self.plan.handed_over_on, self.plan.handed_over_to), (HANDED_OVER, self.ministry))
        steps = list(self.plan.transitions.values_list("from_state", "to_state", "by__username", "reason"))
        self.assertEqual(steps[1], (State.CONSULTATION, State.DRAFT, "expert", "Miasta zgłosiły uwagi"))
        self.assertEqual(steps[4][:3], (State.FINAL, State.HANDED_OVER, "coordinator"))
        self.assertEqual(len(steps), 6)

    def test_refused_steps_change_nothing(self):
        with self.assertRaises(ValidationError):
            self.move(State.FINAL, self.expert)  # draft cannot skip the consultation
        with self.assertRaises(PermissionDenied):
            self.move(State.CONSULTATION, self.lead_officer)
        self.move(State.CONSULTATION, self.expert)
        with self.assertRaises(ValidationError) as caught:
            self.move(State.DRAFT, self.expert, reason="  ")
        self.assertIn("reason", caught.exception.message_dict)
        self.move(State.FINAL, self.expert)
        with self.assertRaises(PermissionDenied):  # only the operator hands over
            self.move(State.HANDED_OVER, self.expert, handed_over_on=HANDED_OVER, handed_over_to=self.ministry)
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.state, State.FINAL)
        self.assertEqual(self.plan.transitions.count(), 2)

    def test_the_hand_over_needs_a_past_date_and_the_institution(self):
        self.set_state(self.plan, State.FINAL)
        future = timezone.localdate() + datetime.timedelta(days=3)
        for kwargs, field in (({"handed_over_to": self.ministry}, "handed_over_on"),
                              ({"handed_over_on": future, "handed_over_to": self.ministry}, "handed_over_on"),
                              ({"handed_over_on": HANDED_OVER}, "handed_over_to")):
            with self.subTest(field=field), self.assertRaises(ValidationError) as caught:
                self.move(State.HANDED_OVER, self.coordinator, **kwargs)
            self.assertIn(field, caught.exception.message_dict)
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.state, State.FINAL)
        self.assertIsNone(self.plan.handed_over_on)

    def test_the_steps_offered_follow_the_role(self):
        self.set_state(self.plan, State.FINAL)
        self.assertEqual([s.target for s in services.steps_for(self.plan, self.coordinator)],
                         [State.HANDED_OVER, State.DRAFT])
        self.assertEqual(services.steps_for(self.plan, self.expert), [])
