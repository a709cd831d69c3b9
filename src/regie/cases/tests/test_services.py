"""Case services: each asserts its audit record; bad input leaves nothing behind."""

from __future__ import annotations

import datetime as dt

import pytest

from regie.audit.choices import EventType
from regie.audit.models import AuditEvent
from regie.cases.choices import Outcome, Phase
from regie.cases.intake import CircumstanceIn, NameIn, NationalityIn
from regie.cases.models import Case, SpecialCircumstance
from regie.cases.services import (
    case_assign,
    case_deadlines_recompute,
    case_intake,
    case_note_add,
    case_transition,
    case_update,
    medical_background_update,
    special_circumstance_record,
)
from regie.core import clock
from regie.core.context import Actor, Channel
from regie.core.errors import ConcurrentEdit, IllegalTransition, PermissionDenied, ValidationFailed
from regie.people.models import DuplicateCandidate, NameKey, Person
from regie.testing.fixtures import DEFAULT_NOW, closed_case


def events(event_type: str, **filters) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(event_type=event_type, **filters))


@pytest.fixture
def assigned(case_manager, team_lead, team, make_intake) -> Case:
    case = case_intake(actor=Actor(user=case_manager), data=make_intake()).case
    return case_assign(actor=Actor(user=team_lead), case=case, team=team, assigned_to=case_manager, expected_version=1)


def test_intake_creates_person_case_and_audit(case_manager, team, make_intake) -> None:
    actor = Actor(user=case_manager, channel=Channel.API)
    data = make_intake(
        other_names=(NameIn("Hadad", "Muhammad", "variant"),),
        special_circumstances=(CircumstanceIn("medical", "insuline"),),
        note="Eerste aanmelding",
    )
    with clock.frozen(dt.datetime(2026, 11, 28, 10, 0)):
        result = case_intake(actor=actor, data=data)
    case = result.case
    assert result.created and result.person_created
    assert case.phase == Phase.INTAKE and case.team == team and case.opened_on == dt.date(2026, 11, 28)
    assert case.departure_term_ends == dt.date(2026, 11, 30) == case.next_deadline
    assert case.person.names.count() == 2 and NameKey.objects.filter(person=case.person).exists()
    opened = events(EventType.CASE_OPENED, case_id=case.pk)
    assert len(opened) == 1
    assert opened[0].actor == case_manager and opened[0].channel == "api" and opened[0].request_id == actor.request_id
    assert opened[0].new_values["source_reference"] == data.source_reference
    assert len(events(EventType.PERSON_CREATED, person_id=case.person_id)) == 1
    assert len(events(EventType.PERSON_NAME_ADDED, person_id=case.person_id)) == 1
    assert len(events(EventType.NATIONALITY_RECORDED, person_id=case.person_id)) == 1
    assert len(events(EventType.LANGUAGE_RECORDED, person_id=case.person_id)) == 1
    assert len(events(EventType.SPECIAL_CIRCUMSTANCE_RECORDED, case_id=case.pk)) == 1
    assert len(events(EventType.CASE_NOTE_ADDED, case_id=case.pk)) == 1


def test_intake_is_idempotent_on_the_source_reference(case_manager, make_intake) -> None:
    data = make_intake()
    first = case_intake(actor=Actor(user=case_manager), data=data)
    again = case_intake(actor=Actor(user=case_manager), data=data)
    assert not again.created and again.case.pk == first.case.pk
    assert Case.objects.count() == 1 and len(events(EventType.CASE_OPENED)) == 1


@pytest.mark.parametrize("same_person", [True, False])
def test_a_delivery_that_loses_the_race_is_answered_as_the_repeat(
    case_manager, make_intake, monkeypatch, same_person
) -> None:
    """A concurrent delivery of the same reference commits after this one looked it up: the insert meets
    the taken reference (or the person's V-number), everything of this attempt is rolled back, and it is
    answered as the repeat it is. The race is staged by hiding the first delivery from the look-up once."""
    from regie.audit.services import audit_verify
    from regie.cases import services

    data = make_intake()
    first = case_intake(actor=Actor(user=case_manager), data=data)
    racing = data if same_person else make_intake(source_reference=data.source_reference)
    records, people = AuditEvent.objects.count(), Person.objects.count()
    looked_up = services._delivered
    calls: list[object] = []

    def unseen_once(delivered: object) -> Case | None:
        calls.append(delivered)
        return None if len(calls) == 1 else looked_up(delivered)  # type: ignore[arg-type]

    monkeypatch.setattr(services, "_delivered", unseen_once)
    again = case_intake(actor=Actor(user=case_manager), data=racing)
    assert len(calls) == 2 and not again.created and again.case.pk == first.case.pk
    assert Case.objects.count() == 1 and Person.objects.count() == people
    assert AuditEvent.objects.count() == records and audit_verify() == records


def test_same_v_number_is_the_same_person(case_manager, team_lead, team, make_intake) -> None:
    first = case_intake(actor=Actor(user=case_manager), data=make_intake(v_number="1111111111")).case
    with pytest.raises(ValidationFailed) as open_case:
        case_intake(actor=Actor(user=case_manager), data=make_intake(v_number="1111111111"))
    assert "v_number" in open_case.value.errors
    first = case_assign(
        actor=Actor(user=team_lead), case=first, team=team, assigned_to=case_manager, expected_version=1
    )
    closed_case(first, Outcome.UNSUPERVISED, case_manager)
    second = case_intake(actor=Actor(user=case_manager), data=make_intake(v_number="1111111111", given_names="Mohamed"))
    assert second.created and not second.person_created and second.case.person_id == first.person_id
    assert Person.objects.count() == 1
    assert second.case.person.names.filter(kind="variant", given_names="Mohamed").exists()


def test_same_name_birth_and_nationality_is_flagged_not_merged(case_manager, make_intake) -> None:
    a = case_intake(
        actor=Actor(user=case_manager),
        data=make_intake(
            given_names="Amina",
            family_name="Diallo",
            birth_year=1990,
            birth_month=None,
            nationalities=(NationalityIn("GN"),),
        ),
    ).case
    b = case_intake(
        actor=Actor(user=case_manager),
        data=make_intake(
            given_names="Amína",
            family_name="DIALLO",
            birth_year=1990,
            birth_month=None,
            nationalities=(NationalityIn("GN"),),
        ),
    )
    assert b.person_created and b.case.person_id != a.person_id
    assert [d.other_id for d in b.duplicates] == [a.person_id]
    assert DuplicateCandidate.objects.get().status == "open"
    assert len(events(EventType.DUPLICATE_FLAGGED)) == 1
    c = case_intake(
        actor=Actor(user=case_manager),
        data=make_intake(
            given_names="Amina",
            family_name="Diallo",
            birth_year=1990,
            birth_month=None,
            nationalities=(NationalityIn("SN"),),
        ),
    )
    assert c.duplicates == ()


def test_invalid_intake_names_fields_and_leaves_nothing(case_manager, make_intake) -> None:
    data = make_intake(
        v_number="12345",
        family_name="",
        nationalities=(NationalityIn("ZZ"),),
        departure_term_days=7,
        birth_year=1990,
        birth_month=2,
        birth_day=30,
    )
    with pytest.raises(ValidationFailed) as failed:
        case_intake(actor=Actor(user=case_manager), data=data)
    assert set(failed.value.errors) == {
        "v_number",
        "family_name",
        "nationalities[0].country",
        "departure_term_reason",
        "birth_day",
    }
    assert "12345" not in failed.value.message
    assert not Person.objects.exists() and not Case.objects.exists() and not AuditEvent.objects.exists()


def test_failure_midway_rolls_everything_back(case_manager, make_intake, monkeypatch) -> None:
    from regie.people import services as people_services

    def boom(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(people_services, "new_person_details", boom)  # after the person, before the case
    with pytest.raises(RuntimeError):
        case_intake(actor=Actor(user=case_manager), data=make_intake())
    assert not Person.objects.exists() and not Case.objects.exists() and not AuditEvent.objects.exists()


def test_roles_that_may_not_deliver(analyst, partner, make_intake) -> None:
    for user in (analyst, partner):
        with pytest.raises(PermissionDenied):
            case_intake(actor=Actor(user=user), data=make_intake())


def test_assign_is_for_team_leads_and_audited(case_manager, team_lead, team, other_case_manager, make_intake) -> None:
    case = case_intake(actor=Actor(user=case_manager), data=make_intake()).case
    with pytest.raises(PermissionDenied):
        case_assign(actor=Actor(user=case_manager), case=case, team=team, assigned_to=case_manager, expected_version=1)
    with pytest.raises(ValidationFailed) as wrong_team:
        case_assign(
            actor=Actor(user=team_lead), case=case, team=team, assigned_to=other_case_manager, expected_version=1
        )
    assert "assigned_to" in wrong_team.value.errors
    case = case_assign(actor=Actor(user=team_lead), case=case, team=team, assigned_to=case_manager, expected_version=1)
    assert case.assigned_to == case_manager and case.version == 2
    (event,) = events(EventType.CASE_ASSIGNED, case_id=case.pk)
    assert event.old_values["assigned_to"] is None and event.new_values["assigned_to"] == case_manager.pk
    assert event.new_values["team"] == str(team.pk)


def test_transitions_and_closing(assigned, case_manager) -> None:
    actor = Actor(user=case_manager)
    case = case_transition(actor=actor, case=assigned, phase=Phase.IN_PROGRESS, expected_version=2)
    case = case_transition(
        actor=actor, case=case, phase=Phase.ON_HOLD, hold_reason="pending_procedure", expected_version=3
    )
    with pytest.raises(IllegalTransition) as wrong:
        case_transition(actor=actor, case=case, phase=Phase.DEPARTURE_PREPARED, expected_version=4)
    assert wrong.value.field == "phase"
    case = case_transition(actor=actor, case=case, phase=Phase.IN_PROGRESS, expected_version=4)
    assert case.hold_reason == "" and case.phase_before_hold == ""
    # Closing is not a generic step: each outcome is recorded by the service that checks its conditions.
    for outcome in ("", *Outcome.values):
        with pytest.raises(IllegalTransition) as elsewhere:
            case_transition(actor=actor, case=case, phase=Phase.CLOSED, outcome=outcome, expected_version=5)
        assert elsewhere.value.field == "phase" and "closure-without-departure" in elsewhere.value.message
    assert Case.objects.get(pk=case.pk).phase == Phase.IN_PROGRESS
    case = closed_case(case, Outcome.FORCED, actor.user)
    assert case.outcome == Outcome.FORCED and case.closed_on == clock.today() and case.next_deadline is None
    assert [e.new_values["phase"] for e in events(EventType.CASE_PHASE_CHANGED, case_id=case.pk)] == [
        "in_progress",
        "on_hold",
        "in_progress",
    ]
    (closed,) = events(EventType.CASE_CLOSED, case_id=case.pk)
    assert closed.new_values == {"phase": "closed", "hold_reason": "", "outcome": "forced"}
    with pytest.raises(IllegalTransition):
        case_transition(actor=actor, case=case, phase=Phase.IN_PROGRESS, expected_version=6)


def test_concurrent_edits_do_not_overwrite(assigned, case_manager, team_lead) -> None:
    # Two people loaded version 2; the first save wins, the second is refused, nothing is lost.
    case_update(actor=Actor(user=case_manager), case=assigned, expected_version=2, current_location="AZC Budel")
    with pytest.raises(ConcurrentEdit) as conflict:
        case_update(actor=Actor(user=team_lead), case=assigned, expected_version=2, current_location="DC Zeist")
    assert conflict.value.field == "version"
    fresh = Case.objects.get(pk=assigned.pk)
    assert fresh.current_location == "AZC Budel" and fresh.version == 3
    assert len(events(EventType.CASE_UPDATED, case_id=assigned.pk)) == 1


def test_update_recomputes_deadline_and_demands_a_reason(assigned, case_manager) -> None:
    actor = Actor(user=case_manager)
    with pytest.raises(ValidationFailed) as failed:
        case_update(actor=actor, case=assigned, expected_version=2, departure_term_days=0)
    assert "departure_term_reason" in failed.value.errors
    case = case_update(
        actor=actor,
        case=assigned,
        expected_version=2,
        departure_term_days=0,
        departure_term_reason="risico op onttrekking",
    )
    assert case.departure_term_ends == case.return_decision_date
    (event,) = events(EventType.CASE_UPDATED, case_id=case.pk)
    assert event.new_values == {"departure_term_days": 0, "departure_term_reason": "risico op onttrekking"}
    with pytest.raises(ValidationFailed) as unknown:
        case_update(actor=actor, case=case, expected_version=3, phase="closed")
    assert "phase" in unknown.value.errors


def test_other_team_may_not_touch(assigned, other_case_manager) -> None:
    with pytest.raises(PermissionDenied):
        case_update(actor=Actor(user=other_case_manager), case=assigned, expected_version=2, current_location="x")
    with pytest.raises(PermissionDenied):
        case_note_add(actor=Actor(user=other_case_manager), case=assigned, text="x")


def test_special_categories_only_for_assigned_and_lead(assigned, case_manager, team_lead, make_user, team) -> None:
    colleague = make_user("case_manager", team)
    with pytest.raises(PermissionDenied):
        special_circumstance_record(actor=Actor(user=colleague), case=assigned, kind="trafficking")
    special_circumstance_record(actor=Actor(user=case_manager), case=assigned, kind="trafficking", description="x")
    special_circumstance_record(actor=Actor(user=team_lead), case=assigned, kind="minor")
    assert set(SpecialCircumstance.objects.values_list("kind", flat=True)) == {"trafficking", "minor"}
    assert len(events(EventType.SPECIAL_CIRCUMSTANCE_RECORDED, case_id=assigned.pk)) == 2
    with pytest.raises(PermissionDenied):
        medical_background_update(actor=Actor(user=colleague), case=assigned, text="x", expected_version=2)


def test_note_audited_without_its_text(assigned, case_manager) -> None:
    case_note_add(actor=Actor(user=case_manager), case=assigned, text="Gesprek gepland met tolk")
    (event,) = events(EventType.CASE_NOTE_ADDED, case_id=assigned.pk)
    assert event.new_values == {"length": 24}


@pytest.mark.frozen_at(DEFAULT_NOW)  # the default intake's departure term runs on that day
def test_deadline_recompute_is_idempotent(assigned, system) -> None:
    Case.objects.filter(pk=assigned.pk).update(next_deadline=None, departure_term_ends=None)
    assert case_deadlines_recompute(actor=system, case_ids=[assigned.pk]) == 1
    assert case_deadlines_recompute(actor=system, case_ids=[assigned.pk]) == 0
    assert Case.objects.get(pk=assigned.pk).next_deadline == assigned.departure_term_ends
    assert len(events(EventType.DEADLINES_RECOMPUTED, case_id=assigned.pk)) == 1
