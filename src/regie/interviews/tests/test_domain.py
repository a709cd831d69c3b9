"""Interview rules without a database: the status machine, the checks, the plan's age, hammered with hypothesis."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from regie.interviews.choices import CHECKED_CIRCUMSTANCES, FIRST_INTERVIEWS_TO_CHECK, CheckResult, InterviewStatus
from regie.interviews.domain import (
    MAX_PLACE,
    TRANSITIONS,
    CheckInput,
    PlanText,
    check_errors,
    checks_required,
    interview_rank,
    is_plan_current,
    plan_changes,
    plan_errors,
    plan_version_errors,
    record_errors,
    transition_refusal,
    unchecked,
)

NOW = dt.datetime(2026, 11, 28, 10, 0, tzinfo=dt.UTC)
statuses = st.sampled_from(InterviewStatus.values)
results = st.sampled_from(CheckResult.values)
dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31))


def full_checks(result: str = CheckResult.NOT_PRESENT) -> dict[str, CheckInput]:
    return {c: CheckInput(result) for c in CHECKED_CIRCUMSTANCES}


# --- status machine -----------------------------------------------------------------------------


def test_only_a_planned_interview_moves_and_every_end_is_final() -> None:
    for target in (InterviewStatus.HELD, InterviewStatus.CANCELLED, InterviewStatus.NO_SHOW):
        assert transition_refusal(current=InterviewStatus.PLANNED, target=target) is None
        for end in (InterviewStatus.HELD, InterviewStatus.CANCELLED, InterviewStatus.NO_SHOW):
            refusal = transition_refusal(current=end, target=target)
            assert refusal is not None and refusal.field == "status"
    held = transition_refusal(current=InterviewStatus.HELD, target=InterviewStatus.CANCELLED)
    assert held is not None and "verslag ligt vast" in held.message


def test_unknown_status_is_refused_naming_the_field() -> None:
    refusal = transition_refusal(current=InterviewStatus.PLANNED, target="postponed")
    assert refusal is not None and refusal.field == "status" and "planned" in refusal.message


# Made-up statuses carry a marker, so "never echoed" can be checked without chance substring hits.
made_up = st.text(max_size=8).map(lambda t: f"\u2603{t}")


@given(st.lists(st.one_of(statuses, made_up), max_size=20))
def test_random_walks_end_in_at_most_one_final_status(targets: list[str]) -> None:
    status, moves = InterviewStatus.PLANNED.value, 0
    for target in targets:
        refusal = transition_refusal(current=status, target=target)
        if refusal is None:
            assert target in TRANSITIONS[status]
            status, moves = target, moves + 1
        else:
            assert refusal.field == "status" and refusal.message
            assert target not in refusal.message or target in InterviewStatus.values
    assert moves <= 1
    assert moves == 0 or status != InterviewStatus.PLANNED


# --- rank and checks ----------------------------------------------------------------------------


@given(st.lists(st.datetimes(timezones=st.just(dt.UTC)), min_size=1, max_size=12, unique=True))
def test_rank_is_the_place_in_time_order(moments: list[dt.datetime]) -> None:
    ranks = [interview_rank(m, [o for o in moments if o is not m]) for m in moments]
    assert sorted(ranks) == list(range(1, len(moments) + 1))
    ordered = sorted(moments)
    for moment, rank in zip(moments, ranks, strict=True):
        assert ordered[rank - 1] == moment
        assert checks_required(rank) == (rank <= FIRST_INTERVIEWS_TO_CHECK)


def test_a_tie_counts_as_later_so_both_need_checks() -> None:
    assert interview_rank(NOW, [NOW, NOW - dt.timedelta(days=1)]) == 2
    assert not checks_required(0) and checks_required(1) and checks_required(3) and not checks_required(4)


def test_complete_checks_pass_and_not_checked_is_allowed_explicitly() -> None:
    assert check_errors(full_checks(), required=True) == {}
    explicit = full_checks(CheckResult.NOT_CHECKED)
    assert check_errors(explicit, required=True) == {}
    assert unchecked({c: check.result for c, check in explicit.items()}) == CHECKED_CIRCUMSTANCES


@given(
    st.dictionaries(st.sampled_from(CHECKED_CIRCUMSTANCES), st.tuples(results, st.text(max_size=20))),
    st.booleans(),
)
def test_missing_circumstances_are_named_only_when_required(given_checks: dict, required: bool) -> None:
    checks = {c: CheckInput(result, note) for c, (result, note) in given_checks.items()}
    errors = check_errors(checks, required=required)
    missing = {f"checks.{c}" for c in CHECKED_CIRCUMSTANCES if c not in checks}
    assert set(errors) == (missing if required else set())
    flagged = unchecked({c: check.result for c, check in checks.items()})
    assert set(flagged) == {c for c in CHECKED_CIRCUMSTANCES if c not in checks or checks[c].result == "not_checked"}


@given(made_up, st.text(max_size=10))
def test_unknown_circumstances_and_results_are_refused_without_echo(key: str, result: str) -> None:
    errors = check_errors({**full_checks(), key: CheckInput("present")}, required=True)
    assert list(errors) == ["checks"] and key not in errors["checks"][0]
    if result not in CheckResult.values:
        bad = check_errors({**full_checks(), "medical": CheckInput(result)}, required=False)
        assert list(bad) == ["checks.medical.result"]


def test_a_long_check_note_names_its_field() -> None:
    errors = check_errors({"trafficking": CheckInput("present", "x" * 5001)}, required=False)
    assert errors == {"checks.trafficking.note": ["Maximaal 5000 tekens."]}


# --- planning and recording ---------------------------------------------------------------------


def test_planning_window_and_interpreter() -> None:
    ok = {"place": "Ter Apel", "interpreter_language": "ti", "interpreter_name": "Tolk A"}
    assert plan_errors(planned_at=NOW + dt.timedelta(days=3), now=NOW, **ok) == {}
    assert plan_errors(planned_at=NOW - dt.timedelta(minutes=30), now=NOW, **ok) == {}
    assert "planned_at" in plan_errors(planned_at=NOW - dt.timedelta(days=1), now=NOW, **ok)
    assert "planned_at" in plan_errors(planned_at=NOW + dt.timedelta(days=400), now=NOW, **ok)
    assert "planned_at" in plan_errors(planned_at=None, now=NOW, **ok)
    assert "planned_at" in plan_errors(planned_at=dt.datetime(2026, 12, 1, 10), now=NOW, **ok)
    bad_language = plan_errors(planned_at=NOW, now=NOW, place="", interpreter_language="xx1", interpreter_name="")
    assert list(bad_language) == ["interpreter_language"]
    name_only = plan_errors(planned_at=NOW, now=NOW, place="", interpreter_language="", interpreter_name="Tolk A")
    assert list(name_only) == ["interpreter_language"]
    assert plan_errors(planned_at=NOW, now=NOW, place="", interpreter_language="fas", interpreter_name="") == {}
    assert plan_errors(planned_at=NOW, now=NOW, place="", interpreter_language="AR", interpreter_name="") != {}


@given(st.text(min_size=MAX_PLACE + 1, max_size=MAX_PLACE + 40))
def test_messages_never_repeat_the_input(place: str) -> None:
    errors = plan_errors(planned_at=NOW, now=NOW, place=place, interpreter_language="", interpreter_name="")
    assert errors == {"place": [f"Maximaal {MAX_PLACE} tekens."]}


def test_record_needs_a_time_in_the_past_a_stance_and_a_summary() -> None:
    ok = {"participants": "regievoerder, tolk", "summary": "Gesprek gevoerd.", "stance": "partly"}
    assert record_errors(held_at=NOW, now=NOW, **ok) == {}
    assert record_errors(held_at=NOW + dt.timedelta(minutes=4), now=NOW, **ok) == {}
    assert list(record_errors(held_at=NOW + dt.timedelta(hours=1), now=NOW, **ok)) == ["held_at"]
    assert list(record_errors(held_at=dt.datetime(1999, 1, 1, tzinfo=dt.UTC), now=NOW, **ok)) == ["held_at"]
    no_stance = record_errors(held_at=NOW, now=NOW, **{**ok, "stance": ""})
    assert list(no_stance) == ["stance"] and "werkt mee" in no_stance["stance"][0]
    assert list(record_errors(held_at=NOW, now=NOW, **{**ok, "stance": "maybe"})) == ["stance"]
    assert list(record_errors(held_at=NOW, now=NOW, **{**ok, "summary": "  "})) == ["summary"]
    assert list(record_errors(held_at=None, now=NOW, **ok)) == ["held_at"]


# --- the departure plan -------------------------------------------------------------------------


def test_first_plan_needs_a_strategy_later_ones_a_change_and_a_note() -> None:
    first = PlanText("Zelfstandig vertrek met steun", "LP aanvragen")
    assert plan_version_errors(plan=first, change_note="", previous=None) == {}
    assert list(plan_version_errors(plan=PlanText(" "), change_note="", previous=None)) == ["strategy"]
    same = plan_version_errors(
        plan=PlanText("Zelfstandig vertrek met steun ", "LP aanvragen"), change_note="x", previous=first
    )
    assert list(same) == ["strategy"]
    changed = PlanText("Zelfstandig vertrek met steun", "LP aanvragen; IOM verwijzen")
    assert list(plan_version_errors(plan=changed, change_note=" ", previous=first)) == ["change_note"]
    assert plan_version_errors(plan=changed, change_note="IOM toegevoegd", previous=first) == {}
    assert plan_changes(first, changed) == ("next_steps",)
    assert plan_changes(None, first) == ("strategy", "next_steps")
    assert plan_changes(None, PlanText("Gedwongen vertrek")) == ("strategy",)
    assert list(plan_version_errors(plan=first, change_note="x" * 301, previous=None)) == ["change_note"]


def test_plan_age_boundaries() -> None:
    on = dt.date(2026, 11, 28)
    assert is_plan_current(on - dt.timedelta(days=90), on, 90)
    assert not is_plan_current(on - dt.timedelta(days=91), on, 90)
    assert is_plan_current(on, on, max_age_days=0)
    assert not is_plan_current(None, on, 90)
    assert not is_plan_current(on + dt.timedelta(days=1), on, 90)
    with pytest.raises(ValueError):
        is_plan_current(on, on, max_age_days=-1)


@given(dates, dates, st.integers(0, 400), st.integers(0, 400))
def test_plan_currency_is_monotonic_in_the_allowed_age(latest: dt.date, on: dt.date, age: int, more: int) -> None:
    current = is_plan_current(latest, on, age)
    assert current == (latest <= on and (on - latest).days <= age)
    if current:
        assert is_plan_current(latest, on, age + more)
        assert is_plan_current(latest, latest, age)
