"""/api/v1/docs in Debian's chromium: Swagger UI renders every operation under the site's CSP, offline."""

from __future__ import annotations

import os
import shutil
from urllib.parse import urlsplit

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOT = os.environ.get("PIM_API_DOCS_SCREENSHOT")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.mark.browser
def test_swagger_ui_renders_under_the_csp_without_leaving_the_site(live_server) -> None:
    if not shutil.which("chromium"):
        pytest.skip("Debian's chromium is not installed (`make chromium`)")
    from playwright.sync_api import sync_playwright

    problems: list[str] = []
    foreign: list[str] = []
    own_host = urlsplit(live_server.url).netloc
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
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
        finally:
            browser.close()

    assert "/api/v1/participants" in [path.strip() for path in paths]
    assert len(paths) == 14
    assert not [p for p in problems if "Content Security Policy" in p or "Refused" in p], problems
    assert not problems, problems
    assert not [url for url in foreign if not url.startswith("data:")], foreign
