"""A case manager writes a letter in a real browser: the dossier's "Brieven" section, the compose page with
the Arabic preview right to left, issuing it, and the letter on the dossier. axe-core on every page."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from regie.accounts.models import User
from regie.cases.models import Case
from regie.letters.models import Letter
from regie.testing.browser import E2E, assert_accessible, login

pytestmark = E2E


def test_a_case_manager_previews_and_issues_an_arabic_letter(
    page: Any, axe_source: str, full_dossier: Case, case_manager: User
) -> None:
    login(page, case_manager.username)
    page.goto(page.base_url + reverse("cases:dossier", kwargs={"case_id": full_dossier.pk}))
    page.get_by_role("link", name="Brief opstellen").click()
    page.wait_for_url("**/brieven/nieuw/")
    assert_accessible(page, axe_source, name="brief opstellen")

    page.get_by_label("Soort brief").select_option(label="Kennisgeving meldplicht")
    page.get_by_label("Taal").select_option(label="Arabisch")
    page.get_by_role("button", name="Brief bekijken").click()
    preview = page.locator('article[lang="ar"][dir="rtl"]')
    preview.wait_for()
    assert "Politiebureau Zevenaar" in preview.inner_text()
    assert page.evaluate("() => getComputedStyle(document.querySelector('article[lang=ar]')).direction") == "rtl"
    # The Arabic is set in the bundled face the PDF uses, not in whatever the machine has.
    loaded = page.evaluate(
        """async () => { await document.fonts.ready;
        return [...document.fonts].filter(f => f.status === 'loaded' && f.unicodeRange.includes('U+600'))
            .map(f => f.weight); }"""
    )
    assert "400" in loaded, loaded
    assert_accessible(page, axe_source, name="voorbeeld arabisch")

    page.get_by_role("button", name="Brief versturen").click()
    page.get_by_text("De brief is verstuurd met kenmerk").wait_for()
    letter = Letter.objects.get()
    section = page.locator("section", has=page.get_by_role("heading", name="Brieven"))
    assert section.get_by_role("link", name="Kennisgeving meldplicht").is_visible()
    assert letter.reference in section.inner_text()
    assert_accessible(page, axe_source, name="dossier met brief")
