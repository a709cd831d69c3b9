"""Departure fixtures: the clock at 28 November 2026 10:00 (Amsterdam) and a case in progress."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable

import pytest

from regie.accounts.models import User
from regie.cases.choices import Phase
from regie.cases.models import Case
from regie.cases.services import case_transition
from regie.core.context import Actor
from regie.departures.models import Departure
from regie.departures.services import departure_plan
from regie.testing.fixtures import clock_at

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")
# Tests run at a fixed moment: plans and confirmations compare with "now".
NOW = dt.datetime(2026, 11, 28, 10, 0, tzinfo=AMS)
FLIGHT = dt.datetime(2026, 12, 10, 7, 15, tzinfo=AMS)


# Every test of this folder runs at this moment (rules and "not in the future" depend on it).
now, _frozen_clock = clock_at(NOW)


@pytest.fixture
def case(make_case: Callable[..., Case], case_manager: User) -> Case:
    """A case of `team`, assigned to `case_manager`, in progress."""
    return case_transition(
        actor=Actor(user=case_manager), case=make_case(), phase=Phase.IN_PROGRESS, expected_version=None
    )


@pytest.fixture
def planned(case: Case, case_manager: User) -> Departure:
    """A forced departure of `case`, planned by its case manager for FLIGHT."""
    return departure_plan(
        actor=Actor(user=case_manager),
        case=case,
        kind="forced",
        departs_at=FLIGHT,
        flight_number="KL1234",
        destination_country="SY",
        escort="kmar",
    )
