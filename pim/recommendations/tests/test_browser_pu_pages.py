"""PU pages no other browser test opens, each in the state that matters, audited by axe: the version restore
confirmation, the workflow's hand-over fields with their errors, the PU page as the operator (due-date forms)
and as the public, the response page with status-form errors, the good-practice forms and the operator's inbox."""

from __future__ import annotations

import datetime

import pytest

from pim.places.tests.factories import ParticipantFactory
from pim.programmes.models import Membership, RoleAssignment
from pim.programmes.tests.factories import InstitutionFactory, MembershipFactory, NetworkFactory
from pim.recommendations import services
from pim.recommendations.models import ImprovementPlan
from pim.recommendations.tests.factories import (
    GoodPracticeFactory,
    ImprovementPlanFactory,
    RecommendationFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

State = ImprovementPlan.State


@pytest.fixture
def network():
    network = NetworkFactory(name="Miasto zielone", slug="test-miasto-zielone")
    city = ParticipantFactory(name="Miasto Partnerskie", slug="miasto-partnerskie")
    MembershipFactory(network=network, participant=city, role=Membership.Role.LEAD)
    return network


@pytest.fixture
def ministry():
    return InstitutionFactory(name="Ministerstwo Testowe Rozwoju")


def test_the_expert_opens_the_restore_confirmation(live_server, page, network, assert_accessible, user_with_role,
                                                   login):
    expert = user_with_role("ekspertka", "Ekspertka", RoleAssignment.Role.THEMATIC_EXPERT, network=network)
    plan = ImprovementPlanFactory(network=network, title="Plan Ulepszeń testowy")
    services.record_version(plan, by=expert, summary="Pierwsza wersja", always=True)
    login("ekspertka")
    page.goto(f"{live_server.url}/rekomendacje/siec/{network.slug}/plan/historia/{plan.revision}/przywroc/")
    assert page.locator("main form button[type=submit]").count() == 1
    assert_accessible(page)


def test_the_operator_hands_over_with_field_errors(live_server, page, network, ministry, assert_accessible,
                                                   user_with_role, login):
    user_with_role("operatorka", "Operatorka", RoleAssignment.Role.OPERATOR)
    ImprovementPlanFactory(network=network, title="Plan Ulepszeń testowy", state=State.FINAL)
    login("operatorka")
    page.goto(f"{live_server.url}/rekomendacje/siec/{network.slug}/plan/obieg/")
    assert page.locator("#handed-on").count() == 1
    assert_accessible(page)
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    page.locator("#handed-on").fill(tomorrow.isoformat())
    page.locator("#handed-to").select_option(label=ministry.name)
    page.locator("button[data-target-state=handed_over]").click()
    page.wait_for_load_state()
    # The error sits under its field, tied to it, and the summary links to it.
    assert page.locator("#handed-on").get_attribute("aria-invalid") == "true"
    assert page.locator("#handed-on").get_attribute("aria-describedby") == "handed-on-error"
    assert page.locator("#handed-on-error").is_visible()
    assert page.locator(".form-errors a[href='#handed-on']").count() == 1
    assert page.locator("#handed-on").input_value() == tomorrow.isoformat()
    assert_accessible(page)


def test_the_pu_page_for_the_operator_and_for_the_public(live_server, page, network, ministry, assert_accessible,
                                                         user_with_role, login):
    user_with_role("operatorka", "Operatorka", RoleAssignment.Role.OPERATOR)
    plan = ImprovementPlanFactory(network=network, title="Plan Ulepszeń testowy", state=State.HANDED_OVER,
                                  handed_over_on=datetime.date(2024, 5, 10), handed_over_to=ministry)
    recommendation = RecommendationFactory(improvement_plan=plan, text="Uprościć procedury", addressees=[ministry],
                                           response_due_on=datetime.date(2024, 6, 30))
    RecommendationFactory(improvement_plan=plan, order=2, text="Zmienić finansowanie", addressees=[ministry])
    url = f"{live_server.url}/rekomendacje/siec/{network.slug}/plan/"
    # The public reads a PU from `final` on, without the operator's forms.
    page.goto(url)
    assert "Uprościć procedury" in page.locator("main").inner_text()
    assert page.locator(f"#due-{recommendation.pk}").count() == 0
    assert_accessible(page)
    login("operatorka")
    page.goto(url)
    assert page.locator("main input[type=date][name=response_due_on]").count() == 2
    assert_accessible(page)


def test_the_liaison_sees_the_status_forms_errors(live_server, page, network, ministry, assert_accessible,
                                                  user_with_role, login):
    user_with_role("lacznik", "Lacznik", RoleAssignment.Role.MINISTRY_LIAISON, institution=ministry)
    plan = ImprovementPlanFactory(network=network, state=State.HANDED_OVER,
                                  handed_over_on=datetime.date(2024, 5, 10), handed_over_to=ministry)
    recommendation = RecommendationFactory(improvement_plan=plan, text="Uprościć procedury", addressees=[ministry])
    login("lacznik")
    page.goto(f"{live_server.url}/rekomendacje/{recommendation.pk}/odpowiedz/")
    page.locator("#id_status-evidence_url").fill("to nie jest adres")
    page.locator("#id_status-reported_on").fill("")
    page.locator("form:has(#id_status-evidence) button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#id_status-evidence_url").get_attribute("aria-invalid") == "true"
    assert page.locator("#id_status-reported_on").get_attribute("aria-invalid") == "true"
    assert_accessible(page)


def test_the_operators_inbox(live_server, page, network, ministry, assert_accessible, user_with_role, login):
    user_with_role("operatorka", "Operatorka", RoleAssignment.Role.OPERATOR)
    plan = ImprovementPlanFactory(network=network, state=State.HANDED_OVER,
                                  handed_over_on=datetime.date(2024, 5, 10), handed_over_to=ministry)
    RecommendationFactory(improvement_plan=plan, text="Uprościć procedury", addressees=[ministry],
                          response_due_on=datetime.date(2024, 6, 30))
    login("operatorka")
    page.goto(f"{live_server.url}/rekomendacje/do-odpowiedzi/")
    assert page.locator("main table tbody tr").count() == 1
    assert_accessible(page)


def test_the_good_practice_forms(live_server, page, network, assert_accessible, user_with_role, login):
    user_with_role("operatorka", "Operatorka", RoleAssignment.Role.OPERATOR)
    city = network.memberships.get().participant
    practice = GoodPracticeFactory(title="Budżet obywatelski", network=network, edition=network.edition,
                                   participant=city)
    login("operatorka")
    page.goto(f"{live_server.url}/rekomendacje/dobre-praktyki/{practice.pk}/edycja/")
    assert page.locator("#id_title").input_value() == "Budżet obywatelski"
    assert_accessible(page)
    # Bad input comes back with the field's error, still accessible.
    page.locator("#id_title").fill("")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#id_title").get_attribute("aria-invalid") == "true"
    assert_accessible(page)
    # A practice outside any network: the edition is chosen, not a network's records.
    page.goto(f"{live_server.url}/rekomendacje/dobre-praktyki/nowa/")
    assert page.locator("#id_edition").count() == 1
    assert page.locator("#id_plan").count() == 0
    assert_accessible(page)
