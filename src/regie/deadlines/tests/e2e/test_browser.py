"""A case manager's day in a real browser: the caseload says what is late, today and this week; the
worklist names the person, what is due and where it is done; recording the action there takes the row
away; a row is snoozed through its own form; notifications are read. axe-core on every page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from regie.accounts.models import User
from regie.cases.models import Case
from regie.core import clock
from regie.core.context import Actor
from regie.deadlines.services import reminders_create
from regie.testing.browser import E2E, assert_accessible, login
from regie.testing.fixtures import start_detention

pytestmark = E2E


def test_a_case_manager_works_the_day_from_the_worklist(
    page: Any, axe_source: str, make_case: Callable[..., Case], case_manager: User, team_lead: User, system: Actor
) -> None:
    with clock.frozen(dt.datetime(2026, 11, 28, 10, 0, tzinfo=dt.UTC)):
        detained = make_case(target_group="supervision", return_decision_date=dt.date(2026, 10, 1))
        start_detention(team_lead, detained, dt.date(2026, 11, 1))
        term = make_case(target_group="supervision", return_decision_date=dt.date(2026, 11, 20))
        reminders_create(actor=system)

        login(page, case_manager.username)
        today = page.get_by_role("navigation", name="Wat moet er gebeuren")
        assert today.is_visible()
        today.get_by_role("link", name="deze week").click()
        page.wait_for_url("**/werklijst/#wl-this-week")
        week = page.locator("section", has=page.locator("#wl-this-week"))
        row = week.get_by_role("row").filter(has_text="Rechter informeren over bewaring")
        assert detained.person.full_name in row.inner_text()
        assert_accessible(page, axe_source, name="werklijst")

        # The most urgent item: its link goes to the form where the action is recorded.
        row.get_by_role("link", name="De rechter informeren").click()
        page.wait_for_url(f"**/dossiers/{detained.pk}/maatregelen/#h-vastleggen")
        court = page.locator("form", has=page.get_by_role("heading", name="Rechter geïnformeerd"))
        court.get_by_label("Rechter geïnformeerd op").fill("2026-11-28")
        court.get_by_role("button", name="Vastleggen").click()
        page.wait_for_url(f"**/dossiers/{detained.pk}/#maatregelen")
        page.goto(page.base_url + "/werklijst/")
        assert not page.get_by_role("row").filter(has_text="Rechter informeren over bewaring").count()

        # A term whose follow-up happens outside Regie is ticked off with a reason.
        later = page.locator("section", has=page.locator("#wl-later"))
        later.get_by_role("row").filter(has_text=term.number).get_by_role("link", name="Afvinken of uitstellen").click()
        page.wait_for_url("**/werklijst/punt/?**")
        assert_accessible(page, axe_source, name="werklijstpunt")
        page.get_by_label("afgerond").check()
        page.get_by_role("button", name="Vastleggen").click()
        page.wait_for_load_state()
        assert page.locator("#fouten").is_visible()  # the reason is required, said next to the field
        assert_accessible(page, axe_source, name="werklijstpunt met fout")
        page.get_by_label("Reden (verplicht)").fill("Gemeente bevestigt vertrek (synthetisch).")
        page.get_by_role("button", name="Vastleggen").click()
        page.wait_for_url("**/werklijst/")
        assert not page.get_by_role("row").filter(has_text=term.number).count()

        # Notifications: a count in the menu, a list, read.
        menu = page.get_by_role("navigation", name="Hoofdmenu")
        menu.get_by_role("link", name="Meldingen").click()
        assert_accessible(page, axe_source, name="meldingen")
        page.get_by_role("button", name="Alles als gelezen markeren").click()
        page.wait_for_url("**/meldingen/")
        assert not menu.locator(".regie-badge").count()


def test_a_team_lead_pages_through_a_long_section(
    page: Any, axe_source: str, make_case: Callable[..., Case], team_lead: User, monkeypatch: Any
) -> None:
    """Each section shows its most urgent rows and its whole count; the rest is one link away, in pages."""
    from regie.deadlines import selectors

    monkeypatch.setattr(selectors, "WORKLIST_PAGE_SIZE", 3)
    with clock.frozen(dt.datetime(2026, 11, 28, 10, 0, tzinfo=dt.UTC)):
        for days in range(1, 8):  # departure terms ending on each of the next seven days
            make_case(target_group="supervision", return_decision_date=dt.date(2026, 10, 31) + dt.timedelta(days=days))
        count = selectors.worklist_counts(user=team_lead)["this_week"]
        assert count >= 7

        login(page, team_lead.username)
        page.goto(page.base_url + "/werklijst/")
        week = page.locator("section", has=page.locator("#wl-this-week"))
        assert f"({count})" in week.get_by_role("heading").inner_text()
        assert week.locator("tbody tr").count() == 3
        week.get_by_role("link", name=f"Nog {count - 3} punten in Deze week").click()
        page.wait_for_url("**/werklijst/?onderdeel=this-week&pagina=2")
        assert page.get_by_text(f"Deze week: 4 tot en met 6 van {count}").is_visible()
        assert page.locator("tbody tr").count() == 3
        assert_accessible(page, axe_source, name="werklijst, pagina van een onderdeel")
        page.get_by_role("navigation", name="Paginering van Deze week").get_by_role("link", name="Volgende").click()
        page.wait_for_url("**/werklijst/?onderdeel=this-week&pagina=3")
        assert page.locator("tbody tr").count() == count - 6
        page.get_by_role("link", name="Hele werklijst").click()
        page.wait_for_url("**/werklijst/")
