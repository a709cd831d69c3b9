"""Removability services and selectors: each asserts its audit record; each refusal names its field."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from regie.accounts.models import Team, User
from regie.audit.choices import EventType
from regie.audit.models import AuditEvent
from regie.cases.choices import Outcome
from regie.cases.models import Case
from regie.core.context import Actor, Channel
from regie.core.errors import IllegalTransition, PermissionDenied, ValidationFailed
from regie.deadlines.models import CaseDeadline, DeadlineRule
from regie.removability import selectors
from regie.removability.choices import PostponementGround, ProcedureKind
from regie.removability.domain import NO_TRAVEL_DOCUMENT
from regie.removability.models import MedicalPostponement, PendingProcedure
from regie.removability.services import (
    postponement_end_early,
    postponement_record,
    procedure_end,
    procedure_record,
)
from regie.testing.fixtures import closed_case
from regie.travel_documents.services import document_record

NOW = dt.datetime(2026, 5, 4, 10, 0)
pytestmark = [pytest.mark.django_db, pytest.mark.frozen_at(NOW)]

TODAY = NOW.date()


def events(event_type: str, **filters: object) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(event_type=event_type, **filters))


@pytest.fixture
def case(make_case: Callable[..., Case]) -> Case:
    """A case of `team` assigned to `case_manager` (shared `make_case`)."""
    return make_case(return_decision_date=dt.date(2026, 3, 2))


# --- procedures ----------------------------------------------------------------------------------


def test_procedure_record_is_audited(case: Case, case_manager: User) -> None:
    actor = Actor(user=case_manager, channel=Channel.API)
    procedure = procedure_record(
        actor=actor,
        case=case,
        kind=ProcedureKind.APPEAL,
        suspensive=True,
        starts_on=dt.date(2026, 4, 1),
        reference=" AWB 26/1234 ",
    )
    assert procedure.reference == "AWB 26/1234" and procedure.recorded_by == case_manager
    (event,) = events(EventType.PROCEDURE_RECORDED, case_id=case.pk)
    assert event.person_id == case.person_id and event.actor == case_manager and event.channel == "api"
    assert event.request_id == actor.request_id and event.subject_id == str(procedure.pk)
    assert event.new_values == {
        "kind": "appeal",
        "suspensive": True,
        "starts_on": "2026-04-01",
        "ends_on": None,
        "reference": "AWB 26/1234",
    }


def test_procedure_record_refusals_name_the_field(case: Case, case_manager: User) -> None:
    actor = Actor(user=case_manager)
    with pytest.raises(ValidationFailed) as failed:
        procedure_record(
            actor=actor,
            case=case,
            kind="lawsuit",
            suspensive=True,
            starts_on=TODAY + dt.timedelta(days=1),
            ends_on=TODAY,
        )
    assert set(failed.value.errors) == {"kind", "starts_on", "ends_on"}
    assert not PendingProcedure.objects.exists() and not events(EventType.PROCEDURE_RECORDED)


def test_procedure_end_is_audited_and_happens_once(case: Case, case_manager: User) -> None:
    actor = Actor(user=case_manager)
    procedure = procedure_record(
        actor=actor, case=case, kind=ProcedureKind.NEW_ASYLUM, suspensive=True, starts_on=dt.date(2026, 3, 1)
    )
    with pytest.raises(ValidationFailed) as early:
        procedure_end(actor=actor, procedure=procedure, ends_on=dt.date(2026, 2, 1))
    assert set(early.value.errors) == {"ends_on"}
    with pytest.raises(ValidationFailed) as future:
        procedure_end(actor=actor, procedure=procedure, ends_on=TODAY + dt.timedelta(days=1))
    assert set(future.value.errors) == {"ends_on"}
    procedure = procedure_end(actor=actor, procedure=procedure, ends_on=dt.date(2026, 4, 20), outcome_note="afgewezen")
    assert procedure.ends_on == dt.date(2026, 4, 20)
    (event,) = events(EventType.PROCEDURE_ENDED, case_id=case.pk)
    assert event.old_values == {"ends_on": None}
    assert event.new_values == {"ends_on": "2026-04-20", "outcome_note": "afgewezen"}
    with pytest.raises(IllegalTransition) as again:
        procedure_end(actor=actor, procedure=procedure, ends_on=dt.date(2026, 4, 21))
    assert again.value.field == "ends_on"
    assert len(events(EventType.PROCEDURE_ENDED)) == 1


def test_only_the_team_may_record_and_not_on_a_closed_case(
    case: Case, case_manager: User, other_case_manager: User, analyst: User
) -> None:
    for user in (other_case_manager, analyst):
        with pytest.raises(PermissionDenied):
            procedure_record(
                actor=Actor(user=user), case=case, kind=ProcedureKind.APPEAL, suspensive=True, starts_on=TODAY
            )
    closed_case(case, Outcome.UNSUPERVISED, case_manager)
    with pytest.raises(PermissionDenied):
        procedure_record(
            actor=Actor(user=case_manager), case=case, kind=ProcedureKind.APPEAL, suspensive=True, starts_on=TODAY
        )
    assert not PendingProcedure.objects.exists()


# --- medical postponement ------------------------------------------------------------------------


def test_pregnancy_postponement_computes_its_period_and_refreshes_deadlines(case: Case, case_manager: User) -> None:
    postponement = postponement_record(
        actor=Actor(user=case_manager),
        case=case,
        ground=PostponementGround.PREGNANCY,
        expected_birth_on=dt.date(2026, 6, 15),
    )
    assert (postponement.starts_on, postponement.ends_on) == (dt.date(2026, 5, 4), dt.date(2026, 7, 27))
    deadline = CaseDeadline.objects.get(case=case, code="medical_postponement_end")
    assert deadline.due == dt.date(2026, 7, 27) and deadline.source_id == str(postponement.pk)
    (event,) = events(EventType.POSTPONEMENT_RECORDED, case_id=case.pk)
    # Health data stays out of the trail: the ground and the date of birth only as a marker.
    assert event.new_values == {
        "ground": "[beschermd]",
        "starts_on": "2026-05-04",
        "ends_on": "2026-07-27",
        "expected_birth_on": "[beschermd]",
        "bma_reference": "",
    }
    assert event.person_id == case.person_id


def test_pregnancy_refuses_dates_that_disagree(case: Case, case_manager: User) -> None:
    with pytest.raises(ValidationFailed) as failed:
        postponement_record(
            actor=Actor(user=case_manager),
            case=case,
            ground=PostponementGround.PREGNANCY,
            expected_birth_on=dt.date(2026, 6, 15),
            starts_on=dt.date(2026, 5, 4),
            ends_on=dt.date(2026, 9, 1),
        )
    assert set(failed.value.errors) == {"ends_on"}
    assert not MedicalPostponement.objects.exists() and not events(EventType.POSTPONEMENT_RECORDED)


def test_postponement_longer_than_a_year_is_refused_naming_ends_on(case: Case, case_manager: User) -> None:
    with pytest.raises(ValidationFailed) as failed:
        postponement_record(
            actor=Actor(user=case_manager),
            case=case,
            ground=PostponementGround.BMA_ADVICE,
            starts_on=dt.date(2026, 5, 1),
            ends_on=dt.date(2027, 5, 2),
            bma_reference="BMA-2026-77",
        )
    assert set(failed.value.errors) == {"ends_on"}
    ok = postponement_record(
        actor=Actor(user=case_manager),
        case=case,
        ground=PostponementGround.BMA_ADVICE,
        starts_on=dt.date(2026, 5, 1),
        ends_on=dt.date(2027, 5, 1),
        bma_reference="BMA-2026-77",
    )
    assert ok.ends_on == dt.date(2027, 5, 1)


def test_the_maximum_comes_from_the_rule_table(case: Case, case_manager: User) -> None:
    # A changed law is a new row with a validity period, not a code change.
    DeadlineRule.objects.filter(code="medical_postponement_max").update(valid_until=dt.date(2026, 1, 1))
    DeadlineRule.objects.create(
        code="medical_postponement_max",
        label="Medisch uitstel uiterlijk",
        basis="art. 64 Vw",
        amount=6,
        unit="months",
        valid_from=dt.date(2026, 1, 1),
    )
    with pytest.raises(ValidationFailed) as failed:
        postponement_record(
            actor=Actor(user=case_manager),
            case=case,
            ground=PostponementGround.HOSPITAL,
            starts_on=dt.date(2026, 5, 1),
            ends_on=dt.date(2026, 12, 1),
        )
    assert "6 maanden" in failed.value.errors["ends_on"][0]


def test_postponement_is_health_data_for_the_assigned_case_manager_and_team_lead(
    case: Case, team_lead: User, make_user: Callable[..., User], team: Team
) -> None:
    colleague = make_user("case_manager", team)
    with pytest.raises(PermissionDenied):
        postponement_record(
            actor=Actor(user=colleague),
            case=case,
            ground=PostponementGround.HOSPITAL,
            starts_on=TODAY,
            ends_on=TODAY + dt.timedelta(days=10),
        )
    postponement_record(
        actor=Actor(user=team_lead),
        case=case,
        ground=PostponementGround.HOSPITAL,
        starts_on=TODAY,
        ends_on=TODAY + dt.timedelta(days=10),
    )
    assert MedicalPostponement.objects.count() == 1


def test_postponement_end_early_is_audited_and_moves_the_deadline(case: Case, case_manager: User) -> None:
    actor = Actor(user=case_manager)
    postponement = postponement_record(
        actor=actor,
        case=case,
        ground=PostponementGround.TUBERCULOSIS,
        starts_on=dt.date(2026, 4, 1),
        ends_on=dt.date(2026, 12, 31),
    )
    with pytest.raises(ValidationFailed) as outside:
        postponement_end_early(actor=actor, postponement=postponement, ended_early_on=dt.date(2026, 12, 31))
    assert set(outside.value.errors) == {"ended_early_on"}
    postponement = postponement_end_early(actor=actor, postponement=postponement, ended_early_on=dt.date(2026, 6, 30))
    assert CaseDeadline.objects.get(case=case, code="medical_postponement_end").due == dt.date(2026, 6, 30)
    (event,) = events(EventType.POSTPONEMENT_ENDED_EARLY, case_id=case.pk)
    assert event.old_values == {"ended_early_on": None} and event.new_values == {"ended_early_on": "2026-06-30"}
    with pytest.raises(IllegalTransition) as again:
        postponement_end_early(actor=actor, postponement=postponement, ended_early_on=dt.date(2026, 6, 1))
    assert again.value.field == "ended_early_on"


# --- removable now? ------------------------------------------------------------------------------


def test_removability_for_collects_every_reason(case: Case, case_manager: User) -> None:
    actor = Actor(user=case_manager)
    answer = selectors.removability_for(case=case, on=TODAY)
    assert not answer.removable and answer.reasons == [NO_TRAVEL_DOCUMENT]

    document_record(
        actor=actor,
        case=case,
        kind="passport",
        issuing_country="SY",
        number="N0000001",
        valid_until=dt.date(2029, 1, 1),
    )
    assert selectors.removability_for(case=case, on=TODAY).removable

    procedure = procedure_record(
        actor=actor, case=case, kind=ProcedureKind.APPEAL, suspensive=True, starts_on=dt.date(2026, 4, 1)
    )
    procedure_record(actor=actor, case=case, kind=ProcedureKind.REGULAR_PERMIT, suspensive=False, starts_on=TODAY)
    postponement_record(
        actor=actor, case=case, ground=PostponementGround.HOSPITAL, starts_on=TODAY, ends_on=dt.date(2026, 5, 20)
    )
    answer = selectors.removability_for(case=case, on=TODAY)
    assert not answer.removable
    assert answer.reasons == [
        "Procedure met schorsende werking loopt: Beroep (sinds 01-04-2026).",
        "Uitstel van vertrek (art. 64 Vw) tot en met 20-05-2026.",
    ]
    procedure_end(actor=actor, procedure=procedure, ends_on=TODAY)
    assert selectors.removability_for(case=case, on=dt.date(2026, 5, 21)).removable


def test_dossier_section_hides_the_ground_from_colleagues(
    case: Case, case_manager: User, make_user: Callable[..., User], team: Team, other_case_manager: User
) -> None:
    postponement_record(
        actor=Actor(user=case_manager),
        case=case,
        ground=PostponementGround.HOSPITAL,
        starts_on=TODAY,
        ends_on=dt.date(2026, 5, 20),
    )
    mine = selectors.removability_dossier_section(user=case_manager, case=case)["removability"]
    assert mine.special_categories_visible and mine.can_work and len(mine.postponements) == 1
    assert mine.postponements[0].active and mine.postponements[0].automatic
    colleague = make_user("case_manager", team)
    theirs = selectors.removability_dossier_section(user=colleague, case=case)["removability"]
    assert not theirs.special_categories_visible and theirs.can_work
    # Another team sees nothing: visibility is a filter on the rows themselves.
    other = selectors.removability_dossier_section(user=other_case_manager, case=case)["removability"]
    assert other.postponements == [] and other.procedures == [] and not other.can_work
    assert not selectors.postponements_for(user=other_case_manager, case=case).exists()


def test_dates_that_cannot_be_right_are_refused_naming_the_field(case: Case, case_manager: User) -> None:
    actor = Actor(user=case_manager)
    with pytest.raises(ValidationFailed) as far_ahead:
        postponement_record(
            actor=actor,
            case=case,
            ground=PostponementGround.HOSPITAL,
            starts_on=dt.date(2027, 6, 1),
            ends_on=dt.date(2027, 7, 1),
        )
    assert set(far_ahead.value.errors) == {"starts_on"}
    with pytest.raises(ValidationFailed) as typo:
        postponement_record(
            actor=actor, case=case, ground=PostponementGround.PREGNANCY, expected_birth_on=dt.date(1, 1, 1)
        )
    assert set(typo.value.errors) == {"expected_birth_on"}
    with pytest.raises(ValidationFailed) as no_rule:
        # Before Vw 2000 no rule for the maximum is in force: no deadline could be computed.
        postponement_record(
            actor=actor,
            case=case,
            ground=PostponementGround.HOSPITAL,
            starts_on=dt.date(1999, 1, 1),
            ends_on=dt.date(1999, 2, 1),
        )
    assert set(no_rule.value.errors) == {"starts_on"}
    assert not MedicalPostponement.objects.exists()
