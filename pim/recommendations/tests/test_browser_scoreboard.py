"""In a real browser: a ministry liaison answers a recommendation and the public scoreboard shows the answer;
the scoreboard, trace and good-practice pages pass axe-core."""

from __future__ import annotations

import pytest

from pim.events.tests.factories import EventFactory
from pim.places.tests.factories import ParticipantFactory
from pim.plans.models import ActionPlan
from pim.plans.tests.factories import ActionPlanFactory
from pim.plans.tests.factories import BarrierFactory as MidBarrierFactory
from pim.programmes.models import Membership, RoleAssignment
from pim.programmes.tests.factories import InstitutionFactory, MembershipFactory, NetworkFactory
from pim.recommendations.models import ImprovementPlan
from pim.recommendations.tests.factories import (
    BarrierFactory,
    GoodPracticeFactory,
    ImprovementPlanFactory,
    RecommendationFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def handed_over_plan(user_with_role):
    ministry = InstitutionFactory(name="Ministerstwo Przykładowe", slug="ministerstwo-przykladowe")
    network = NetworkFactory(name="Miasto zielone", slug="test-miasto-zielone")
    city = ParticipantFactory(name="Miasto Partnerskie", slug="miasto-partnerskie")
    MembershipFactory(network=network, participant=city, role=Membership.Role.LEAD)
    plan = ImprovementPlanFactory(network=network, state=ImprovementPlan.State.HANDED_OVER, title="PU Miasto zielone")
    recommendation = RecommendationFactory(
        improvement_plan=plan, order=1, text="Przykładowa rekomendacja o retencji", addressees=[ministry]
    )
    mid = ActionPlanFactory(network=network, participant=city, title="Przykładowy MID",
                            state=ActionPlan.State.APPROVED)
    barrier = BarrierFactory(network=network, description="Przykładowa bariera", cities=[city],
                             plan_barriers=[MidBarrierFactory(plan=mid)])
    recommendation.barriers.add(barrier)
    practice = GoodPracticeFactory(title="Przykładowa praktyka", participant=city, network=network,
                                   edition=network.edition, theme="retencja")
    practice.events.add(EventFactory(network=network))
    practice.recommendations.add(recommendation)
    user_with_role("lacznik", "Łącznik Ministerstwa", RoleAssignment.Role.MINISTRY_LIAISON, institution=ministry)
    return recommendation, practice


def test_a_liaison_answers_and_the_public_scoreboard_shows_it(
    live_server, page, handed_over_plan, assert_accessible, login
):
    recommendation, practice = handed_over_plan
    page.goto(f"{live_server.url}/rekomendacje/tablica/")
    row = page.locator("tbody tr", has_text="Przykładowa rekomendacja o retencji")
    assert row.get_attribute("data-status") == "no_response"
    assert_accessible(page)

    login("lacznik")
    page.goto(f"{live_server.url}/rekomendacje/{recommendation.pk}/odpowiedz/")
    page.select_option("#id_answer-institution", label="Ministerstwo Przykładowe")
    page.select_option("#id_answer-decision", "partly_accepted")
    page.fill("#id_answer-text", "Przyjmujemy częściowo: zmiana przepisów w 2027 r.")
    page.fill("#id_answer-responded_on", "2026-10-01")
    page.locator("form:has(input[name=form][value=answer]) button[type=submit]").click()
    page.wait_for_load_state()
    assert "Przyjmujemy częściowo" in page.locator("main").inner_text()
    # Back to an anonymous visitor (logging out rotates the session, which django-zeal takes for an N+1).
    page.context.clear_cookies()

    page.goto(f"{live_server.url}/rekomendacje/tablica/?status=partly_accepted")
    row = page.locator("tbody tr", has_text="Przykładowa rekomendacja o retencji")
    assert row.get_attribute("data-status") == "partly_accepted"
    row.locator("a").first.click()
    page.wait_for_load_state()
    assert "Przyjmujemy częściowo" in page.locator("main").inner_text()
    assert "Miasto Partnerskie" in page.locator("main").inner_text()
    assert_accessible(page)

    page.goto(f"{live_server.url}/rekomendacje/dobre-praktyki/?q=retencja")
    assert page.locator("tbody tr").count() == 1
    assert_accessible(page)
    page.locator("tbody tr a").first.click()
    page.wait_for_load_state()
    assert "Przykładowa rekomendacja o retencji" in page.locator("main").inner_text()
    assert_accessible(page)


def test_the_expert_adds_a_good_practice_in_an_accessible_form(live_server, page, handed_over_plan,
                                                              assert_accessible, user_with_role, login):
    _recommendation, practice = handed_over_plan
    user_with_role("ekspert", "Ekspertka", RoleAssignment.Role.THEMATIC_EXPERT, network=practice.network)
    login("ekspert")
    page.goto(f"{live_server.url}/rekomendacje/dobre-praktyki/")
    page.locator("form[data-add-practice] button").click()
    page.wait_for_load_state()
    # Sent without a city or a foreign city: the form says what is missing.
    page.fill("#id_title", "Przykładowe ogrody deszczowe")
    page.locator("main form[method=post] button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#id_foreign_city_error").count() == 1
    assert_accessible(page)
    page.fill("#id_foreign_city", "Kopenhaga")
    page.fill("#id_country", "Dania")
    page.locator("main form[method=post] button[type=submit]").click()
    page.wait_for_load_state()
    assert "Kopenhaga, Dania" in page.locator("main").inner_text()
    assert_accessible(page)
