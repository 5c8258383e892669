"""In a real browser: a city's LP coordinator creates an LP meeting, invites a member to the platform (who
accepts and registers), registers another member, checks people in and downloads the attendance list;
axe-core finds no WCAG 2.1 AA violation on any event page."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.core import mail

from pim.events.models import Event
from pim.partnerships.tests.factories import MemberFactory, PartnershipFactory, consent_text
from pim.places.tests.factories import ParticipantFactory
from pim.plans.tests.factories import ActionPlanFactory
from pim.programmes.models import Membership, RoleAssignment
from pim.programmes.tests.factories import (
    MembershipFactory,
    NetworkFactory,
    PersonFactory,
    RoleAssignmentFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

Role = RoleAssignment.Role
INVITATION_LINK = re.compile(r"https?://\S+/partnerstwa/zaproszenie/[A-Za-z0-9_-]+/")


@pytest.fixture
def city(user_with_role):
    network = NetworkFactory(name="Miasto zielone", slug="test-miasto-zielone")
    city = ParticipantFactory(name="Miasto Partnerskie", slug="miasto-partnerskie")
    MembershipFactory(network=network, participant=city, role=Membership.Role.PARTNER)
    ActionPlanFactory(network=network, edition=network.edition, participant=city, title="MID testowy")
    user_with_role("koordynator", "Koordynatorka Testowa", Role.LP_COORDINATOR, participant=city)
    RoleAssignmentFactory(person=PersonFactory(user=None, name="Przykładowa Mieszkanka"),
                          role=Role.LP_MEMBER, participant=city)
    # A member of the city's LP register without an account yet: the coordinator invites them.
    partnership = PartnershipFactory(participant=city, edition=network.edition)
    MemberFactory(partnership=partnership, person__name="Przykładowy Społecznik", email="spolecznik@example.org")
    consent_text("processing")
    return city


def test_a_city_coordinator_runs_an_lp_meeting(live_server, page, city, assert_accessible, login, logout):
    login("koordynator")
    page.goto(f"{live_server.url}/wydarzenia/nowe/")
    assert_accessible(page)
    page.locator("#id_kind").select_option("lp_meeting")
    page.locator("#id_title").fill("Przykładowe spotkanie Lokalnego Partnerstwa")
    page.locator("#id_host").select_option(label="Miasto Partnerskie")
    page.locator("#id_starts_on").fill("2026-04-02")
    page.locator("#id_start_time").fill("17:00")
    page.locator("#id_place").fill("Ratusz, sala obrad")
    page.locator("#id_registration_open").check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    event = Event.objects.get()
    assert (event.level, event.sequence_number) == ("lp", 1)
    assert "Przykładowe spotkanie Lokalnego Partnerstwa #1" in page.locator("h1").inner_text()
    assert_accessible(page)

    page.goto(f"{live_server.url}/wydarzenia/{event.pk}/program/")
    page.locator("#id_agenda-0-title").fill("Powitanie i cele spotkania")
    page.locator("#id_agenda-0-time").fill("17:00")
    assert_accessible(page)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "Powitanie i cele spotkania" in page.locator("#agenda").inner_text()

    # The coordinator invites an LP member to the platform (the LP register's invitation); the member
    # accepts, and as an LP member of the host city registers for the meeting themselves.
    member = city.local_partnerships.get().members.get()
    page.goto(f"{live_server.url}{member.get_absolute_url()}")
    page.locator("form[action$='/zaproszenie/'] button[type=submit]").click()
    page.wait_for_load_state()
    [message] = mail.outbox
    link = INVITATION_LINK.search(message.body).group(0)
    logout()
    page.goto(link)
    page.fill("input[name=password1]", "Zielone-Podworko-2026")
    page.fill("input[name=password2]", "Zielone-Podworko-2026")
    page.check("input[name=consent_processing]")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    page.goto(f"{live_server.url}{event.get_absolute_url()}")
    assert_accessible(page)
    page.locator("form[action$='/zapisz-mnie/'] button").click()
    page.wait_for_load_state()
    assert event.registrations.get().person.name == "Przykładowy Społecznik"
    assert_accessible(page)
    logout()
    login("koordynator")

    page.goto(f"{live_server.url}/wydarzenia/{event.pk}/zgloszenia/")
    assert_accessible(page)
    page.locator("#id_person").select_option(label="Przykładowa Mieszkanka")
    page.locator("section[aria-labelledby=register-heading] button[type=submit]").click()
    page.wait_for_load_state()
    assert "Przykładowa Mieszkanka" in page.locator("main table").inner_text()
    assert_accessible(page)

    page.goto(f"{live_server.url}/wydarzenia/{event.pk}/obecnosc/")
    assert_accessible(page)
    for name in ("Przykładowa Mieszkanka", "Przykładowy Społecznik"):
        row = page.locator("#attendance tbody tr", has_text=name)
        assert row.get_attribute("data-present") == "false"
        row.locator("button").click()
        page.locator("#attendance tbody tr[data-present=true]", has_text=name).wait_for()
    assert event.attendances.count() == 2
    # The per-city totals followed the toggles (swapped out of band): two registered, two present.
    cells = page.locator("#totals tbody tr", has_text="Miasto Partnerskie").locator("td")
    assert [cells.nth(i).inner_text() for i in (1, 2)] == ["2", "2"]
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.locator("a[href$='obecnosc.csv']").click()
    with open(download_info.value.path(), encoding="utf-8-sig") as handle:
        rows = list(csv.reader(io.StringIO(handle.read())))
    assert [(row[0], row[2], row[4]) for row in rows[1:]] == [
        ("Przykładowa Mieszkanka", "Miasto Partnerskie", "tak"),
        ("Przykładowy Społecznik", "Miasto Partnerskie", "tak"),
    ]

    page.goto(f"{live_server.url}/wydarzenia/{event.pk}/wyniki/")
    page.locator("#id_text").fill("Przykładowy wniosek: brak danych o zieleni")
    page.locator("#id_plan").select_option(label="MID testowy")
    page.locator("#id_is_candidate_barrier").check()
    page.locator("#id_barrier_type").select_option("data")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    assert event.outcomes.get().barrier_type == "data"
    assert_accessible(page)

    page.goto(f"{live_server.url}/wydarzenia/{event.pk}/protokol/")
    page.locator("#id_minutes").fill("<p>Przykładowy protokół</p>")
    assert_accessible(page)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "Przykładowy protokół" in page.locator("#minutes").inner_text()
    assert_accessible(page)

    for path in ("zalaczniki/", "edytuj/"):
        page.goto(f"{live_server.url}/wydarzenia/{event.pk}/{path}")
        assert_accessible(page)
