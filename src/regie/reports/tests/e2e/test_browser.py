"""The statistics page in a real browser: charts load as images under the strict CSP without a
violation, every chart has its text alternative and its table, and axe-core finds nothing serious."""

from __future__ import annotations

from typing import Any

from regie.accounts.models import User
from regie.cases.services import case_intake
from regie.core.context import Actor
from regie.testing.browser import E2E, assert_accessible, login, settle_policies, watch_policies
from regie.testing.fixtures import closed_case, intake_data

pytestmark = E2E


def test_the_statistics_page_draws_its_charts_under_the_policy(
    page: Any, axe_source: str, analyst: User, case_manager: User, team_lead: User
) -> None:
    for outcome in ("forced", "forced", "unsupervised"):
        closed_case(case_intake(actor=Actor(user=case_manager), data=intake_data()).case, outcome, team_lead)
    reports = watch_policies(page)
    login(page, analyst.username)
    page.goto(page.base_url + "/cijfers/statistiek/")
    assert page.get_by_role("heading", level=1).inner_text() == "Statistiek"
    images = page.locator("figure.regie-chart img")
    count = images.count()
    assert count == 7
    for i in range(count):
        image = images.nth(i)
        image.scroll_into_view_if_needed()
        page.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=image.element_handle())
        assert image.get_attribute("alt")
    assert page.locator("table caption").count() >= 7
    assert_accessible(page, axe_source)
    settle_policies(page)
    assert reports == []
