"""The MID editor in a real browser: a city team member adds an action and the checklist follows."""

from __future__ import annotations

import pytest

from pim.places.tests.factories import ParticipantFactory
from pim.plans.tests.factories import ActionPlanFactory
from pim.programmes.models import Membership, RoleAssignment
from pim.programmes.tests.factories import MembershipFactory, NetworkFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def plan_and_officer(user_with_role):
    network = NetworkFactory(name="Miasto zielone", slug="test-miasto-zielone")
    city = ParticipantFactory(name="Miasto Partnerskie", slug="miasto-partnerskie")
    MembershipFactory(network=network, participant=city, role=Membership.Role.LEAD)
    user = user_with_role("urzednik", "Urzędnik Miasta", RoleAssignment.Role.CITY_TEAM_MEMBER, participant=city)
    plan = ActionPlanFactory(network=network, edition=network.edition, participant=city, title="MID testowy")
    return plan, user


def test_team_member_adds_an_action_and_the_checklist_changes(
    live_server, page, plan_and_officer, assert_accessible, login
):
    plan, _user = plan_and_officer
    login("urzednik")
    page.goto(f"{live_server.url}/mid/{plan.pk}/")
    checklist = page.locator("#checklist [data-check=actions_complete]")
    assert checklist.get_attribute("data-ok") == "false"
    assert "no actions yet" in checklist.inner_text().lower() or "nie ma" in checklist.inner_text().lower()
    assert_accessible(page)
    page.locator("#actions a[role=button]").click()
    page.locator("#actions form input[name=title]").wait_for()
    assert_accessible(page)
    page.locator("#actions form input[name=title]").fill("Parki kieszonkowe")
    page.locator("#actions form button[type=submit]").first.click()
    page.locator("#actions table").wait_for()
    assert "Parki kieszonkowe" in page.locator("#actions").inner_text()
    # The checklist was swapped out of band: the failing item now names the new action.
    assert "Parki kieszonkowe" in page.locator("#checklist [data-check=actions_complete]").inner_text()
    page.goto(f"{live_server.url}/mid/{plan.pk}/historia/")
    assert_accessible(page)
