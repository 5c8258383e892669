"""Account pages in a real browser: a failed login, the lockout, the account page and a password reset,
each audited by axe-core (WCAG 2.1 AA)."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from pim.programmes.models import RoleAssignment
from pim.programmes.tests.personas import PASSWORD

# serialized_rollback reloads the migrations' reference data (voivodeships) that each transactional test's
# flush removes. Every browser module should use it: after a flush without it, post_migrate re-creates the
# content types, and the next serialized test then fails loading them a second time.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def operator(user_with_role):
    return user_with_role("koordynator", "Koordynator Programu", RoleAssignment.Role.OPERATOR, is_staff=True)


# Here the login form itself is under test (other browser tests skip it): given a password, the `login` fixture
# fills and sends the form.
def test_a_failed_login_is_announced_and_accessible(live_server, page, operator, assert_accessible, login):
    login("koordynator", "zle-haslo")
    assert page.get_by_role("alert").count() == 1
    assert_accessible(page)


def test_the_lockout_page_is_accessible(live_server, page, operator, assert_accessible, login):
    for _ in range(5):
        login("koordynator", "zle-haslo")
    assert page.locator("main h1").count() == 1
    assert page.get_by_role("alert").count() == 1
    assert_accessible(page)


def test_the_operator_logs_in_sees_the_account_page_and_reaches_the_admin(live_server, page, operator,
                                                                         assert_accessible, login):
    login("koordynator", PASSWORD)
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
