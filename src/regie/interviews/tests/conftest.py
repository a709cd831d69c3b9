"""Interview fixtures: a case of `team` assigned to `case_manager`, and the API client helpers."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from regie.accounts.models import Team, User
from regie.api.tests.conftest import ApiClient, api_as, issue_token
from regie.cases.models import Case
from regie.cases.services import case_assign, case_intake
from regie.conftest import intake_data
from regie.core import clock
from regie.core.context import Actor
from regie.interviews.choices import CHECKED_CIRCUMSTANCES
from regie.interviews.domain import CheckInput

__all__ = ["ApiClient", "api_as", "issue_token"]

# Tests run at a fixed moment: planning and recording compare with "now".
NOW = dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _frozen_clock() -> Any:
    with clock.frozen(NOW):
        yield


@pytest.fixture
def assigned(team_lead: User, case_manager: User, team: Team) -> Case:
    case = case_intake(actor=Actor(user=team_lead), data=intake_data()).case
    return case_assign(
        actor=Actor(user=team_lead), case=case, team=team, assigned_to=case_manager, expected_version=case.version
    )


def all_checks(result: str = "not_present", note: str = "") -> dict[str, CheckInput]:
    return {c: CheckInput(result, note) for c in CHECKED_CIRCUMSTANCES}
