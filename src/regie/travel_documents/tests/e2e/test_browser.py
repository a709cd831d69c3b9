"""The travel-documents pages in a real browser, with axe-core on each state."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from regie.accounts.models import User
from regie.cases.models import Case
from regie.core import clock
from regie.testing.browser import E2E, assert_accessible, login
from regie.travel_documents.models import CountryRequirement, LpRequest

NOW = dt.datetime(2026, 5, 4, 10, 0)
pytestmark = [*E2E, pytest.mark.frozen_at(NOW)]


@pytest.fixture
def case(make_case: Callable[..., Case]) -> Case:
    """A case of `team` assigned to `case_manager`, opened at the module's moment."""
    return make_case(return_decision_date=dt.date(2026, 3, 2))


def test_case_manager_prepares_signs_and_sends_an_lp_request(
    page: Any, axe_source: str, case: Case, case_manager: User
) -> None:
    with clock.frozen(NOW):
        login(page, case_manager.username)
        page.goto(page.base_url + f"/dossiers/{case.pk}/reisdocumenten/")
        assert page.get_by_role("heading", level=1).inner_text() == "Reisdocumenten en LP-aanvragen"
        assert_accessible(page, axe_source)

        document = page.locator("form", has=page.get_by_role("heading", name="Document vastleggen"))
        document.get_by_label("Soort document").select_option("passport")
        document.get_by_label("Land van afgifte").select_option("DZ")
        document.get_by_label("Documentnummer").fill("X0000001")
        document.get_by_role("button", name="Vastleggen").click()
        page.wait_for_load_state()
        assert "geldigheidsdatum verplicht" in page.locator("#id_document-valid_until-error").inner_text()
        assert_accessible(page, axe_source)

        prepare = page.locator("form", has=page.get_by_role("heading", name="LP-aanvraag voorbereiden"))
        prepare.get_by_label("Land").select_option("DZ")
        prepare.get_by_role("button", name="Voorbereiden").click()
        page.wait_for_url(f"**/dossiers/{case.pk}/#reisdocumenten")

        page.goto(page.base_url + f"/dossiers/{case.pk}/reisdocumenten/")
        assert_accessible(page, axe_source)
        sign = page.locator("form", has=page.get_by_role("heading", name="Ondertekening vastleggen"))
        sign.get_by_role("button", name="Vastleggen").click()
        page.wait_for_url(f"**/dossiers/{case.pk}/#reisdocumenten")

        page.goto(page.base_url + f"/dossiers/{case.pk}/reisdocumenten/")
        send = page.locator("form", has=page.get_by_role("heading", name="Verzending vastleggen"))
        send.get_by_role("button", name="Vastleggen").click()
        page.wait_for_url(f"**/dossiers/{case.pk}/#reisdocumenten")
        assert LpRequest.objects.get().status == "sent"

        page.goto(page.base_url + f"/dossiers/{case.pk}/reisdocumenten/")
        assert page.get_by_text("Verzonden: 04-05-2026").is_visible()
        assert_accessible(page, axe_source)


def test_team_lead_keeps_country_requirements(page: Any, axe_source: str, team_lead: User) -> None:
    login(page, team_lead.username)
    page.goto(page.base_url + "/landeneisen/")
    assert_accessible(page, axe_source)
    page.get_by_label("Land").select_option("MA")
    page.get_by_role("button", name="Openen").click()
    page.wait_for_url("**/landeneisen/MA/")
    assert_accessible(page, axe_source)
    page.get_by_label("Aantal pasfoto's").fill("-1")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_load_state()
    assert page.locator("#fouten").is_visible()
    assert_accessible(page, axe_source)
    page.get_by_label("Aantal pasfoto's").fill("2")
    page.get_by_label("Ambassade of consulaat").fill("Ambassade van Marokko")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url("**/landeneisen/MA/")
    assert CountryRequirement.objects.get().photos == 2
    assert_accessible(page, axe_source)
