"""Whole cases along every real path, through the services of every app, with the clock moving on:
each asserts the deadlines (rows and `case.next_deadline`), the worklist, the outcome and the audit trail.

1. independent return with reintegration support;
2. forced return from detention with a laissez-passer issued;
3. Dublin transfer;
4. departure impossible, ending in a no-fault permit;
5. absconding from a freedom-restricting location (VBL).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import pytest

from regie.accounts.models import User
from regie.audit.models import AuditEvent
from regie.audit.services import audit_verify
from regie.cases.choices import Outcome, Phase
from regie.cases.models import Case
from regie.core import clock
from regie.core.context import Actor
from regie.deadlines.models import CaseDeadline
from regie.deadlines.selectors import worklist_for
from regie.departures import services as departures
from regie.departures.choices import CHECKLIST_ITEMS
from regie.interviews import services as interviews
from regie.interviews.choices import CHECKED_CIRCUMSTANCES
from regie.interviews.domain import CheckInput
from regie.measures import services as measures
from regie.people import services as people
from regie.removability import services as removability
from regie.support import services as support
from regie.travel_documents import services as travel_documents

from .conftest import AMS

pytestmark = pytest.mark.django_db


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=AMS)


def deadlines(case: Case) -> dict[str, dt.date]:
    return {row.code: row.due for row in CaseDeadline.objects.filter(case=case)}


def worklist_codes(user: User, case: Case, on: dt.date) -> dict[str, list[str]]:
    work = worklist_for(user=user, on=on)
    return {
        name: [row.code for row in getattr(work, name) if row.case_id == case.pk]
        for name in ("overdue", "today", "this_week", "flags")
    }


def trail(case: Case) -> list[str]:
    return list(AuditEvent.objects.filter(case_id=case.pk).order_by("id").values_list("event_type", flat=True))


def assert_in_order(events: Sequence[str], expected: Sequence[str]) -> None:
    """`expected` occurs in `events` in this order (other events may come between)."""
    position = 0
    for event in events:
        if position < len(expected) and event == expected[position]:
            position += 1
    assert position == len(expected), f"missing from the trail, in order: {expected[position:]}\n{events}"


def hold_interview(actor: Actor, case: Case, held_at: dt.datetime, stance: str = "cooperates") -> Any:
    return interviews.interview_record(
        actor=actor,
        case=case,
        held_at=held_at,
        summary="Gesprek over vertrek (synthetisch).",
        stance=stance,
        checks={c: CheckInput("not_present") for c in CHECKED_CIRCUMSTANCES},
    )


def fresh(case: Case) -> Case:
    return Case.objects.get(pk=case.pk)


# --- 1. independent return with reintegration support -------------------------------------------------


def test_independent_return_with_reintegration_support(case: Case, case_manager: User, team_lead: User) -> None:
    me, lead = Actor(user=case_manager), Actor(user=team_lead)
    today = clock.today()  # 28-11-2026; return decision 02-11-2026, rejected asylum seeker
    assert deadlines(case) == {"departure_term": dt.date(2026, 11, 30), "reception_end": dt.date(2026, 11, 30)}
    assert fresh(case).next_deadline == dt.date(2026, 11, 30)
    assert worklist_codes(case_manager, case, today)["this_week"] == ["departure_term", "reception_end"]

    hold_interview(me, case, at(today, 9))
    grant = support.support_grant_apply(actor=me, case=case, programme="reintegration")
    if grant.status == "awaiting_approval":
        grant = support.support_grant_approve(actor=lead, grant=grant, expected_version=grant.version)
    assert grant.status == "approved" and grant.amount_cents > 0

    departure = departures.departure_plan(
        actor=me,
        case=fresh(case),
        kind="independent",
        destination_country="SY",
        departs_at=at(dt.date(2026, 12, 5), 11),
        flight_number="TK1952",
    )
    assert fresh(case).phase == Phase.DEPARTURE_PREPARED
    # An independent departure has no 48-hour checklist on the worklist.
    assert "pre_departure_checks" not in deadlines(case)

    with clock.frozen(at(dt.date(2026, 12, 5), 18)):
        # The departure term and the reception have ended: facts of the dossier by now, not overdue tasks.
        assert worklist_codes(case_manager, case, clock.today())["overdue"] == []
        departures.departure_confirm(
            actor=me,
            departure=departure,
            confirmed_on=dt.date(2026, 12, 5),
            border_message_reference="KMAR-GB-2026-1205",
            expected_version=departure.version,
        )
        closed = fresh(case)
        assert closed.phase == Phase.CLOSED and closed.outcome == Outcome.INDEPENDENT_VERIFIED
        assert closed.next_deadline is None and deadlines(case) == {}
        assert worklist_codes(case_manager, case, clock.today()) == {
            "overdue": [],
            "today": [],
            "this_week": [],
            "flags": [],
        }
    assert_in_order(
        trail(case),
        [
            "case.opened",
            "case.assigned",
            "case.phase_changed",
            "interview.recorded",
            "support.grant_applied",
            "departure.planned",
            "case.phase_changed",
            "departure.confirmed",
            "case.closed",
        ],
    )
    assert audit_verify() > 0


# --- 2. forced return from detention with an LP issued --------------------------------------------------


def test_forced_return_from_detention_with_lp_issued(case: Case, case_manager: User, team_lead: User) -> None:
    me, lead = Actor(user=case_manager), Actor(user=team_lead)
    hold_interview(me, case, at(clock.today(), 9), stance="does_not")
    detention = measures.detention_start(
        actor=lead,
        case=fresh(case),
        basis="art59",
        place="Detentiecentrum Rotterdam",
        grounds="Risico op onttrekking (synthetisch).",
        starts_on=clock.today(),
        proposed_by=case_manager,
    )
    rows = deadlines(case)
    assert rows["detention_court_notification"] == dt.date(2026, 12, 26)
    assert rows["detention_maximum"] == dt.date(2027, 5, 28)
    assert rows["detention_inactivity"] == dt.date(2026, 12, 12)

    lp = travel_documents.lp_request_prepare(actor=me, case=fresh(case), country="SY")
    lp = travel_documents.lp_request_sign(actor=me, lp=lp, expected_version=lp.version)
    lp = travel_documents.lp_request_send(actor=me, lp=lp, expected_version=lp.version)
    assert deadlines(case)["lp_withdrawal_decision"] == dt.date(2027, 11, 28)

    with clock.frozen(at(dt.date(2026, 12, 14))):
        measures.detention_court_notified(
            actor=me, detention=detention, court_notified_on=clock.today(), expected_version=detention.version
        )
        lp = travel_documents.lp_request_close(
            actor=me,
            lp=lp,
            expected_version=lp.version,
            outcome="issued",
            lp_valid_until=dt.date(2027, 3, 14),
            document_number="LP-SY-0001",
        )
        assert "lp_withdrawal_decision" not in deadlines(case)
        departure = departures.departure_plan(
            actor=me,
            case=fresh(case),
            kind="forced",
            departs_at=at(dt.date(2026, 12, 22), 7),
            flight_number="KL1234",
            from_airport="AMS",
            to_airport="BEY",
            destination_country="SY",
            escort="kmar",
        )
        assert deadlines(case)["pre_departure_checks"] == dt.date(2026, 12, 20)
        work = worklist_codes(case_manager, case, clock.today())
        assert "pre_departure_checks" in work["this_week"] and "departure_term" not in work["overdue"]

    with clock.frozen(at(dt.date(2026, 12, 19))):
        for item in CHECKLIST_ITEMS:
            departure = departures.departure_check(
                actor=me, departure=departure, item=item, expected_version=departure.version
            )
        assert departure.travel_document is not None and departure.travel_document.kind == "laissez_passer"
        assert "pre_departure_checks" not in deadlines(case)
        departure = departures.departure_handover(
            actor=me,
            departure=departure,
            belongings="1 reistas (synthetisch)",
            physical_features="litteken rechterwang (synthetisch)",
            medical="geen bijzonderheden",
            complete=True,
            expected_version=departure.version,
        )

    with clock.frozen(at(dt.date(2026, 12, 22), 12)):
        departures.departure_confirm(
            actor=me,
            departure=departure,
            confirmed_on=dt.date(2026, 12, 22),
            border_message_reference="KMAR-ESC-2026-1222",
            expected_version=departure.version,
        )
    closed = fresh(case)
    assert closed.outcome == Outcome.FORCED and closed.next_deadline is None and deadlines(case) == {}
    detention.refresh_from_db()
    assert detention.ends_on == dt.date(2026, 12, 22) and detention.end_reason == "departed"
    assert_in_order(
        trail(case),
        [
            "detention.started",
            "travel_document.lp_prepared",
            "travel_document.lp_sent",
            "detention.court_notified",
            "travel_document.lp_closed",
            "travel_document.document_recorded",
            "departure.planned",
            *["departure.checked"] * len(CHECKLIST_ITEMS),
            "departure.handover_recorded",
            "detention.ended",
            "departure.confirmed",
            "case.closed",
        ],
    )
    confirmed = AuditEvent.objects.get(case_id=case.pk, event_type="departure.confirmed")
    assert confirmed.new_values["measures_ended"] == ["detention"]


# --- 3. Dublin transfer -------------------------------------------------------------------------------


def test_dublin_transfer(case: Case, case_manager: User) -> None:
    me = Actor(user=case_manager)
    departure = departures.departure_plan(
        actor=me, case=case, kind="dublin", dublin_member_state="DE", dublin_accepted_on=dt.date(2026, 11, 20)
    )
    assert deadlines(case)["dublin_transfer"] == dt.date(2027, 5, 20)
    row = CaseDeadline.objects.get(case=case, code="dublin_transfer")
    assert row.basis == "Dublinverordening art. 29" and "claim aanvaard 20-11-2026 + 6 maanden" in row.explanation
    # The person absconds for a while: 18 months instead of 6.
    departure = departures.departure_update(
        actor=me, departure=departure, expected_version=departure.version, dublin_absconded=True
    )
    assert deadlines(case)["dublin_transfer"] == dt.date(2028, 5, 20)
    with clock.frozen(at(dt.date(2028, 5, 13))):
        assert "dublin_transfer" in worklist_codes(case_manager, case, clock.today())["this_week"]
        departure = departures.departure_update(
            actor=me,
            departure=departure,
            expected_version=departure.version,
            departs_at=at(dt.date(2028, 5, 16), 9),
            flight_number="LH2303",
        )
    with clock.frozen(at(dt.date(2028, 5, 16), 15)):
        departures.departure_confirm(
            actor=me,
            departure=departure,
            confirmed_on=dt.date(2028, 5, 16),
            border_message_reference="DUB-DE-2028-77",
            expected_version=departure.version,
        )
    closed = fresh(case)
    assert closed.outcome == Outcome.DUBLIN and closed.next_deadline is None
    assert_in_order(
        trail(case),
        ["departure.planned", "departure.updated", "departure.updated", "departure.confirmed", "case.closed"],
    )


# --- 4. departure impossible: no-fault permit -----------------------------------------------------------


def test_departure_impossible_leads_to_a_no_fault_permit(case: Case, case_manager: User) -> None:
    me = Actor(user=case_manager)
    hold_interview(me, case, at(clock.today(), 9), stance="partly")
    procedure = removability.procedure_record(
        actor=me, case=fresh(case), kind="appeal", suspensive=True, starts_on=dt.date(2026, 11, 20)
    )
    lp = travel_documents.lp_request_prepare(actor=me, case=fresh(case), country="SY")
    lp = travel_documents.lp_request_sign(actor=me, lp=lp, expected_version=lp.version)
    lp = travel_documents.lp_request_send(actor=me, lp=lp, expected_version=lp.version)

    with pytest.raises(departures.ValidationFailed) as refused:
        departures.case_close_without_departure(
            actor=me, case=fresh(case), outcome=Outcome.NO_FAULT_PERMIT, expected_version=None
        )
    assert set(refused.value.errors) == {"cooperation", "procedures", "nationality"}

    with clock.frozen(at(dt.date(2027, 6, 1))):
        removability.procedure_end(actor=me, procedure=procedure, ends_on=dt.date(2027, 5, 1), outcome_note="ongegrond")
        travel_documents.lp_request_close(actor=me, lp=lp, expected_version=lp.version, outcome="not_recognised")
        hold_interview(me, fresh(case), at(clock.today(), 9), stance="cooperates")
        people.nationality_record(
            actor=me, person=case.person, country="SY", status="established", source="Taalanalyse (synthetisch)"
        )
        closed = departures.case_close_without_departure(
            actor=me,
            case=fresh(case),
            outcome=Outcome.NO_FAULT_PERMIT,
            expected_version=fresh(case).version,
            note="Buitenschuldvergunning verleend door de IND (synthetisch).",
        )
    assert closed.phase == Phase.CLOSED and closed.outcome == Outcome.NO_FAULT_PERMIT and deadlines(case) == {}
    assert_in_order(
        trail(case),
        [
            "interview.recorded",
            "removability.procedure_recorded",
            "travel_document.lp_sent",
            "removability.procedure_ended",
            "travel_document.lp_closed",
            "interview.recorded",
            "case.note_added",
            "departure.case_closed_without_departure",
            "case.closed",
        ],
    )
    event = AuditEvent.objects.get(case_id=case.pk, event_type="departure.case_closed_without_departure")
    assert event.new_values["conditions"]["latest_stance"] == "cooperates"


# --- 5. absconding from a VBL ---------------------------------------------------------------------------


def test_absconding_from_a_vbl(case: Case, case_manager: User) -> None:
    me = Actor(user=case_manager)
    interviews.departure_plan_update(
        actor=me, case=case, strategy="Zelfstandig vertrek na LP-aanvraag (synthetisch).", expected_version=0
    )
    lp = travel_documents.lp_request_prepare(actor=me, case=fresh(case), country="SY")
    lp = travel_documents.lp_request_sign(actor=me, lp=lp, expected_version=lp.version)
    travel_documents.lp_request_send(actor=me, lp=lp, expected_version=lp.version)
    placement = measures.vbl_place(actor=me, case=fresh(case), location="VBL Ter Apel", starts_on=clock.today())
    assert deadlines(case)["vbl_review"] == dt.date(2027, 2, 20)

    with clock.frozen(at(dt.date(2027, 2, 15))):
        assert "vbl_review" in worklist_codes(case_manager, case, clock.today())["this_week"]
        # Closing while the stay runs is refused: ending it needs its own reason.
        with pytest.raises(departures.ValidationFailed) as running:
            departures.case_close_without_departure(
                actor=me, case=fresh(case), outcome=Outcome.UNSUPERVISED, expected_version=None
            )
        assert set(running.value.errors) == {"measures"} and "VBL" in running.value.errors["measures"][0]
        measures.vbl_end(
            actor=me,
            placement=placement,
            ends_on=dt.date(2027, 2, 14),
            end_reason="absconded",
            expected_version=placement.version,
        )
        assert "vbl_review" not in deadlines(case)
        closed = departures.case_close_without_departure(
            actor=me, case=fresh(case), outcome=Outcome.UNSUPERVISED, expected_version=fresh(case).version
        )
    assert closed.outcome == Outcome.UNSUPERVISED and closed.next_deadline is None and deadlines(case) == {}
    assert_in_order(
        trail(case),
        [
            "interview.departure_plan_updated",
            "travel_document.lp_sent",
            "vbl.placed",
            "vbl.ended",
            "departure.case_closed_without_departure",
            "case.closed",
        ],
    )
