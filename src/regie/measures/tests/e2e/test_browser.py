"""The measures page in a real browser, with axe-core on each state (form, refusal, running detention)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from regie.accounts.models import User
from regie.cases.models import Case
from regie.measures.models import Detention
from regie.testing.browser import E2E, assert_accessible, login

from ..conftest import on

pytestmark = E2E


def test_team_lead_starts_and_cannot_overrun_a_family_detention(
    page: Any, axe_source: str, case: Case, team_lead: User, case_manager: User
) -> None:
    login(page, team_lead.username)
    page.goto(page.base_url + f"/dossiers/{case.pk}/maatregelen/")
    assert page.get_by_role("heading", level=1).inner_text() == "Maatregelen"
    assert_accessible(page, axe_source)

    start = page.locator("form", has=page.get_by_role("heading", name="Bewaring starten"))
    start.get_by_label("Grondslag").select_option("art59")
    start.get_by_label("Plaats").fill("Detentiecentrum Rotterdam")
    start.get_by_label("Vanaf").fill("2026-11-02")
    start.get_by_label("Gronden", exact=False).first.fill("Risico op onttrekking")
    start.get_by_label("Gezin of alleenstaande minderjarige (maximaal 14 dagen)").check()
    start.get_by_role("button", name="Bewaring starten").click()
    page.wait_for_url(f"**/dossiers/{case.pk}/#maatregelen")
    assert Detention.objects.get().approved_by == team_lead

    page.goto(page.base_url + f"/dossiers/{case.pk}/maatregelen/")
    assert page.get_by_text("start bewaring 02-11-2026 + 14 dagen").is_visible()
    assert_accessible(page, axe_source)

    # Four days after the maximum: ending on that day would put the detention beyond it.
    with on(dt.date(2026, 11, 20)):
        end = page.locator("form", has=page.get_by_role("heading", name="Bewaring beëindigen"))
        end.get_by_label("Beëindigd op").fill("2026-11-20")
        end.get_by_label("Reden einde").select_option("departed")
        end.get_by_role("button", name="Beëindigen").click()
        page.wait_for_load_state()
    assert page.locator("#fouten").is_visible()
    error = page.locator("#id_bewaring-einde-ends_on-error")
    assert "uiterlijk 16-11-2026" in error.inner_text()
    assert page.get_by_label("Beëindigd op").get_attribute("aria-invalid") == "true"
    assert_accessible(page, axe_source)
