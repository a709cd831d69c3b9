"""Departure fixtures: a frozen clock, a case of `team` assigned to `case_manager` and in progress,
and the API client helpers of regie.api.tests."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterator

import pytest

from regie.accounts.models import Team, User
from regie.api.tests.conftest import ApiClient, api_as, issue_token
from regie.cases.choices import Phase
from regie.cases.models import Case
from regie.cases.services import case_assign, case_intake, case_transition
from regie.conftest import intake_data
from regie.core import clock
from regie.core.context import Actor

__all__ = ["ApiClient", "api_as", "issue_token"]

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")
# Tests run at a fixed moment: plans and confirmations compare with "now".
NOW = dt.datetime(2026, 11, 28, 10, 0, tzinfo=AMS)
FLIGHT = dt.datetime(2026, 12, 10, 7, 15, tzinfo=AMS)


@pytest.fixture(autouse=True)
def _frozen_clock() -> Iterator[None]:
    with clock.frozen(NOW):
        yield


@pytest.fixture
def case(case_manager: User, team_lead: User, team: Team) -> Case:
    """A case of `team`, assigned to `case_manager`, in progress."""
    opened = case_intake(actor=Actor(user=case_manager), data=intake_data()).case
    opened = case_assign(
        actor=Actor(user=team_lead), case=opened, team=team, assigned_to=case_manager, expected_version=None
    )
    return case_transition(actor=Actor(user=case_manager), case=opened, phase=Phase.IN_PROGRESS, expected_version=None)
