"""The admin pages an administrator reaches (index, users, teams, the deadline rule table, the support
amount rules) in a real browser: axe-core reports no serious or critical violation."""

from __future__ import annotations

from typing import Any

from regie.accounts.models import User
from regie.testing.browser import E2E, assert_accessible, login

pytestmark = E2E

ADMIN_PAGES = (
    "/admin/",
    "/admin/accounts/user/",
    "/admin/accounts/team/",
    "/admin/deadlines/deadlinerule/",
    "/admin/deadlines/deadlinerule/add/",
    "/admin/support/amountrule/",
)


def test_the_admin_pages_an_administrator_reaches_are_accessible(
    page: Any, axe_source: str, administrator: User
) -> None:
    login(page, administrator.username)
    for path in ADMIN_PAGES:
        response = page.goto(page.base_url + path)
        assert response is not None and response.status == 200, path
        assert_accessible(page, axe_source, name=f"beheer {path}")
