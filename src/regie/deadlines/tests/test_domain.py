"""Deadline arithmetic: month ends, leap years, shortened terms, rules that change over time."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from regie.deadlines.domain import DEFAULT_RULES, Rule, add_months, departure_term_end, rule_in_force

dates = st.dates(min_value=dt.date(2001, 4, 1), max_value=dt.date(2100, 12, 31))


def test_departure_term_is_four_weeks_and_explained() -> None:
    deadline = departure_term_end(decision_date=dt.date(2026, 11, 28), rules=DEFAULT_RULES)
    assert deadline.due == dt.date(2026, 12, 26)
    assert deadline.explanation == (
        "Vertrektermijn eindigt 26-12-2026: terugkeerbesluit 28-11-2026 + 4 weken, art. 62 Vw"
    )
    assert deadline.basis == "art. 62 Vw"


def test_shortened_term_says_so() -> None:
    deadline = departure_term_end(decision_date=dt.date(2026, 11, 28), term_days=0, rules=DEFAULT_RULES)
    assert deadline.due == dt.date(2026, 11, 28)
    assert "0 dagen (verkort)" in deadline.explanation


def test_month_ends_and_leap_years() -> None:
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2028, 1, 31), 1) == dt.date(2028, 2, 29)
    assert add_months(dt.date(2028, 2, 29), 12) == dt.date(2029, 2, 28)
    assert add_months(dt.date(2026, 8, 31), 6) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2026, 12, 15), 1) == dt.date(2027, 1, 15)


@given(dates, st.integers(min_value=0, max_value=240))
def test_add_months_properties(start: dt.date, months: int) -> None:
    end = add_months(start, months)
    assert (end.year - start.year) * 12 + end.month - start.month == months
    assert end.day <= start.day
    assert end.day == start.day or (end + dt.timedelta(days=1)).day == 1  # clipped only at a month end


@given(dates, st.integers(min_value=0, max_value=28))
def test_departure_term_never_before_decision(decision: dt.date, days: int) -> None:
    deadline = departure_term_end(decision_date=decision, term_days=days, rules=DEFAULT_RULES)
    assert deadline.due == decision + dt.timedelta(days=days)
    assert deadline.due.strftime("%d-%m-%Y") in deadline.explanation


def test_rule_in_force_follows_its_validity_period() -> None:
    rules = (
        Rule(
            "departure_term",
            "Vertrektermijn eindigt",
            "art. 62 Vw (oud)",
            4,
            "weeks",
            dt.date(2001, 4, 1),
            dt.date(2027, 1, 1),
        ),
        Rule("departure_term", "Vertrektermijn eindigt", "art. 62 Vw (nieuw)", 30, "days", dt.date(2027, 1, 1)),
    )
    assert rule_in_force(rules, "departure_term", dt.date(2026, 12, 31)).basis.endswith("(oud)")
    assert rule_in_force(rules, "departure_term", dt.date(2027, 1, 1)).basis.endswith("(nieuw)")
    # A case decided under the old rule keeps it, even when computed after the change.
    assert departure_term_end(decision_date=dt.date(2026, 12, 20), rules=rules).due == dt.date(2027, 1, 17)
    assert departure_term_end(decision_date=dt.date(2027, 1, 2), rules=rules).due == dt.date(2027, 2, 1)
    with pytest.raises(LookupError):
        rule_in_force(rules, "departure_term", dt.date(1999, 1, 1))
