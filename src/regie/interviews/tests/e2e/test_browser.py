"""The interview pages in a real browser: plan, record (with errors), departure plan, the dossier
section; axe-core on each page, in the states a case manager sees."""

from __future__ import annotations

import datetime as dt
from typing import Any

from regie.accounts.models import User
from regie.cases.models import Case
from regie.core.context import Actor
from regie.interviews.domain import CheckInput
from regie.interviews.models import Interview
from regie.interviews.services import interview_record
from regie.testing.browser import E2E, assert_accessible, login

from ..conftest import NOW, all_checks

# Set to a folder to keep screenshots of the pages (looking at them is part of reviewing a change).

pytestmark = E2E


def test_plan_record_and_departure_plan(page: Any, axe_source: str, assigned: Case, case_manager: User) -> None:
    login(page, case_manager.username)
    base = f"{page.base_url}/dossiers/{assigned.pk}"

    page.goto(f"{base}/vertrekgesprekken/plannen/")
    assert page.get_by_role("heading", level=1).inner_text() == "Vertrekgesprek plannen"
    assert_accessible(page, axe_source)
    page.get_by_label("Datum en tijd").fill("2026-12-03T10:00")
    page.get_by_label("Plaats").fill("Ter Apel")
    page.get_by_label("Taal tolk").fill("ti")
    page.get_by_role("button", name="Gesprek plannen").click()
    page.wait_for_load_state()
    interview = Interview.objects.get()
    assert interview.status == "planned" and interview.interpreter_language == "ti"

    page.goto(f"{base}/vertrekgesprekken/{interview.pk}/vastleggen/")
    assert_accessible(page, axe_source)
    page.get_by_label("Verslag").fill("Gesprek gevoerd (synthetisch).")
    page.get_by_role("button", name="Gesprek vastleggen").click()
    page.wait_for_load_state()
    # No stance and no checks: every problem next to its field, and in the summary at the top.
    assert page.get_by_role("alert").first.is_visible()
    assert "Leg de houding van de persoon vast" in page.content()
    assert_accessible(page, axe_source, "record-errors")
    page.get_by_label("Gehouden op").fill("2026-12-01T10:30")  # planned for later; held earlier after all
    page.get_by_label("Houding van de persoon").select_option("partly")
    for label in ("Medische omstandigheden", "Signalen van mensenhandel", "Minderjarigen", "Overige kwetsbaarheid"):
        page.get_by_label(label, exact=True).select_option("not_present")
    page.get_by_role("button", name="Gesprek vastleggen").click()
    page.wait_for_load_state()
    interview.refresh_from_db()
    assert interview.status == "held" and interview.stance == "partly"

    page.goto(f"{base}/vertrekplan/")
    assert_accessible(page, axe_source)
    page.get_by_label("Strategie").fill("Zelfstandig vertrek met ondersteuning van IOM.")
    page.get_by_role("button", name="Nieuwe versie opslaan").click()
    page.wait_for_load_state()
    page.goto(f"{base}/vertrekplan/")
    assert "Versie 1" in page.content()
    assert_accessible(page, axe_source, "departure-plan")


def test_dossier_section(page: Any, axe_source: str, assigned: Case, case_manager: User) -> None:
    interview_record(
        actor=Actor(user=case_manager),
        case=assigned,
        held_at=NOW - dt.timedelta(days=1),
        summary="Eerste gesprek (synthetisch).",
        stance="does_not",
        checks={**all_checks(), "minors": CheckInput("not_checked")},
    )
    login(page, case_manager.username)
    page.goto(f"{page.base_url}/dossiers/{assigned.pk}/")
    assert "Bijzondere omstandigheden niet nagevraagd" in page.content()
    page.locator("details summary").first.click()
    assert_accessible(page, axe_source, "dossier-section")
