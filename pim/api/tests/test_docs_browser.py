"""/api/v1/docs in Debian's chromium: Swagger UI renders every operation under the site's CSP, offline."""

from __future__ import annotations

import os
from urllib.parse import urlsplit

import pytest

from pim.api.tests.test_api import OPERATIONS

SCREENSHOT = os.environ.get("PIM_API_DOCS_SCREENSHOT")


# live_server flushes the database after the test; serialized_rollback keeps that flush from re-creating the
# content types the next browser test then loads again (see pim/portal/tests/test_browser_accounts.py).
@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_swagger_ui_renders_under_the_csp_without_leaving_the_site(live_server, page) -> None:
    # The `page` fixture (pytest-playwright, launched as the root conftest says) shares the session's one
    # Playwright loop with the other browser tests; a second sync_playwright() inside it would fail.
    problems: list[str] = []
    foreign: list[str] = []
    own_host = urlsplit(live_server.url).netloc
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on(
        "request",
        lambda r: foreign.append(r.url) if urlsplit(r.url).netloc not in ("", own_host) else None,
    )
    response = page.goto(f"{live_server.url}/api/v1/docs")
    assert response is not None and response.status == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector(".opblock-summary-path", timeout=15_000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    if SCREENSHOT:
        page.screenshot(path=SCREENSHOT, full_page=True)

    assert "/api/v1/participants" in [path.strip() for path in paths]
    assert len(paths) == len(OPERATIONS)
    assert not [p for p in problems if "Content Security Policy" in p or "Refused" in p], problems
    assert not problems, problems
    assert not [url for url in foreign if not url.startswith("data:")], foreign
