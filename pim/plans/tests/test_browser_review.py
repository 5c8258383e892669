"""Review in a real browser: the city team submits the MID for review, the expert comments; axe-core
audits the workflow, comments, rubric and follow-up pages (WCAG 2.1 AA)."""

from __future__ import annotations

import pytest

from pim.places.tests.factories import ParticipantFactory
from pim.plans.models import ActionPlan, Comment
from pim.plans.tests.factories import ActionFactory, ActionPlanFactory, IndicatorFactory
from pim.programmes.models import Membership, RoleAssignment
from pim.programmes.tests.factories import MembershipFactory, NetworkFactory

# serialized_rollback: see pim/portal/tests/test_browser_accounts.py.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def plan(user_with_role):
    network = NetworkFactory(name="Miasto zielone", slug="przeglad-miasto-zielone")
    city = ParticipantFactory(name="Miasto Przeglądowe", slug="miasto-przegladowe")
    MembershipFactory(network=network, participant=city, role=Membership.Role.LEAD)
    user_with_role("zespol", "Zespół Miasta", RoleAssignment.Role.CITY_TEAM_MEMBER, participant=city)
    user_with_role("ekspertka", "Ekspertka Sieci", RoleAssignment.Role.THEMATIC_EXPERT, network=network)
    plan = ActionPlanFactory(network=network, participant=city, title="Zielone podwórka",
                             state=ActionPlan.State.CONSULTATION)
    action = ActionFactory(plan=plan, title="Park kieszonkowy")
    IndicatorFactory(plan=plan, action=action, name="Powierzchnia zieleni")
    return plan


def test_the_team_submits_and_the_expert_comments(live_server, page, plan, assert_accessible, login, logout):
    base = f"{live_server.url}/mid/{plan.pk}"
    login("zespol")
    page.goto(f"{base}/obieg/")
    assert_accessible(page)
    page.locator("button[data-target-state=expert_review]").click()
    page.wait_for_load_state()
    assert page.locator("[data-state=expert_review]").count() == 1
    assert_accessible(page)
    logout()

    login("ekspertka")
    page.goto(f"{base}/uwagi/")
    assert_accessible(page)
    page.locator("#id_section").select_option("actions")
    page.locator("#id_body").fill("Brakuje kosztorysu parku.")
    page.locator("#comment-form button[type=submit]").click()
    page.wait_for_load_state()
    assert "Brakuje kosztorysu parku." in page.locator("main").inner_text()
    assert Comment.objects.filter(plan=plan, section="actions").count() == 1
    assert_accessible(page)
    page.goto(f"{base}/ocena/")
    assert_accessible(page)
    page.goto(f"{base}/realizacja/")
    assert_accessible(page)


def test_the_follow_up_page_with_forms_is_accessible(live_server, page, plan, assert_accessible, login):
    ActionPlan.objects.filter(pk=plan.pk).update(state=ActionPlan.State.IN_IMPLEMENTATION)
    login("zespol")
    page.goto(f"{live_server.url}/mid/{plan.pk}/realizacja/")
    assert_accessible(page)
    # The browser itself refuses 150% (max=100); "done" at 50% is refused by the server.
    page.locator("form[action*='/dzialania/'] select").select_option("done")
    page.locator("form[action*='/dzialania/'] input[type=number]").fill("50")
    page.locator("form[action*='/dzialania/'] button[type=submit]").click()
    page.wait_for_load_state()
    assert page.get_by_role("alert").count() >= 1
    assert_accessible(page)
    page.goto(f"{live_server.url}/mid/{plan.pk}/ocena/")
    assert_accessible(page)
