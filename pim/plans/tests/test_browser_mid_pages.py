"""The MID pages no other browser test opens, each in the state that shows its less common parts, checked by axe:
version comparison and restore, the table-section and action editors with their conflict box, the catalogue
record anonymous visitors see, and the comments page with public comments waiting for moderation."""

from __future__ import annotations

import pytest

from pim.places.tests.factories import ParticipantFactory
from pim.plans import services
from pim.plans.models import ActionPlan, ActionStatusReport, Comment
from pim.plans.tests.factories import ActionPlanFactory, CommentFactory, complete_content
from pim.programmes.models import Membership, RoleAssignment
from pim.programmes.tests.factories import EditionFactory, MembershipFactory, NetworkFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
Role = RoleAssignment.Role

TABLE_SECTIONS = ("stakeholders", "problem_tree", "objectives", "monitoring", "risks", "communication", "barriers")


@pytest.fixture
def cast(user_with_role):
    edition = EditionFactory()
    network = NetworkFactory(edition=edition, name="Miasto zielone", slug="test-miasto-zielone")
    city = ParticipantFactory(name="Miasto Partnerskie", slug="miasto-partnerskie")
    MembershipFactory(network=network, participant=city, role=Membership.Role.LEAD)
    people = {
        "urzednik": user_with_role("urzednik", "Urzędnik Miasta", Role.CITY_TEAM_MEMBER, participant=city),
        "operator": user_with_role("operator", "Operator Programu", Role.OPERATOR, edition=edition),
    }
    plan = ActionPlanFactory(network=network, edition=edition, participant=city, title="MID testowy")
    actions = complete_content(plan, actions=2)
    return plan, actions, people


def test_version_comparison_and_restore_confirmation(live_server, page, cast, assert_accessible, login):
    plan, _actions, people = cast
    for title in ("Pierwszy tytuł", "Drugi tytuł"):
        services.plan_section_save(plan=plan, section="challenge", data={"challenge_title": title},
                                   expected_revision=plan.section_revisions()["challenge"], by=people["operator"])
    first, last = (v.number for v in (plan.versions.order_by("number").first(), plan.versions.order_by("number").last()))
    login("urzednik")
    page.goto(f"{live_server.url}/mid/{plan.pk}/historia/porownanie/?a={first}&b={last}")
    assert "Drugi tytuł" in page.locator("main").inner_text()
    assert_accessible(page)
    page.goto(f"{live_server.url}/mid/{plan.pk}/historia/{first}/przywroc/")
    assert page.locator("main form button[type=submit]").count() == 1
    assert_accessible(page)


def test_table_section_editors_and_their_conflict_box(live_server, page, cast, assert_accessible, login):
    plan, _actions, people = cast
    login("urzednik")
    for key in TABLE_SECTIONS:
        page.goto(f"{live_server.url}/mid/{plan.pk}/sekcje/{key}/edycja/")
        page.locator("main form button[type=submit]").wait_for()
        assert_accessible(page)
    # Someone else saves the stakeholders while the form is open: the conflict box, then axe again.
    page.goto(f"{live_server.url}/mid/{plan.pk}/sekcje/stakeholders/edycja/")
    services.plan_section_save(plan=plan, section="stakeholders", data={"stakeholders": [{"name": "Rada osiedla"}]},
                               expected_revision=plan.section_revisions()["stakeholders"], by=people["operator"])
    page.locator("main form button[type=submit]").click()
    page.locator(".conflict[role=alert]").wait_for()
    assert_accessible(page)


def test_the_full_page_action_form_and_its_conflict_box(live_server, page, cast, assert_accessible, login):
    plan, actions, people = cast
    login("urzednik")
    page.goto(f"{live_server.url}/mid/{plan.pk}/dzialania/nowe/")
    page.locator("main form input[name=title]").wait_for()
    assert_accessible(page)
    action = actions[0]
    page.goto(f"{live_server.url}/mid/{plan.pk}/dzialania/{action.pk}/")
    page.locator("main form input[name=title]").wait_for()
    assert_accessible(page)
    services.action_save(plan=plan, action_id=action.pk, data={"title": "Tytuł operatora", "type": "soft"},
                         expected_revision=plan.section_revisions()["actions"], by=people["operator"])
    page.locator("main form input[name=title]").fill("Tytuł urzędnika")
    page.locator("main form button[type=submit]").first.click()
    page.locator(".conflict[role=alert]").wait_for()
    assert_accessible(page)


def test_catalogue_records_for_anonymous_visitors(live_server, page, cast, assert_accessible):
    plan, actions, _people = cast
    historical = ActionPlanFactory(network=plan.network, edition=plan.edition, participant=None,
                                   title="Historyczny MID", state=ActionPlan.State.PUBLISHED, summary="Opis ze źródeł")
    page.goto(f"{live_server.url}/mid/{plan.pk}/")
    assert "MID testowy" in page.locator("h1").inner_text()
    assert actions[0].title not in page.locator("main").inner_text()
    assert_accessible(page)
    page.goto(f"{live_server.url}/mid/{historical.pk}/")
    assert "Opis ze źródeł" in page.locator("main").inner_text()
    assert_accessible(page)


def test_the_mid_page_in_implementation_with_progress_and_late_actions(
    live_server, page, cast, assert_accessible, login
):
    plan, actions, _people = cast
    ActionPlan.objects.filter(pk=plan.pk).update(state=ActionPlan.State.IN_IMPLEMENTATION)
    ActionStatusReport.objects.create(action=actions[0], status="delayed", percent=20)
    login("urzednik")
    page.goto(f"{live_server.url}/mid/{plan.pk}/")
    assert actions[0].title in page.locator("#late-list").inner_text()
    page.locator("#event-records").wait_for()
    assert_accessible(page)


def test_comments_with_public_comments_awaiting_moderation(live_server, page, cast, assert_accessible, login):
    plan, _actions, _people = cast
    ActionPlan.objects.filter(pk=plan.pk).update(state=ActionPlan.State.CONSULTATION, public_consultation=True)
    CommentFactory(plan=plan, is_public=True, moderation=Comment.Moderation.PENDING, body="Uwaga mieszkańca")
    CommentFactory(plan=plan, is_public=True, moderation=Comment.Moderation.PENDING, section="", body="Uwaga ogólna")
    login("urzednik")
    page.goto(f"{live_server.url}/mid/{plan.pk}/uwagi/")
    assert "Uwaga mieszkańca" in page.locator("main").inner_text()
    assert_accessible(page)
