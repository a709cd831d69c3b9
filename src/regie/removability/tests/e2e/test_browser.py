"""The removability page in a real browser, with axe-core on each state (form, refusal, blocked case)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from regie.accounts.models import User
from regie.cases.models import Case
from regie.core import clock
from regie.removability.models import PendingProcedure
from regie.testing.browser import E2E, assert_accessible, login

NOW = dt.datetime(2026, 5, 4, 10, 0)
pytestmark = [*E2E, pytest.mark.frozen_at(NOW)]


@pytest.fixture
def case(make_case: Callable[..., Case]) -> Case:
    """A case of `team` assigned to `case_manager`, opened at the module's moment."""
    return make_case(return_decision_date=dt.date(2026, 3, 2))


def test_case_manager_records_a_procedure_and_a_pregnancy(
    page: Any, axe_source: str, case: Case, case_manager: User
) -> None:
    with clock.frozen(dt.datetime(2026, 5, 4, 10, 0)):
        login(page, case_manager.username)
        page.goto(page.base_url + f"/dossiers/{case.pk}/verwijderbaarheid/")
        assert page.get_by_role("heading", level=1).inner_text() == "Verwijderbaarheid"
        assert page.get_by_text("Niet uitzetbaar op 04-05-2026").is_visible()
        assert_accessible(page, axe_source)

        form = page.locator("form", has=page.get_by_role("heading", name="Procedure vastleggen"))
        form.get_by_label("Soort procedure").select_option("appeal")
        form.get_by_label("Schorsende werking", exact=False).check()
        form.get_by_label("Gestart op").fill("2026-06-01")
        form.get_by_role("button", name="Vastleggen").click()
        page.wait_for_load_state()
        assert page.locator("#fouten").is_visible()
        assert "De datum ligt in de toekomst." in page.locator("#id_procedure-starts_on-error").inner_text()
        assert page.get_by_label("Gestart op").get_attribute("aria-invalid") == "true"
        assert_accessible(page, axe_source)

        form = page.locator("form", has=page.get_by_role("heading", name="Procedure vastleggen"))
        form.get_by_label("Gestart op").fill("2026-04-01")
        form.get_by_role("button", name="Vastleggen").click()
        page.wait_for_url(f"**/dossiers/{case.pk}/#verwijderbaarheid")
        assert PendingProcedure.objects.get().suspensive

        page.goto(page.base_url + f"/dossiers/{case.pk}/verwijderbaarheid/")
        uitstel = page.locator("form", has=page.get_by_role("heading", name="Uitstel van vertrek (art. 64 Vw)"))
        uitstel.get_by_label("Grond").select_option("pregnancy")
        uitstel.get_by_label("Uitgerekende datum").fill("2026-06-15")
        uitstel.get_by_role("button", name="Vastleggen").click()
        page.wait_for_url(f"**/dossiers/{case.pk}/#verwijderbaarheid")

        page.goto(page.base_url + f"/dossiers/{case.pk}/verwijderbaarheid/")
        assert page.get_by_text("Uitstel van vertrek (art. 64 Vw) tot en met 27-07-2026.").is_visible()
        assert_accessible(page, axe_source)
