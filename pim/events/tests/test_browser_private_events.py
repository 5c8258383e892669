"""Private events in a real browser: an LP member finds their LP meeting in the calendar and on the LP page."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from pim.events.models import Event
from pim.events.tests.factories import EventFactory
from pim.partnerships.tests.factories import PartnershipFactory
from pim.places.tests.factories import ParticipantFactory
from pim.programmes.models import RoleAssignment
from pim.programmes.tests.factories import MembershipFactory, NetworkFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def lp(user_with_role):
    network = NetworkFactory(name="Sieć zielona", slug="siec-zielona")
    city = ParticipantFactory(name="Lublin", slug="lublin")
    MembershipFactory(network=network, participant=city)
    user_with_role("mieszkanka", "Anna Mieszkańska", RoleAssignment.Role.LP_MEMBER, participant=city)
    soon = timezone.localdate() + datetime.timedelta(days=1)
    EventFactory(network=network, host=city, kind=Event.Kind.LP_MEETING, title="Spotkanie LP w Lublinie",
                 is_public=False, starts_on=soon, ends_on=soon)
    EventFactory(network=network, host=city, title="Warsztat w Lublinie", starts_on=soon, ends_on=soon)
    return PartnershipFactory(participant=city, edition=network.edition)


def test_an_lp_member_finds_the_private_meeting_in_the_calendar_and_on_the_lp_page(
    live_server, page, lp, login, assert_accessible
):
    today = timezone.localdate() + datetime.timedelta(days=1)
    month_url = f"{live_server.url}/kalendarz/{today.year}/{today.month}/"
    page.goto(month_url)
    assert "Spotkanie LP w Lublinie" not in page.locator("main").inner_text()

    login("mieszkanka")
    page.goto(month_url)
    entry = page.locator(".calendar-month li", has_text="Spotkanie LP w Lublinie")
    assert "niepubliczne" in entry.inner_text()
    assert_accessible(page)

    page.select_option("#id_visibility", "private")
    page.wait_for_url("**visibility=private**")
    page.locator("#calendar-results").wait_for()
    grid = page.locator(".calendar-month").inner_text()
    assert "Spotkanie LP w Lublinie" in grid and "Warsztat w Lublinie" not in grid
    assert_accessible(page)

    page.goto(f"{live_server.url}/kalendarz/lista/")
    assert "niepubliczne" in page.get_by_role("row", name="Spotkanie LP w Lublinie").inner_text()
    assert_accessible(page)

    page.goto(f"{live_server.url}{lp.get_absolute_url()}")
    page.locator("#meetings-heading ~ ul a", has_text="Spotkanie LP w Lublinie").click()
    page.wait_for_url(f"**/wydarzenia/{Event.objects.get(title='Spotkanie LP w Lublinie').pk}/")
    page.go_back()
    assert_accessible(page)

    page.goto(f"{live_server.url}/konto/")
    assert page.locator("#hub-private-events").count() == 1
    assert_accessible(page)
