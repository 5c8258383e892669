"""The account page's work hub in a real browser: a city officer who is also an expert, an LP member of their
city and registered for an event sees every section, follows the LP meeting link, and axe-core finds nothing."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from pim.events.tests.factories import EventFactory, RegistrationFactory
from pim.partnerships.tests.factories import PartnershipFactory
from pim.places.tests.factories import ParticipantFactory
from pim.plans.tests.factories import ActionPlanFactory
from pim.programmes.models import RoleAssignment
from pim.programmes.tests.factories import (
    EditionFactory,
    InstitutionFactory,
    NetworkFactory,
    PersonFactory,
    RoleAssignmentFactory,
    UserFactory,
)
from pim.recommendations.tests.factories import ImprovementPlanFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
Role = RoleAssignment.Role


def test_a_busy_persons_hub_is_accessible_and_leads_to_the_work(live_server, page, assert_accessible, login):
    edition = EditionFactory()
    network = NetworkFactory(edition=edition, name="Przykładowa sieć zielona", slug="przykladowa-siec")
    city = ParticipantFactory(name="Miasto Przykładowe", slug="miasto-przykladowe")
    user = UserFactory(username="pracownica")
    person = PersonFactory(user=user, name="Przykładowa Pracownica")
    RoleAssignmentFactory(person=person, role=Role.CITY_TEAM_MEMBER, participant=city)
    RoleAssignmentFactory(person=person, role=Role.LP_MEMBER, participant=city)
    RoleAssignmentFactory(person=person, role=Role.THEMATIC_EXPERT, network=network)
    RoleAssignmentFactory(person=person, role=Role.MINISTRY_LIAISON, institution=InstitutionFactory())
    ActionPlanFactory(network=network, participant=city, title="Przykładowy MID")
    PartnershipFactory(participant=city, edition=edition)
    ImprovementPlanFactory(network=network, title="Przykładowy Plan Ulepszeń")
    soon = timezone.localdate() + datetime.timedelta(days=7)
    event = EventFactory(network=network, title="Przykładowy warsztat", starts_on=soon, ends_on=soon)
    RegistrationFactory(event=event, person=person)

    login("pracownica")
    page.goto(f"{live_server.url}/konto/")
    hub = page.locator("section[aria-labelledby=hub-heading]")
    text = hub.inner_text()
    for expected in ("Przykładowy MID", "Miasto Przykładowe", "Przykładowy warsztat", "Przykładowa sieć zielona"):
        assert expected in text
    assert hub.locator('a[href="/rekomendacje/do-odpowiedzi/"]').count() == 1
    assert hub.locator('a[href="/partnerstwa/moje-dane/"]').count() == 1
    assert hub.locator('a[href="/rekomendacje/siec/przykladowa-siec/bariery/"]').count() == 1
    assert_accessible(page)

    hub.locator(f'a[href="/wydarzenia/nowe/?kind=lp_meeting&host={city.pk}"]').click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/wydarzenia/nowe/?kind=lp_meeting&host={city.pk}")
    assert page.locator("select[name=kind]").input_value() == "lp_meeting"
    assert page.locator("select[name=host]").input_value() == str(city.pk)
