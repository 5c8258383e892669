"""In a real browser: the network page's "new event" link opens the form with the network chosen, changing the
edition narrows the network and host menus through htmx (announced in a live region), the event is created
in the other edition's network, and the calendar marks today visibly; axe-core finds nothing on any page."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from pim.events.models import Event
from pim.places.tests.factories import ParticipantFactory
from pim.programmes.models import RoleAssignment
from pim.programmes.tests.factories import (
    EditionFactory,
    MembershipFactory,
    NetworkFactory,
    PersonFactory,
    RoleAssignmentFactory,
    UserFactory,
)
from pim.programmes.tests.personas import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def networks():
    """Two editions with a network and a member city each, and an operator of every edition."""
    first = NetworkFactory(name="Miasto zielone", slug="test-miasto-zielone",
                           edition=EditionFactory(name="Edycja pierwsza", start_year=2021))
    later = NetworkFactory(name="Sieć późniejsza", slug="siec-pozniejsza",
                           edition=EditionFactory(name="Edycja późniejsza", start_year=2025, end_year=2027))
    MembershipFactory(network=first, participant=ParticipantFactory(name="Miasto Pierwsze"))
    MembershipFactory(network=later, participant=ParticipantFactory(name="Miasto Późniejsze"))
    RoleAssignmentFactory(person=PersonFactory(user=UserFactory(username="operatorka"), name="Operatorka"),
                          role=RoleAssignment.Role.OPERATOR)
    return first, later


def log_in(page, url: str, username: str) -> None:
    page.goto(f"{url}/konto/login/")
    page.get_by_label(re.compile("^Nazwa użytkownika")).fill(username)
    page.get_by_label(re.compile("^Hasło")).fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def option_labels(page, selector: str) -> list[str]:
    return [text.strip() for text in page.locator(f"{selector} option").all_inner_texts()]


def test_changing_the_edition_narrows_the_networks(live_server, page, networks, assert_accessible):
    first, later = networks
    log_in(page, live_server.url, "operatorka")
    page.goto(f"{live_server.url}{reverse('portal:network', args=[first.slug])}")
    page.get_by_role("link", name="Nowe wydarzenie").click()
    page.wait_for_url("**/wydarzenia/nowe/?network=*")
    assert page.locator("#id_network").input_value() == str(first.pk)
    assert page.locator("#id_edition").input_value() == str(first.edition_id)
    assert option_labels(page, "#id_network")[1:] == ["Miasto zielone"]
    assert_accessible(page)

    page.select_option("#id_edition", str(later.edition_id))
    status = page.locator("#event-scope-status")
    status.filter(has_text="Edycja późniejsza").wait_for()
    assert status.inner_text() == "Listy sieci i gospodarzy pokazują teraz tylko edycję Edycja późniejsza."
    assert option_labels(page, "#id_network")[1:] == ["Sieć późniejsza"]
    assert option_labels(page, "#id_host")[1:] == ["Miasto Późniejsze"]
    # The menus keep their labels after the swap, and the network chosen before (of the first edition) is gone.
    assert page.get_by_label(re.compile("^Sieć:?$")).input_value() == ""
    assert_accessible(page)

    page.select_option("#id_kind", Event.Kind.NETWORK_WORKSHOP)
    page.fill("#id_title", "Warsztat w nowej edycji")
    page.select_option("#id_network", str(later.pk))
    page.fill("#id_starts_on", "2026-05-12")
    page.get_by_role("button", name="Utwórz wydarzenie").click()
    page.wait_for_url("**/wydarzenia/*/")
    event = Event.objects.get(title="Warsztat w nowej edycji")
    assert (event.edition_id, event.network_id) == (later.edition_id, later.pk)
    assert_accessible(page)


def test_the_calendar_marks_today_visibly(live_server, page, assert_accessible):
    page.goto(f"{live_server.url}/kalendarz/")
    today = page.locator(".calendar-month td[aria-current=date]")
    assert today.count() == 1
    badge = today.locator(".today-badge")
    assert badge.is_visible()
    assert badge.inner_text() == "dziś"
    outline = today.evaluate("cell => getComputedStyle(cell).outlineStyle")
    assert outline == "solid"
    assert_accessible(page)
