"""The roadmap editor and the network page in a real browser, checked with axe: the lead city's team edits the
roadmap, adds an action, agrees it, and the public reads it on the network page."""

from __future__ import annotations

import re

import pytest

from pim.places.tests.factories import ParticipantFactory
from pim.programmes import services
from pim.programmes.models import Membership, RoadmapAction, RoleAssignment
from pim.programmes.tests.factories import MembershipFactory, NetworkFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def network_and_lead(user_with_role):
    network = NetworkFactory(name="Miasto zielone", slug="test-miasto-zielone")
    city = ParticipantFactory(name="Miasto Liderskie", slug="miasto-liderskie")
    MembershipFactory(network=network, participant=city, role=Membership.Role.LEAD)
    user = user_with_role("lider", "Urzędniczka Lidera", RoleAssignment.Role.CITY_TEAM_MEMBER, participant=city)
    return network, user


def test_lead_city_writes_and_agrees_the_roadmap(live_server, page, network_and_lead, assert_accessible, login):
    network, user = network_and_lead
    login("lider")
    page.goto(f"{live_server.url}/fiszka/{network.slug}/")
    assert_accessible(page)
    page.locator("#id_problems").fill("Za mało zieleni w centrach miast")
    page.locator("#id_goals").fill("Więcej drzew i ogrodów deszczowych")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    page.get_by_role("button", name=re.compile("Dodaj działanie|Add an action")).click()
    page.locator("#id_title").fill("Warsztat w mieście liderze")
    page.locator("#id_starts_on").fill("2024-05-01")
    page.locator("#id_ends_on").fill("2024-04-01")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#id_ends_on_error").count() == 1
    assert_accessible(page)
    page.locator("#id_ends_on").fill("2024-07-31")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".gantt-fill").count() == 1
    assert_accessible(page)
    page.locator("form[action$='/uzgodnij/'] button").click()
    page.wait_for_load_state()
    # A stale save, as if someone else had saved meanwhile: the conflict is shown, accessibly.
    services.roadmap_save(network=network, problems="Zmiana eksperta", goals="Cele", expected_revision=3, by=user)
    page.locator("#id_problems").fill("Moja zmiana")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    assert page.locator(".conflict").count() == 1
    assert_accessible(page)
    page.goto(f"{live_server.url}/fiszka/{network.slug}/wersje/")
    assert_accessible(page)
    page.goto(f"{live_server.url}/fiszka/{network.slug}/wersje/porownaj/?a=1&b=4")
    assert_accessible(page)
    # The confirmation pages, and the page that hands out the personal calendar feed.
    page.goto(f"{live_server.url}/fiszka/{network.slug}/wersje/1/przywroc/")
    assert page.locator("main form button[type=submit]").count() == 1
    assert_accessible(page)
    action = RoadmapAction.objects.get(roadmap__network=network)
    page.goto(f"{live_server.url}/fiszka/{network.slug}/dzialania/{action.pk}/usun/")
    assert "Warsztat w mieście liderze" in page.locator("main").inner_text()
    assert_accessible(page)
    page.goto(f"{live_server.url}/kalendarz/moj-kalendarz/")
    assert page.locator("main h1").count() == 1
    assert_accessible(page)
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/sieci/{network.slug}/#fiszka")
    assert "Za mało zieleni" in page.locator("#fiszka").inner_text()
    assert_accessible(page)
