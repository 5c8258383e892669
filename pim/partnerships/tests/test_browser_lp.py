"""The LP screens in a real browser: a city team member sets up the LP, invites a member, who accepts.

Every page on the way is audited by axe-core (WCAG 2.1 AA).
"""

from __future__ import annotations

import re

import pytest
from django.core import mail

from pim.partnerships.models import PartnershipMember
from pim.partnerships.tests.factories import consent_text
from pim.places.tests.factories import ParticipantFactory
from pim.programmes.models import Membership, RoleAssignment
from pim.programmes.tests.factories import EditionFactory, MembershipFactory, NetworkFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

LINK = re.compile(r"https?://\S+/partnerstwa/zaproszenie/[A-Za-z0-9_-]+/")


@pytest.fixture
def city_and_officer(user_with_role):
    edition = EditionFactory(name="Edycja testowa przeglądarki", short_name="TB")
    network = NetworkFactory(edition=edition, name="Miasto zielone", slug="test-miasto-zielone")
    city = ParticipantFactory(name="Miasto Partnerskie", slug="miasto-partnerskie")
    MembershipFactory(network=network, participant=city, role=Membership.Role.LEAD)
    user_with_role("urzednik", "Urzędnik Miasta", RoleAssignment.Role.CITY_TEAM_MEMBER, participant=city)
    consent_text("processing")
    consent_text("publish_organisation")
    return city, edition


def test_the_city_team_sets_up_the_lp_and_a_member_accepts_the_invitation(
    live_server, page, city_and_officer, assert_accessible, login, logout
):
    city, edition = city_and_officer
    base = live_server.url
    login("urzednik")

    page.goto(f"{base}/partnerstwa/")
    assert_accessible(page)
    page.goto(f"{base}/partnerstwa/nowe/")
    assert_accessible(page)
    # An empty submission: every field error is announced and linked, and the page stays accessible.
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".form-errors").count() == 1
    assert_accessible(page)
    page.select_option("select[name=participant]", str(city.pk))
    page.select_option("select[name=edition]", str(edition.pk))
    page.check("input[name=formula][value=open]")
    page.fill("input[name=founding_act_title]", "Zarządzenie Prezydenta nr 12/2024")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "Zarządzenie Prezydenta nr 12/2024" in page.locator("main").inner_text()
    assert_accessible(page)

    page.locator("main a[href$='/czlonkowie/nowy/']").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.check("input[name=kind][value=organisation]")
    page.fill("input[name=organisation]", "Fundacja Rzeki")
    page.select_option("select[name=category]", "socio_economic")
    page.fill("input[name=email]", "fundacja@example.org")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.locator("form[action$='/zaproszenie/'] button[type=submit]").click()
    page.wait_for_load_state()
    assert_accessible(page)

    [message] = mail.outbox
    link = LINK.search(message.body).group(0)
    logout()

    page.goto(link)
    assert_accessible(page)
    page.fill("input[name=password1]", "123")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".form-errors").count() == 1
    assert_accessible(page)
    page.fill("input[name=name]", "Anna Rzeczna")
    page.fill("input[name=password1]", "Zielone-Podworko-2026")
    page.fill("input[name=password2]", "Zielone-Podworko-2026")
    page.check("input[name=consent_processing]")
    page.check("input[name=consent_publish]")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.url.endswith("/partnerstwa/moje-dane/")
    assert_accessible(page)
    member = PartnershipMember.objects.get(organisation="Fundacja Rzeki")
    assert member.person.name == "Anna Rzeczna"
    assert member.consents.active().count() == 2

    # The used link now says so, in a page that is accessible too.
    page.goto(link)
    assert_accessible(page)
    lp_section = page.locator("section[aria-labelledby=lp-heading]")
    page.goto(f"{base}{city.get_absolute_url()}")
    assert "Fundacja Rzeki" in lp_section.inner_text()
    assert_accessible(page)

    # The member withdraws the consent to be named (htmx swaps the row); the name leaves the public page.
    page.goto(f"{base}/partnerstwa/moje-dane/")
    publish = member.consents.get(scope="publish_organisation")
    row = page.locator(f"#consent-{publish.pk}")
    row.locator("button[type=submit]").click()
    row.locator("button").wait_for(state="detached")
    assert page.url.endswith("/partnerstwa/moje-dane/")
    assert_accessible(page)
    page.goto(f"{base}{city.get_absolute_url()}")
    assert "Fundacja Rzeki" not in lp_section.inner_text()
