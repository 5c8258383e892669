"""Account pages in a real browser: a failed login, the lockout, the account page and a password reset,
each audited by axe-core (WCAG 2.1 AA)."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from pim.programmes.models import RoleAssignment
from pim.programmes.tests.factories import PersonFactory, RoleAssignmentFactory, UserFactory
from pim.programmes.tests.personas import PASSWORD

# serialized_rollback reloads the migrations' reference data (voivodeships) that each transactional test's
# flush removes. Every browser module should use it: after a flush without it, post_migrate re-creates the
# content types, and the next serialized test then fails loading them a second time.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def operator():
    user = UserFactory(username="koordynator", is_staff=True)
    RoleAssignmentFactory(person=PersonFactory(user=user, name="Koordynator Programu"),
                          role=RoleAssignment.Role.OPERATOR)
    return user


def log_in(page, url: str, username: str, password: str) -> None:
    page.goto(f"{url}/konto/login/")
    page.get_by_label(re.compile("^(Nazwa użytkownika|Username)")).fill(username)
    page.get_by_label(re.compile("^(Hasło|Password)")).fill(password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def test_a_failed_login_is_announced_and_accessible(live_server, page, operator, assert_accessible):
    log_in(page, live_server.url, "koordynator", "zle-haslo")
    assert page.get_by_role("alert").count() == 1
    assert_accessible(page)


def test_the_lockout_page_is_accessible(live_server, page, operator, assert_accessible):
    for _ in range(5):
        log_in(page, live_server.url, "koordynator", "zle-haslo")
    assert page.locator("main h1").count() == 1
    assert page.get_by_role("alert").count() == 1
    assert_accessible(page)


def test_the_operator_logs_in_sees_the_account_page_and_reaches_the_admin(live_server, page, operator,
                                                                         assert_accessible):
    log_in(page, live_server.url, "koordynator", PASSWORD)
    page.goto(f"{live_server.url}/konto/")
    assert "Koordynator Programu" in page.locator("main").inner_text()
    assert_accessible(page)
    response = page.goto(f"{live_server.url}/admin/programmes/thematicnetwork/")
    assert response.status == 200


def test_a_password_reset_from_the_mail_link(live_server, page, operator, assert_accessible):
    page.goto(f"{live_server.url}/konto/password_reset/")
    page.locator("#id_email").fill(operator.email)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert_accessible(page)
    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    page.goto(link)
    assert page.locator("input[type=password]").count() == 2
    assert_accessible(page)
    new_password = "Zielone-Miasto-2024!"
    page.locator("input[type=password]").nth(0).fill(new_password)
    page.locator("input[type=password]").nth(1).fill(new_password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert_accessible(page)
    operator.refresh_from_db()
    assert operator.check_password(new_password)
