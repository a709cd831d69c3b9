"""Shared fixtures: ordinary users of every role (never superusers), a team, an intake builder."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from typing import Any

import pytest

from regie.accounts.choices import Role
from regie.accounts.models import PartnerOrganisation, Team, User
from regie.cases.intake import IntakeData, LanguageIn, NationalityIn
from regie.core.context import Actor, Channel
from regie.testing.browser import axe_source, browser, page  # noqa: F401  (browser fixtures, defined once)

_counter = itertools.count(1)


@pytest.fixture
def system() -> Actor:
    return Actor(user=None, channel=Channel.CLI)


@pytest.fixture
def team(db: Any) -> Team:
    return Team.objects.create(name="Team Noord")


@pytest.fixture
def other_team(db: Any) -> Team:
    return Team.objects.create(name="Team Zuid")


def _user(role: str, *teams: Team, **extra: Any) -> User:
    n = next(_counter)
    user = User.objects.create_user(username=f"{role}{n}", password="Regie-test-2026!", role=role, **extra)
    user.teams.set(teams)
    return user


@pytest.fixture
def make_user(db: Any) -> Callable[..., User]:
    return _user


@pytest.fixture
def case_manager(team: Team) -> User:
    return _user(Role.CASE_MANAGER, team)


@pytest.fixture
def other_case_manager(other_team: Team) -> User:
    return _user(Role.CASE_MANAGER, other_team)


@pytest.fixture
def team_lead(team: Team) -> User:
    return _user(Role.TEAM_LEAD, team)


@pytest.fixture
def analyst(db: Any) -> User:
    return _user(Role.ANALYST)


@pytest.fixture
def privacy_officer(db: Any) -> User:
    return _user(Role.PRIVACY_OFFICER)


@pytest.fixture
def administrator(db: Any) -> User:
    return _user(Role.ADMINISTRATOR)


@pytest.fixture
def partner(db: Any) -> User:
    org = PartnerOrganisation.objects.create(name="IOM Nederland", kind="iom")
    return _user(Role.PARTNER, partner_organisation=org)


@pytest.fixture
def system_user(db: Any) -> User:
    return _user(Role.SYSTEM)


def intake_data(**overrides: Any) -> IntakeData:
    """A valid intake with unique V-number and source reference; override any field."""
    n = next(_counter)
    values: dict[str, Any] = {
        "v_number": f"{3000000000 + n:010d}",
        "family_name": "Haddad",
        "given_names": "Mohammed",
        "birth_year": 1991,
        "birth_month": 3,
        "source": "ind",
        "source_reference": f"IND-TEST-{n}",
        "target_group": "rejected_asylum",
        "return_decision_reference": f"BES-{n}",
        "return_decision_date": dt.date(2026, 11, 2),
        "return_decision_authority": "IND",
        "nationalities": (NationalityIn("SY"),),
        "languages": (LanguageIn("ar", True),),
    }
    values.update(overrides)
    return IntakeData(**values)


@pytest.fixture
def make_intake() -> Callable[..., IntakeData]:
    return intake_data


@pytest.fixture(autouse=True)
def _dutch_by_default() -> Any:
    """Each test starts in the interface's default language: a request in English (LocaleMiddleware
    activates it for the thread) must not leak into the next test."""
    from django.utils import translation

    translation.activate("nl")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """Argon2 is deliberately slow; tests check roles and flows, not the hash (settings test that)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _reference_data(request: Any) -> None:
    """Seeded reference data (rules as data) for every test that uses the database.

    Migrations seed it once, but transactional tests (browser, worker) flush all tables afterwards;
    re-seeding keeps every later test independent of the order tests run in.
    """
    marker = request.node.get_closest_marker("django_db")
    names = request.fixturenames
    if "transactional_db" in names or "live_server" in names or (marker and marker.kwargs.get("transaction")):
        request.getfixturevalue("transactional_db")
    elif "db" in names or marker:
        request.getfixturevalue("db")
    else:
        return
    from regie.deadlines.seed import rules_seed
    from regie.support.seed import amount_rules_seed

    rules_seed()
    amount_rules_seed()
