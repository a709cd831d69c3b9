"""Security headers on every answer: the CSP, no-store on personal data, Permissions-Policy, the rest."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from regie.accounts.models import User
from regie.cases.models import Case

STRICT = {
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "form-action 'self'",
    "base-uri 'none'",
    "object-src 'none'",
}


def directives(header: str) -> set[str]:
    return {part.strip() for part in header.split(";") if part.strip()}


@pytest.mark.django_db
def test_pages_and_api_answers_carry_the_headers(
    web_as: Callable[[User], Client],
    case_manager: User,
    make_case: Callable[..., Case],
    issue_token: Callable[[User], str],
) -> None:
    case = make_case()
    web = web_as(case_manager)
    answers = {
        "dossier": web.get(f"/dossiers/{case.pk}/"),
        "caseload": web.get("/dossiers/"),
        "export": web.get("/dossiers/export/"),
        "api detail": Client().get(
            f"/api/v1/cases/{case.pk}", headers={"Authorization": f"Bearer {issue_token(case_manager)}"}
        ),
    }
    for name, response in answers.items():
        assert response.status_code == 200, name
        assert response["Cache-Control"] == "no-store", name
        assert directives(response["Content-Security-Policy"]) == STRICT, name
        assert "Content-Security-Policy-Report-Only" not in response, name
        assert "camera=()" in response["Permissions-Policy"], name
        assert response["Referrer-Policy"] == "same-origin", name
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", name
    assert "attachment" in answers["export"]["Content-Disposition"]


def test_a_static_file_is_not_no_store(client: Client) -> None:
    response = client.get("/static/regie/regie.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.django_db
def test_a_view_s_own_cache_control_is_kept(client: Client) -> None:
    # The login page is never_cache: Django's own header (which includes no-store) stays as it is.
    response = client.get("/inloggen/")
    assert response.status_code == 200
    assert response["Cache-Control"] != "no-store" and "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_report_only_sends_the_same_policy_under_the_other_header(settings: Any, client: Client) -> None:
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = settings.CONTENT_SECURITY_POLICY
    settings.CONTENT_SECURITY_POLICY = None
    response = client.get("/inloggen/")
    assert "Content-Security-Policy" not in response
    assert directives(response["Content-Security-Policy-Report-Only"]) == STRICT


TEMPLATES = sorted(Path(__file__).resolve().parents[2].glob("*/templates/**/*.html"))
# What the CSP refuses (or, in htmx, what would need eval): inline scripts, handlers, styles.
FORBIDDEN = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),
    "style block": re.compile(r"<style\b", re.IGNORECASE),
    "style attribute": re.compile(r"\sstyle\s*=", re.IGNORECASE),
    "event handler": re.compile(r"\son[a-z]+\s*=", re.IGNORECASE),
    "hx-on": re.compile(r"\shx-on", re.IGNORECASE),
    "javascript: URL or js: value": re.compile(r"\b(javascript|js):", re.IGNORECASE),
}


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_template_needs_unsafe_inline(template: Path) -> None:
    text = template.read_text(encoding="utf-8")
    found = [name for name, pattern in FORBIDDEN.items() if pattern.search(text)]
    assert not found, f"{template}: {found}"


def test_the_templates_are_found() -> None:
    assert len(TEMPLATES) > 20
