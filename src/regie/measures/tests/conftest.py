"""Fixtures of the measures tests: a frozen day, an assigned case, the facts a VBL placement needs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from regie.accounts.models import User
from regie.cases.models import Case
from regie.core import clock
from regie.interviews.models import DeparturePlanVersion
from regie.travel_documents.models import LpRequest

DAY = dt.date(2026, 11, 2)


@pytest.fixture
def now() -> dt.datetime:
    return dt.datetime.combine(DAY, dt.time(10, 0))


@pytest.fixture
def today(db: Any, frozen: dt.datetime) -> dt.date:
    """The whole test runs on DAY, 10:00 (services read the clock, never the system time)."""
    return DAY


def on(day: dt.date, hour: int = 10) -> Any:
    """Freeze the clock on another day inside a test: `with on(DAY + 14 days): ...`."""
    return clock.frozen(dt.datetime.combine(day, dt.time(hour, 0)))


@pytest.fixture
def case(today: dt.date, make_case: Callable[..., Case]) -> Case:
    """A case of `team`, assigned to `case_manager`."""
    # A return decision well before the measures these tests start (none may start before it).
    return make_case(return_decision_date=dt.date(2026, 1, 5))


@pytest.fixture
def vbl_ready(case_manager: User) -> Callable[..., None]:
    """Give a case the facts a VBL placement needs: a departure plan of `plan_on`, a sent LP request."""

    def make(case: Case, *, plan_on: dt.date | None = DAY, lp_sent_on: dt.date | None = DAY) -> None:
        if plan_on is not None:
            plan = DeparturePlanVersion.objects.create(
                case=case, number=1, strategy="Zelfstandig vertrek voorbereiden", author=case_manager
            )
            at = timezone.make_aware(dt.datetime.combine(plan_on, dt.time(9, 0)))
            DeparturePlanVersion.objects.filter(pk=plan.pk).update(created_at=at)
        if lp_sent_on is not None:
            LpRequest.objects.create(
                case=case,
                country="SY",
                status="sent",
                prepared_on=lp_sent_on,
                sent_on=lp_sent_on,
                created_by=case_manager,
            )

    return make
