"""Lockout after failed logins (django-axes): per account from one address, and per address across
accounts, so password spraying (a few guesses for each of many usernames) is stopped too."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from regie.accounts.choices import Role
from regie.accounts.models import User

pytestmark = pytest.mark.django_db

PASSWORD = "Regie-test-2026!"
SPRAYER = "203.0.113.7"
OFFICE = "198.51.100.20"


@pytest.fixture(autouse=True)
def _limits(settings: Any) -> None:
    settings.AXES_ENABLED = True
    settings.LOGIN_FAILURE_LIMIT = 5
    settings.LOGIN_IP_FAILURE_LIMIT = 20


def attempt(username: str, password: str, address: str) -> int:
    response = Client().post(reverse("web:login"), {"username": username, "password": password}, REMOTE_ADDR=address)
    return int(response.status_code)


def test_password_spraying_from_one_address_is_locked_out(make_user: Any) -> None:
    users: list[User] = [make_user(Role.CASE_MANAGER) for _ in range(8)]
    # 32 failures over 8 usernames: 4 each, under the per-account limit of 5.
    answers = [attempt(users[i % 8].username, "Zomer2026!", SPRAYER) for i in range(32)]
    assert answers[:19] == [200] * 19  # the login page again, with its error
    assert answers[19:] == [429] * 13  # from the 20th failure on: the lockout page
    # The address stays locked, also for a right password ...
    assert attempt(users[0].username, PASSWORD, SPRAYER) == 429
    # ... while the same accounts log in from another address.
    assert attempt(users[0].username, PASSWORD, OFFICE) == 302


def test_one_account_is_locked_after_five_failures_from_an_address(make_user: Any) -> None:
    target, colleague = make_user(Role.CASE_MANAGER), make_user(Role.CASE_MANAGER)
    answers = [attempt(target.username, "fout-wachtwoord", OFFICE) for _ in range(5)]
    assert answers == [200, 200, 200, 200, 429]
    assert attempt(target.username, PASSWORD, OFFICE) == 429
    # Five failures are far from the address's limit: a colleague in the same office logs in.
    assert attempt(colleague.username, PASSWORD, OFFICE) == 302


def test_the_lockout_page_explains(make_user: Any) -> None:
    target = make_user(Role.CASE_MANAGER)
    for _ in range(5):
        response = Client().post(
            reverse("web:login"), {"username": target.username, "password": "fout"}, REMOTE_ADDR=OFFICE
        )
    assert response.status_code == 429
    assert "Tijdelijk geblokkeerd" in response.content.decode()


def test_behind_proxies_the_address_comes_from_the_header_they_set(settings: Any, make_user: Any) -> None:
    from django.test import RequestFactory

    from regie.accounts.lockout import client_address

    forged = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.7", REMOTE_ADDR="127.0.0.1")
    assert client_address(forged) == "127.0.0.1"  # by default no header is trusted
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(forged) == "203.0.113.7"  # what the proxy saw, not what the client claims
    assert client_address(RequestFactory().get("/", REMOTE_ADDR="127.0.0.1")) == "127.0.0.1"

    # People behind one proxy keep their own limits.
    users = [make_user(Role.CASE_MANAGER) for _ in range(5)]
    for i in range(20):
        Client().post(
            reverse("web:login"),
            {"username": users[i % 5].username, "password": "fout"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=SPRAYER,
        )
    colleague = make_user(Role.CASE_MANAGER)
    ok = Client().post(
        reverse("web:login"),
        {"username": colleague.username, "password": PASSWORD},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR=OFFICE,
    )
    assert ok.status_code == 302
