"""In a real browser: the scoreboard's overdue badge and filter, and the owner ministry shown as the default
addressee on the scoreboard and the trace, pass axe-core."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from pim.programmes.tests.factories import EditionFactory, InstitutionFactory, NetworkFactory
from pim.recommendations.models import ImprovementPlan
from pim.recommendations.tests.factories import ImprovementPlanFactory, RecommendationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_an_overdue_historical_recommendation_shows_its_badge_and_default_addressee(
    live_server, page, assert_accessible
):
    owner = InstitutionFactory(name="Ministerstwo Właściciel", slug="ministerstwo-wlasciciel")
    network = NetworkFactory(edition=EditionFactory(owner=owner), name="Miasto zielone", slug="test-miasto-zielone")
    plan = ImprovementPlanFactory(network=network, state=ImprovementPlan.State.HANDED_OVER)
    # A historical record: no addressee named, its deadline passed with no response.
    late = RecommendationFactory(improvement_plan=plan, order=1, text="Historyczna rekomendacja bez adresata",
                                 sources="A", response_due_on=timezone.localdate() - datetime.timedelta(days=3))
    RecommendationFactory(improvement_plan=plan, order=2, text="Rekomendacja w terminie",
                          addressees=[InstitutionFactory()])

    page.goto(f"{live_server.url}/rekomendacje/tablica/?overdue=1")
    rows = page.locator("tbody tr")
    assert rows.count() == 1
    assert rows.first.get_attribute("data-overdue") == "1"
    assert rows.first.locator(".overdue-badge").count() == 1
    assert "Ministerstwo Właściciel" in rows.first.inner_text()
    assert_accessible(page)

    page.goto(f"{live_server.url}/rekomendacje/tablica/?addressee=ministerstwo-wlasciciel")
    assert page.locator("tbody tr").count() == 1
    assert_accessible(page)

    page.goto(f"{live_server.url}/rekomendacje/slad/{late.pk}/")
    assert page.locator("#overdue").count() == 1
    assert page.locator("#default-addressee").count() == 1
    assert_accessible(page)
