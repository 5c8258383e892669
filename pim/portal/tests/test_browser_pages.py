"""Browser tests: Playwright drives Debian's chromium through the main public pages and the language switch;
axe-core must report zero WCAG 2.1 AA violations on each page."""

from __future__ import annotations

import datetime

import pytest

from pim.events.tests.factories import EventFactory
from pim.places.tests.factories import ParticipantFactory, voivodeship
from pim.plans.tests.factories import ActionPlanFactory
from pim.programmes.models import Membership
from pim.programmes.tests.factories import (
    EditionFactory,
    MembershipFactory,
    NetworkFactory,
    ProgrammeGoalFactory,
)
from pim.recommendations.tests.factories import RecommendationFactory

# serialized_rollback keeps the voivodeship reference rows (created by a migration) between tests.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def history():
    edition = EditionFactory(name="Pilotaż 2017-2019", slug="2017-2019", start_year=2017, end_year=2019)
    ProgrammeGoalFactory(programme=edition.programme, text="Wzmocnienie współpracy partnerskiej")
    network = NetworkFactory(edition=edition, name="Rewitalizacja", slug="2017-2019-rewitalizacja")
    katowice = ParticipantFactory(name="Katowice", slug="katowice", voivodeship=voivodeship("slaskie"),
                                  population=290_000, latitude=50.26, longitude=19.02)
    gdynia = ParticipantFactory(name="Gdynia", slug="gdynia", voivodeship=voivodeship("pomorskie"),
                                population=246_000, latitude=54.52, longitude=18.53)
    MembershipFactory(network=network, participant=katowice, role=Membership.Role.LEAD)
    MembershipFactory(network=network, participant=gdynia)
    event = EventFactory(network=network, edition=edition, title="Spotkanie sieci", host=katowice,
                         place="Katowice", starts_on=datetime.date(2018, 1, 15), ends_on=None)
    plan = ActionPlanFactory(network=network, edition=edition, participant=katowice, title="Bogucice – program")
    RecommendationFactory(improvement_plan__network=network, text="Uprościć procedury rewitalizacji")
    return {"edition": edition, "network": network, "katowice": katowice, "event": event, "plan": plan}


def public_paths(history) -> list[str]:
    return [
        "/",
        history["edition"].get_absolute_url(),
        history["network"].get_absolute_url(),
        history["event"].get_absolute_url(),
        history["plan"].get_absolute_url(),
        "/uczestnicy/",
        "/uczestnicy/?voivodeship=slaskie&size_class=large",
        history["katowice"].get_absolute_url(),
        "/mapa/",
        "/o-programie/",
        "/konto/login/",
        "/konto/password_reset/",
    ]


def test_every_main_page_renders_and_is_accessible(live_server, page, history, assert_accessible):
    for path in public_paths(history):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        assert page.locator("main h1").count() >= 1, path
        assert_accessible(page)


def test_network_page_shows_lead_and_partner(live_server, page, history):
    page.goto(f"{live_server.url}{history['network'].get_absolute_url()}")
    main = page.locator("main")
    assert "Katowice" in main.inner_text()
    assert "Gdynia" in main.inner_text()


def test_language_switch_goes_to_english_and_back(live_server, page, history, assert_accessible):
    page.goto(f"{live_server.url}/")
    assert page.locator("html").get_attribute("lang") == "pl"
    nav = page.get_by_role("navigation", name="Menu główne")
    assert nav.get_by_role("link", name="Uczestnicy").count() == 1

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Participants").count() == 1
    assert_accessible(page)

    page.goto(f"{live_server.url}{history['network'].get_absolute_url()}")
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("button", name="Polski").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "pl"
    assert page.url.endswith(history["network"].get_absolute_url())


def test_participant_filter_form_works_in_the_browser(live_server, page, history):
    page.goto(f"{live_server.url}/uczestnicy/")
    page.get_by_label("Województwo").select_option("slaskie")
    page.locator("main form").get_by_role("button").first.click()
    page.wait_for_load_state()
    text = page.locator("main").inner_text()
    assert "Katowice" in text
    assert "Gdynia" not in text


def test_map_draws_voivodeships_and_participant_dots(live_server, page, history):
    page.goto(f"{live_server.url}/mapa/")
    assert page.locator("svg path").count() >= 16
    dot = page.locator("svg a").filter(has_text="Katowice")
    assert dot.count() == 1
