"""The second factor in a real browser: a person logs in with their password, sets up an authenticator
app (the key read from the page, the code computed as the app would), sees the recovery codes, logs out,
logs in again with a code from the app, then with a recovery code, which works only once."""

from __future__ import annotations

import base64
import re
from typing import Any

import pytest
from django_otp.oath import totp

from regie.accounts.models import User
from regie.testing.browser import E2E, assert_accessible, login

pytestmark = [*E2E, pytest.mark.usefixtures("mfa_required")]


def app_code(manual_key: str, steps_ahead: int = 0) -> str:
    """What the authenticator app shows for `manual_key` (base32 in groups of four)."""
    key = manual_key.replace(" ", "")
    raw = base64.b32decode(key + "=" * (-len(key) % 8))
    return f"{totp(raw, drift=steps_ahead):06d}"


def log_out(page: Any) -> None:
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_load_state()
    assert "/inloggen/" in page.url


def test_enrolment_and_login_with_a_code_and_a_recovery_code(page: Any, axe_source: str, case_manager: User) -> None:
    login(page, case_manager.username)
    assert "/inloggen/authenticator/" in page.url
    assert page.get_by_role("heading", level=1).inner_text() == "Authenticator-app instellen"
    assert page.get_by_role("img", name="QR-code voor uw authenticator-app").is_visible()
    assert_accessible(page, axe_source, name="authenticator instellen")
    key = page.locator("#manual-key").inner_text()
    assert re.fullmatch(r"([A-Z2-7]{4} )+[A-Z2-7]{1,4}", key)

    page.get_by_role("textbox", name="Code (verplicht)", exact=True).fill(app_code(key))
    page.get_by_role("button", name="Bevestigen").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Uw herstelcodes").is_visible()
    codes = page.locator(".regie-code-list code").all_inner_texts()
    assert len(codes) == 10
    assert_accessible(page, axe_source, name="herstelcodes")
    log_out(page)

    # Again, with a code from the app (the next one: the confirmation code is spent).
    login(page, case_manager.username)
    assert "/inloggen/code/" in page.url
    assert_accessible(page, axe_source, name="inloggen code")
    page.get_by_role("textbox", name="Code (verplicht)", exact=True).fill(app_code(key, steps_ahead=1))
    page.get_by_role("button", name="Controleren").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Mijn werkvoorraad"
    log_out(page)

    # Again, without the phone: a recovery code.
    login(page, case_manager.username)
    page.get_by_text("Geen toegang tot uw app? Gebruik een herstelcode").click()
    page.get_by_role("textbox", name="Herstelcode (verplicht)", exact=True).fill(codes[0])
    page.get_by_role("button", name="Herstelcode gebruiken").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Mijn werkvoorraad"
    assert page.get_by_text("U hebt nog 9 herstelcodes").is_visible()
    log_out(page)

    # The same recovery code does not work twice.
    login(page, case_manager.username)
    page.get_by_text("Geen toegang tot uw app? Gebruik een herstelcode").click()
    page.get_by_role("textbox", name="Herstelcode (verplicht)", exact=True).fill(codes[0])
    page.get_by_role("button", name="Herstelcode gebruiken").click()
    page.wait_for_load_state()
    assert "/inloggen/code/" in page.url
    assert page.get_by_role("alert").first.inner_text().startswith("Er is 1 fout in het formulier")
    assert_accessible(page, axe_source, name="inloggen herstelcode fout")
