"""Interview services: each asserts its audit record; every refusal names its field; nothing half-written."""

from __future__ import annotations

import datetime as dt

import pytest

from regie.audit.choices import EventType
from regie.audit.models import AuditEvent
from regie.cases.choices import Outcome
from regie.cases.models import Case
from regie.core import clock
from regie.core.context import Actor, Channel
from regie.core.errors import ConcurrentEdit, IllegalTransition, NotFound, PermissionDenied, ValidationFailed
from regie.deadlines.models import CaseDeadline
from regie.interviews import selectors
from regie.interviews.domain import CheckInput
from regie.interviews.models import CircumstanceCheck, DeparturePlanVersion, Interview
from regie.interviews.services import (
    departure_plan_update,
    interview_cancel,
    interview_no_show,
    interview_plan,
    interview_record,
)
from regie.testing.fixtures import closed_case

from .conftest import NOW, all_checks

pytestmark = pytest.mark.django_db

FLAG = "special_circumstances_unchecked"


def events(event_type: str, **filters: object) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(event_type=event_type, **filters).order_by("id"))


def record(case: Case, user, *, held_at: dt.datetime, checks=None, interview=None, **extra) -> Interview:
    values = {"summary": "Gesprek over vertrek.", "stance": "partly", "participants": "regievoerder, tolk"}
    values.update(extra)
    return interview_record(
        actor=Actor(user=user),
        case=case,
        interview=interview,
        expected_version=interview.version if interview else None,
        held_at=held_at,
        checks=all_checks() if checks is None else checks,
        **values,
    )


def flags(case: Case) -> list[CaseDeadline]:
    return list(CaseDeadline.objects.filter(case=case, code=FLAG).order_by("due"))


# --- planning -----------------------------------------------------------------------------------


def test_plan_creates_a_planned_interview_and_audits_it(assigned, case_manager) -> None:
    actor = Actor(user=case_manager, channel=Channel.API)
    interview = interview_plan(
        actor=actor,
        case=assigned,
        planned_at=NOW + dt.timedelta(days=2),
        place=" AZC Ter Apel ",
        interpreter_language="ti",
        interpreter_name="Tolk Tigrinya",
    )
    assert interview.status == "planned" and interview.place == "AZC Ter Apel" and interview.version == 1
    [event] = events(EventType.INTERVIEW_PLANNED, case_id=assigned.pk)
    assert event.actor == case_manager and event.channel == "api" and event.request_id == actor.request_id
    assert event.subject_id == str(interview.pk) and event.person_id == assigned.person_id
    assert event.new_values["interpreter_language"] == "ti" and event.new_values["status"] == "planned"
    assert Case.objects.get(pk=assigned.pk).version == assigned.version  # the case form does not go stale


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("planned_at", {"planned_at": NOW - dt.timedelta(days=2)}),
        ("planned_at", {"planned_at": None}),
        ("interpreter_language", {"interpreter_language": "xyz1"}),
        ("interpreter_language", {"interpreter_language": "", "interpreter_name": "Tolk zonder taal"}),
        ("place", {"place": "p" * 201}),
    ],
)
def test_plan_refusals_name_the_field(assigned, case_manager, field, kwargs) -> None:
    values = {"planned_at": NOW + dt.timedelta(days=1), "interpreter_language": "ar", **kwargs}
    with pytest.raises(ValidationFailed) as refused:
        interview_plan(actor=Actor(user=case_manager), case=assigned, **values)
    assert list(refused.value.errors) == [field]
    assert "Tolk zonder taal" not in refused.value.message
    assert not Interview.objects.exists() and not events(EventType.INTERVIEW_PLANNED)


def test_only_case_workers_of_the_team_write(assigned, other_case_manager, analyst, partner, team_lead) -> None:
    for user in (other_case_manager, analyst, partner):
        with pytest.raises(PermissionDenied):
            interview_plan(actor=Actor(user=user), case=assigned, planned_at=NOW + dt.timedelta(days=1))
        with pytest.raises(PermissionDenied):
            departure_plan_update(actor=Actor(user=user), case=assigned, strategy="x", expected_version=0)
    # The team lead of the case's team may stand in.
    interview_plan(actor=Actor(user=team_lead), case=assigned, planned_at=NOW + dt.timedelta(days=1))
    assert Interview.objects.count() == 1


def test_a_closed_case_takes_no_interviews_or_plans(assigned, case_manager) -> None:
    closed = closed_case(assigned, Outcome.UNSUPERVISED, case_manager)
    with pytest.raises(PermissionDenied):
        interview_plan(actor=Actor(user=case_manager), case=closed, planned_at=NOW + dt.timedelta(days=1))
    with pytest.raises(PermissionDenied):
        record(closed, case_manager, held_at=NOW)
    with pytest.raises(PermissionDenied):
        departure_plan_update(actor=Actor(user=case_manager), case=closed, strategy="x", expected_version=0)


# --- recording ----------------------------------------------------------------------------------


def test_record_a_planned_interview_with_checks_and_audit(assigned, case_manager) -> None:
    planned = interview_plan(
        actor=Actor(user=case_manager), case=assigned, planned_at=NOW - dt.timedelta(minutes=30), place="Ter Apel"
    )
    checks = {
        **all_checks(),
        "medical": CheckInput("present", " diabetes, synthetisch "),
        "minors": CheckInput("not_checked"),
    }
    held = record(assigned, case_manager, held_at=NOW - dt.timedelta(minutes=5), checks=checks, interview=planned)
    assert held.status == "held" and held.version == 2 and held.conducted_by == case_manager
    assert held.place == "Ter Apel" and held.stance == "partly"
    assert CircumstanceCheck.objects.get(interview=held, circumstance="medical").note == "diabetes, synthetisch"
    [event] = events(EventType.INTERVIEW_RECORDED, case_id=assigned.pk)
    assert event.old_values["status"] == "planned" and event.new_values["status"] == "held"
    assert event.new_values["rank"] == 1 and event.new_values["summary_length"] == len("Gesprek over vertrek.")
    assert event.new_values["checks"] == {
        "medical": "checked",
        "minors": "not_checked",
        "trafficking": "checked",
        "vulnerability": "checked",
    }
    assert event.new_values["unchecked"] == ["minors"]
    # Special-category content never enters the trail: not the note, not whether it is present.
    assert "diabetes" not in str(event.new_values) and "present" not in str(event.new_values)
    assert "Gesprek over vertrek" not in str(event.new_values)
    [flag] = flags(assigned)
    assert flag.kind == "flag" and flag.source_id == str(held.pk) and "minderjarigen" in flag.explanation


def test_an_interview_held_without_planning_is_recorded_directly(assigned, case_manager) -> None:
    held = record(assigned, case_manager, held_at=NOW - dt.timedelta(days=1), place="Detentiecentrum Rotterdam")
    assert held.status == "held" and held.planned_at == held.held_at and held.version == 1
    [event] = events(EventType.INTERVIEW_RECORDED, case_id=assigned.pk)
    assert event.old_values == {"status": None} and event.new_values["place"] == "Detentiecentrum Rotterdam"
    assert flags(assigned) == []


def test_recording_without_a_stance_is_refused(assigned, case_manager) -> None:
    planned = interview_plan(actor=Actor(user=case_manager), case=assigned, planned_at=NOW)
    with pytest.raises(ValidationFailed) as refused:
        record(assigned, case_manager, held_at=NOW, interview=planned, stance="")
    assert list(refused.value.errors) == ["stance"]
    planned.refresh_from_db()
    assert planned.status == "planned" and planned.version == 1
    assert not CircumstanceCheck.objects.exists() and not events(EventType.INTERVIEW_RECORDED)


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("held_at", {"held_at": NOW + dt.timedelta(hours=2)}),
        ("summary", {"summary": "   "}),
        ("stance", {"stance": "enthusiastic"}),
        ("interpreter_language", {"interpreter_language": "Arabisch"}),
        ("participants", {"participants": "x" * 501}),
    ],
)
def test_record_refusals_name_the_field(assigned, case_manager, field, kwargs) -> None:
    values = {"held_at": NOW, **kwargs}
    with pytest.raises(ValidationFailed) as refused:
        record(assigned, case_manager, **values)
    assert field in refused.value.errors
    assert not Interview.objects.exists()


def test_each_of_the_first_three_must_name_every_circumstance(assigned, case_manager) -> None:
    partial = {k: v for k, v in all_checks().items() if k not in ("trafficking", "minors")}
    with pytest.raises(ValidationFailed) as refused:
        record(assigned, case_manager, held_at=NOW - dt.timedelta(days=3), checks=partial)
    assert set(refused.value.errors) == {"checks.trafficking", "checks.minors"}
    assert not Interview.objects.exists() and not CircumstanceCheck.objects.exists()
    for days in (3, 2, 1):
        record(assigned, case_manager, held_at=NOW - dt.timedelta(days=days))
    # The fourth may leave circumstances out, and no flag follows from it.
    fourth = record(assigned, case_manager, held_at=NOW, checks={})
    assert fourth.checks.count() == 0 and flags(assigned) == []
    assert events(EventType.INTERVIEW_RECORDED)[-1].new_values["rank"] == 4


def test_a_back_dated_interview_takes_its_place_in_time(assigned, case_manager) -> None:
    for days in (3, 2, 1):
        record(assigned, case_manager, held_at=NOW - dt.timedelta(days=days))
    with pytest.raises(ValidationFailed) as refused:
        record(assigned, case_manager, held_at=NOW - dt.timedelta(days=10), checks={})
    assert set(refused.value.errors) == {f"checks.{c}" for c in ("medical", "trafficking", "minors", "vulnerability")}


def test_unknown_circumstance_or_result_is_refused(assigned, case_manager) -> None:
    with pytest.raises(ValidationFailed) as unknown:
        record(assigned, case_manager, held_at=NOW, checks={**all_checks(), "Haddad": CheckInput("present")})
    assert list(unknown.value.errors) == ["checks"] and "Haddad" not in unknown.value.message
    with pytest.raises(ValidationFailed) as result:
        record(assigned, case_manager, held_at=NOW, checks={**all_checks(), "medical": CheckInput("maybe")})
    assert list(result.value.errors) == ["checks.medical.result"]


def test_not_checked_is_recorded_and_flagged_on_the_worklist(assigned, case_manager) -> None:
    first = record(assigned, case_manager, held_at=NOW - dt.timedelta(days=2), checks=all_checks("not_checked"))
    assert first.checks.count() == 4
    [flag] = flags(assigned)
    assert flag.due == (NOW - dt.timedelta(days=2)).date() and flag.source_id == str(first.pk)
    record(assigned, case_manager, held_at=NOW - dt.timedelta(days=1))
    assert len(flags(assigned)) == 1


def test_a_held_interview_is_final(assigned, case_manager) -> None:
    held = record(assigned, case_manager, held_at=NOW)
    with pytest.raises(IllegalTransition) as again:
        record(assigned, case_manager, held_at=NOW, interview=held)
    assert again.value.field == "status"
    with pytest.raises(IllegalTransition) as cancel:
        interview_cancel(actor=Actor(user=case_manager), interview=held, expected_version=held.version)
    assert cancel.value.field == "status"


def test_a_stale_interview_version_conflicts(assigned, case_manager, team_lead) -> None:
    planned = interview_plan(actor=Actor(user=case_manager), case=assigned, planned_at=NOW)
    interview_cancel(actor=Actor(user=team_lead), interview=planned, expected_version=1)
    with pytest.raises(ConcurrentEdit) as stale:
        record(assigned, case_manager, held_at=NOW, interview=planned)  # still carries version 1
    assert stale.value.field == "version"


def test_an_interview_of_another_case_is_not_found(assigned, case_manager, team_lead, make_intake) -> None:
    from regie.cases.services import case_intake

    other = case_intake(actor=Actor(user=team_lead), data=make_intake()).case  # same team, other case
    planned = interview_plan(actor=Actor(user=team_lead), case=other, planned_at=NOW)
    with pytest.raises(NotFound):
        record(assigned, case_manager, held_at=NOW, interview=planned)


# --- cancel and no-show -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("service", "status", "event_type"),
    [
        (interview_cancel, "cancelled", EventType.INTERVIEW_CANCELLED),
        (interview_no_show, "no_show", EventType.INTERVIEW_NO_SHOW),
    ],
)
def test_cancel_and_no_show_end_a_planned_interview(assigned, case_manager, service, status, event_type) -> None:
    planned = interview_plan(actor=Actor(user=case_manager), case=assigned, planned_at=NOW + dt.timedelta(hours=2))
    ended = service(actor=Actor(user=case_manager), interview=planned, expected_version=1)
    assert ended.status == status and ended.version == 2
    [event] = events(event_type, case_id=assigned.pk)
    assert event.old_values == {"status": "planned"} and event.new_values["status"] == status
    assert event.actor == case_manager
    with pytest.raises(IllegalTransition):
        interview_cancel(actor=Actor(user=case_manager), interview=ended, expected_version=2)
    with pytest.raises(ConcurrentEdit):
        interview_no_show(actor=Actor(user=case_manager), interview=ended, expected_version=1)


def test_cancel_needs_a_case_worker(assigned, case_manager, other_case_manager) -> None:
    planned = interview_plan(actor=Actor(user=case_manager), case=assigned, planned_at=NOW)
    with pytest.raises(PermissionDenied):
        interview_cancel(actor=Actor(user=other_case_manager), interview=planned, expected_version=1)
    assert Interview.objects.get().status == "planned"


# --- the departure plan -------------------------------------------------------------------------


def test_plan_versions_keep_who_what_and_when(assigned, case_manager, team_lead) -> None:
    first = departure_plan_update(
        actor=Actor(user=case_manager), case=assigned, strategy="Zelfstandig vertrek met steun", expected_version=0
    )
    assert first.number == 1 and first.author == case_manager and first.created_at == NOW
    later = NOW + dt.timedelta(days=5)
    with clock.frozen(later):
        second = departure_plan_update(
            actor=Actor(user=team_lead),
            case=assigned,
            strategy="Zelfstandig vertrek met steun",
            next_steps="IOM-verwijzing; LP aanvragen",
            change_note="Vervolgstappen afgesproken",
            expected_version=1,
        )
    assert second.number == 2 and second.author == team_lead
    first_event, second_event = events(EventType.DEPARTURE_PLAN_UPDATED, case_id=assigned.pk)
    assert first_event.old_values == {"number": None} and first_event.new_values["number"] == 1
    assert second_event.old_values == {"number": 1} and second_event.new_values["changed"] == ["next_steps"]
    assert second_event.actor == team_lead and "IOM" not in str(second_event.new_values)
    history = selectors.plan_history(user=case_manager, case_id=assigned.pk)
    assert [(e.version.number, e.changed, e.author_name) for e in history] == [
        (2, ("next_steps",), team_lead.display_name),
        (1, ("strategy",), case_manager.display_name),
    ]
    assert history[0].version.created_at == later


def test_a_stale_plan_is_not_overwritten(assigned, case_manager, team_lead) -> None:
    departure_plan_update(actor=Actor(user=case_manager), case=assigned, strategy="A", expected_version=0)
    with pytest.raises(ConcurrentEdit) as stale:
        departure_plan_update(
            actor=Actor(user=team_lead), case=assigned, strategy="B", change_note="x", expected_version=0
        )
    assert stale.value.field == "version"
    assert DeparturePlanVersion.objects.count() == 1 and len(events(EventType.DEPARTURE_PLAN_UPDATED)) == 1


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("strategy", {"strategy": "  "}),
        ("strategy", {"strategy": "A", "change_note": "niets"}),
        ("change_note", {"strategy": "B", "change_note": ""}),
        ("change_note", {"strategy": "B", "change_note": "x" * 301}),
    ],
)
def test_plan_refusals_name_the_field_after_a_first_version(assigned, case_manager, field, kwargs) -> None:
    departure_plan_update(actor=Actor(user=case_manager), case=assigned, strategy="A", expected_version=0)
    with pytest.raises(ValidationFailed) as refused:
        departure_plan_update(actor=Actor(user=case_manager), case=assigned, expected_version=1, **kwargs)
    assert list(refused.value.errors) == [field]
    assert DeparturePlanVersion.objects.count() == 1


def test_departure_plan_current_follows_the_setting(assigned, case_manager, settings) -> None:
    assert not selectors.departure_plan_current(assigned)
    departure_plan_update(actor=Actor(user=case_manager), case=assigned, strategy="A", expected_version=0)
    assert selectors.departure_plan_current(assigned)
    on = NOW.date() + dt.timedelta(days=90)
    assert selectors.departure_plan_current(assigned, on=on)
    assert not selectors.departure_plan_current(assigned, on=on + dt.timedelta(days=1))
    # The rule table, not a setting: from tomorrow a plan counts as up to date for 30 days.
    from regie.deadlines.models import DeadlineRule

    DeadlineRule.objects.filter(code="departure_plan_max_age").update(valid_until=NOW.date())
    DeadlineRule.objects.create(
        code="departure_plan_max_age",
        label="Vertrekplan actueel",
        basis="beleid",
        amount=30,
        unit="days",
        valid_from=NOW.date() + dt.timedelta(days=1),
    )
    assert selectors.departure_plan_current(assigned, on=NOW.date() + dt.timedelta(days=30))
    assert not selectors.departure_plan_current(assigned, on=NOW.date() + dt.timedelta(days=31))
    assert not selectors.departure_plan_current(assigned, on=NOW.date() - dt.timedelta(days=1))
