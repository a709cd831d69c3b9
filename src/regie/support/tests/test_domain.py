"""The support rules, hammered with hypothesis: rule selection by date and country, the cash cap, ages
from partial dates of birth, the five-year lookback over month ends and leap years, the grant's life."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from regie.people.domain import PartialDate
from regie.support.choices import Beneficiary, Programme, SupportStatus
from regie.support.domain import (
    ACTIVE,
    COUNTS_AS_RECEIVED,
    FINAL,
    TRANSITIONS,
    AmountRule,
    Refusal,
    beneficiary_for,
    compute_amount,
    eligibility,
    euro,
    initial_status,
    parse_countries,
    partner_refusal,
    return_country,
    select_rule,
    status_refusal,
    years_before,
)

D = dt.date
CHANGE = D(2024, 7, 1)
REINTEGRATION = frozenset({"AF", "IQ", "SY", "MA"})
BASIC_HIGH = frozenset({"AF", "SY"})


def rule(
    id: str,
    amount: int,
    cap: int,
    start: dt.date,
    until: dt.date | None = None,
    countries: frozenset[str] = frozenset(),
    programme: str = Programme.REINTEGRATION,
    beneficiary: str = Beneficiary.ADULT,
    basis: str = "testregel",
) -> AmountRule:
    return AmountRule(id, programme, beneficiary, amount, cap, start, until, countries, basis)


SEED = [
    rule("basic-low", 4000, 4000, D(2015, 1, 1), programme=Programme.BASIC, basis="REAN laag"),
    rule("basic-high", 20000, 20000, D(2015, 1, 1), countries=BASIC_HIGH, programme=Programme.BASIC, basis="REAN hoog"),
    rule("reint-old", 180000, 30000, D(2015, 1, 1), CHANGE, REINTEGRATION, basis="€ 1.800, max. € 300 contant"),
    rule("reint-new", 261500, 61500, CHANGE, None, REINTEGRATION, basis="€ 615 + € 2.000 in natura"),
]

dates = st.dates(min_value=D(2000, 1, 1), max_value=D(2040, 12, 31))
countries = st.sampled_from(["AF", "IQ", "SY", "MA", "BR", "NG"])


# --- words -------------------------------------------------------------------------------------------


def test_euro_in_dutch_notation() -> None:
    assert euro(0) == "€ 0"
    assert euro(4000) == "€ 40"
    assert euro(180000) == "€ 1.800"
    assert euro(123456789) == "€ 1.234.567,89"
    assert euro(5) == "€ 0,05"


def test_country_list_is_parsed_forgivingly() -> None:
    assert parse_countries("AF, dz,,ER ") == frozenset({"AF", "DZ", "ER"})
    assert parse_countries("") == frozenset()


# --- selecting the rule --------------------------------------------------------------------------------


def test_the_decision_date_picks_the_version_of_the_rule() -> None:
    before = select_rule(SEED, Programme.REINTEGRATION, Beneficiary.ADULT, "SY", D(2024, 6, 30))
    on_the_day = select_rule(SEED, Programme.REINTEGRATION, Beneficiary.ADULT, "SY", CHANGE)
    assert isinstance(before, AmountRule) and before.id == "reint-old"
    assert isinstance(on_the_day, AmountRule) and on_the_day.id == "reint-new"


def test_a_country_on_the_list_beats_any_country() -> None:
    high = select_rule(SEED, Programme.BASIC, Beneficiary.ADULT, "SY", D(2026, 1, 1))
    low = select_rule(SEED, Programme.BASIC, Beneficiary.ADULT, "MA", D(2026, 1, 1))
    unknown = select_rule(SEED, Programme.BASIC, Beneficiary.ADULT, None, D(2026, 1, 1))
    assert isinstance(high, AmountRule) and high.id == "basic-high"
    assert isinstance(low, AmountRule) and low.id == "basic-low"
    assert isinstance(unknown, AmountRule) and unknown.id == "basic-low"


def test_no_rule_is_a_clear_refusal() -> None:
    not_listed = select_rule(SEED, Programme.REINTEGRATION, Beneficiary.ADULT, "BR", D(2026, 1, 1))
    assert isinstance(not_listed, Refusal) and not_listed.field == "country"
    assert "landenlijst" in not_listed.message and "BR" not in not_listed.message
    unknown = select_rule(SEED, Programme.REINTEGRATION, Beneficiary.ADULT, None, D(2026, 1, 1))
    assert isinstance(unknown, Refusal) and unknown.field == "country" and "niet bekend" in unknown.message
    too_early = select_rule(SEED, Programme.BASIC, Beneficiary.ADULT, "SY", D(2014, 12, 31))
    assert isinstance(too_early, Refusal) and too_early.field == "decided_on"
    assert "31-12-2014" in too_early.message and "Basisvertrekondersteuning" in too_early.message


@st.composite
def rule_tables(draw: st.DrawFn) -> list[AmountRule]:
    rules = []
    for i in range(draw(st.integers(0, 6))):
        start = draw(dates)
        length = draw(st.one_of(st.none(), st.integers(1, 5000)))
        until = None if length is None else start + dt.timedelta(days=length)
        listed = draw(st.frozensets(countries, max_size=3))
        rules.append(rule(f"r{i}", 1000 * (i + 1), 500, start, until, listed))
    return rules


@given(rule_tables(), dates, st.one_of(st.none(), countries))
def test_the_selected_rule_is_in_force_applies_and_is_the_most_specific(
    rules: list[AmountRule], on: dt.date, country: str | None
) -> None:
    chosen = select_rule(rules, Programme.REINTEGRATION, Beneficiary.ADULT, country, on)
    applicable = [r for r in rules if r.in_force(on) and (not r.countries or country in r.countries)]
    if isinstance(chosen, Refusal):
        assert not applicable
        assert chosen.field in ("decided_on", "country") and chosen.message
        return
    assert chosen in applicable
    if any(r.countries for r in applicable):
        assert chosen.countries and country in chosen.countries
    # Deterministic: the order of the table does not matter.
    assert select_rule(list(reversed(rules)), Programme.REINTEGRATION, Beneficiary.ADULT, country, on) == chosen


@given(st.dates(min_value=D(2001, 1, 1), max_value=D(2035, 12, 31)), dates, countries)
def test_a_rule_that_changes_mid_case_follows_the_decision_date(change: dt.date, on: dt.date, country: str) -> None:
    old = rule("old", 180000, 30000, D(2000, 1, 1), change, countries=frozenset({country}))
    new = rule("new", 261500, 61500, change, None, countries=frozenset({country}))
    chosen = select_rule([new, old], Programme.REINTEGRATION, Beneficiary.ADULT, country, on)
    assert isinstance(chosen, AmountRule)
    assert chosen.id == ("old" if on < change else "new")


def test_other_programmes_and_beneficiaries_are_ignored() -> None:
    chosen = select_rule(SEED, Programme.REINTEGRATION, Beneficiary.MINOR, "SY", D(2026, 1, 1))
    assert isinstance(chosen, Refusal) and chosen.field == "decided_on"


# --- the amount ------------------------------------------------------------------------------------------


def test_reintegration_amount_is_split_and_explained() -> None:
    new = SEED[3]
    result = compute_amount(new, None, on=D(2026, 3, 2))
    assert (result.amount_cents, result.cash_cents, result.in_kind_cents) == (261500, 61500, 200000)
    text = result.explanation
    assert "Herintegratieondersteuning voor een volwassene: € 2.615." in text
    assert "€ 615" in text and "€ 2.000" in text and "€ 615 + € 2.000 in natura" in text
    assert "geldig vanaf 01-07-2024, zonder einddatum" in text and "besluitdatum 02-03-2026" in text
    old = compute_amount(SEED[2], 50000)
    assert (old.cash_cents, old.in_kind_cents) == (30000, 150000)
    assert "meer dan het maximum" in old.explanation and "geldig van 01-01-2015 tot 01-07-2024" in old.explanation
    fewer = compute_amount(SEED[2], 10000)
    assert (fewer.cash_cents, fewer.in_kind_cents) == (10000, 170000)


def test_negative_cash_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        compute_amount(SEED[0], -1)


@st.composite
def amount_rules(draw: st.DrawFn) -> AmountRule:
    amount = draw(st.integers(0, 10_000_000))
    # The database allows cap <= amount only; the function must hold even if a cap slipped past it.
    cap = draw(st.integers(0, 12_000_000))
    return rule("r", amount, cap, D(2020, 1, 1), None, draw(st.frozensets(countries, max_size=2)))


@given(amount_rules(), st.one_of(st.none(), st.integers(0, 20_000_000)))
def test_cash_never_exceeds_the_cap_or_the_amount_and_parts_add_up(r: AmountRule, requested: int | None) -> None:
    result = compute_amount(r, requested)
    assert result.amount_cents == r.amount_cents
    assert 0 <= result.cash_cents <= min(r.cash_cap_cents, r.amount_cents)
    assert result.in_kind_cents >= 0
    assert result.cash_cents + result.in_kind_cents == result.amount_cents
    if requested is not None and requested <= min(r.cash_cap_cents, r.amount_cents):
        assert result.cash_cents == requested
    if requested is None:
        assert result.cash_cents == min(r.cash_cap_cents, r.amount_cents)
    assert euro(result.amount_cents) in result.explanation and euro(result.in_kind_cents) in result.explanation


# --- adult or minor -----------------------------------------------------------------------------------------


def test_eighteenth_birthday_makes_an_adult() -> None:
    born = PartialDate(2008, 6, 1)
    assert beneficiary_for(born, False, D(2026, 5, 31)) == Beneficiary.MINOR
    assert beneficiary_for(born, True, D(2026, 5, 31)) == Beneficiary.UNACCOMPANIED_MINOR
    assert beneficiary_for(born, True, D(2026, 6, 1)) == Beneficiary.ADULT


def test_leap_day_birthday() -> None:
    born = PartialDate(2008, 2, 29)
    assert beneficiary_for(born, False, D(2026, 2, 28)) == Beneficiary.MINOR
    assert beneficiary_for(born, False, D(2026, 3, 1)) == Beneficiary.ADULT
    # Known to the month only: the latest possible day is the 29th (2008 is a leap year).
    month = PartialDate(2008, 2)
    assert beneficiary_for(month, False, D(2026, 2, 28)) == Beneficiary.MINOR
    assert beneficiary_for(month, False, D(2026, 3, 1)) == Beneficiary.ADULT


def test_an_age_range_straddling_18_counts_as_a_minor() -> None:
    year_only = PartialDate(2008)
    assert beneficiary_for(year_only, True, D(2026, 6, 1)) == Beneficiary.UNACCOMPANIED_MINOR
    assert beneficiary_for(year_only, True, D(2026, 12, 30)) == Beneficiary.UNACCOMPANIED_MINOR
    assert beneficiary_for(year_only, True, D(2026, 12, 31)) == Beneficiary.ADULT


def test_unknown_year_of_birth_is_refused_naming_the_field() -> None:
    refusal = beneficiary_for(PartialDate(None), False, D(2026, 1, 1))
    assert isinstance(refusal, Refusal) and refusal.field == "birth_year"


@st.composite
def partial_dates(draw: st.DrawFn) -> PartialDate:
    year = draw(st.integers(1950, 2030))
    month = draw(st.one_of(st.none(), st.integers(1, 12)))
    day = None
    if month is not None:
        last = (D(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)).day
        day = draw(st.one_of(st.none(), st.integers(1, last)))
    return PartialDate(year, month, day)


def _exact_age(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


@given(partial_dates(), st.dates(min_value=D(1960, 1, 1), max_value=D(2050, 12, 31)), st.booleans())
def test_adult_only_when_every_possible_birth_date_gives_18(birth: PartialDate, on: dt.date, alone: bool) -> None:
    earliest, latest = birth.earliest(), birth.latest()
    assert earliest is not None and latest is not None
    possible = [earliest + dt.timedelta(days=n) for n in range((latest - earliest).days + 1)]
    every_adult = all(_exact_age(b, on) >= 18 for b in possible)
    result = beneficiary_for(birth, alone, on)
    if every_adult:
        assert result == Beneficiary.ADULT
    else:
        assert result == (Beneficiary.UNACCOMPANIED_MINOR if alone else Beneficiary.MINOR)
    # Time only makes people older.
    if result == Beneficiary.ADULT:
        assert beneficiary_for(birth, alone, on + dt.timedelta(days=400)) == Beneficiary.ADULT


# --- the lookback ---------------------------------------------------------------------------------------------


def test_support_three_years_ago_is_refused_with_the_reason() -> None:
    refusal = eligibility([D(2023, 3, 12)], D(2026, 3, 1), 5)
    assert isinstance(refusal, Refusal) and refusal.field == "person_id"
    assert "ontving in de afgelopen 5 jaar al terugkeerondersteuning (op 12-03-2023)" in refusal.message


def test_the_most_recent_earlier_support_is_named() -> None:
    refusal = eligibility([D(2022, 1, 5), D(2024, 8, 30), D(2015, 1, 1)], D(2026, 3, 1), 5)
    assert isinstance(refusal, Refusal) and "(op 30-08-2024)" in refusal.message


def test_on_the_fifth_anniversary_support_is_possible_again() -> None:
    assert eligibility([D(2021, 3, 1)], D(2026, 3, 1), 5) is None
    assert eligibility([D(2021, 3, 2)], D(2026, 3, 1), 5) is not None
    assert eligibility([], D(2026, 3, 1), 5) is None
    assert eligibility([D(2025, 1, 1)], D(2026, 3, 1), 0) is None


def test_lookback_over_leap_days_and_month_ends() -> None:
    # Decided on a leap day: five years earlier has no 29 February, the window starts on the 28th.
    assert years_before(D(2028, 2, 29), 5) == D(2023, 2, 28)
    assert eligibility([D(2023, 2, 28)], D(2028, 2, 29), 5) is None
    assert eligibility([D(2023, 3, 1)], D(2028, 2, 29), 5) is not None
    # Decided on a common 28 February: support on a leap day four years earlier counts.
    assert eligibility([D(2024, 2, 29)], D(2029, 2, 28), 5) is not None
    assert years_before(D(2026, 12, 31), 5) == D(2021, 12, 31)
    assert years_before(D(4, 2, 29), 10) == dt.date.min


@given(st.lists(dates, max_size=6), dates, st.integers(1, 10))
def test_refused_exactly_when_support_falls_inside_the_window(previous: list[dt.date], on: dt.date, years: int) -> None:
    start = years_before(on, years)
    assert start < on and (on - start).days in range(365 * years - 1, 366 * years + 1)
    assert start.day <= on.day and start.month == on.month
    refusal = eligibility(previous, on, years)
    inside = [d for d in previous if d > start]
    if not inside:
        assert refusal is None
    else:
        assert refusal is not None
        latest = max(inside)
        assert f"(op {latest.day:02d}-{latest.month:02d}-{latest.year})" in refusal.message
        assert f"in de afgelopen {years} jaar" in refusal.message


@given(dates, st.integers(1, 10))
def test_the_boundary_day_is_outside_and_the_next_day_inside(on: dt.date, years: int) -> None:
    start = years_before(on, years)
    assert eligibility([start], on, years) is None
    assert eligibility([start + dt.timedelta(days=1)], on, years) is not None


# --- country, partner, threshold ------------------------------------------------------------------------------


def test_country_of_return() -> None:
    assert return_country([("SY", "claimed")]) == "SY"
    assert return_country([("SY", "claimed"), ("IQ", "established")]) == "IQ"
    assert return_country([("XX", "claimed")]) is None
    assert return_country([]) is None
    both = return_country([("SY", "claimed"), ("IQ", "claimed")])
    assert isinstance(both, Refusal) and both.field == "country"


def test_basic_support_runs_through_iom() -> None:
    refusal = partner_refusal(Programme.BASIC, "ngo")
    assert isinstance(refusal, Refusal) and refusal.field == "partner_id"
    assert partner_refusal(Programme.BASIC, "iom") is None
    assert partner_refusal(Programme.REINTEGRATION, "ngo") is None


@given(st.integers(0, 10_000_000), st.integers(0, 10_000_000))
def test_approval_needed_only_above_the_threshold(amount: int, threshold: int) -> None:
    status = initial_status(amount, threshold)
    assert (status == SupportStatus.AWAITING_APPROVAL) == (amount > threshold)
    assert initial_status(threshold, threshold) == SupportStatus.APPROVED


# --- the life of a grant -----------------------------------------------------------------------------------------

statuses = st.sampled_from(SupportStatus.values)


def test_final_statuses_are_terminal() -> None:
    assert frozenset({SupportStatus.REJECTED, SupportStatus.DELIVERED, SupportStatus.CANCELLED}) == FINAL
    for current in FINAL:
        for target in SupportStatus.values:
            refusal = status_refusal(current, target)
            assert refusal is not None and refusal.field == "status" and "afgehandeld" in refusal.message
    assert COUNTS_AS_RECEIVED <= ACTIVE and SupportStatus.AWAITING_APPROVAL not in COUNTS_AS_RECEIVED


def test_approval_comes_before_referral_and_delivery() -> None:
    assert status_refusal(SupportStatus.AWAITING_APPROVAL, SupportStatus.REFERRED) is not None
    assert status_refusal(SupportStatus.AWAITING_APPROVAL, SupportStatus.DELIVERED) is not None
    assert status_refusal(SupportStatus.APPROVED, SupportStatus.REJECTED) is not None
    assert status_refusal(SupportStatus.APPROVED, SupportStatus.REFERRED) is None
    assert status_refusal(SupportStatus.REFERRED, SupportStatus.DELIVERED) is None
    unknown = status_refusal(SupportStatus.APPROVED, "paid")
    assert unknown is not None and unknown.field == "status"


@given(st.sampled_from([SupportStatus.AWAITING_APPROVAL, SupportStatus.APPROVED]), st.lists(statuses, max_size=20))
def test_random_walks_stay_legal(start: str, steps: list[str]) -> None:
    """Apply whatever is allowed: a grant is only ever delivered or referred after it was approved,
    and once final it never moves again."""
    current, history = start, [start]
    for target in steps:
        refusal = status_refusal(current, target)
        if refusal is None:
            assert target in TRANSITIONS[current]
            current = target
            history.append(current)
        else:
            assert refusal.field == "status" and refusal.message
    for before, after in itertools.pairwise(history):
        assert before not in FINAL
        assert before != after or after == SupportStatus.REFERRED
    if SupportStatus.DELIVERED in history or SupportStatus.REFERRED in history:
        assert SupportStatus.APPROVED in history
    if SupportStatus.REJECTED in history:
        assert history[: history.index(SupportStatus.REJECTED)] == [SupportStatus.AWAITING_APPROVAL]
