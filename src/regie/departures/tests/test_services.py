"""Departure services: each asserts its audit record; refusals name the field; nothing half-written stays."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from regie.audit.choices import REDACTED, EventType
from regie.audit.models import AuditEvent
from regie.cases.choices import Outcome, Phase
from regie.cases.models import Case
from regie.core.context import Actor, Channel
from regie.core.errors import ConcurrentEdit, IllegalTransition, PermissionDenied, ValidationFailed
from regie.deadlines.models import CaseDeadline
from regie.deadlines.selectors import worklist_for
from regie.departures import selectors
from regie.departures.choices import CHECKLIST_ITEMS, DepartureStatus
from regie.departures.models import Departure
from regie.departures.services import (
    case_close_without_departure,
    departure_cancel,
    departure_check,
    departure_confirm,
    departure_handover,
    departure_plan,
    departure_update,
)
from regie.interviews.models import Interview
from regie.people.models import Nationality
from regie.removability.models import PendingProcedure
from regie.testing.fixtures import closed_case
from regie.travel_documents.models import IdentityDocument

from .conftest import AMS, FLIGHT, NOW

pytestmark = pytest.mark.django_db


def events(event_type: str, **filters: Any) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(event_type=event_type, **filters))


@pytest.fixture
def me(case_manager) -> Actor:
    return Actor(user=case_manager, channel=Channel.WEB)


def plan_forced(actor: Actor, case: Case, **overrides: Any) -> Departure:
    values: dict[str, Any] = {
        "kind": "forced",
        "departs_at": FLIGHT,
        "flight_number": "kl 1234",
        "from_airport": "ams",
        "to_airport": "DAM",
        "destination_country": "SY",
        "escort": "kmar",
    }
    values.update(overrides)
    return departure_plan(actor=actor, case=case, **values)


def passport(case: Case, valid_until: dt.date = dt.date(2030, 1, 1)) -> IdentityDocument:
    return IdentityDocument.objects.create(
        person=case.person, kind="passport", issuing_country="SY", valid_until=valid_until, number="N0000001"
    )


def tick_all(actor: Actor, departure: Departure) -> Departure:
    for item in CHECKLIST_ITEMS:
        departure = departure_check(actor=actor, departure=departure, item=item, expected_version=departure.version)
    return departure


def complete_handover(actor: Actor, departure: Departure) -> Departure:
    return departure_handover(
        actor=actor,
        departure=departure,
        belongings="1 koffer, 1 rugzak",
        physical_features="litteken linkerhand",
        medical="insuline, 2x per dag",
        complete=True,
        expected_version=departure.version,
    )


# --- plan ------------------------------------------------------------------------------------------


def test_plan_forced_departure_audited_with_deadline_and_worklist(case, me, case_manager) -> None:
    departure = plan_forced(me, case)
    assert departure.status == DepartureStatus.PLANNED and departure.version == 1
    assert (departure.flight_number, departure.from_airport) == ("KL1234", "AMS")
    assert departure.planned_by == case_manager
    (event,) = events(EventType.DEPARTURE_PLANNED, case_id=case.pk)
    assert event.actor == case_manager and event.channel == "web" and event.person_id == case.person_id
    assert event.new_values["kind"] == "forced" and event.new_values["flight_number"] == "KL1234"
    assert event.new_values["departs_at"] == "2026-12-10T06:15:00+00:00"
    row = CaseDeadline.objects.get(case=case, code="pre_departure_checks")
    assert row.due == dt.date(2026, 12, 8) and row.source_id == str(departure.pk)
    assert "08-12-2026 07:15" in row.explanation and "Vc A4" in row.basis
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.phase == Phase.DEPARTURE_PREPARED
    assert len(events(EventType.CASE_PHASE_CHANGED, case_id=case.pk, new_values__phase="departure_prepared")) == 1
    # Due within a week of the frozen "today" (28-11)? Not yet: 8-12 is 10 days away.
    assert not [
        r
        for r in worklist_for(user=case_manager, on=dt.date(2026, 11, 28)).this_week
        if r.code == "pre_departure_checks"
    ]
    week = worklist_for(user=case_manager, on=dt.date(2026, 12, 3))
    assert [r.code for r in week.this_week if r.case_id == case.pk] == ["pre_departure_checks"]


def test_plan_refusals_name_fields_and_leave_nothing(case, me) -> None:
    with pytest.raises(ValidationFailed) as failed:
        plan_forced(me, case, flight_number="", escort="none", destination_country="ZZ")
    assert set(failed.value.errors) == {"flight_number", "escort", "destination_country"}
    assert "ZZ" not in failed.value.message
    assert not Departure.objects.exists() and not events(EventType.DEPARTURE_PLANNED)
    plan_forced(me, case)
    with pytest.raises(IllegalTransition) as twice:
        departure_plan(actor=me, case=case, kind="independent", destination_country="SY")
    assert twice.value.field == "departure"
    assert Departure.objects.count() == 1


def test_plan_dublin_transfer_deadline(case, me) -> None:
    departure = departure_plan(
        actor=me, case=case, kind="dublin", dublin_member_state="de", dublin_accepted_on=dt.date(2026, 11, 2)
    )
    assert departure.destination_country == "DE"
    row = CaseDeadline.objects.get(case=case, code="dublin_transfer")
    assert row.due == dt.date(2027, 5, 2) and "claim aanvaard 02-11-2026 + 6 maanden" in row.explanation
    departure = departure_update(actor=me, departure=departure, expected_version=1, dublin_absconded=True)
    assert CaseDeadline.objects.get(case=case, code="dublin_transfer").due == dt.date(2028, 5, 2)
    (event,) = events(EventType.DEPARTURE_UPDATED, case_id=case.pk)
    assert event.old_values == {"dublin_absconded": False} and event.new_values == {"dublin_absconded": True}


def test_only_the_team_plans(case, other_case_manager, analyst, partner) -> None:
    for user in (other_case_manager, analyst, partner):
        with pytest.raises(PermissionDenied):
            plan_forced(Actor(user=user), case)


def test_closed_case_takes_no_departure(case, me) -> None:
    closed_case(case, Outcome.DECEASED, me.user)
    with pytest.raises(PermissionDenied):
        plan_forced(me, Case.objects.get(pk=case.pk))


# --- update ----------------------------------------------------------------------------------------


def test_update_is_optimistically_locked(case, me, team_lead) -> None:
    departure = plan_forced(me, case)
    departure_update(actor=me, departure=departure, expected_version=1, escort="partial")
    with pytest.raises(ConcurrentEdit) as conflict:
        departure_update(actor=Actor(user=team_lead), departure=departure, expected_version=1, escort="kmar")
    assert conflict.value.field == "version"
    fresh = Departure.objects.get(pk=departure.pk)
    assert fresh.escort == "partial" and fresh.version == 2
    assert len(events(EventType.DEPARTURE_UPDATED, case_id=case.pk)) == 1
    with pytest.raises(ValidationFailed) as unknown:
        departure_update(actor=me, departure=fresh, expected_version=2, kind="independent")
    assert set(unknown.value.errors) == {"kind"}


def test_another_flight_undoes_the_ticket_and_a_later_date_the_document(case, me) -> None:
    passport(case, valid_until=dt.date(2026, 12, 31))
    departure = tick_all(me, plan_forced(me, case))
    assert departure.travel_document is not None
    assert not CaseDeadline.objects.filter(case=case, code="pre_departure_checks").exists()
    departure = departure_update(
        actor=me,
        departure=departure,
        expected_version=departure.version,
        departs_at=dt.datetime(2027, 1, 5, 9, 0, tzinfo=AMS),
    )
    assert departure.check_ticket_on is None and departure.check_travel_document_on is None
    assert departure.travel_document is None and departure.check_money_on is not None
    (event,) = events(EventType.DEPARTURE_UPDATED, case_id=case.pk)
    assert event.new_values["checks_cleared"] == ["ticket", "travel_document"]
    assert CaseDeadline.objects.get(case=case, code="pre_departure_checks").due == dt.date(2027, 1, 3)


# --- checklist -------------------------------------------------------------------------------------


def test_check_items_audited_and_deadline_goes_when_complete(case, me) -> None:
    passport(case)
    departure = plan_forced(me, case)
    departure = departure_check(actor=me, departure=departure, item="ticket", expected_version=1)
    assert departure.check_ticket_on == NOW and departure.version == 2
    (event,) = events(EventType.DEPARTURE_CHECKED, case_id=case.pk)
    assert event.old_values == {"item": "ticket", "checked": False}
    assert event.new_values == {"item": "ticket", "checked": True}
    # Again: nothing changes, nothing is written.
    again = departure_check(actor=me, departure=departure, item="ticket", expected_version=2)
    assert again.version == 2 and len(events(EventType.DEPARTURE_CHECKED, case_id=case.pk)) == 1
    departure = tick_all(me, departure)
    assert not CaseDeadline.objects.filter(case=case, code="pre_departure_checks").exists()
    departure = departure_check(
        actor=me, departure=departure, item="money", checked=False, expected_version=departure.version
    )
    assert departure.check_money_on is None
    assert CaseDeadline.objects.filter(case=case, code="pre_departure_checks").exists()


def test_travel_document_tick_needs_a_document_valid_on_the_departure_date(case, me) -> None:
    departure = plan_forced(me, case)
    with pytest.raises(ValidationFailed) as none:
        departure_check(actor=me, departure=departure, item="travel_document", expected_version=1)
    assert set(none.value.errors) == {"item"} and "geldig is op de vertrekdatum" in none.value.errors["item"][0]
    passport(case, valid_until=dt.date(2026, 12, 9))  # expires the day before the flight
    with pytest.raises(ValidationFailed):
        departure_check(actor=me, departure=departure, item="travel_document", expected_version=1)
    valid = passport(case, valid_until=dt.date(2026, 12, 10))
    departure = departure_check(actor=me, departure=departure, item="travel_document", expected_version=1)
    assert departure.travel_document == valid
    (event,) = events(EventType.DEPARTURE_CHECKED, case_id=case.pk)
    assert event.new_values["travel_document"] == str(valid.pk)
    with pytest.raises(ValidationFailed) as unknown:
        departure_check(actor=me, departure=departure, item="visa", expected_version=2)
    assert set(unknown.value.errors) == {"item"}


# --- handover --------------------------------------------------------------------------------------


def test_handover_audit_keeps_no_text(case, me) -> None:
    departure = complete_handover(me, plan_forced(me, case))
    assert departure.handover_completed_on == NOW
    (event,) = events(EventType.DEPARTURE_HANDOVER_RECORDED, case_id=case.pk)
    assert event.new_values == {
        "handover_belongings": REDACTED,
        "handover_physical_features": REDACTED,
        "handover_medical": REDACTED,
        "handover_completed": True,
    }
    assert event.old_values["handover_completed"] is False
    assert "insuline" not in str(event.new_values) and "litteken" not in str(event.new_values)


def test_handover_complete_means_every_field_filled(case, me) -> None:
    departure = plan_forced(me, case)
    with pytest.raises(ValidationFailed) as failed:
        departure_handover(
            actor=me, departure=departure, belongings="1 tas", physical_features=" ", complete=True, expected_version=1
        )
    assert set(failed.value.errors) == {"physical_features", "medical"}
    assert Departure.objects.get(pk=departure.pk).handover_belongings == ""
    departure = departure_handover(
        actor=me, departure=departure, belongings="1 tas", physical_features="", expected_version=1
    )
    assert departure.handover_belongings == "1 tas" and departure.handover_completed_on is None


def test_medical_handover_only_for_assigned_and_lead(case, me, team_lead, make_user, team) -> None:
    colleague = Actor(user=make_user("case_manager", team))
    departure = plan_forced(me, case)
    with pytest.raises(PermissionDenied):
        departure_handover(
            actor=colleague, departure=departure, belongings="x", physical_features="y", medical="z", expected_version=1
        )
    # The colleague may record what is not medical, and cannot complete without the medical facts.
    departure = departure_handover(
        actor=colleague, departure=departure, belongings="1 tas", physical_features="lang", expected_version=1
    )
    with pytest.raises(ValidationFailed) as failed:
        departure_handover(
            actor=colleague,
            departure=departure,
            belongings="1 tas",
            physical_features="lang",
            complete=True,
            expected_version=2,
        )
    assert "toegewezen regievoerder" in failed.value.errors["medical"][0]
    departure = departure_handover(
        actor=Actor(user=team_lead),
        departure=departure,
        belongings="1 tas",
        physical_features="lang",
        medical="geen",
        complete=True,
        expected_version=2,
    )
    assert departure.handover_completed_on is not None
    # What the colleague reads: no medical text.
    view = selectors.departure_view(user=colleague.user, departure=departure)
    assert view.handover_medical is None and not view.medical_visible and view.handover_complete
    assert selectors.departure_view(user=me.user, departure=departure).handover_medical == "geen"


# --- confirmation ----------------------------------------------------------------------------------


# A flight later today: it can be confirmed as having departed today (not before its booked date).
TODAYS_FLIGHT = NOW + dt.timedelta(hours=3)


def test_a_departure_is_not_confirmed_as_having_happened_before_its_flight(case, me) -> None:
    passport(case)
    departure = complete_handover(me, tick_all(me, plan_forced(me, case)))  # flight on 10 December
    with pytest.raises(ValidationFailed) as refused:
        departure_confirm(
            actor=me,
            departure=departure,
            confirmed_on=dt.date(2026, 11, 28),
            border_message_reference="KMAR-GB-2026-001",
            expected_version=departure.version,
        )
    assert refused.value.errors == {
        "confirmed_on": ["De datum van vertrek ligt vóór de datum van de geboekte vlucht (10-12-2026)."]
    }
    assert Departure.objects.get(pk=departure.pk).status == DepartureStatus.PLANNED


def test_confirming_a_forced_departure_with_an_incomplete_checklist_is_refused(case, me) -> None:
    passport(case)
    departure = complete_handover(me, plan_forced(me, case, departs_at=TODAYS_FLIGHT))
    for item in ("money", "belongings", "fit_to_fly"):
        departure = departure_check(actor=me, departure=departure, item=item, expected_version=departure.version)
    with pytest.raises(ValidationFailed) as refused:
        departure_confirm(
            actor=me,
            departure=departure,
            confirmed_on=dt.date(2026, 11, 28),
            border_message_reference="KMAR-GB-2026-001",
            expected_version=departure.version,
        )
    assert set(refused.value.errors) == {"checklist"}
    assert refused.value.errors["checklist"] == [
        "De controle vóór vertrek is niet compleet; nog niet afgevinkt: ticket, reisdocument, medische informatie."
    ]
    fresh = Departure.objects.get(pk=departure.pk)
    assert fresh.status == DepartureStatus.PLANNED and fresh.confirmed_on is None
    assert Case.objects.get(pk=case.pk).phase == Phase.DEPARTURE_PREPARED
    assert not events(EventType.DEPARTURE_CONFIRMED) and not events(EventType.CASE_CLOSED)


def test_confirming_a_forced_departure_without_handover_is_refused(case, me) -> None:
    passport(case)
    departure = tick_all(me, plan_forced(me, case, departs_at=TODAYS_FLIGHT))
    with pytest.raises(ValidationFailed) as refused:
        departure_confirm(
            actor=me,
            departure=departure,
            confirmed_on=dt.date(2026, 11, 28),
            border_message_reference="GB-1",
            expected_version=departure.version,
        )
    assert set(refused.value.errors) == {"handover"}


def test_confirm_closes_the_case_with_its_outcome(case, me, case_manager) -> None:
    passport(case)
    departure = complete_handover(me, tick_all(me, plan_forced(me, case, departs_at=TODAYS_FLIGHT)))
    departure = departure_confirm(
        actor=me,
        departure=departure,
        confirmed_on=dt.date(2026, 11, 28),
        border_message_reference=" KMAR-GB-2026-001 ",
        expected_version=departure.version,
    )
    assert departure.status == DepartureStatus.CONFIRMED and departure.border_message_reference == "KMAR-GB-2026-001"
    closed = Case.objects.get(pk=case.pk)
    assert closed.phase == Phase.CLOSED and closed.outcome == Outcome.FORCED and closed.closed_on == NOW.date()
    assert closed.next_deadline is None and not CaseDeadline.objects.filter(case=case).exists()
    (confirmed,) = events(EventType.DEPARTURE_CONFIRMED, case_id=case.pk)
    assert confirmed.new_values == {
        "status": "confirmed",
        "confirmed_on": "2026-11-28",
        "border_message_reference": "KMAR-GB-2026-001",
        "outcome": "forced",
    }
    (closing,) = events(EventType.CASE_CLOSED, case_id=case.pk)
    assert closing.new_values["outcome"] == "forced" and closing.actor == case_manager
    assert closing.pk > confirmed.pk
    with pytest.raises(PermissionDenied):
        departure_cancel(actor=me, departure=departure, reason="other", note="x", expected_version=departure.version)


def test_independent_departure_needs_no_checklist(case, me) -> None:
    departure = departure_plan(actor=me, case=case, kind="independent", destination_country="SY")
    with pytest.raises(ValidationFailed) as missing:
        departure_confirm(
            actor=me, departure=departure, confirmed_on=None, border_message_reference="", expected_version=1
        )
    assert set(missing.value.errors) == {"confirmed_on", "border_message_reference"}
    departure_confirm(
        actor=me,
        departure=departure,
        confirmed_on=dt.date(2026, 11, 27),
        border_message_reference="GB-7",
        expected_version=1,
    )
    assert Case.objects.get(pk=case.pk).outcome == Outcome.INDEPENDENT_VERIFIED


def test_confirm_is_optimistically_locked(case, me) -> None:
    departure = departure_plan(actor=me, case=case, kind="independent", destination_country="SY")
    departure_update(actor=me, departure=departure, expected_version=1, flight_number="TK1952")
    with pytest.raises(ConcurrentEdit):
        departure_confirm(
            actor=me,
            departure=departure,
            confirmed_on=dt.date(2026, 11, 27),
            border_message_reference="GB-7",
            expected_version=1,
        )
    assert Case.objects.get(pk=case.pk).is_open


# --- cancellation ----------------------------------------------------------------------------------


def test_cancel_audited_and_case_back_in_progress(case, me) -> None:
    departure = plan_forced(me, case)
    with pytest.raises(ValidationFailed) as failed:
        departure_cancel(actor=me, departure=departure, reason="other", expected_version=1)
    assert set(failed.value.errors) == {"note"}
    departure = departure_cancel(
        actor=me, departure=departure, reason="refused_boarding", note="weigerde bij de gate", expected_version=1
    )
    assert departure.status == DepartureStatus.CANCELLED and departure.cancelled_at == NOW
    (event,) = events(EventType.DEPARTURE_CANCELLED, case_id=case.pk)
    assert event.new_values == {"status": "cancelled", "cancel_reason": "refused_boarding", "note_length": 20}
    assert not CaseDeadline.objects.filter(case=case, code="pre_departure_checks").exists()
    assert Case.objects.get(pk=case.pk).phase == Phase.IN_PROGRESS
    with pytest.raises(IllegalTransition) as again:
        departure_check(actor=me, departure=departure, item="ticket", expected_version=departure.version)
    assert again.value.field == "status"
    # A new plan may follow.
    assert plan_forced(me, case, departs_at=FLIGHT + dt.timedelta(days=14)).status == DepartureStatus.PLANNED


# --- closing without departure ----------------------------------------------------------------------


def _held_interview(case: Case, stance: str, at: dt.datetime) -> Interview:
    return Interview.objects.create(case=case, status="held", planned_at=at, held_at=at, stance=stance)


def test_no_fault_permit_refused_naming_each_unmet_condition(case, me) -> None:
    _held_interview(case, "cooperates", NOW - dt.timedelta(days=30))
    _held_interview(case, "partly", NOW - dt.timedelta(days=3))
    PendingProcedure.objects.create(case=case, kind="appeal", suspensive=True, starts_on=dt.date(2026, 11, 1))
    with pytest.raises(ValidationFailed) as refused:
        case_close_without_departure(actor=me, case=case, outcome=Outcome.NO_FAULT_PERMIT, expected_version=None)
    assert set(refused.value.errors) == {"cooperation", "procedures", "nationality"}
    assert Case.objects.get(pk=case.pk).is_open and not events(EventType.CASE_CLOSED)


def test_no_fault_permit_when_all_conditions_are_met(case, me) -> None:
    _held_interview(case, "partly", NOW - dt.timedelta(days=30))
    _held_interview(case, "cooperates", NOW - dt.timedelta(days=3))
    PendingProcedure.objects.create(
        case=case, kind="appeal", suspensive=True, starts_on=dt.date(2026, 6, 1), ends_on=dt.date(2026, 10, 1)
    )
    Nationality.objects.create(person=case.person, country="SY", status="established", source="LP-gesprek")
    departure = departure_plan(actor=me, case=case, kind="independent", destination_country="SY")
    fresh = Case.objects.get(pk=case.pk)
    closed = case_close_without_departure(
        actor=me, case=fresh, outcome=Outcome.NO_FAULT_PERMIT, expected_version=fresh.version, note="BSV verleend"
    )
    assert closed.phase == Phase.CLOSED and closed.outcome == Outcome.NO_FAULT_PERMIT
    assert Departure.objects.get(pk=departure.pk).cancel_reason == "case_closed"
    (event,) = events(EventType.CASE_CLOSED_WITHOUT_DEPARTURE, case_id=case.pk)
    assert event.new_values["conditions"] == {
        "latest_stance": "cooperates",
        "active_procedures": 0,
        "nationality_established": True,
    }
    assert event.new_values["departure_cancelled"] == str(departure.pk)
    assert len(events(EventType.DEPARTURE_CANCELLED, case_id=case.pk)) == 1
    assert len(events(EventType.CASE_NOTE_ADDED, case_id=case.pk)) == 1
    assert events(EventType.CASE_CLOSED, case_id=case.pk)[0].new_values["outcome"] == "no_fault_permit"


@pytest.mark.parametrize(
    "outcome",
    [Outcome.UNSUPERVISED, Outcome.NEW_PROCEDURE, Outcome.PERMIT_GRANTED, Outcome.DECEASED, Outcome.TRANSFERRED],
)
def test_other_closings_without_departure(case, me, outcome) -> None:
    closed = case_close_without_departure(actor=me, case=case, outcome=outcome, expected_version=case.version)
    assert closed.outcome == outcome and closed.next_deadline is None
    (event,) = events(EventType.CASE_CLOSED_WITHOUT_DEPARTURE, case_id=case.pk)
    assert event.new_values == {"outcome": outcome}


def test_closing_without_departure_refusals(case, me, other_case_manager) -> None:
    with pytest.raises(ValidationFailed) as departed:
        case_close_without_departure(actor=me, case=case, outcome=Outcome.FORCED, expected_version=None)
    assert set(departed.value.errors) == {"outcome"}
    with pytest.raises(ConcurrentEdit):
        case_close_without_departure(actor=me, case=case, outcome=Outcome.DECEASED, expected_version=case.version - 1)
    with pytest.raises(PermissionDenied):
        case_close_without_departure(
            actor=Actor(user=other_case_manager), case=case, outcome=Outcome.DECEASED, expected_version=None
        )
    assert Case.objects.get(pk=case.pk).is_open


# --- selectors -------------------------------------------------------------------------------------


def test_departures_visible_only_with_their_case(case, me, other_case_manager, analyst) -> None:
    departure = plan_forced(me, case)
    assert list(selectors.departure_list(user=me.user, case=case)) == [departure]
    for user in (other_case_manager, analyst):
        assert not selectors.departure_list(user=user, case=case).exists()
        with pytest.raises(Exception) as hidden:
            selectors.departure_get(user=user, case=case, departure_id=departure.pk)
        assert type(hidden.value).__name__ == "NotFound"
    view = selectors.departure_view(user=me.user, departure=departure)
    assert view.checklist_required and view.missing_checks == CHECKLIST_ITEMS
    assert view.checklist_due == dt.datetime(2026, 12, 8, 7, 15, tzinfo=AMS)
    section = selectors.departures_dossier_section(user=me.user, case=Case.objects.get(pk=case.pk))
    assert section["departure_planned"].departure == departure and not section["departures_can_plan"]


def test_travel_document_tick_with_a_border_handover_agreed(case, me) -> None:
    from regie.travel_documents.models import LpRequest

    departure = plan_forced(me, case)
    LpRequest.objects.create(
        case=case,
        country="SY",
        status="closed",
        prepared_on=dt.date(2026, 10, 1),
        outcome="border_handover",
        outcome_on=dt.date(2026, 11, 1),
    )
    departure = departure_check(actor=me, departure=departure, item="travel_document", expected_version=1)
    assert departure.check_travel_document_on is not None and departure.travel_document is None
    (event,) = events(EventType.DEPARTURE_CHECKED, case_id=case.pk)
    assert event.new_values["travel_document"] == "border_handover"


def test_a_later_date_keeps_the_document_check_with_another_valid_document(case, me) -> None:
    passport(case, valid_until=dt.date(2026, 12, 31))
    departure = departure_check(actor=me, departure=plan_forced(me, case), item="travel_document", expected_version=1)
    lp = IdentityDocument.objects.create(
        person=case.person, kind="laissez_passer", issuing_country="SY", valid_until=dt.date(2027, 3, 1)
    )
    departure = departure_update(
        actor=me, departure=departure, expected_version=2, departs_at=dt.datetime(2027, 1, 20, 9, 0, tzinfo=AMS)
    )
    assert departure.check_travel_document_on is not None and departure.travel_document == lp
    # Changing nothing writes nothing.
    same = departure_update(actor=me, departure=departure, expected_version=3, escort="kmar")
    assert same.version == 3 and len(events(EventType.DEPARTURE_UPDATED, case_id=case.pk)) == 1


# --- removability gates removal ------------------------------------------------------------------


def test_a_forced_departure_is_not_planned_while_a_suspensive_procedure_runs(case, me, team_lead) -> None:
    from regie.removability.services import procedure_record

    procedure_record(
        actor=Actor(user=team_lead), case=case, kind="appeal", suspensive=True, starts_on=dt.date(2026, 11, 1)
    )
    with pytest.raises(ValidationFailed) as refused:
        plan_forced(me, case)
    (message,) = refused.value.errors["departs_at"]
    assert message.startswith("Uitzetting kan op deze datum niet doorgaan: Procedure met schorsende werking loopt")
    assert not Departure.objects.exists()
    # Leaving independently stays possible.
    independent = departure_plan(actor=me, case=case, kind="independent", destination_country="SY")
    assert independent.status == DepartureStatus.PLANNED


def test_a_postponement_stops_checking_and_confirming_a_planned_removal(case, me, team_lead) -> None:
    from regie.removability.services import postponement_record

    passport(case)
    departure = plan_forced(me, case, departs_at=NOW + dt.timedelta(hours=3))
    departure = departure_check(actor=me, departure=departure, item="ticket", expected_version=departure.version)
    postponement_record(
        actor=Actor(user=team_lead),
        case=case,
        ground="hospital",
        starts_on=NOW.date(),
        ends_on=NOW.date() + dt.timedelta(days=30),
    )
    for item in ("money", "fit_to_fly"):
        with pytest.raises(ValidationFailed) as refused:
            departure_check(actor=me, departure=departure, item=item, expected_version=departure.version)
        assert "item" in refused.value.errors
    with pytest.raises(ValidationFailed) as fit:
        departure_check(actor=me, departure=departure, item="fit_to_fly", expected_version=departure.version)
    assert "fit to fly" in fit.value.errors["item"][0] or "Uitzetting" in fit.value.errors["item"][0]
    with pytest.raises(ValidationFailed) as confirm:
        departure_confirm(
            actor=me,
            departure=departure,
            confirmed_on=NOW.date(),
            border_message_reference="KMAR-GB-9",
            expected_version=departure.version,
        )
    assert confirm.value.errors["confirmed_on"][0].startswith("Uitzetting kan op deze datum niet doorgaan")
    # The reason names the postponement, never its medical ground.
    assert "ziekenhuis" not in confirm.value.errors["confirmed_on"][0].lower()
    assert Departure.objects.get(pk=departure.pk).status == DepartureStatus.PLANNED


def test_a_suspension_recorded_after_planning_puts_the_flight_on_the_worklist(
    case, me, team_lead, case_manager
) -> None:
    from regie.removability.services import procedure_record

    departure = plan_forced(me, case)  # flight on 10 December
    procedure_record(actor=Actor(user=team_lead), case=case, kind="appeal", suspensive=True, starts_on=NOW.date())
    flags = [row for row in worklist_for(user=case_manager, on=NOW.date()).flags if row.code == "departure_suspended"]
    assert [(f.case_id, f.source_id, f.due) for f in flags] == [(case.pk, str(departure.pk), NOW.date())]
    assert "kan niet doorgaan" in flags[0].explanation
    assert not CaseDeadline.objects.filter(case=case, code="pre_departure_checks").exists()
    # The departure itself says it is on hold, and why (the page, the dossier section and the API read this).
    (view,) = selectors.departure_views(user=case_manager, case=Case.objects.get(pk=case.pk))
    assert [r.startswith("Procedure met schorsende werking loopt: Beroep") for r in view.on_hold] == [True]
    independent = selectors.departure_view(
        user=case_manager, departure=Departure(case=case, kind="independent", status="planned")
    )
    assert independent.on_hold == ()
