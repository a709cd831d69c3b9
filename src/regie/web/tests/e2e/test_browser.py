"""The web UI in a real browser: log in, caseload, search, dossier, intake, assign; axe-core on each page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from regie.accounts.models import Team, User
from regie.cases import services
from regie.cases.intake import IntakeData
from regie.cases.models import Case
from regie.core.context import Actor
from regie.testing.browser import E2E, assert_accessible, login

# Like every browser test module (see E2E): without serialized rollback, the flush after these tests
# recreated the content types, and the next module's restore of the serialized data failed on them.
pytestmark = E2E


def _open(user: User, data: IntakeData) -> Case:
    return services.case_intake(actor=Actor(user=user), data=data).case


def test_login_caseload_search_and_dossier(
    page: Any,
    axe_source: str,
    case_manager: User,
    team_lead: User,
    team: Team,
    make_intake: Callable[..., IntakeData],
) -> None:
    hadad = _open(case_manager, make_intake(given_names="Muhamad", family_name="Hadad", medical_background="Astma"))
    other = _open(case_manager, make_intake(family_name="Okafor", given_names="Chinedu"))
    unassigned = _open(case_manager, make_intake(family_name="Tesfaye", return_decision_date=dt.date(2026, 9, 1)))
    for case in (hadad, other):
        services.case_assign(
            actor=Actor(user=team_lead), case=case, team=team, assigned_to=case_manager, expected_version=None
        )

    page.goto(page.base_url + "/dossiers/")
    assert "/inloggen/" in page.url
    assert page.locator("html").get_attribute("lang") == "nl"
    assert_accessible(page, axe_source)
    # The skip link is the first stop for the keyboard, and visible when focused.
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Direct naar de inhoud")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.is_visible()

    login(page, case_manager.username)
    assert page.get_by_role("heading", level=1).inner_text() == "Mijn werkvoorraad"
    table = page.locator("#caseload-results table")
    assert table.get_by_role("link", name=hadad.number).is_visible()
    assert not table.get_by_role("link", name=unassigned.number).count()
    assert_accessible(page, axe_source)

    # Choosing a filter changes nothing until it is applied (WCAG 3.2.2); then only the table is
    # refreshed (htmx) and the URL keeps codes, never names.
    page.get_by_label("Toegewezen aan").select_option("alle")
    assert not table.get_by_role("link", name=unassigned.number).count()
    with page.expect_response(lambda r: "/dossiers/?" in r.url):
        page.get_by_role("button", name="Filter toepassen").click()
    page.locator("#caseload-results").get_by_role("link", name=unassigned.number).wait_for()
    assert "toewijzing=alle" in page.url
    assert page.locator("#caseload-count").inner_text().startswith("3 dossiers")

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Zoeken").click()
    page.get_by_label("Naam, alias, V-nummer of dossiernummer").fill("Mohammed Haddad")
    page.get_by_label("Naam, alias, V-nummer of dossiernummer").press("Enter")
    results = page.locator("#search-results table")
    results.get_by_role("link", name=hadad.number).wait_for()
    assert "Haddad" not in page.url and "Mohammed" not in page.url
    assert_accessible(page, axe_source)

    results.get_by_role("link", name=hadad.number).click()
    page.wait_for_url(f"**/dossiers/{hadad.pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Muhamad Hadad"
    assert page.get_by_role("paragraph").filter(has_text="Astma").is_visible()
    assert page.get_by_text("art. 62 Vw").first.is_visible()
    assert_accessible(page, axe_source)


def test_intake_through_the_form(page: Any, axe_source: str, case_manager: User) -> None:
    login(page, case_manager.username)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Nieuwe intake").click()
    assert_accessible(page, axe_source)

    page.get_by_label("V-nummer").fill("12345")
    page.get_by_label("Achternaam", exact=False).first.fill("Ghebremariam")
    page.get_by_label("Voornamen").first.fill("Yonas")
    page.get_by_label("Jaar").fill("1998")
    page.get_by_label("Aangeleverd door").select_option("ind")
    page.get_by_label("Kenmerk aanleverende dienst").fill("IND-E2E-1")
    page.get_by_label("Doelgroep").select_option("rejected_asylum")
    page.get_by_label("Ik neem het dossier zelf").check()
    page.get_by_label("Datum terugkeerbesluit").fill("2026-11-02")
    page.locator("#id_nationaliteit-0-country").select_option("ER")
    page.locator("#id_taal-0-code").select_option("ti")  # chosen by name: "Tigrinya"
    page.locator("#id_taal-0-interpreter_needed").check()
    page.get_by_role("button", name="Nog een taal").click()
    page.locator("#id_taal-1-code").wait_for()
    assert page.evaluate("document.activeElement.id") == "id_taal-1-code"
    page.get_by_role("button", name="Dossier aanmaken").click()
    page.wait_for_load_state()

    # The message sits next to the field, is tied to it for screen readers, and nothing was created.
    error = page.locator("#id_v_number-error")
    assert "Een V-nummer bestaat uit precies 10 cijfers." in error.inner_text()
    assert page.get_by_label("V-nummer").get_attribute("aria-invalid") == "true"
    assert "id_v_number-error" in (page.get_by_label("V-nummer").get_attribute("aria-describedby") or "")
    assert page.get_by_role("alert").first.is_visible()
    assert page.evaluate("document.activeElement.id") == "fouten"  # the focus is on the error summary
    assert page.get_by_label("Kenmerk aanleverende dienst").input_value() == "IND-E2E-1"
    assert Case.objects.count() == 0
    assert_accessible(page, axe_source)

    page.get_by_label("V-nummer").fill("4123456789")
    page.get_by_role("button", name="Dossier aanmaken").click()
    page.wait_for_load_state()

    case = Case.objects.get()
    assert page.url.endswith(f"/dossiers/{case.pk}/")
    assert page.get_by_text("Het dossier is aangemaakt.").is_visible()
    assert page.get_by_role("heading", level=1).inner_text() == "Yonas Ghebremariam"
    assert case.person.languages.get().interpreter_needed


def test_assign_as_team_lead(
    page: Any,
    axe_source: str,
    case_manager: User,
    team_lead: User,
    make_intake: Callable[..., IntakeData],
) -> None:
    case_manager.first_name, case_manager.last_name = "Sanne", "de Vries"
    case_manager.save(update_fields=["first_name", "last_name"])
    case = _open(case_manager, make_intake(family_name="Benali", given_names="Yacine"))

    login(page, team_lead.username)
    assert page.get_by_role("heading", level=1).inner_text() == "Werkvoorraad team"
    page.locator("#caseload-results").get_by_role("link", name=case.number).click()
    page.wait_for_url(f"**/dossiers/{case.pk}/")
    page.get_by_label("Regievoerder").select_option(label="Sanne de Vries (0 open)")  # with the workload
    page.get_by_role("button", name="Toewijzen").click()
    page.wait_for_load_state()

    assert page.get_by_text("Het dossier is toegewezen.").is_visible()
    case.refresh_from_db()
    assert case.assigned_to == case_manager
    assert page.get_by_role("heading", name="Opnieuw toewijzen").is_visible()
    assert_accessible(page, axe_source)
