"""The Content-Security-Policy in a real browser: the pages and their htmx still work under it, and
Chromium reports no violation (docs/decisions/0015-security-headers.md)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from regie.accounts.models import User
from regie.cases.models import Case
from regie.testing.browser import E2E, login, settle_policies, watch_policies

pytestmark = E2E

# An inline script and an inline style attribute, added the way injected markup would arrive.
INJECT = """() => new Promise((resolve) => {
    const seen = [];
    document.addEventListener('securitypolicyviolation', (e) => {
        seen.push(e.effectiveDirective);
        if (seen.length === 2) resolve(seen.sort());
    });
    const script = document.createElement('script');
    script.textContent = 'window.injected = true';
    document.head.append(script);
    document.body.setAttribute('style', 'outline: 1px solid red');
})"""


def test_the_case_manager_s_pages_work_without_a_violation(
    page: Any, case_manager: User, make_case: Callable[..., Case]
) -> None:
    case = make_case(family_name="Abebe")
    reports = watch_policies(page)

    response = page.goto(page.base_url + "/inloggen/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "unsafe-eval" not in policy
    login(page, case_manager.username)
    assert page.get_by_role("heading", level=1).inner_text() == "Mijn werkvoorraad"

    # htmx: the caseload filter replaces only the table (an XHR, then a swap with an out-of-band count).
    page.get_by_label("Toegewezen aan").select_option("alle")
    with page.expect_response(lambda r: "/dossiers/?" in r.url) as filtered:
        page.get_by_role("button", name="Filter toepassen").click()
    assert filtered.value.request.headers.get("hx-request") == "true"
    page.wait_for_url("**toewijzing=alle**")
    assert page.locator("#caseload-count").inner_text().startswith("1 dossier")

    # htmx: the search posts and swaps its results in.
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Zoeken").click()
    page.get_by_label("Naam, alias, V-nummer of dossiernummer").fill("Abebe")
    with page.expect_response(lambda r: "/dossiers/zoeken/" in r.url and r.request.method == "POST") as searched:
        page.get_by_label("Naam, alias, V-nummer of dossiernummer").press("Enter")
    assert searched.value.request.headers.get("hx-request") == "true"
    page.locator("#search-results").get_by_role("link", name=case.number).click()
    page.wait_for_url(f"**/dossiers/{case.pk}/")

    # A plain form: a note on the dossier, posted and shown after the redirect.
    page.locator("textarea[name='notitie-text']").fill("Gesprek gepland met tolk.")
    page.get_by_role("button", name="Notitie opslaan").click()
    page.get_by_text("Gesprek gepland met tolk.").wait_for()
    # The stylesheet applies (it is not blocked): the dossier's summary has its border.
    border = page.locator(".regie-summary").first.evaluate("el => getComputedStyle(el).borderInlineStartWidth")
    assert border == "4px"

    settle_policies(page)
    assert reports == []

    # The watch can fail: markup injected into the page is refused and reported.
    assert page.evaluate(INJECT) == ["script-src-elem", "style-src-attr"]
    assert page.evaluate("() => window.injected === undefined")
    settle_policies(page)
    assert any("script-src-elem" in line for line in reports)


def test_the_admin_and_the_api_docs_work_without_a_violation(page: Any, administrator: User) -> None:
    reports = watch_policies(page)
    login(page, administrator.username)

    page.goto(page.base_url + "/admin/accounts/user/")
    page.get_by_role("link", name=administrator.username).click()
    page.wait_for_url("**/change/")
    # The admin's JavaScript ran: its jQuery is loaded and initialised the form.
    assert page.evaluate("() => typeof django !== 'undefined' && typeof django.jQuery === 'function'")
    page.get_by_role("button", name="Opslaan", exact=True).click()
    page.wait_for_url("**/admin/accounts/user/")

    page.goto(page.base_url + "/api/v1/docs")
    # Swagger UI ran: it rendered the operations from the OpenAPI document.
    page.locator(".opblock").first.wait_for()
    settle_policies(page)
    assert reports == []
