"""The stored deadlines of a case are what its facts give, whatever was done in whatever order, on whatever day.

A machine works one case over weeks (hypothesis, stateful, over the services): days pass; the case
manager writes notes, records special circumstances and interviews; the team lead reassigns the case,
starts and ends a detention, puts the case on hold and back. Every step may be refused. After each one
the deadlines stored with the case (what the worklist, the caseload and the API read) are exactly what
the engine computes from the case's facts as they now stand: a recorded action during a detention moves
the due-speed signal (`detention_inactivity`), whichever service recorded it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule, run_state_machine_as_test

from regie.accounts.models import User
from regie.audit.services import audit_verify
from regie.cases.choices import HoldReason, Phase, SpecialCircumstanceKind
from regie.cases.models import Case
from regie.cases.services import case_assign, case_note_add, case_transition, special_circumstance_record
from regie.core.context import Actor
from regie.core.errors import RegieError
from regie.deadlines.domain import compute_deadlines
from regie.deadlines.models import CaseDeadline
from regie.deadlines.selectors import case_facts, rules_in_force
from regie.interviews.choices import CHECKED_CIRCUMSTANCES
from regie.interviews.domain import CheckInput
from regie.interviews.services import interview_record
from regie.measures.models import Detention
from regie.measures.services import detention_end, detention_start
from regie.testing.fixtures import proposer_for

from .conftest import DAY, on

pytestmark = pytest.mark.django_db


def stored(case: Case) -> list[tuple[str, str, dt.date]]:
    return sorted(CaseDeadline.objects.filter(case=case).values_list("code", "source_id", "due"))


def computed(case: Case) -> list[tuple[str, str, dt.date]]:
    return sorted((d.code, d.source_id, d.due) for d in compute_deadlines(case_facts(case), rules_in_force()))


def test_stored_deadlines_follow_the_facts_whatever_the_order(
    today: dt.date, make_case: Callable[..., Case], case_manager: User, team_lead: User, team: Any
) -> None:
    worker, lead = Actor(user=case_manager), Actor(user=team_lead)
    seen: Counter[str] = Counter()

    class Working(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.day = DAY
            with on(DAY):  # a case of its own for every run (the database is not rolled back between runs)
                self.case = make_case(return_decision_date=dt.date(2026, 1, 5))

        def fresh(self) -> Case:
            return Case.objects.get(pk=self.case.pk)

        def attempt(self, step: Any, by: Actor | None = None, **kwargs: Any) -> None:
            with on(self.day):
                try:
                    step(actor=by or worker, **kwargs)
                except RegieError:
                    seen["refused"] += 1
                else:
                    seen[step.__name__] += 1

        def running(self) -> Detention | None:
            return Detention.objects.filter(case=self.case, ends_on__isnull=True).first()

        @rule(days=st.sampled_from([1, 6, 15]))
        def days_pass(self, days: int) -> None:
            self.day += dt.timedelta(days=days)

        @rule()
        def note(self) -> None:
            self.attempt(case_note_add, case=self.fresh(), text="Telefonisch contact (synthetisch).")

        @rule(kind=st.sampled_from([SpecialCircumstanceKind.PREGNANCY, SpecialCircumstanceKind.VULNERABILITY]))
        def circumstance(self, kind: str) -> None:
            self.attempt(special_circumstance_record, case=self.fresh(), kind=kind, description="")

        @rule(stance=st.sampled_from(["cooperates", "does_not"]))
        def interview(self, stance: str) -> None:
            held = dt.datetime.combine(self.day, dt.time(9, 0))
            self.attempt(
                interview_record,
                case=self.fresh(),
                held_at=held.replace(tzinfo=dt.timezone(dt.timedelta(hours=1))),
                summary="Vertrekgesprek (synthetisch).",
                stance=stance,
                checks={c: CheckInput("not_present") for c in CHECKED_CIRCUMSTANCES},
            )

        @rule()
        def reassign(self) -> None:
            self.attempt(
                case_assign, by=lead, case=self.fresh(), team=team, assigned_to=case_manager, expected_version=None
            )

        @rule(to=st.sampled_from([Phase.ON_HOLD, Phase.IN_PROGRESS]))
        def transition(self, to: str) -> None:
            extra = {"hold_reason": HoldReason.PENDING_PROCEDURE} if to == Phase.ON_HOLD else {}
            self.attempt(case_transition, case=self.fresh(), phase=to, expected_version=None, **extra)

        @precondition(lambda self: self.running() is None)
        @rule(days_ago=st.sampled_from([0, 3, 20]))
        def start_detention(self, days_ago: int) -> None:
            fresh = self.fresh()
            self.attempt(
                detention_start,
                by=lead,
                case=fresh,
                basis="art59",
                place="Detentiecentrum Rotterdam",
                grounds="Risico op onttrekking (synthetisch).",
                starts_on=self.day - dt.timedelta(days=days_ago),
                proposed_by=proposer_for(team_lead, fresh),
            )

        @precondition(lambda self: self.running() is not None)
        @rule()
        def end_detention(self) -> None:
            if (detention := self.running()) is not None:
                self.attempt(
                    detention_end,
                    detention=detention,
                    ends_on=self.day,
                    end_reason="court_order",
                    expected_version=None,
                )

        @invariant()
        def deadlines_are_what_the_facts_give(self) -> None:
            fresh = self.fresh()
            with on(self.day):
                assert stored(fresh) == computed(fresh)

        def teardown(self) -> None:
            audit_verify()

    run_state_machine_as_test(
        Working,
        settings=settings(
            max_examples=25,
            stateful_step_count=12,
            deadline=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        ),
    )
    # The machine did reach what it is about: actions recorded during a running detention.
    assert seen["detention_start"] and seen["case_note_add"] and seen["case_assign"], seen
