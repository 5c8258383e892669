"""The workflow page's errors: each sits under its own input, tied to it, with a summary linking to it."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from pim.recommendations.models import ImprovementPlan
from pim.recommendations.tests.base import PuTestCase

State = ImprovementPlan.State


class WorkflowErrorTests(PuTestCase):
    def setUp(self) -> None:
        self.url = reverse("recommendations:workflow", args=[self.network.slug])

    def test_a_future_date_and_no_institution_are_told_at_their_fields(self):
        self.set_state(self.plan, State.FINAL)
        self.login("coordinator")
        future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
        response = self.client.post(self.url, {"to_state": "handed_over", "handed_over_on": future,
                                               "handed_over_to": ""})
        self.assertEqual(response.status_code, 400)
        html = response.content.decode()
        self.assertIn('aria-invalid="true" aria-describedby="handed-on-error"', html)
        self.assertIn('<small id="handed-on-error" class="field-error">', html)
        self.assertIn('aria-invalid="true" aria-describedby="handed-to-error"', html)
        self.assertIn('<small id="handed-to-error" class="field-error">', html)
        self.assertIn('href="#handed-on"', html)
        self.assertIn('href="#handed-to"', html)
        self.assertIn(f'value="{future}"', html)  # what was typed is kept
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.state, State.FINAL)

    def test_a_missing_reason_is_told_at_that_steps_reason(self):
        self.set_state(self.plan, State.CONSULTATION)
        self.login("expert")
        response = self.client.post(self.url, {"to_state": "draft", "reason": ""})
        self.assertEqual(response.status_code, 400)
        html = response.content.decode()
        self.assertIn('aria-invalid="true" aria-describedby="reason-draft-error"', html)
        self.assertIn('<small id="reason-draft-error" class="field-error">', html)
        self.assertNotIn('aria-describedby="reason-final-error"', html)

    def test_a_step_one_may_not_take_is_a_form_wide_error(self):
        self.login("member_officer")
        response = self.client.post(self.url, {"to_state": "consultation"})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, 'class="form-errors"', status_code=400)
        self.assertNotContains(response, 'aria-invalid="true"', status_code=400)
        self.assertContains(response, "Nie możesz wykonać tego kroku.", status_code=400)
