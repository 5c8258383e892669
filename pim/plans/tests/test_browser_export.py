"""The export status page in a real browser: a team member asks for the PDF and gets the file's status."""

from __future__ import annotations

import re

import pytest

from pim.places.tests.factories import ParticipantFactory
from pim.plans.models import PlanExport
from pim.plans.tests.factories import ActionPlanFactory, complete_content
from pim.programmes.models import Membership, RoleAssignment
from pim.programmes.tests.factories import MembershipFactory, NetworkFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def plan(user_with_role):
    network = NetworkFactory(name="Miasto zielone", slug="test-miasto-zielone")
    city = ParticipantFactory(name="Miasto Partnerskie", slug="miasto-partnerskie")
    MembershipFactory(network=network, participant=city, role=Membership.Role.LEAD)
    user_with_role("urzednik", "Urzędnik Miasta", RoleAssignment.Role.CITY_TEAM_MEMBER, participant=city)
    plan = ActionPlanFactory(network=network, edition=network.edition, participant=city, title="MID testowy")
    complete_content(plan, actions=2)
    return plan


def request_pdf(page, live_server, plan) -> None:
    page.goto(f"{live_server.url}/mid/{plan.pk}/")
    page.locator(f".export-buttons form[action='/mid/{plan.pk}/eksport/pdf/'] button").click()
    page.wait_for_url(re.compile(rf"/mid/{plan.pk}/eksport/\d+/$"))


def test_a_finished_pdf_export_offers_the_file(live_server, page, plan, assert_accessible, settings, login):
    # The task runs inside the request, as the export view tests do; no worker is needed.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    login("urzednik")
    request_pdf(page, live_server, plan)
    job = PlanExport.objects.get(plan=plan)
    assert job.status == PlanExport.Status.DONE
    status = page.locator("#export-status[role=status]")
    assert status.get_attribute("aria-live") == "polite"
    link = status.locator(f"a[href='{job.download_url()}']")
    assert job.filename in link.inner_text()
    assert_accessible(page)


def test_a_waiting_export_shows_its_progress(live_server, page, plan, assert_accessible, settings, login):
    # With no worker running the job waits in the queue: the page polls and shows a labelled progress bar.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    login("urzednik")
    request_pdf(page, live_server, plan)
    status = page.locator("#export-status[role=status]")
    assert status.get_attribute("hx-trigger") == "every 1s"
    assert status.locator("progress").get_attribute("aria-label")
    assert PlanExport.objects.get(plan=plan).status == PlanExport.Status.QUEUED
    assert_accessible(page)
