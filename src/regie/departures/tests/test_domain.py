"""Departure rules without a database: the plan, the 48-hour checklist, Dublin terms, the status
machine, confirmation and the no-fault permit, hammered with hypothesis where there is arithmetic."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from regie.cases.choices import Outcome
from regie.deadlines.domain import DEFAULT_RULES, Rule, add_months
from regie.departures.choices import CHECKLIST_ITEMS, DepartureKind, DepartureStatus, Escort
from regie.departures.domain import (
    ACTIONS,
    DUBLIN_STATES,
    OUTCOME_FOR_KIND,
    WITHOUT_DEPARTURE,
    NoFaultFacts,
    Plan,
    checklist_due,
    checks_to_clear,
    close_without_departure_errors,
    confirmation_errors,
    dublin_transfer_deadline,
    handover_missing,
    missing_checks,
    next_status,
    no_fault_permit_unmet,
    normalise_code,
    requires_checklist,
    requires_handover,
    status_refusal,
    validate_plan,
)

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")
NOW = dt.datetime(2026, 11, 28, 9, 0, tzinfo=AMS)
TODAY = NOW.date()
FLIGHT = dt.datetime(2026, 12, 10, 7, 15, tzinfo=AMS)

moments = st.datetimes(min_value=dt.datetime(2002, 1, 1), max_value=dt.datetime(2099, 12, 31), timezones=st.just(AMS))
dates = st.dates(min_value=dt.date(2001, 4, 1), max_value=dt.date(2098, 12, 31))


def forced(**overrides: object) -> Plan:
    values: dict[str, object] = {
        "kind": DepartureKind.FORCED,
        "destination_country": "MA",
        "departs_at": FLIGHT,
        "flight_number": "KL1234",
        "from_airport": "AMS",
        "to_airport": "CMN",
        "escort": Escort.KMAR,
    }
    values.update(overrides)
    return Plan(**values)  # type: ignore[arg-type]


def dublin(**overrides: object) -> Plan:
    values: dict[str, object] = {
        "kind": DepartureKind.DUBLIN,
        "destination_country": "DE",
        "dublin_member_state": "DE",
        "dublin_accepted_on": dt.date(2026, 10, 1),
    }
    values.update(overrides)
    return Plan(**values)  # type: ignore[arg-type]


# --- the plan -----------------------------------------------------------------------------------


def test_a_complete_forced_plan_is_valid() -> None:
    assert validate_plan(forced(), now=NOW, today=TODAY, rules=DEFAULT_RULES) == {}
    assert (
        validate_plan(Plan(kind="independent", destination_country="GE"), now=NOW, today=TODAY, rules=DEFAULT_RULES)
        == {}
    )


def test_forced_departure_needs_time_flight_and_escort() -> None:
    errors = validate_plan(
        forced(departs_at=None, flight_number="", escort=Escort.NONE), now=NOW, today=TODAY, rules=DEFAULT_RULES
    )
    assert set(errors) == {"departs_at", "flight_number", "escort"}


def test_plan_names_each_bad_field_without_echoing_it() -> None:
    plan = forced(
        kind="forced",
        destination_country="NL",
        flight_number="KLM 12345",
        from_airport="AM",
        to_airport="AMS",
        departs_at=dt.datetime(2026, 12, 1, 10, 0),  # naive
    )
    errors = validate_plan(plan, now=NOW, today=TODAY, rules=DEFAULT_RULES)
    assert set(errors) == {"destination_country", "flight_number", "from_airport", "departs_at"}
    assert not any("KLM 12345" in m for ms in errors.values() for m in ms)
    assert "tijdzone" in errors["departs_at"][0]
    assert set(validate_plan(forced(kind="train", escort="dogs"), now=NOW, today=TODAY, rules=DEFAULT_RULES)) == {
        "kind",
        "escort",
    }
    assert set(validate_plan(forced(destination_country="XX"), now=NOW, today=TODAY, rules=DEFAULT_RULES)) == {
        "destination_country"
    }
    assert set(validate_plan(forced(to_airport="AMS"), now=NOW, today=TODAY, rules=DEFAULT_RULES)) == {"to_airport"}


def test_departure_in_the_past_or_out_of_range() -> None:
    past = forced(departs_at=NOW - dt.timedelta(minutes=1))
    assert "departs_at" in validate_plan(past, now=NOW, today=TODAY, rules=DEFAULT_RULES)
    # An update that leaves the time alone is not refused because the flight has passed since.
    assert validate_plan(past, now=NOW, today=TODAY, departs_at_changed=False, rules=DEFAULT_RULES) == {}
    far = forced(departs_at=dt.datetime(9999, 12, 31, 23, 0, tzinfo=dt.timezone(-dt.timedelta(hours=5))))
    assert "departs_at" in validate_plan(far, now=NOW, today=TODAY, rules=DEFAULT_RULES)


def test_dublin_fields_only_for_dublin() -> None:
    plan = forced(dublin_member_state="DE", dublin_accepted_on=dt.date(2026, 1, 1), dublin_absconded=True)
    assert set(validate_plan(plan, now=NOW, today=TODAY, rules=DEFAULT_RULES)) == {
        "dublin_member_state",
        "dublin_accepted_on",
        "dublin_absconded",
    }


def test_dublin_plan_rules() -> None:
    assert validate_plan(dublin(), now=NOW, today=TODAY, rules=DEFAULT_RULES) == {}
    assert set(
        validate_plan(
            dublin(dublin_member_state="", destination_country="DE"), now=NOW, today=TODAY, rules=DEFAULT_RULES
        )
    ) == {"dublin_member_state"}
    assert set(validate_plan(dublin(dublin_member_state="NL"), now=NOW, today=TODAY, rules=DEFAULT_RULES)) == {
        "dublin_member_state"
    }
    assert set(validate_plan(dublin(destination_country="FR"), now=NOW, today=TODAY, rules=DEFAULT_RULES)) == {
        "destination_country"
    }
    assert set(validate_plan(dublin(dublin_accepted_on=None), now=NOW, today=TODAY, rules=DEFAULT_RULES)) == {
        "dublin_accepted_on"
    }
    future = dublin(dublin_accepted_on=TODAY + dt.timedelta(days=1))
    assert set(validate_plan(future, now=NOW, today=TODAY, rules=DEFAULT_RULES)) == {"dublin_accepted_on"}
    before_rules = dublin(dublin_accepted_on=dt.date(1999, 1, 1))
    assert (
        "geen regel" in validate_plan(before_rules, now=NOW, today=TODAY, rules=DEFAULT_RULES)["dublin_accepted_on"][0]
    )


def test_dublin_transfer_must_fall_within_the_term() -> None:
    expired = dublin(dublin_accepted_on=dt.date(2026, 5, 27))  # + 6 months = 27-11-2026, before today
    assert (
        "verstreken op 27-11-2026"
        in validate_plan(expired, now=NOW, today=TODAY, rules=DEFAULT_RULES)["dublin_accepted_on"][0]
    )
    # Absconded: 18 months, so the same acceptance is still in time.
    assert (
        validate_plan(
            dublin(dublin_accepted_on=dt.date(2026, 5, 27), dublin_absconded=True),
            now=NOW,
            today=TODAY,
            rules=DEFAULT_RULES,
        )
        == {}
    )
    late = dublin(dublin_accepted_on=dt.date(2026, 6, 15), departs_at=dt.datetime(2026, 12, 16, 9, 0, tzinfo=AMS))
    assert "15-12-2026" in validate_plan(late, now=NOW, today=TODAY, rules=DEFAULT_RULES)["departs_at"][0]


@given(dates, st.booleans(), st.booleans())
def test_dublin_terms_are_6_12_18_months(accepted: dt.date, imprisoned: bool, absconded: bool) -> None:
    deadline = dublin_transfer_deadline(
        accepted_on=accepted, imprisoned=imprisoned, absconded=absconded, rules=DEFAULT_RULES
    )
    months = 18 if absconded else (12 if imprisoned else 6)
    assert deadline == add_months(accepted, months)
    assert deadline > accepted


def test_dublin_term_follows_the_rule_in_force() -> None:
    rules = (
        Rule(
            "dublin_transfer",
            "Dublinoverdracht uiterlijk",
            "oud",
            6,
            "months",
            dt.date(2001, 1, 1),
            dt.date(2027, 1, 1),
            "standard",
        ),
        Rule(
            "dublin_transfer", "Dublinoverdracht uiterlijk", "nieuw", 9, "months", dt.date(2027, 1, 1), None, "standard"
        ),
    )
    assert dublin_transfer_deadline(accepted_on=dt.date(2026, 12, 31), rules=rules) == dt.date(2027, 6, 30)
    assert dublin_transfer_deadline(accepted_on=dt.date(2027, 1, 1), rules=rules) == dt.date(2027, 10, 1)


@given(st.sampled_from(["kl 1234", "KL1234", " hv 6201 ", "TRA5678", "U2123A"]))
def test_codes_are_normalised_before_they_are_checked(typed: str) -> None:
    code = normalise_code(typed)
    assert code == code.upper() and " " not in code
    assert "flight_number" not in validate_plan(forced(flight_number=code), now=NOW, today=TODAY, rules=DEFAULT_RULES)


def test_changing_the_flight_clears_the_ticket_and_maybe_the_document() -> None:
    old = forced()
    assert checks_to_clear(old, old, document_valid_on_new_date=False) == ()
    assert checks_to_clear(old, forced(flight_number="HV6201"), document_valid_on_new_date=False) == ("ticket",)
    same_day = forced(departs_at=FLIGHT + dt.timedelta(hours=2))
    assert checks_to_clear(old, same_day, document_valid_on_new_date=False) == ("ticket",)
    next_week = forced(departs_at=FLIGHT + dt.timedelta(days=7))
    assert checks_to_clear(old, next_week, document_valid_on_new_date=True) == ("ticket",)
    assert checks_to_clear(old, next_week, document_valid_on_new_date=False) == ("ticket", "travel_document")


# --- the checklist --------------------------------------------------------------------------------


def test_checklist_due_48_hours_before_the_flight() -> None:
    assert checklist_due(FLIGHT, rules=DEFAULT_RULES) == dt.datetime(2026, 12, 8, 7, 15, tzinfo=AMS)


def test_checklist_due_counts_real_hours_across_summer_time() -> None:
    # Summer time starts 29-03-2026 02:00: 48 real hours before Monday 09:00 CEST is Saturday 08:00 CET.
    flight = dt.datetime(2026, 3, 30, 9, 0, tzinfo=AMS)
    due = checklist_due(flight, rules=DEFAULT_RULES)
    assert due == dt.datetime(2026, 3, 28, 8, 0, tzinfo=AMS)
    assert due.utcoffset() == dt.timedelta(hours=1)


@given(moments)
def test_checklist_due_is_exactly_48_elapsed_hours(flight: dt.datetime) -> None:
    due = checklist_due(flight, rules=DEFAULT_RULES)
    assert flight.astimezone(dt.UTC) - due.astimezone(dt.UTC) == dt.timedelta(hours=48)
    assert due.tzinfo == flight.tzinfo


@given(st.dictionaries(st.sampled_from(CHECKLIST_ITEMS), st.one_of(st.none(), st.just(FLIGHT))))
def test_missing_checks_are_the_unticked_items_in_order(ticked: dict[str, object]) -> None:
    missing = missing_checks(ticked)
    assert list(missing) == [item for item in CHECKLIST_ITEMS if not ticked.get(item)]
    assert set(missing) | {k for k, v in ticked.items() if v} == set(CHECKLIST_ITEMS)


def test_which_departures_need_checklist_and_handover() -> None:
    assert requires_checklist(DepartureKind.FORCED)
    assert not requires_checklist(DepartureKind.INDEPENDENT) and not requires_checklist(DepartureKind.DUBLIN)
    assert requires_handover(DepartureKind.FORCED, Escort.KMAR)
    assert requires_handover(DepartureKind.DUBLIN, Escort.PARTIAL)
    assert not requires_handover(DepartureKind.DUBLIN, Escort.NONE)
    assert not requires_handover(DepartureKind.INDEPENDENT, Escort.NONE)


def test_handover_blank_is_not_an_answer() -> None:
    assert handover_missing({}) == ("handover_belongings", "handover_physical_features", "handover_medical")
    assert handover_missing(
        {"handover_belongings": "1 koffer", "handover_physical_features": "  ", "handover_medical": "geen"}
    ) == ("handover_physical_features",)


# --- the status machine ---------------------------------------------------------------------------


@given(st.lists(st.sampled_from(ACTIONS), max_size=12))
def test_no_sequence_of_actions_leaves_a_final_status(actions: list[str]) -> None:
    status: str = DepartureStatus.PLANNED
    for action in actions:
        refusal = status_refusal(status, action)
        if status == DepartureStatus.PLANNED:
            assert refusal is None
            status = next_status(status, action)
        else:
            assert refusal is not None and refusal.field == "status"
            with pytest.raises(ValueError):
                next_status(status, action)
    ended = {"confirm", "cancel"} & set(actions)
    assert (status == DepartureStatus.PLANNED) == (not ended)
    if ended:
        first = next(a for a in actions if a in ended)
        assert status == {"confirm": DepartureStatus.CONFIRMED, "cancel": DepartureStatus.CANCELLED}[first]


def test_unknown_action_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        status_refusal(DepartureStatus.PLANNED, "fly")


# --- confirmation ---------------------------------------------------------------------------------

COMPLETE_HANDOVER = {
    "handover_belongings": "1 tas",
    "handover_physical_features": "litteken",
    "handover_medical": "geen",
}


def _confirm(**overrides: object) -> dict[str, list[str]]:
    values: dict[str, object] = {
        "kind": DepartureKind.FORCED,
        "escort": Escort.KMAR,
        "missing": (),
        "handover": COMPLETE_HANDOVER,
        "handover_completed": True,
        "confirmed_on": TODAY,
        "border_message_reference": "KMAR-GB-1",
        "today": TODAY,
    }
    values.update(overrides)
    return confirmation_errors(**values)  # type: ignore[arg-type]


def test_confirmation_of_a_complete_forced_departure() -> None:
    assert _confirm() == {}


def test_a_departure_cannot_have_happened_before_its_booked_flight() -> None:
    flight_day = TODAY - dt.timedelta(days=2)
    assert _confirm(departs_on=flight_day, confirmed_on=flight_day) == {}
    assert _confirm(departs_on=flight_day, confirmed_on=flight_day + dt.timedelta(days=1)) == {}
    errors = _confirm(departs_on=flight_day, confirmed_on=flight_day - dt.timedelta(days=1))
    assert errors == {
        "confirmed_on": [f"De datum van vertrek ligt vóór de datum van de geboekte vlucht ({flight_day:%d-%m-%Y})."]
    }


def test_confirming_a_forced_departure_with_an_incomplete_checklist_names_the_items() -> None:
    errors = _confirm(missing=("ticket", "travel_document"))
    assert set(errors) == {"checklist"}
    assert errors["checklist"] == [
        "De controle vóór vertrek is niet compleet; nog niet afgevinkt: ticket, reisdocument."
    ]


def test_confirming_without_a_completed_handover() -> None:
    errors = _confirm(handover_completed=False, handover={"handover_belongings": "1 tas"})
    assert set(errors) == {"handover"}
    assert "uiterlijke kenmerken, medische informatie" in errors["handover"][0]


def test_independent_departure_needs_only_the_border_message() -> None:
    assert (
        _confirm(kind=DepartureKind.INDEPENDENT, escort=Escort.NONE, missing=CHECKLIST_ITEMS, handover_completed=False)
        == {}
    )
    errors = _confirm(border_message_reference=" ", confirmed_on=TODAY + dt.timedelta(days=1))
    assert set(errors) == {"border_message_reference", "confirmed_on"}
    assert set(_confirm(confirmed_on=None)) == {"confirmed_on"}


def test_escorted_dublin_transfer_needs_a_handover_but_no_checklist() -> None:
    errors = _confirm(kind=DepartureKind.DUBLIN, escort=Escort.KMAR, missing=("ticket",), handover_completed=False)
    assert set(errors) == {"handover"}


def test_every_kind_has_its_outcome() -> None:
    assert {OUTCOME_FOR_KIND[k] for k in DepartureKind.values} == {
        Outcome.INDEPENDENT_VERIFIED,
        Outcome.FORCED,
        Outcome.DUBLIN,
    }
    assert not set(OUTCOME_FOR_KIND.values()) & set(WITHOUT_DEPARTURE)
    assert set(OUTCOME_FOR_KIND.values()) | set(WITHOUT_DEPARTURE) == set(Outcome.values)


# --- closing without departure ----------------------------------------------------------------------


def test_closing_without_departure_takes_only_those_outcomes() -> None:
    for outcome in WITHOUT_DEPARTURE:
        assert close_without_departure_errors(outcome) == {}
    assert set(close_without_departure_errors(Outcome.FORCED)) == {"outcome"}
    assert set(close_without_departure_errors("vanished")) == {"outcome"}


def test_no_fault_permit_with_all_conditions_met() -> None:
    facts = NoFaultFacts(latest_stance="cooperates", active_procedures=0, nationality_established=True)
    assert no_fault_permit_unmet(facts) == {}


def test_no_fault_permit_names_each_unmet_condition() -> None:
    errors = no_fault_permit_unmet(
        NoFaultFacts(latest_stance="partly", active_procedures=1, nationality_established=False)
    )
    assert set(errors) == {"cooperation", "procedures", "nationality"}
    assert "niet volledig mee" in errors["cooperation"][0]
    assert "procedure" in errors["procedures"][0]
    assert "nationaliteit" in errors["nationality"][0]
    never = no_fault_permit_unmet(NoFaultFacts(latest_stance=None, active_procedures=0, nationality_established=True))
    assert set(never) == {"cooperation"} and "geen vertrekgesprek" in never["cooperation"][0]


@given(st.sampled_from([None, "cooperates", "partly", "does_not"]), st.integers(0, 3), st.booleans())
def test_no_fault_permit_unmet_exactly_when_a_condition_fails(
    stance: str | None, procedures: int, established: bool
) -> None:
    errors = no_fault_permit_unmet(NoFaultFacts(stance, procedures, established))
    assert ("cooperation" in errors) == (stance != "cooperates")
    assert ("procedures" in errors) == (procedures > 0)
    assert ("nationality" in errors) == (not established)


def test_dublin_states_exclude_the_netherlands() -> None:
    assert "NL" not in DUBLIN_STATES and len(DUBLIN_STATES) == 30
