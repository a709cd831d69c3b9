"""Small screens: at 390 px wide (a phone) the caseload, dossier, intake, worklist, team and notification
pages do not scroll sideways; wide tables scroll inside their own box. axe-core at that width too."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from regie.accounts.models import User
from regie.cases.models import Case
from regie.testing.browser import E2E, assert_accessible, login
from regie.testing.fixtures import AMSTERDAM, plan_forced_flight, start_detention

pytestmark = E2E

PAGES = ("/dossiers/", "/dossiers/intake/", "/werklijst/", "/agenda/", "/meldingen/", "/dossiers/zoeken/")


# The outermost elements that reach past the window's right edge (not inside a box that scrolls itself).
_WIDEST = """() => {
  const out = [];
  const scrolls = el => { for (let p = el.parentElement; p; p = p.parentElement) {
    const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll' || o === 'hidden') return true; }
    return false; };
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.right > window.innerWidth + 1 && !scrolls(el) && !(el.parentElement && el.parentElement !== document.body && el.parentElement.getBoundingClientRect().right > window.innerWidth + 1))
      out.push(el.tagName.toLowerCase() + '.' + el.className + ' ' + Math.round(r.right));
  }
  return out.slice(0, 8);
}"""


def _no_sideways_scroll(page: Any) -> None:
    width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    if width[0] > width[1]:
        widest = page.evaluate(_WIDEST)
        raise AssertionError(f"{page.url}: content {width[0]} px wide in a {width[1]} px window: {widest}")


@pytest.mark.parametrize("role", ["case_manager", "team_lead"])
def test_no_page_scrolls_sideways_on_a_phone(
    page: Any,
    axe_source: str,
    role: str,
    request: pytest.FixtureRequest,
    make_case: Callable[..., Case],
    case_manager: User,
    team_lead: User,
) -> None:
    case = make_case(
        family_name="Abdirahman-Warsame", given_names="Faduma Hodan", return_decision_date=dt.date(2026, 10, 1)
    )
    plan_forced_flight(case_manager, case, dt.datetime.now(AMSTERDAM) + dt.timedelta(days=3))
    start_detention(team_lead, make_case(return_decision_date=dt.date(2026, 10, 1)), dt.date.today())
    page.set_viewport_size({"width": 390, "height": 844})
    user: User = request.getfixturevalue(role)
    login(page, user.username)
    pages = [*PAGES, f"/dossiers/{case.pk}/"] + (["/team/"] if role == "team_lead" else [])
    for path in pages:
        page.goto(page.base_url + path)
        _no_sideways_scroll(page)
    assert_accessible(page, axe_source, name=f"smal {role}")
