"""A person with a long-closed case that holds something of every kind, for retention and the export."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from regie.accounts.models import User
from regie.cases.models import Case
from regie.core import clock
from regie.core.context import Actor
from regie.testing.fixtures import closed_case, logged_in

PAST = dt.datetime(2020, 3, 2, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def history(make_case: Callable[..., Case], case_manager: User, team_lead: User) -> Callable[..., Case]:
    """history(closed_at=PAST, close=True): a case opened, worked on and (unless close=False) closed at
    `closed_at`, holding names, identifiers, special-category data, free text and facts of three apps."""
    from regie.cases.services import case_note_add, medical_background_update, special_circumstance_record
    from regie.interviews.services import interview_plan
    from regie.measures.services import reporting_duty_impose
    from regie.people.services import person_name_add
    from regie.removability.services import postponement_record

    def make(closed_at: dt.datetime = PAST, close: bool = True, **overrides: Any) -> Case:
        at = closed_at - dt.timedelta(days=30)
        with clock.frozen(at):
            case = make_case(return_decision_date=at.date() - dt.timedelta(days=10), **overrides)
            actor = Actor(user=case_manager)
            person_name_add(actor=actor, person=case.person, family_name="Hadad", given_names="Mohamed")
            case = medical_background_update(
                actor=actor, case=case, text="Diabetes (synthetisch).", expected_version=case.version
            )
            special_circumstance_record(actor=actor, case=case, kind="medical", description="Insuline (synthetisch).")
            case_note_add(actor=actor, case=case, text="Belde over zijn broer in Aleppo (synthetisch).")
            interview_plan(
                actor=actor,
                case=case,
                planned_at=at + dt.timedelta(days=2),
                place="Kantoor Zevenaar",
                interpreter_language="ar",
                interpreter_name="Tolk Synthetisch",
            )
            reporting_duty_impose(
                actor=actor, case=case, starts_on=at.date(), frequency="wekelijks", location="Zevenaar"
            )
            postponement_record(
                actor=actor,
                case=case,
                ground="hospital",
                starts_on=at.date(),
                ends_on=at.date() + dt.timedelta(days=60),
            )
            logged_in(case_manager).get(f"/dossiers/{case.pk}/")
        if not close:
            return Case.objects.get(pk=case.pk)
        with clock.frozen(closed_at):
            return closed_case(Case.objects.get(pk=case.pk), "unsupervised", case_manager)

    return make
