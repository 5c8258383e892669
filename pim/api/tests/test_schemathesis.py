"""Property-based run of every API operation from its own OpenAPI description.

schemathesis generates valid and invalid parameters from /api/v1/openapi.json and calls the Django app
in-process (WSGI), inside the test's transaction, over a small set of factory data. No input may make a
5xx, and every answer must be one the description documents (status code, content type, body schema).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from decimal import Decimal

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from pim.events.tests.factories import EventFactory
from pim.places.tests.factories import ParticipantFactory
from pim.plans.models import ActionPlan, ActionStatusReport, Indicator, IndicatorValue
from pim.plans.tests.factories import ActionPlanFactory, complete_content
from pim.programmes.models import Membership
from pim.programmes.tests.factories import EditionFactory, MembershipFactory, NetworkFactory
from pim.recommendations.tests.factories import RecommendationFactory

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture(autouse=True)
def keep_the_test_connection() -> Iterator[None]:
    # Django's WSGI handler closes "old" connections when a request starts and ends. Inside the test's
    # transaction that marks it for rollback and every later query fails; Django's test client does the same.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def api_data(db: None) -> None:
    edition = EditionFactory(slug="pim-1")
    network = NetworkFactory(edition=edition, slug="transport")
    lead = ParticipantFactory(slug="lublin")
    MembershipFactory(network=network, participant=lead, role=Membership.Role.LEAD)
    MembershipFactory(network=network)
    ActionPlanFactory(network=network, participant=lead)
    # A public MID with content: actions with fundings and a status, indicators with values.
    approved = ActionPlanFactory(network=network, state=ActionPlan.State.APPROVED)
    actions = complete_content(approved, actions=2)
    ActionStatusReport.objects.create(action=actions[0], status=ActionStatusReport.Status.IN_PROGRESS, percent=50)
    for indicator in Indicator.objects.filter(plan=approved):
        IndicatorValue.objects.create(indicator=indicator, measured_on=datetime.date(2025, 1, 1), value=Decimal("1.5"))
    EventFactory(network=network, host=lead)
    RecommendationFactory(improvement_plan__network=network)


@pytest.mark.usefixtures("api_data")
@schema.parametrize()
# 25 generated cases per operation, plus schemathesis's coverage cases (boundaries, wrong types, unsupported
# methods): about 900 requests, 20-30 s on either database.
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_no_request_makes_a_server_error_or_an_undocumented_answer(case: schemathesis.Case) -> None:
    case.call_and_validate(checks=CHECKS)
