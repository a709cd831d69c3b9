"""Interview reads per role: visibility is the case's; check details only for special categories."""

from __future__ import annotations

import datetime as dt

import pytest

from regie.core.context import Actor
from regie.core.errors import NotFound
from regie.interviews import selectors
from regie.interviews.domain import CheckInput
from regie.interviews.services import departure_plan_update, interview_plan, interview_record

from .conftest import NOW, all_checks

pytestmark = pytest.mark.django_db


@pytest.fixture
def interviews(assigned, case_manager):
    actor = Actor(user=case_manager)
    held = interview_record(
        actor=actor,
        case=assigned,
        held_at=NOW - dt.timedelta(days=1),
        summary="Eerste gesprek.",
        stance="cooperates",
        checks={
            **all_checks(),
            "medical": CheckInput("present", "synthetische klacht"),
            "minors": CheckInput("not_checked"),
        },
    )
    planned = interview_plan(actor=actor, case=assigned, planned_at=NOW + dt.timedelta(days=7), place="Ter Apel")
    return held, planned


def test_case_workers_of_the_team_see_interviews_others_see_none(
    assigned, interviews, case_manager, team_lead, other_case_manager, analyst, partner
) -> None:
    held, planned = interviews
    for user in (case_manager, team_lead):
        assert [i.pk for i in selectors.interview_list(user=user, case_id=assigned.pk)] == [held.pk, planned.pk]
        assert selectors.interview_get(user=user, case_id=assigned.pk, interview_id=planned.pk) == planned
    for user in (other_case_manager, analyst, partner):
        assert list(selectors.interview_list(user=user, case_id=assigned.pk)) == []
        with pytest.raises(NotFound):
            selectors.interview_get(user=user, case_id=assigned.pk, interview_id=planned.pk)
    with pytest.raises(NotFound):
        selectors.interview_get(user=case_manager, case_id=assigned.pk, interview_id="not-a-uuid")


def test_check_details_only_for_special_categories(
    assigned, interviews, case_manager, team_lead, make_user, team
) -> None:
    colleague = make_user("case_manager", team)  # same team, not assigned
    for user in (case_manager, team_lead):
        held_view = selectors.interview_views(user=user, case=assigned)[0]
        assert held_view.checks is not None
        medical = next(c for c in held_view.checks if c.circumstance == "medical")
        assert medical.result == "present" and medical.note == "synthetische klacht"
    held_view, planned_view = selectors.interview_views(user=colleague, case=assigned)
    assert held_view.checks is None and held_view.rank == 1 and held_view.unchecked == ("minors",)
    assert planned_view.rank == 0 and not planned_view.checks_required


def test_dossier_section_gathers_interviews_flags_and_plan(assigned, interviews, case_manager, make_user, team) -> None:
    section = selectors.interviews_dossier_section(user=case_manager, case=assigned)
    assert section["held_count"] == 1 and len(section["planned"]) == 1
    assert [v.unchecked for v in section["missing_checks"]] == [("minors",)]
    assert section["plan"] is None and not section["plan_current"] and section["can_work"]
    departure_plan_update(
        actor=Actor(user=case_manager), case=assigned, strategy="Gedwongen vertrek", expected_version=0
    )
    section = selectors.interviews_dossier_section(user=case_manager, case=assigned)
    assert section["plan"].number == 1 and section["plan_current"] and len(section["plan_history"]) == 1
    colleague = make_user("case_manager", team)
    assert not selectors.interviews_dossier_section(user=colleague, case=assigned)["special_categories_visible"]
