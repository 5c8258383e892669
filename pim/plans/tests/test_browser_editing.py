"""New editor screens in a real browser, checked by axe: the classification form, the conflict box, and
the workflow page with the reviewing expert's form."""

from __future__ import annotations

import pytest

from pim.places.tests.factories import ParticipantFactory
from pim.plans import services
from pim.plans.models import ActionPlan
from pim.plans.tests.factories import ActionPlanFactory
from pim.programmes.models import Membership, RoleAssignment
from pim.programmes.tests.factories import EditionFactory, MembershipFactory, NetworkFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
Role = RoleAssignment.Role


@pytest.fixture
def cast(user_with_role):
    edition = EditionFactory()
    network = NetworkFactory(edition=edition, name="Miasto zielone", slug="test-miasto-zielone", classifications={
        "solution_areas": ["adaptacja do zmian klimatu", "planowanie zielonej infrastruktury"],
        "process_stages": [{"key": "concept", "name": "Etap koncepcyjny"}, {"key": "preparation", "name": "Etap przygotowań"}],
    })
    city = ParticipantFactory(name="Miasto Partnerskie", slug="miasto-partnerskie")
    MembershipFactory(network=network, participant=city, role=Membership.Role.LEAD)
    people = {
        "urzednik": user_with_role("urzednik", "Urzędnik Miasta", Role.CITY_TEAM_MEMBER, participant=city),
        "operator": user_with_role("operator", "Operator Programu", Role.OPERATOR, edition=edition),
        "ekspertka": user_with_role("ekspertka", "Ekspertka Sieci", Role.THEMATIC_EXPERT, network=network),
    }
    plan = ActionPlanFactory(network=network, edition=edition, participant=city, title="MID testowy")
    return plan, people


def test_team_member_classifies_the_mid_and_meets_a_conflict(live_server, page, cast, assert_accessible, login):
    plan, people = cast
    login("urzednik")
    page.goto(f"{live_server.url}/mid/{plan.pk}/")
    page.locator("#classification a[role=button]").click()
    page.locator("#classification form input[name=process_stages]").first.wait_for()
    assert_accessible(page)
    page.get_by_label("Etap przygotowań").check()
    page.get_by_label("adaptacja do zmian klimatu").check()
    page.locator("#classification form button[type=submit]").click()
    page.locator("#classification dl").wait_for()
    assert "Etap przygotowań" in page.locator("#classification").inner_text()
    plan.refresh_from_db()
    assert plan.classification == {"process_stages": "Etap przygotowań", "solution_areas": "adaptacja do zmian klimatu"}

    # Someone else saves the section while the form is open: the conflict box shows both differences.
    page.goto(f"{live_server.url}/mid/{plan.pk}/sekcje/classification/edycja/")
    services.plan_section_save(plan=plan, section="classification", data={"classification": {"process_stages": "Etap koncepcyjny"}},
                               expected_revision=1, by=people["operator"])
    page.get_by_label("planowanie zielonej infrastruktury").check()
    page.locator("main form button[type=submit]").click()
    page.locator(".conflict[role=alert]").wait_for()
    assert page.locator(".conflict pre.diff").count() == 2
    assert_accessible(page)


def test_operator_assigns_the_reviewing_expert(live_server, page, cast, assert_accessible, login):
    plan, people = cast
    login("operator")
    page.goto(f"{live_server.url}/mid/{plan.pk}/obieg/")
    assert_accessible(page)
    page.locator("select[name=expert]").select_option(label="Ekspertka Sieci")
    page.locator("form.expert-form button[type=submit]").click()
    page.wait_for_load_state()
    assert ActionPlan.objects.get(pk=plan.pk).expert.name == "Ekspertka Sieci"
    assert "Ekspertka Sieci" in page.locator("main").inner_text()
    assert_accessible(page)
