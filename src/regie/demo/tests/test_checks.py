"""The deploy check against demo accounts (their password is in the source code and printed by `regie demo`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import ProgrammingError

from regie.accounts.models import User
from regie.demo import checks
from regie.demo.accounts import DEMO_LOGINS, DEMO_PASSWORD
from regie.demo.generate import Staffing
from regie.demo.load import staff_create

pytestmark = pytest.mark.django_db


def ids() -> list[str]:
    return [p.id for p in checks.demo_accounts_check()]


def test_the_demo_staff_fails_the_check() -> None:
    staff = staff_create(staffing=Staffing(per_team=1, teams_per_region=1), seed=1, issue_token=False)
    assert {login for login, _ in staff.logins} == set(DEMO_LOGINS)
    assert ids() == ["regie.E012"]


def test_a_demo_login_with_a_changed_address_still_fails(make_user: Callable[..., User]) -> None:
    user = make_user("administrator", username="beheerder", email="beheer@gemeente.example.org")
    user.set_password(DEMO_PASSWORD)
    user.save()
    assert ids() == ["regie.E012"]


def test_real_accounts_pass_even_under_a_demo_name(make_user: Callable[..., User]) -> None:
    user = make_user("administrator", username="beheerder", email="beheer@gemeente.example.org")
    user.set_password("een-eigen-lang-wachtwoord")
    user.save()
    make_user("case_manager")
    assert ids() == []


def test_an_unreadable_database_is_a_warning(monkeypatch: Any) -> None:
    def unmigrated() -> bool:
        raise ProgrammingError('relation "accounts_user" does not exist')

    monkeypatch.setattr(checks, "demo_accounts_present", unmigrated)
    assert ids() == ["regie.W002"]
