"""Test-wide fixtures: Playwright drives Debian's chromium (never a downloaded browser), axe-core audits pages,
and browser tests make their people and log them in and out."""

from __future__ import annotations

import os
import re
import shutil

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from pim.programmes.tests.factories import PersonFactory, RoleAssignmentFactory, UserFactory

# Playwright's sync API runs an event loop in the test thread; the ORM must still be usable there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def base_url(pytestconfig: pytest.Config) -> str | None:
    # Overrides pytest-playwright's fallback `base_url`, a session fixture written as an instance method of
    # a plugin class, which pytest deprecates (PytestRemovedIn10Warning). Same value: the option or ini
    # setting, else none, since the tests go to live_server's full address anyway.
    return pytestconfig.getoption("--base-url", None) or pytestconfig.getini("base_url") or None


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


def axe_violations(page) -> list[dict]:
    """Run axe-core (WCAG 2.0/2.1 A and AA rules) on the page and return its violations."""
    # Loaded from our own origin: an inline copy would be blocked, rightly, by the site's CSP.
    origin = "/".join(page.url.split("/")[:3])
    page.add_script_tag(url=f"{origin}/static/vendor/axe.min.js")
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


@pytest.fixture
def assert_accessible():
    def check(page) -> None:
        violations = axe_violations(page)
        assert violations == [], f"axe-core found WCAG 2.1 AA violations on {page.url}: {violations}"

    return check


@pytest.fixture
def user_with_role():
    """Make a user account whose person holds one role (scoped by `participant=`, `network=`, ...)."""

    def make(username: str, name: str, role: str, *, is_staff: bool = False, **scope):
        user = UserFactory(username=username, is_staff=is_staff)
        RoleAssignmentFactory(person=PersonFactory(user=user, name=name), role=role, **scope)
        return user

    return make


@pytest.fixture
def login(page, live_server):
    """Log the browser in as `username`.

    With a password it goes through the real login form, as a person does (a wrong password included).
    Without one it hands the browser a session cookie made by Django's test client: faster, for tests
    about what comes after the login. The factories' users all have the password `personas.PASSWORD`.
    """

    def log_in(username: str, password: str | None = None) -> None:
        if password is not None:
            page.goto(f"{live_server.url}{reverse('login')}")
            page.get_by_label(re.compile("^(Nazwa użytkownika|Username)")).fill(username)
            page.get_by_label(re.compile("^(Hasło|Password)")).fill(password)
            page.locator("main form button[type=submit]").click()
            page.wait_for_load_state()
            return
        client = Client()
        # Named, because the first backend (axes') would be picked and cannot load the user back.
        client.force_login(get_user_model().objects.get(username=username),
                           backend="django.contrib.auth.backends.ModelBackend")
        cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
        page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])

    return log_in


@pytest.fixture
def logout(page, settings):
    """Log the browser out with the header's button."""
    # Logging in and out in one test loads and deletes the session row with two `.get()`s; django-zeal, on in
    # tests, takes the pair for an N+1 in the live server's thread.
    settings.ZEAL_ALLOWLIST = [{"model": "sessions.Session", "field": "get()"}]

    def log_out() -> None:
        page.locator("header form[action$='/logout/'] button").click()
        page.wait_for_load_state()

    return log_out
