"""The barrier register with its add and merge forms' errors, and the recommendation form with the concurrent-edit
conflict box, in a real browser, audited by axe."""

from __future__ import annotations

import pytest

from pim.places.tests.factories import ParticipantFactory
from pim.programmes.models import Membership, RoleAssignment
from pim.programmes.tests.factories import MembershipFactory, NetworkFactory
from pim.recommendations import services
from pim.recommendations.tests.factories import BarrierFactory, ImprovementPlanFactory, RecommendationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def network():
    network = NetworkFactory(name="Miasto zielone", slug="test-miasto-zielone")
    city = ParticipantFactory(name="Miasto Partnerskie", slug="miasto-partnerskie")
    MembershipFactory(network=network, participant=city, role=Membership.Role.LEAD)
    BarrierFactory(network=network, description="Brak podstawy prawnej", cities=[city])
    BarrierFactory(network=network, description="Brak środków na utrzymanie", cities=[city])
    return network


def test_the_register_shows_the_add_and_merge_errors(live_server, page, network, assert_accessible, user_with_role,
                                                     login):
    user_with_role("ekspertka", "Ekspertka", RoleAssignment.Role.THEMATIC_EXPERT, network=network)
    ImprovementPlanFactory(network=network)
    login("ekspertka")
    page.goto(f"{live_server.url}/rekomendacje/siec/{network.slug}/bariery/")
    page.locator("main form[action$='/bariery/dodaj/'] button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("main [aria-invalid=true]").count() >= 1
    assert_accessible(page)
    page.goto(f"{live_server.url}/rekomendacje/siec/{network.slug}/bariery/")
    page.locator("main form[action*='/bariery/scal/'] button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("main .form-errors").count() >= 1
    assert_accessible(page)


def test_the_recommendation_form_shows_the_conflict(live_server, page, network, assert_accessible, user_with_role,
                                                    login):
    user_with_role("ekspertka", "Ekspertka", RoleAssignment.Role.THEMATIC_EXPERT, network=network)
    other = user_with_role("operatorka", "Operatorka", RoleAssignment.Role.OPERATOR)
    plan = ImprovementPlanFactory(network=network, title="Plan Ulepszeń testowy")
    recommendation = RecommendationFactory(improvement_plan=plan, text="Uprościć procedury")
    login("ekspertka")
    page.goto(f"{live_server.url}/rekomendacje/siec/{network.slug}/plan/rekomendacje/{recommendation.pk}/")
    # Someone else saves the same recommendation after the form was loaded.
    plan.refresh_from_db()
    services.recommendation_save(plan=plan, data={"text": "Uprościć procedury zamówień"},
                                 expected_revision=plan.revision, by=other, recommendation_id=recommendation.pk)
    page.locator("main textarea[name=text]").fill("Uprościć procedury i terminy")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    assert page.locator("main .conflict").count() == 1
    assert_accessible(page)
