"""Support fixtures: an assigned case, partner organisations and their users, a household, an API client."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from regie.accounts.choices import Role
from regie.accounts.models import PartnerOrganisation, User
from regie.cases.models import Case
from regie.core.context import Actor
from regie.people import services as people_services
from regie.people.models import Person

TODAY = dt.date(2026, 11, 28)


@pytest.fixture
def now() -> dt.datetime:
    return dt.datetime(2026, 11, 28, 12, 0)


@pytest.fixture(autouse=True)
def _today(frozen: dt.datetime) -> None:
    """Every support test runs on 28 November 2026 (rules, lookbacks and "not in the future" depend on it)."""


@pytest.fixture
def open_assigned(make_case: Callable[..., Case]) -> Callable[..., Case]:
    """Open a case (intake overrides allowed) and assign it to `case_manager` in `team`."""
    return make_case


@pytest.fixture
def case(open_assigned: Callable[..., Case]) -> Case:
    """An adult Syrian (claimed nationality), born March 1991, assigned to `case_manager`."""
    return open_assigned(medical_background="synthetische diagnose")


@pytest.fixture
def iom(db: Any) -> PartnerOrganisation:
    return PartnerOrganisation.objects.create(name="IOM Test", kind="iom")


@pytest.fixture
def ngo(db: Any) -> PartnerOrganisation:
    return PartnerOrganisation.objects.create(name="Stichting Test", kind="ngo")


@pytest.fixture
def partner_of(make_user: Callable[..., User]) -> Callable[[PartnerOrganisation], User]:
    def make(org: PartnerOrganisation) -> User:
        return make_user(Role.PARTNER, partner_organisation=org)

    return make


@pytest.fixture
def child_of(case_manager: User) -> Callable[[Case], Person]:
    """A child (born 2015) put in one household with the case's person."""

    def make(case: Case, **fields: Any) -> Person:
        actor = Actor(user=case_manager)
        values: dict[str, Any] = {"v_number": "9100000001", "family_name": "Haddad", "given_names": "Rania"}
        values.update(birth_year=2015, birth_month=5, birth_day=2)
        values.update(fields)
        child = people_services.person_create(actor=actor, **values)
        people_services.nationality_record(actor=actor, person=child, country="SY", status="claimed")
        people_services.household_set(actor=actor, persons=[case.person, child], label="gezin")
        case.person.refresh_from_db()
        return child

    return make
