"""In a real browser: a network workshop's organiser sets delegation quotas in the cities' table, cancels a
registration and checks a person in; the pages written without the widget templates stay axe clean."""

from __future__ import annotations

import pytest

from pim.events.models import Registration
from pim.events.tests.factories import EventFactory, RegistrationFactory
from pim.places.tests.factories import ParticipantFactory
from pim.programmes.models import Membership, RoleAssignment
from pim.programmes.tests.factories import MembershipFactory, NetworkFactory, PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_organiser_sets_quotas_cancels_and_checks_in(live_server, page, assert_accessible, login,
                                                         user_with_role):
    network = NetworkFactory(name="Sieć testowa", slug="test-siec-limity")
    cities = [ParticipantFactory(name=f"Miasto {name}", slug=f"miasto-limity-{n}")
              for n, name in enumerate(("Alfa", "Beta", "Gamma", "Delta"))]
    for city in cities:
        MembershipFactory(network=network, participant=city, role=Membership.Role.PARTNER)
    user_with_role("ekspertka", "Ekspertka Testowa", RoleAssignment.Role.THEMATIC_EXPERT, network=network)
    workshop = EventFactory(network=network, host=cities[0], title="Warsztat testowy", registration_open=True)
    staying = RegistrationFactory(event=workshop, person=PersonFactory(user=None, name="Anna Zostaje"),
                                  participant=cities[1])
    RegistrationFactory(event=workshop, person=PersonFactory(user=None, name="Jan Rezygnuje"), participant=cities[2])
    login("ekspertka")

    page.goto(f"{live_server.url}/wydarzenia/{workshop.pk}/zgloszenia/")
    assert_accessible(page)
    page.get_by_label("Miasto Beta").fill("3")
    page.locator("section[aria-labelledby=quotas-heading] button[type=submit]").click()
    page.wait_for_load_state()
    assert dict(workshop.quotas.values_list("participant__name", "places")) == {"Miasto Beta": 3}
    assert page.get_by_label("Miasto Beta").input_value() == "3"
    # A quota below the city's registrations comes back as an error, the other values kept as typed.
    page.get_by_label("Miasto Gamma").fill("0")
    page.locator("section[aria-labelledby=quotas-heading] button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("section[aria-labelledby=quotas-heading] [role=alert]").is_visible()
    assert page.get_by_label("Miasto Gamma").input_value() == "0"
    assert_accessible(page)

    page.locator("main table tbody tr", has_text="Jan Rezygnuje").locator("button").click()
    page.wait_for_load_state()
    assert list(Registration.objects.filter(event=workshop).values_list("pk", flat=True)) == [staying.pk]

    page.goto(f"{live_server.url}/wydarzenia/{workshop.pk}/obecnosc/")
    page.locator("#attendance tbody tr", has_text="Anna Zostaje").locator("button").click()
    page.locator("#attendance tbody tr[data-present=true]", has_text="Anna Zostaje").wait_for()
    cells = page.locator("#totals tbody tr", has_text="Miasto Beta").locator("td")
    assert [cells.nth(i).inner_text() for i in (1, 2, 3)] == ["1", "1", "3"]
    assert workshop.attendances.get().person_id == staying.person_id
    assert_accessible(page)
