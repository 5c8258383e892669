"""Browser smoke test: the infrastructure itself (chromium launches, axe runs under our CSP)."""

import pytest


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_floor_page_loads_in_chromium_and_axe_runs(live_server, page):
    response = page.goto(f"{live_server.url}/healthz/")
    assert response.status == 200
    assert "ok" in page.content()
