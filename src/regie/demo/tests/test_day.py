"""The demo case manager's day (`regie demo` records it after the history) on any day the demo is loaded."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo

import pytest

from regie.accounts.models import User
from regie.cases.choices import Phase
from regie.cases.models import Case
from regie.cases.services import case_transition
from regie.core import clock
from regie.core.context import Actor
from regie.demo.day import demo_day
from regie.measures.models import Detention
from regie.travel_documents.models import LpRequest
from regie.travel_documents.services import lp_request_prepare

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Europe/Amsterdam")


def test_the_day_leaves_a_case_whose_laissez_passer_request_is_under_way_alone(
    make_case: Callable[..., Case], case_manager: User, team_lead: User
) -> None:
    def in_progress(case: Case) -> Case:
        return case_transition(
            actor=Actor(user=case_manager), case=case, phase=Phase.IN_PROGRESS, expected_version=case.version
        )

    # The generated history can leave an LP request running in the case manager's oldest case: the day
    # used to prepare a second one for the same country there, which the service refuses.
    long_ago = clock.today() - dt.timedelta(days=500)
    with clock.frozen(dt.datetime.combine(long_ago, dt.time(10), tzinfo=TZ)):
        busy, quiet = (in_progress(make_case(return_decision_date=long_ago - dt.timedelta(days=1))) for _ in "12")
        lp_request_prepare(actor=Actor(user=case_manager), case=busy, country="SY", reference="LP-1")

    done = demo_day(case_manager=case_manager, team_lead=team_lead)

    assert LpRequest.objects.filter(case=busy).count() == 1
    assert LpRequest.objects.filter(case=quiet, reference="LP-DEMO-1").exists()
    assert any(line.startswith(quiet.number) for line in done)
    assert not Detention.objects.filter(case=busy).exists()
