"""The calendar in a real browser: the month grid and the list are axe-clean, and a filter change reloads the
results through HTMX without leaving the page."""

from __future__ import annotations

import datetime

import pytest

from pim.events.models import Event
from pim.events.tests.factories import EventFactory
from pim.places.tests.factories import ParticipantFactory
from pim.programmes.models import EditionFigure
from pim.programmes.tests.factories import EditionFigureFactory, MembershipFactory, NetworkFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def events():
    network = NetworkFactory(name="Sieć zielona", slug="siec-zielona")
    city = ParticipantFactory(name="Lublin", slug="lublin")
    MembershipFactory(network=network, participant=city)
    EventFactory(network=network, host=city, title="Warsztat w Lublinie", starts_on=datetime.date(2022, 5, 10),
                 ends_on=datetime.date(2022, 5, 12))
    EventFactory(network=network, kind=Event.Kind.STUDY_VISIT, title="Wizyta studyjna",
                 starts_on=datetime.date(2022, 5, 31), ends_on=datetime.date(2022, 6, 3))
    EventFactory(network=None, edition=network.edition, kind=Event.Kind.OPENING_CONFERENCE, title="Konferencja",
                 starts_on=datetime.date(2022, 5, 1), ends_on=None, date_precision=Event.DatePrecision.MONTH)
    EditionFigureFactory(edition=network.edition, key=EditionFigure.Key.JOINT_MEETINGS, value=4)
    return network


def test_month_and_list_are_accessible_and_filters_reload_with_htmx(live_server, page, events, assert_accessible):
    page.goto(f"{live_server.url}/kalendarz/2022/5/")
    assert "Warsztat w Lublinie" in page.locator(".calendar-month").inner_text()
    assert_accessible(page)
    page.select_option("#id_kind", Event.Kind.STUDY_VISIT)
    page.wait_for_url("**kind=study_visit**")
    page.locator("#calendar-results").wait_for()
    grid = page.locator(".calendar-month").inner_text()
    assert "Wizyta studyjna" in grid and "Warsztat w Lublinie" not in grid
    assert page.locator("#calendar-status").count() == 1
    assert_accessible(page)
    page.goto(f"{live_server.url}/kalendarz/lista/?participant=nie-ma")
    assert page.locator(".notices").count() == 1
    assert "Pominięto filtr „Uczestnik (miasto)”: Żaden uczestnik nie nazywa się „nie-ma”." in (
        page.locator(".notices").inner_text()
    )
    assert_accessible(page)
