"""The paginated register, its search, the correction form and the PU editor's barrier picker in a real browser,
audited by axe."""

from __future__ import annotations

import pytest

from pim.places.tests.factories import ParticipantFactory
from pim.programmes.models import Membership, RoleAssignment
from pim.programmes.tests.factories import MembershipFactory, NetworkFactory
from pim.recommendations.models import Barrier
from pim.recommendations.tests.factories import BarrierFactory, ImprovementPlanFactory
from pim.recommendations.views.register import PER_PAGE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def network():
    network = NetworkFactory(name="Miasto zielone", slug="test-miasto-zielone")
    city = ParticipantFactory(name="Miasto Partnerskie", slug="miasto-partnerskie")
    MembershipFactory(network=network, participant=city, role=Membership.Role.LEAD)
    Barrier.objects.bulk_create(Barrier(network=network, type=Barrier.Type.LEGAL, description=f"Bariera seryjna {n}")
                                for n in range(PER_PAGE + 5))
    BarrierFactory(network=network, type=Barrier.Type.FINANCIAL, cities=[city],
                   description="Łódzkie przepisy nie pozwalają na retencję")
    return network


def test_the_expert_searches_corrects_and_picks_barriers(live_server, page, network, assert_accessible,
                                                          user_with_role, login):
    user_with_role("ekspertka", "Ekspertka", RoleAssignment.Role.THEMATIC_EXPERT, network=network)
    plan = ImprovementPlanFactory(network=network, title="Plan Ulepszeń testowy")
    login("ekspertka")
    base = f"{live_server.url}/rekomendacje/siec/{network.slug}"
    page.goto(base + "/bariery/")
    assert page.locator("#register-rows tbody tr").count() == PER_PAGE
    assert_accessible(page)
    # Typing in the search swaps the rows (and the merge form's choices) in place.
    page.locator("#filter-q").fill("lodzkie")
    page.locator("#register-rows tbody tr").nth(1).wait_for(state="detached")
    assert page.locator("#register-rows tbody tr").count() == 1
    assert page.locator("input[name=merge-others]").count() == 1
    assert_accessible(page)
    page.goto(base + "/bariery/?page=2")
    assert page.locator("#register-rows tbody tr").count() == 6
    assert_accessible(page)
    # The correction form.
    entry = Barrier.objects.get(type=Barrier.Type.FINANCIAL)
    page.goto(f"{base}/bariery/{entry.pk}/edycja/")
    assert_accessible(page)
    page.locator("textarea[name=description]").fill("Przepisy o retencji: nowe brzmienie eksperta")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/bariery/#bariera-{entry.pk}")
    entry.refresh_from_db()
    assert entry.description == "Przepisy o retencji: nowe brzmienie eksperta"
    # The PU editor's picker: search, tick, save.
    page.goto(base + "/plan/edycja/")
    assert page.locator("#pu-barriers-chosen input[type=checkbox]").count() == 0
    page.locator("#pu-barriers-search").fill("retencji")
    page.locator("#pu-barriers-found input[type=checkbox]").first.wait_for()
    assert_accessible(page)
    page.locator("#pu-barriers-found input[type=checkbox]").first.check()
    page.locator("#barriers button[type=submit]").click()
    page.locator("#barriers .message-success").wait_for()
    assert list(plan.barriers.all()) == [entry]
    assert page.locator("#pu-barriers-chosen input[type=checkbox]:checked").count() == 1
    assert_accessible(page)
    page.goto(base + "/plan/rekomendacje/nowa/")
    page.locator("#recommendation-barriers-search").fill("seryjna 1")
    page.locator("#recommendation-barriers-found input[type=checkbox]").first.wait_for()
    assert_accessible(page)
