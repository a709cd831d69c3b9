"""Browser-test fixtures, defined once for the whole suite (one Chromium per session).

Playwright (sync API) on Debian's Chromium against pytest-django's live server.

One browser per session; each test gets a fresh context (cookies, storage). axe-core comes from the
Node tools in tools/node. Missing browser or axe: the tests fail when CI is set, else they skip.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from a thread
# with a running loop unless told it is safe (it is: the loop only drives the browser).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

REPO = Path(__file__).resolve().parents[3]
CHROMIUM = Path(os.environ.get("REGIE_CHROMIUM", "/usr/bin/chromium"))
NODE_TOOLS = Path(os.environ.get("REGIE_NODE_TOOLS", REPO / "tools" / "node" / "node_modules"))
AXE = NODE_TOOLS / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PASSWORD = "Regie-test-2026!"


def unavailable(reason: str) -> None:
    """A missing tool fails the run in CI (it must be installed there) and skips elsewhere."""
    if os.environ.get("CI"):
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        unavailable(f"Chromium not found at {CHROMIUM} (apt-get install chromium, or set REGIE_CHROMIUM)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the Python package playwright is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.exists():
        unavailable(f"axe-core not found at {AXE} (npm ci --prefix tools/node, or set REGIE_NODE_TOOLS)")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    # Dutch first: the browser asks for Dutch, as a Dutch caseworker's would.
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.base_url = live_server.url
    yield page
    context.close()


def login(page: Any, username: str, password: str = PASSWORD) -> None:
    page.goto(page.base_url + "/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("main").get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()


def serious_violations(page: Any, axe_source: str) -> list[str]:
    """Run axe-core on the current page; the serious and critical violations, one line each."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Through the DevTools protocol, not a <script> tag: the page's CSP forbids inline scripts.
        page.evaluate(axe_source + "\n;undefined")
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        AXE_TAGS,
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:5]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


# What every browser test module declares: `pytestmark = E2E`. Serialized rollback: the live server
# needs committed data, and the rule tables that migrations seed must survive the flush between tests.
E2E = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
SCREENSHOTS = os.environ.get("REGIE_SCREENSHOTS", "")


def assert_accessible(page: Any, axe_source: str, name: str = "") -> None:
    """No serious or critical axe-core violation on the current page; with REGIE_SCREENSHOTS set, a
    full-page screenshot named `name` lands in that folder (the README's screenshot comes from there)."""
    violations = serious_violations(page, axe_source)
    assert not violations, f"axe-core on {page.url}:\n" + "\n".join(violations)
    if SCREENSHOTS and name:
        page.screenshot(path=f"{SCREENSHOTS}/{name}.png", full_page=True)


def watch_policies(page: Any) -> list[str]:
    """Every Content-Security-Policy violation and Permissions-Policy complaint Chromium reports on
    `page` from now on, one line each: from the console and from `securitypolicyviolation` events.

    `settle_policies(page)` before reading the list lets the page deliver what is pending."""
    reports: list[str] = []

    def console(message: Any) -> None:
        if "Content Security Policy" in message.text or "Permissions-Policy" in message.text:
            reports.append(f"console: {message.text}")

    page.on("console", console)
    page.expose_function("regieReportViolation", lambda line: reports.append(f"event: {line}"))
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', (e) => window.regieReportViolation("
        "`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} on ${e.documentURI} (${e.sourceFile}:${e.lineNumber})`"
        "));"
    )
    return reports


def settle_policies(page: Any) -> None:
    """Let the page run its queued tasks (violation events are dispatched as tasks), then one round trip."""
    page.evaluate("() => new Promise((resolve) => setTimeout(resolve, 0))")
    page.evaluate("() => true")
