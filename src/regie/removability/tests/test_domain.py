"""Pure removability rules: postponement periods and 'removable now?', hammered by hypothesis. No database."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from regie.removability.choices import PostponementGround, ProcedureKind
from regie.removability.domain import (
    NO_TRAVEL_DOCUMENT,
    Period,
    Postponement,
    Procedure,
    early_end_problem,
    is_automatic,
    latest_end,
    postponement_problems,
    pregnancy_period,
    removable_on,
)

dates = st.dates(min_value=dt.date(2001, 4, 1), max_value=dt.date(2100, 12, 31))
spans = st.integers(min_value=0, max_value=800)

# The rule `medical_postponement_max` as seeded (one year); the services read it from the rule table.
MAX_MONTHS = 12


def _problems(**kwargs: Any) -> Any:
    return postponement_problems(**{"max_months": MAX_MONTHS, **kwargs})


@st.composite
def procedures(draw: st.DrawFn) -> Procedure:
    start = draw(dates)
    ends = draw(st.one_of(st.none(), spans.map(lambda n: start + dt.timedelta(days=n))))
    return Procedure(
        kind=draw(st.sampled_from(ProcedureKind.values)), suspensive=draw(st.booleans()), starts_on=start, ends_on=ends
    )


@st.composite
def postponements(draw: st.DrawFn) -> Postponement:
    start = draw(dates)
    end = start + dt.timedelta(days=draw(spans))
    early = draw(st.one_of(st.none(), st.integers(0, 800).map(lambda n: start + dt.timedelta(days=n))))
    return Postponement(
        ground=draw(st.sampled_from(PostponementGround.values)), starts_on=start, ends_on=end, ended_early_on=early
    )


# --- removable on a date ------------------------------------------------------------------------


def test_nothing_in_the_way_is_removable() -> None:
    answer = removable_on(dt.date(2026, 5, 1), [], [], True)
    assert answer.removable and answer.reasons == [] and answer.on == dt.date(2026, 5, 1)


def test_each_obstacle_is_a_reason_in_dutch() -> None:
    on = dt.date(2026, 5, 1)
    appeal = Procedure(ProcedureKind.APPEAL, True, dt.date(2026, 3, 1))
    postponement = Postponement(PostponementGround.HOSPITAL, dt.date(2026, 4, 1), dt.date(2026, 6, 30))
    answer = removable_on(on, [appeal], [postponement], False)
    assert not answer.removable
    assert answer.reasons == [
        "Procedure met schorsende werking loopt: Beroep (sinds 01-03-2026).",
        "Uitstel van vertrek (art. 64 Vw) tot en met 30-06-2026.",
        NO_TRAVEL_DOCUMENT,
    ]
    # The reasons are read by everyone on the case: the medical ground is never in them.
    assert "Ziekenhuis" not in " ".join(answer.reasons)


def test_non_suspensive_ended_and_future_procedures_do_not_block() -> None:
    on = dt.date(2026, 5, 1)
    regular = Procedure(ProcedureKind.REGULAR_PERMIT, False, dt.date(2026, 1, 1))
    ended = Procedure(ProcedureKind.APPEAL, True, dt.date(2026, 1, 1), dt.date(2026, 4, 30))
    later = Procedure(ProcedureKind.NEW_ASYLUM, True, dt.date(2026, 5, 2))
    assert removable_on(on, [regular, ended, later], [], True).removable
    # The end date is the last day it still applies ("tot en met").
    assert not removable_on(dt.date(2026, 4, 30), [ended], [], True).removable


def test_a_postponement_ended_early_stops_blocking_after_its_last_day() -> None:
    post = Postponement(
        PostponementGround.TUBERCULOSIS, dt.date(2026, 1, 1), dt.date(2026, 12, 31), dt.date(2026, 3, 31)
    )
    assert not removable_on(dt.date(2026, 3, 31), [], [post], True).removable
    assert removable_on(dt.date(2026, 4, 1), [], [post], True).removable


def test_a_postponement_never_runs_past_the_legal_maximum() -> None:
    # Stored data from before the rule was enforced: the maximum of one year still applies.
    post = Postponement(
        PostponementGround.BMA_ADVICE, dt.date(2026, 1, 15), dt.date(2027, 6, 30), max_months=MAX_MONTHS
    )
    assert post.last_day == dt.date(2027, 1, 15)
    assert removable_on(dt.date(2027, 1, 16), [], [post], True).removable


@given(
    on=dates,
    procs=st.lists(procedures(), max_size=5),
    posts=st.lists(postponements(), max_size=5),
    document=st.booleans(),
)
def test_removable_exactly_when_nothing_blocks(
    on: dt.date, procs: list[Procedure], posts: list[Postponement], document: bool
) -> None:
    answer = removable_on(on, procs, posts, document)
    blocking_procs = [p for p in procs if p.suspensive and p.starts_on <= on and (p.ends_on is None or on <= p.ends_on)]
    blocking_posts = [p for p in posts if p.starts_on <= on <= p.last_day]
    expected = not blocking_procs and not blocking_posts and document
    assert answer.removable is expected
    assert answer.removable is (answer.reasons == [])
    assert len(answer.reasons) == len(blocking_procs) + len(blocking_posts) + (0 if document else 1)


@given(
    on=dates,
    procs=st.lists(procedures(), max_size=4),
    posts=st.lists(postponements(), max_size=4),
    extra_proc=procedures(),
    extra_post=postponements(),
)
def test_adding_an_obstacle_never_makes_a_case_more_removable(
    on: dt.date, procs: list[Procedure], posts: list[Postponement], extra_proc: Procedure, extra_post: Postponement
) -> None:
    before = removable_on(on, procs, posts, True)
    after = removable_on(on, [*procs, extra_proc], [*posts, extra_post], True)
    assert len(after.reasons) >= len(before.reasons)
    assert not (after.removable and not before.removable)
    assert not removable_on(on, procs, posts, False).removable


@given(on=dates, procs=st.lists(procedures(), max_size=4), posts=st.lists(postponements(), max_size=4))
def test_order_of_the_facts_does_not_matter(on: dt.date, procs: list[Procedure], posts: list[Postponement]) -> None:
    assert removable_on(on, procs, posts, True) == removable_on(on, procs[::-1], posts[::-1], True)


# --- postponement periods -----------------------------------------------------------------------


def test_pregnancy_runs_six_weeks_either_side_of_the_expected_birth() -> None:
    assert pregnancy_period(dt.date(2026, 6, 15)) == Period(dt.date(2026, 5, 4), dt.date(2026, 7, 27))
    period, problems = _problems(
        ground=PostponementGround.PREGNANCY, starts_on=None, ends_on=None, expected_birth_on=dt.date(2026, 6, 15)
    )
    assert problems == {} and period == Period(dt.date(2026, 5, 4), dt.date(2026, 7, 27))


def test_pregnancy_refuses_dates_that_disagree_naming_them() -> None:
    period, problems = _problems(
        ground=PostponementGround.PREGNANCY,
        starts_on=dt.date(2026, 5, 1),
        ends_on=dt.date(2026, 7, 27),
        expected_birth_on=dt.date(2026, 6, 15),
    )
    assert period is None and set(problems) == {"starts_on"}
    assert "04-05-2026" in problems["starts_on"]
    _, problems = _problems(
        ground=PostponementGround.PREGNANCY,
        starts_on=None,
        ends_on=dt.date(2026, 8, 1),
        expected_birth_on=dt.date(2026, 6, 15),
    )
    assert set(problems) == {"ends_on"}
    _, problems = _problems(ground=PostponementGround.PREGNANCY, starts_on=None, ends_on=None)
    assert set(problems) == {"expected_birth_on"}


@given(birth=dates)
def test_pregnancy_period_is_twelve_weeks_around_the_birth(birth: dt.date) -> None:
    period = pregnancy_period(birth)
    assert period.ends_on - period.starts_on == dt.timedelta(weeks=12)
    assert period.starts_on < birth < period.ends_on
    agreed, problems = _problems(
        ground=PostponementGround.PREGNANCY, starts_on=period.starts_on, ends_on=period.ends_on, expected_birth_on=birth
    )
    assert agreed == period and problems == {}


def test_at_most_one_year_naming_ends_on() -> None:
    start = dt.date(2026, 2, 10)
    ok, problems = _problems(ground=PostponementGround.HOSPITAL, starts_on=start, ends_on=dt.date(2027, 2, 10))
    assert problems == {} and ok == Period(start, dt.date(2027, 2, 10))
    none, problems = _problems(ground=PostponementGround.HOSPITAL, starts_on=start, ends_on=dt.date(2027, 2, 11))
    assert none is None and set(problems) == {"ends_on"}
    assert "ten hoogste een jaar" in problems["ends_on"] and "10-02-2027" in problems["ends_on"]


@given(start=dates, days=st.integers(min_value=-30, max_value=800))
def test_the_one_year_limit_holds_for_every_start(start: dt.date, days: int) -> None:
    end = start + dt.timedelta(days=days)
    period, problems = _problems(ground=PostponementGround.TUBERCULOSIS, starts_on=start, ends_on=end)
    allowed = start <= end <= latest_end(start, MAX_MONTHS)
    assert (period is not None) is allowed
    assert (problems == {}) is allowed
    if not allowed:
        assert set(problems) == {"ends_on"}


def test_leap_day_start_ends_at_the_end_of_february() -> None:
    assert latest_end(dt.date(2028, 2, 29), MAX_MONTHS) == dt.date(2029, 2, 28)


def test_other_grounds_need_dates_and_bma_advice_needs_its_reference() -> None:
    _, problems = _problems(ground=PostponementGround.BMA_ADVICE, starts_on=None, ends_on=None)
    assert set(problems) == {"starts_on", "ends_on", "bma_reference"}
    _, problems = _problems(
        ground=PostponementGround.HOSPITAL,
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 2, 1),
        expected_birth_on=dt.date(2026, 6, 1),
    )
    assert set(problems) == {"expected_birth_on"}
    _, problems = _problems(ground="flu", starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 2, 1))
    assert set(problems) == {"ground"}
    _, problems = _problems(
        ground=PostponementGround.HOSPITAL, starts_on=dt.date(2026, 2, 1), ends_on=dt.date(2026, 1, 1)
    )
    assert problems == {"ends_on": "De einddatum ligt vóór de begindatum."}


def test_a_shorter_maximum_from_the_rule_table_applies() -> None:
    _, problems = _problems(
        ground=PostponementGround.HOSPITAL, starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 8, 1), max_months=6
    )
    assert "ten hoogste 6 maanden" in problems["ends_on"]


def test_early_end_must_fall_within_the_period() -> None:
    start, end = dt.date(2026, 1, 1), dt.date(2026, 6, 30)
    assert early_end_problem(starts_on=start, ends_on=end, ended_early_on=None, on=dt.date(2026, 3, 1)) is None
    assert early_end_problem(starts_on=start, ends_on=end, ended_early_on=None, on=start) is None
    assert early_end_problem(starts_on=start, ends_on=end, ended_early_on=None, on=dt.date(2025, 12, 31))
    assert early_end_problem(starts_on=start, ends_on=end, ended_early_on=None, on=end)
    assert early_end_problem(starts_on=start, ends_on=end, ended_early_on=dt.date(2026, 2, 1), on=dt.date(2026, 3, 1))


def test_automatic_grounds() -> None:
    assert is_automatic(PostponementGround.PREGNANCY) and is_automatic(PostponementGround.TUBERCULOSIS)
    assert not is_automatic(PostponementGround.BMA_ADVICE)


def test_dates_out_of_range_or_too_far_ahead_are_refused() -> None:
    today = dt.date(2026, 5, 4)
    _, problems = _problems(
        ground=PostponementGround.PREGNANCY, starts_on=None, ends_on=None, expected_birth_on=dt.date(1, 1, 1)
    )
    assert problems == {"expected_birth_on": "Geef een datum tussen 1900 en 2999."}
    _, problems = _problems(
        ground=PostponementGround.PREGNANCY,
        starts_on=None,
        ends_on=None,
        expected_birth_on=dt.date(2027, 6, 1),
        today=today,
    )
    assert set(problems) == {"expected_birth_on"}
    _, problems = _problems(
        ground=PostponementGround.HOSPITAL, starts_on=dt.date(2027, 6, 1), ends_on=dt.date(2027, 7, 1), today=today
    )
    assert set(problems) == {"starts_on"}
    period, problems = _problems(
        ground=PostponementGround.HOSPITAL, starts_on=dt.date(2027, 5, 1), ends_on=dt.date(2027, 7, 1), today=today
    )
    assert problems == {} and period is not None
