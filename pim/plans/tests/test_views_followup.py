"""The follow-up page /mid/<pk>/realizacja/: status reports, indicator values, progress and late actions."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import connection
from django.test import SimpleTestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import dateformat, timezone, translation
from django.utils.formats import get_format

from pim.plans import derived
from pim.plans.models import Action, ActionPlan, ActionStatusReport, IndicatorValue
from pim.plans.tests.base import MidTestCase
from pim.plans.tests.factories import ActionFactory, IndicatorFactory
from pim.programmes.models import Edition

S = ActionPlan.State
D = datetime.date


# The assertions read the English interface; the site itself is Polish first (LANGUAGE_CODE="pl").
@override_settings(LANGUAGE_CODE="en")
class FollowUpViewTests(MidTestCase):
    def setUp(self) -> None:
        self.plan = self.set_state(self.member_plan, S.IN_IMPLEMENTATION)
        self.action = ActionFactory(plan=self.plan, title="Park kieszonkowy", ends_on=D(2030, 12, 31))
        self.indicator = IndicatorFactory(plan=self.plan, action=self.action, name="Powierzchnia zieleni")

    def url(self) -> str:
        return reverse("plans:followup", args=[self.plan.pk])

    def report(self, user, action: Action | None = None, **data):
        action = action or self.action
        self.client.force_login(user)
        prefix = f"action-{action.pk}"
        data = {"status": "in_progress", "percent": "40", "note": "Trwa", **data}
        return self.client.post(reverse("plans:action_report", args=[self.plan.pk, action.pk]),
                                {f"{prefix}-{k}": v for k, v in data.items()})

    def record(self, user, **data):
        self.client.force_login(user)
        prefix = f"indicator-{self.indicator.pk}"
        data = {"measured_on": "2025-06-30", "value": "420.5", "note": "Pomiar", **data}
        return self.client.post(reverse("plans:indicator_value", args=[self.plan.pk, self.indicator.pk]),
                                {f"{prefix}-{k}": v for k, v in data.items()})

    def test_the_team_reports_a_status_and_sees_the_history(self):
        response = self.report(self.member_officer)
        self.assertRedirects(response, f"{self.url()}#action-{self.action.pk}")
        report = ActionStatusReport.objects.get()
        self.assertEqual((report.status, report.percent, report.reported_by), ("in_progress", 40, self.member_officer))
        page = self.client.get(self.url())
        self.assertContains(page, "Report history")
        self.assertContains(page, f'href="{self.plan.get_absolute_url()}"')

    def test_the_blank_forms_are_drawn_as_the_form_classes_would(self):
        from pim.plans.views.followup import IndicatorValueForm, StatusReportForm

        self.client.force_login(self.member_officer)
        page = self.client.get(self.url()).content.decode()
        forms = [StatusReportForm(prefix=f"action-{self.action.pk}", initial={"status": "in_progress", "percent": 0}),
                 IndicatorValueForm(prefix=f"indicator-{self.indicator.pk}")]
        for form in forms:
            for field in form:
                with self.subTest(field=field.html_name):
                    self.assertInHTML(field.label_tag(), page)
                    self.assertInHTML(str(field), page)

    def test_the_team_records_an_indicator_value(self):
        self.assertRedirects(self.record(self.member_officer), f"{self.url()}#indicator-{self.indicator.pk}")
        value = IndicatorValue.objects.get()
        self.assertEqual((value.measured_on, value.value), (D(2025, 6, 30), Decimal("420.5")))
        self.assertContains(self.client.get(self.url()), "420.5")

    def test_bad_input_shows_field_errors_and_changes_nothing(self):
        response = self.report(self.member_officer, percent="150")
        self.assertContains(response, 'role="alert"', status_code=400)
        self.assertContains(response, 'aria-invalid="true"', status_code=400)
        response = self.report(self.member_officer, status="done", percent="50")
        self.assertContains(response, "100% done", status_code=400)
        response = self.record(self.member_officer, measured_on="31.02.2025")
        self.assertContains(response, 'role="alert"', status_code=400)
        self.assertContains(response, 'value="31.02.2025"', status_code=400)
        response = self.record(self.member_officer, value="dużo")
        self.assertEqual(response.status_code, 400)
        self.assertFalse(ActionStatusReport.objects.exists())
        self.assertFalse(IndicatorValue.objects.exists())

    def test_who_may_report(self):
        for name in ("expert", "lead_officer", "ministry_reviewer"):
            with self.subTest(persona=name):
                self.assertEqual(self.report(self.persona(name)).status_code, 403)
                self.assertEqual(self.record(self.persona(name)).status_code, 403)
        self.assertEqual(self.report(self.coordinator).status_code, 302)
        self.client.force_login(self.expert)
        page = self.client.get(self.url())
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, "Report status")

    def test_the_public_reads_an_approved_mid_but_outsiders_do_not_see_a_draft(self):
        self.client.logout()
        self.assertEqual(self.client.get(self.url()).status_code, 200)
        self.set_state(self.plan, S.DRAFT)
        self.client.force_login(self.outsider_officer)
        self.assertEqual(self.client.get(self.url()).status_code, 404)

    def test_before_approval_the_page_says_so_and_reports_are_refused(self):
        self.set_state(self.plan, S.EXPERT_REVIEW)
        self.client.force_login(self.member_officer)
        page = self.client.get(self.url())
        self.assertContains(page, "once the MID is approved")
        self.assertNotContains(page, "Report status")
        response = self.report(self.member_officer)
        self.assertContains(response, "once the MID is approved", status_code=400)
        self.assertFalse(ActionStatusReport.objects.exists())

    def test_values_are_recorded_after_the_edition_ended(self):
        self.set_state(self.plan, S.COMPLETED)
        Edition.objects.filter(pk=self.edition.pk).update(state=Edition.State.CLOSED, ends_on=D(2023, 12, 31))
        self.assertEqual(self.record(self.member_officer).status_code, 302)

    def test_progress_and_late_list(self):
        today = timezone.localdate()
        past = today - datetime.timedelta(days=30)
        done = ActionFactory(plan=self.plan, title="Zrobione", starts_on=D(2020, 1, 1), ends_on=past)
        overdue = ActionFactory(plan=self.plan, title="Spóźnione", starts_on=D(2020, 1, 1), ends_on=past)
        dropped = ActionFactory(plan=self.plan, title="Porzucone", starts_on=D(2020, 1, 1), ends_on=past)
        self.report(self.member_officer, action=done, status="done", percent="100")
        self.report(self.member_officer, action=overdue, status="in_progress", percent="50")
        self.report(self.member_officer, action=dropped, status="dropped", percent="0")
        self.report(self.member_officer, status="delayed", percent="20")  # not past its end, but reported delayed
        progress = derived.progress_summary(self.plan)
        self.assertEqual((progress.total, progress.done, progress.share_done, progress.average_percent),
                         (3, 1, 33, 57))
        self.assertEqual({a.title for a in progress.late}, {"Spóźnione", "Park kieszonkowy"})
        page = self.client.get(self.url())
        late = page.content.decode().split('id="late-list"')[1].split("</ul>")[0]
        self.assertIn("Spóźnione", late)
        self.assertIn("Park kieszonkowy", late)
        self.assertNotIn("Zrobione", late)
        self.assertNotIn("Porzucone", late)

    def test_query_count_is_the_same_for_2_and_10_actions(self):
        self.client.force_login(self.member_officer)

        def make(n: int) -> None:
            for _ in range(n):
                action = ActionFactory(plan=self.plan)
                ActionStatusReport.objects.create(action=action, status="in_progress", percent=10)
                indicator = IndicatorFactory(plan=self.plan, action=action)
                IndicatorValue.objects.create(indicator=indicator, measured_on=D(2025, 1, 1), value=1)

        make(1)
        self.client.get(self.url())
        with CaptureQueriesContext(connection) as small:
            self.client.get(self.url())
        make(8)
        with self.assertNumQueries(len(small.captured_queries)):
            self.client.get(self.url())


class ShortDateTests(SimpleTestCase):
    def test_the_fast_short_date_matches_djangos_date_filter(self):
        from pim.plans.views.followup import _short_date

        days = [D(2025, 1, 5), D(2024, 12, 31), D(1999, 7, 9)]
        for language in ("pl", "en"):
            for fmt in ("", "j.n.y", "d/m/Y", "D, j M Y", "d.m.Y %"):
                with self.subTest(language=language, fmt=fmt), translation.override(language):
                    expected = fmt or get_format("SHORT_DATE_FORMAT")
                    for day in days:
                        self.assertEqual(_short_date(fmt)(day), dateformat.format(day, expected))
                    self.assertEqual(_short_date(fmt)(None), "")
