"""Interview fixtures: the clock at 1 December 2026 and an assigned case (shared fixtures do the rest)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from regie.cases.models import Case
from regie.interviews.choices import CHECKED_CIRCUMSTANCES
from regie.interviews.domain import CheckInput
from regie.testing.fixtures import clock_at

# Tests run at a fixed moment: planning and recording compare with "now".
NOW = dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC)


# Every test of this folder runs at this moment (rules and "not in the future" depend on it).
now, _frozen_clock = clock_at(NOW)


@pytest.fixture
def assigned(make_case: Callable[..., Case]) -> Case:
    return make_case()


def all_checks(result: str = "not_present", note: str = "") -> dict[str, CheckInput]:
    return {c: CheckInput(result, note) for c in CHECKED_CIRCUMSTANCES}
