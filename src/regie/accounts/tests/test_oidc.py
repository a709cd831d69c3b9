"""Optional single sign-on (OpenID Connect): off by default; when on, only existing accounts of people
sign in, matched by a claim, and no account is ever created. No network: the backend's own methods."""

from __future__ import annotations

import importlib.util
from typing import Any

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY
from django.test import Client, RequestFactory
from django.urls import reverse

from regie.accounts.choices import Role
from regie.accounts.middleware import OIDC_BACKEND, second_factor_pending
from regie.accounts.models import User
from regie.accounts.oidc import ExistingAccountsOIDCBackend

pytestmark = pytest.mark.django_db


def settings_module(monkeypatch: pytest.MonkeyPatch, **env: str) -> Any:
    """A fresh copy of regie.settings read with `env` (the running settings stay as they are)."""
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.find_spec("regie.settings")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def oidc(settings: Any) -> None:
    settings.OIDC_ENABLED = True
    settings.OIDC_RP_CLIENT_ID = "regie"
    settings.OIDC_RP_CLIENT_SECRET = "test-secret"
    settings.OIDC_OP_TOKEN_ENDPOINT = "https://idp.example/token"
    settings.OIDC_OP_USER_ENDPOINT = "https://idp.example/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = "https://idp.example/jwks"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = "https://idp.example/authorize"
    settings.OIDC_USERNAME_CLAIM = "preferred_username"
    settings.OIDC_MATCH_FIELD = "username"


def test_off_by_default_and_on_by_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REGIE_OIDC_ENABLED", raising=False)
    off = settings_module(monkeypatch)
    assert OIDC_BACKEND not in off.AUTHENTICATION_BACKENDS and "mozilla_django_oidc" not in off.INSTALLED_APPS
    assert off.OIDC_COUNTS_AS_MFA is True and off.OIDC_CREATE_USER is False

    on = settings_module(monkeypatch, REGIE_OIDC_ENABLED="true", REGIE_OIDC_RP_CLIENT_ID="regie")
    assert on.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"  # lockout still first
    assert OIDC_BACKEND in on.AUTHENTICATION_BACKENDS and "mozilla_django_oidc" in on.INSTALLED_APPS
    assert on.OIDC_RP_CLIENT_ID == "regie" and on.OIDC_CREATE_USER is False


@pytest.mark.usefixtures("oidc")
def test_a_claim_matches_an_existing_active_person_only(make_user: Any) -> None:
    person = make_user(Role.CASE_MANAGER, username="j.devries")
    system = make_user(Role.SYSTEM, username="ind-koppeling")
    gone = make_user(Role.CASE_MANAGER, username="oud-collega", is_active=False)
    backend = ExistingAccountsOIDCBackend()
    assert list(backend.filter_users_by_claims({"preferred_username": "J.deVries"})) == [person]
    assert not backend.filter_users_by_claims({"preferred_username": system.username}).exists()
    assert not backend.filter_users_by_claims({"preferred_username": gone.username}).exists()
    assert not backend.filter_users_by_claims({"email": person.email}).exists()  # not the configured claim


@pytest.mark.usefixtures("oidc")
def test_matching_by_email_address(settings: Any, make_user: Any) -> None:
    settings.OIDC_MATCH_FIELD = "email"
    person = make_user(Role.TEAM_LEAD, email="lead@example.org")
    backend = ExistingAccountsOIDCBackend()
    assert list(backend.filter_users_by_claims({"email": "Lead@Example.org"})) == [person]
    assert not backend.filter_users_by_claims({"preferred_username": person.username}).exists()


@pytest.mark.usefixtures("oidc")
def test_an_unknown_identity_gets_no_account(monkeypatch: pytest.MonkeyPatch, make_user: Any) -> None:
    person = make_user(Role.CASE_MANAGER, username="bekend")
    backend = ExistingAccountsOIDCBackend()
    before = User.objects.count()
    monkeypatch.setattr(
        backend, "get_userinfo", lambda *a: {"preferred_username": "onbekend", "email": "x@example.org"}
    )
    assert backend.get_or_create_user("access", "id", {}) is None
    assert backend.create_user({"preferred_username": "onbekend"}) is None
    assert User.objects.count() == before

    monkeypatch.setattr(backend, "get_userinfo", lambda *a: {"preferred_username": "bekend"})
    assert backend.get_or_create_user("access", "id", {}) == person
    assert User.objects.count() == before


@pytest.mark.usefixtures("oidc")
def test_the_login_page_offers_single_sign_on(settings: Any) -> None:
    settings.ROOT_URLCONF = "regie.accounts.tests.oidc_urls"
    body = Client().get(reverse("web:login")).content.decode()
    assert "Inloggen met single sign-on" in body and 'href="/oidc/authenticate/' in body


def test_without_single_sign_on_the_login_page_has_no_button() -> None:
    assert "single sign-on" not in Client().get(reverse("web:login")).content.decode()


@pytest.mark.usefixtures("oidc", "mfa_required")
def test_a_single_sign_on_login_counts_as_the_second_factor_when_so_set(settings: Any, case_manager: User) -> None:
    request = RequestFactory().get("/")
    request.user = case_manager
    request.session = {BACKEND_SESSION_KEY: OIDC_BACKEND}  # type: ignore[assignment]
    assert not second_factor_pending(request)
    settings.OIDC_COUNTS_AS_MFA = False
    assert second_factor_pending(request)
    request.session = {BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend"}  # type: ignore[assignment]
    settings.OIDC_COUNTS_AS_MFA = True
    assert second_factor_pending(request)
