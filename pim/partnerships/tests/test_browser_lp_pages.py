"""The LP pages the set-up-and-invite journey does not pass, audited by axe-core (WCAG 2.1 AA) in a real browser.

Each page is opened in a realistic state: an LP with a member who has a light account and consents on record,
and edit forms filled from the saved records.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from pim.partnerships.models import ConsentText
from pim.partnerships.tests.factories import (
    ConsentFactory,
    MemberFactory,
    OrganisationMemberFactory,
    PartnershipFactory,
    consent_text,
)
from pim.places.tests.factories import ParticipantFactory
from pim.programmes.models import Membership, RoleAssignment
from pim.programmes.tests.factories import (
    EditionFactory,
    MembershipFactory,
    NetworkFactory,
    PersonFactory,
    RoleAssignmentFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def lp(user_with_role):
    """A city's LP with a resident (a light account, two consents) and a named organisation."""
    edition = EditionFactory(name="Edycja testowa stron LP", short_name="TL")
    network = NetworkFactory(edition=edition, name="Miasto błękitne", slug="test-miasto-blekitne")
    city = ParticipantFactory(name="Miasto Stron", slug="miasto-stron")
    MembershipFactory(network=network, participant=city, role=Membership.Role.LEAD)
    user_with_role("urzednik", "Urzędnik Miasta", RoleAssignment.Role.CITY_TEAM_MEMBER, participant=city)
    partnership = PartnershipFactory(participant=city, edition=edition, founding_act_title="Zarządzenie nr 7/2025")
    user = UserFactory(username="mieszkanka")
    person = PersonFactory(user=user, name="Jadwiga Mieszkańska")
    RoleAssignmentFactory(person=person, role=RoleAssignment.Role.LP_MEMBER, participant=city)
    resident = MemberFactory(partnership=partnership, person=person, email="jadwiga@example.org")
    ConsentFactory(member=resident, scope=ConsentText.Scope.PROCESSING)
    ConsentFactory(member=resident, scope=ConsentText.Scope.PUBLISH_ORGANISATION)
    association = OrganisationMemberFactory(partnership=partnership, organisation="Stowarzyszenie Zielone")
    consent_text(ConsentText.Scope.PROCESSING)
    return partnership, resident, association


def test_the_lp_teams_edit_and_erase_pages_are_accessible(live_server, page, lp, assert_accessible, login):
    partnership, resident, association = lp
    base = live_server.url
    login("urzednik")

    page.goto(f"{base}{reverse('partnerships:edit', args=[partnership.pk])}")
    assert page.locator("input[name=founding_act_title]").input_value() == "Zarządzenie nr 7/2025"
    assert_accessible(page)

    page.goto(f"{base}{reverse('partnerships:member_edit', args=[resident.pk])}")
    assert page.locator("input[name=email]").input_value() == "jadwiga@example.org"
    assert_accessible(page)
    # A refused save keeps the page accessible, its errors announced.
    page.fill("input[name=email]", "to-nie-jest-adres")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".form-errors").count() == 1
    assert_accessible(page)

    page.goto(f"{base}{reverse('partnerships:member_edit', args=[association.pk])}")
    assert page.locator("input[name=organisation]").input_value() == "Stowarzyszenie Zielone"
    assert_accessible(page)

    page.goto(f"{base}{reverse('partnerships:member_erase', args=[resident.pk])}")
    assert "Jadwiga Mieszkańska" in page.locator("main").inner_text()
    assert_accessible(page)
    # Submitted without the confirmation: refused, with the error announced.
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".form-errors").count() == 1
    assert_accessible(page)


def test_the_member_sees_their_own_record(live_server, page, lp, assert_accessible, login):
    _, resident, _ = lp
    login("mieszkanka")
    page.goto(f"{live_server.url}{resident.get_absolute_url()}")
    assert "Jadwiga Mieszkańska" in page.locator("main").inner_text()
    assert page.locator("main form[action$='/wycofanie/']").count() == 2
    assert_accessible(page)


def test_public_pages_are_accessible(live_server, page, lp, assert_accessible):
    base = live_server.url
    page.goto(f"{base}{reverse('partnerships:consent_texts')}")
    assert page.locator("main article").count() >= 2
    assert_accessible(page)

    response = page.goto(f"{base}{reverse('partnerships:invitation_accept', args=['zly-token-zaproszenia'])}")
    assert response.status == 410
    assert page.locator("main [role=alert]").count() == 1
    assert_accessible(page)
