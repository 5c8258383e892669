"""The PU editor and the liaison's response form in a real browser, audited by axe."""

from __future__ import annotations

import datetime

import pytest

from pim.places.tests.factories import ParticipantFactory
from pim.programmes.models import Membership, RoleAssignment
from pim.programmes.tests.factories import InstitutionFactory, MembershipFactory, NetworkFactory
from pim.recommendations.models import ImprovementPlan
from pim.recommendations.tests.factories import BarrierFactory, ImprovementPlanFactory, RecommendationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def network():
    network = NetworkFactory(name="Miasto zielone", slug="test-miasto-zielone")
    city = ParticipantFactory(name="Miasto Partnerskie", slug="miasto-partnerskie")
    MembershipFactory(network=network, participant=city, role=Membership.Role.LEAD)
    BarrierFactory(network=network, description="Przykładowa bariera: brak podstawy prawnej", cities=[city])
    return network


def test_the_expert_edits_the_pu_with_htmx(live_server, page, network, assert_accessible, user_with_role, login):
    user_with_role("ekspertka", "Ekspertka", RoleAssignment.Role.THEMATIC_EXPERT, network=network)
    plan = ImprovementPlanFactory(network=network, title="Plan Ulepszeń testowy")
    RecommendationFactory(improvement_plan=plan, text="Przykładowa rekomendacja")
    login("ekspertka")
    page.goto(f"{live_server.url}/rekomendacje/siec/{network.slug}/plan/edycja/")
    assert_accessible(page)
    page.locator("#general input[name=title]").fill("Plan dla zielonych miast")
    page.locator("#general textarea[name=introduction]").fill("<p>Zażółć gęślą jaźń</p>")
    page.locator("#general button[type=submit]").click()
    page.locator("#general .message-success").wait_for()
    assert page.locator("#general input[name=expected_revision]").input_value() == "1"
    assert_accessible(page)
    page.locator("#pu-barriers-search").fill("podstawy")
    page.locator("#pu-barriers-found input[type=checkbox]").first.check()
    page.locator("#barriers button[type=submit]").click()
    page.locator("#barriers .message-success").wait_for()
    plan.refresh_from_db()
    assert plan.title == "Plan dla zielonych miast"
    assert plan.barriers.count() == 1
    base = f"{live_server.url}/rekomendacje/siec/{network.slug}"
    for path in ("/plan/historia/", "/plan/historia/porownanie/?a=0&b=2", "/plan/", "/plan/obieg/",
                 "/plan/rekomendacje/nowa/", "/bariery/"):
        page.goto(base + path)
        assert_accessible(page)
    # The register's filters swap the table in place.
    page.locator("#filter-type").select_option("financial")
    page.locator("#register-rows td[colspan]").wait_for()
    assert page.locator("#register-rows tbody tr").count() == 1
    assert_accessible(page)
    # A bad recommendation comes back with its errors, still accessible.
    page.goto(base + "/plan/rekomendacje/nowa/")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    assert page.locator(".form-errors").count() == 1
    assert_accessible(page)


def test_the_liaison_answers_a_recommendation(live_server, page, network, assert_accessible, user_with_role, login):
    ministry = InstitutionFactory(name="Ministerstwo Testowe Rozwoju")
    user_with_role("lacznik", "Lacznik", RoleAssignment.Role.MINISTRY_LIAISON, institution=ministry)
    plan = ImprovementPlanFactory(network=network, state=ImprovementPlan.State.HANDED_OVER,
                                  handed_over_on=datetime.date(2024, 5, 10), handed_over_to=ministry)
    recommendation = RecommendationFactory(improvement_plan=plan, text="Uprościć procedury", addressees=[ministry],
                                           response_due_on=datetime.date(2024, 6, 30))
    login("lacznik")
    page.goto(f"{live_server.url}/rekomendacje/do-odpowiedzi/")
    assert_accessible(page)
    page.locator("main table a").first.click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.locator("#id_answer-decision").select_option("under_analysis")
    page.locator("#id_answer-text").fill("Rekomendacja jest analizowana.")
    page.locator("#id_answer-responded_on").fill("2024-07-01")
    page.locator("form:has(#id_answer-text) button[type=submit]").click()
    page.wait_for_load_state()
    assert "Rekomendacja jest analizowana." in page.locator("main").inner_text()
    assert_accessible(page)
    assert recommendation.responses.count() == 1
