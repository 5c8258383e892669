"""In a real browser: a city's LP coordinator cancels an LP meeting from its page, the registered member is
e-mailed, and axe-core finds no WCAG 2.1 AA violation on the cancel form (empty and with its error) or on
the cancelled event's page."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from pim.events.models import Event
from pim.events.tests.factories import EventFactory, RegistrationFactory
from pim.places.tests.factories import ParticipantFactory
from pim.programmes.models import RoleAssignment
from pim.programmes.tests.factories import MembershipFactory, NetworkFactory, PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def meeting(user_with_role, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    network = NetworkFactory(name="Sieć zielona", slug="siec-zielona")
    city = ParticipantFactory(name="Lublin", slug="lublin")
    MembershipFactory(network=network, participant=city)
    user_with_role("koordynatorka", "Koordynatorka Testowa", RoleAssignment.Role.LP_COORDINATOR, participant=city)
    soon = timezone.localdate() + datetime.timedelta(days=7)
    event = EventFactory(network=network, host=city, kind=Event.Kind.LP_MEETING, title="Spotkanie LP w Lublinie",
                         is_public=False, starts_on=soon, ends_on=None, registration_open=True)
    guest = PersonFactory(name="Anna Mieszkańska", email="anna@example.org", user=None)
    RegistrationFactory(event=event, person=guest)
    return event


def test_a_coordinator_cancels_an_lp_meeting(live_server, page, meeting, login, assert_accessible):
    login("koordynatorka")
    page.goto(f"{live_server.url}/wydarzenia/{meeting.pk}/")
    page.locator(f'nav.manage-nav a[href="/wydarzenia/{meeting.pk}/odwolaj/"]').click()
    page.wait_for_load_state()
    assert_accessible(page)

    # Without a reason: the form comes back with the error under the field.
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    assert page.locator("#id_reason_error").is_visible()
    assert page.locator("#id_reason").get_attribute("aria-invalid") == "true"
    assert_accessible(page)

    page.locator("#id_reason").fill("Sala w ratuszu jest w remoncie.")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(f"**/wydarzenia/{meeting.pk}/")
    banner = page.locator("#cancelled-heading").locator("xpath=..")
    assert "Sala w ratuszu jest w remoncie." in banner.inner_text()
    assert page.locator("form[action$='/zapisz-mnie/']").count() == 0
    assert_accessible(page)

    meeting.refresh_from_db()
    assert meeting.is_cancelled and not meeting.registration_open
    assert [message.to for message in mail.outbox] == [["anna@example.org"]]
    assert "Sala w ratuszu jest w remoncie." in mail.outbox[0].body

    # The same page once cancelled offers to take it back; deleting is refused (someone is registered).
    page.goto(f"{live_server.url}/wydarzenia/{meeting.pk}/odwolaj/")
    assert page.locator(f"form[action='/wydarzenia/{meeting.pk}/przywroc/']").count() == 1
    assert_accessible(page)
    page.goto(f"{live_server.url}/wydarzenia/{meeting.pk}/usun/")
    assert page.locator(f"main p a[href='/wydarzenia/{meeting.pk}/odwolaj/']").count() == 1
    assert_accessible(page)
