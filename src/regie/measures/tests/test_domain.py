"""Measures rules: detention maxima, extension, ending, VBL entry. Pure: no database."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from regie.deadlines.domain import DEFAULT_RULES, Rule, add_months
from regie.measures.choices import DetentionExtensionReason
from regie.measures.domain import (
    date_refusal,
    detention_end_refusals,
    detention_extension_refusal,
    detention_maximum,
    detention_start_refusals,
    detention_variant,
    vbl_entry_refusals,
    vbl_start_refusals,
)

starts = st.dates(min_value=dt.date(2001, 4, 1), max_value=dt.date(2100, 12, 31))
reasons = st.sampled_from([*DetentionExtensionReason.values, "", "anders"])
grounds = st.sampled_from(["", "   ", "werkt niet mee aan de LP-aanvraag"])


def test_standard_maximum_is_six_months_and_explained() -> None:
    maximum = detention_maximum(
        starts_on=dt.date(2026, 8, 31), family_or_minor=False, extended=False, rules=DEFAULT_RULES
    )
    assert maximum.due == dt.date(2027, 2, 28)
    assert maximum.code == "detention_maximum"
    assert maximum.explanation == (
        "Maximale duur bewaring 28-02-2027: start bewaring 31-08-2026 + 6 maanden, "
        "art. 59 Vw; Terugkeerrichtlijn art. 15"
    )


def test_extended_maximum_is_eighteen_months() -> None:
    maximum = detention_maximum(
        starts_on=dt.date(2026, 1, 15), family_or_minor=False, extended=True, rules=DEFAULT_RULES
    )
    assert maximum.due == dt.date(2027, 7, 15)
    assert "18 maanden" in maximum.explanation


def test_family_detention_is_fourteen_days_even_when_flagged_extended() -> None:
    for extended in (False, True):
        maximum = detention_maximum(
            starts_on=dt.date(2026, 12, 20), family_or_minor=True, extended=extended, rules=DEFAULT_RULES
        )
        assert maximum.due == dt.date(2027, 1, 3)
        assert "14 dagen" in maximum.explanation and "art. 59c Vw" in maximum.explanation


def test_variants_match_the_deadline_engine() -> None:
    assert detention_variant(family_or_minor=True, extended=True) == "family"
    assert detention_variant(family_or_minor=False, extended=True) == "extended"
    assert detention_variant(family_or_minor=False, extended=False) == "standard"


def test_maximum_follows_the_rule_in_force_on_the_start_date() -> None:
    rules = (
        *(r for r in DEFAULT_RULES if not (r.code == "detention_maximum" and r.variant == "standard")),
        Rule(
            "detention_maximum",
            "Maximale duur",
            "oud",
            6,
            "months",
            dt.date(2001, 4, 1),
            dt.date(2027, 1, 1),
            "standard",
        ),
        Rule("detention_maximum", "Maximale duur", "nieuw", 4, "months", dt.date(2027, 1, 1), None, "standard"),
    )
    old = detention_maximum(starts_on=dt.date(2026, 12, 31), family_or_minor=False, extended=False, rules=rules)
    new = detention_maximum(starts_on=dt.date(2027, 1, 1), family_or_minor=False, extended=False, rules=rules)
    assert (old.due, old.basis) == (dt.date(2027, 6, 30), "oud")
    assert (new.due, new.basis) == (dt.date(2027, 5, 1), "nieuw")
    with pytest.raises(LookupError):
        detention_maximum(starts_on=dt.date(1999, 1, 1), family_or_minor=False, extended=False, rules=DEFAULT_RULES)


@given(starts)
def test_maxima_are_ordered(start: dt.date) -> None:
    family = detention_maximum(starts_on=start, family_or_minor=True, extended=False, rules=DEFAULT_RULES).due
    standard = detention_maximum(starts_on=start, family_or_minor=False, extended=False, rules=DEFAULT_RULES).due
    extended = detention_maximum(starts_on=start, family_or_minor=False, extended=True, rules=DEFAULT_RULES).due
    assert start < family < standard < extended
    assert family == start + dt.timedelta(days=14)
    assert standard == add_months(start, 6) and extended == add_months(start, 18)


# --- VBL --------------------------------------------------------------------------------------------


def test_vbl_entry_names_each_missing_condition() -> None:
    assert vbl_entry_refusals(True, True) == {}
    assert set(vbl_entry_refusals(True, False)) == {"lp_request"}
    assert set(vbl_entry_refusals(False, True)) == {"departure_plan"}
    assert set(vbl_entry_refusals(False, False)) == {"departure_plan", "lp_request"}
    assert "LP-aanvraag" in vbl_entry_refusals(True, False)["lp_request"]
    assert "vertrekplan" in vbl_entry_refusals(False, True)["departure_plan"]


@given(st.booleans(), st.booleans())
def test_vbl_entry_allowed_iff_both_conditions(plan: bool, lp: bool) -> None:
    assert (vbl_entry_refusals(plan, lp) == {}) == (plan and lp)


def test_vbl_start_not_in_future_nor_before_any_rule() -> None:
    today = dt.date(2026, 11, 28)
    assert vbl_start_refusals(starts_on=today, today=today, rules=DEFAULT_RULES) == {}
    assert set(vbl_start_refusals(starts_on=today + dt.timedelta(days=1), today=today, rules=DEFAULT_RULES)) == {
        "starts_on"
    }
    assert (
        "geen regel" in vbl_start_refusals(starts_on=dt.date(1990, 1, 1), today=today, rules=DEFAULT_RULES)["starts_on"]
    )


# --- detention: start, extension, end ----------------------------------------------------------------


def test_detention_start_refused_when_its_maximum_has_passed() -> None:
    today = dt.date(2026, 11, 28)
    assert (
        detention_start_refusals(
            starts_on=dt.date(2026, 5, 28), family_or_minor=False, today=today, rules=DEFAULT_RULES
        )
        == {}
    )
    refused = detention_start_refusals(
        starts_on=dt.date(2026, 5, 27), family_or_minor=False, today=today, rules=DEFAULT_RULES
    )
    assert "27-11-2026" in refused["starts_on"]
    family = detention_start_refusals(
        starts_on=dt.date(2026, 11, 13), family_or_minor=True, today=today, rules=DEFAULT_RULES
    )
    assert "27-11-2026" in family["starts_on"] and "14 dagen" in family["starts_on"]
    future = detention_start_refusals(
        starts_on=dt.date(2026, 11, 29), family_or_minor=False, today=today, rules=DEFAULT_RULES
    )
    assert "toekomst" in future["starts_on"]
    assert (
        "geen regel"
        in detention_start_refusals(
            starts_on=dt.date(1999, 1, 1), family_or_minor=False, today=today, rules=DEFAULT_RULES
        )["starts_on"]
    )


def _extension(**overrides: object) -> dict[str, str]:
    values: dict[str, object] = {
        "starts_on": dt.date(2026, 1, 10),
        "family_or_minor": False,
        "already_extended": False,
        "extended_on": dt.date(2026, 7, 1),
        "reason": DetentionExtensionReason.DOCUMENTS_AWAITED,
        "grounds": "LP-aanvraag loopt, ambassade heeft gesprek gepland",
        "today": dt.date(2026, 7, 2),
    }
    values.update(overrides)
    return detention_extension_refusal(**values, rules=DEFAULT_RULES)  # type: ignore[arg-type]


def test_extension_allowed_with_reason_and_grounds_before_the_maximum() -> None:
    assert _extension() == {}
    assert _extension(extended_on=dt.date(2026, 7, 10), today=dt.date(2026, 7, 10)) == {}  # on the last day


def test_extension_refusals_name_the_field() -> None:
    family = _extension(family_or_minor=True)
    assert set(family) == {"family_or_minor"} and "14 dagen" in family["family_or_minor"]
    assert set(_extension(already_extended=True)) == {"extended_on"}
    assert set(_extension(reason="")) == {"extension_reason"}
    assert set(_extension(grounds="  ")) == {"extension_grounds"}
    assert set(_extension(reason="", grounds="")) == {"extension_reason", "extension_grounds"}
    assert "toekomst" in _extension(extended_on=dt.date(2026, 7, 3))["extended_on"]
    assert "vóór de start" in _extension(extended_on=dt.date(2026, 1, 9))["extended_on"]


def test_extension_after_the_maximum_is_refused_saying_the_maximum() -> None:
    late = _extension(extended_on=dt.date(2026, 7, 11), today=dt.date(2026, 7, 11))
    assert "10-07-2026" in late["extended_on"] and "6 maanden" in late["extended_on"]
    too_late = _extension(extended_on=dt.date(2027, 7, 11), today=dt.date(2027, 8, 1))
    assert "verlengde maximale duur" in too_late["extended_on"] and "10-07-2027" in too_late["extended_on"]


@given(
    start=starts,
    offset=st.integers(min_value=-30, max_value=800),
    lag=st.integers(min_value=0, max_value=60),
    family=st.booleans(),
    extended=st.booleans(),
    reason=reasons,
    text=grounds,
)
def test_an_accepted_extension_never_exceeds_eighteen_months(
    start: dt.date, offset: int, lag: int, family: bool, extended: bool, reason: str, text: str
) -> None:
    extended_on = start + dt.timedelta(days=offset)
    today = extended_on + dt.timedelta(days=lag)
    refusals = detention_extension_refusal(
        starts_on=start,
        family_or_minor=family,
        already_extended=extended,
        extended_on=extended_on,
        reason=reason,
        grounds=text,
        today=today,
        rules=DEFAULT_RULES,
    )
    if not refusals:
        assert not family and not extended and reason in DetentionExtensionReason.values and text.strip()
        assert start <= extended_on <= add_months(start, 6) <= add_months(start, 18)
    if family:
        assert set(refusals) == {"family_or_minor"}
    if not family and not extended and offset > 0 and extended_on > add_months(start, 6):
        assert "extended_on" in refusals


def test_end_after_the_maximum_is_refused_saying_the_maximum() -> None:
    maximum = detention_maximum(
        starts_on=dt.date(2026, 11, 1), family_or_minor=True, extended=False, rules=DEFAULT_RULES
    )
    kwargs = {
        "starts_on": dt.date(2026, 11, 1),
        "maximum": maximum.due,
        "maximum_explanation": maximum.explanation,
        "today": dt.date(2026, 11, 28),
    }
    assert detention_end_refusals(ends_on=dt.date(2026, 11, 15), **kwargs) == {}  # type: ignore[arg-type]
    refused = detention_end_refusals(ends_on=dt.date(2026, 11, 16), **kwargs)  # type: ignore[arg-type]
    assert "15-11-2026" in refused["ends_on"] and "14 dagen" in refused["ends_on"]
    assert "vóór de start" in detention_end_refusals(ends_on=dt.date(2026, 10, 31), **kwargs)["ends_on"]  # type: ignore[arg-type]
    assert "toekomst" in detention_end_refusals(ends_on=dt.date(2026, 11, 29), **kwargs)["ends_on"]  # type: ignore[arg-type]


@given(start=starts, offset=st.integers(min_value=-10, max_value=700), family=st.booleans(), extended=st.booleans())
def test_an_accepted_end_lies_within_the_detention(start: dt.date, offset: int, family: bool, extended: bool) -> None:
    maximum = detention_maximum(starts_on=start, family_or_minor=family, extended=extended, rules=DEFAULT_RULES)
    ends_on = start + dt.timedelta(days=offset)
    today = max(ends_on, start)
    refused = detention_end_refusals(
        starts_on=start, ends_on=ends_on, maximum=maximum.due, maximum_explanation=maximum.explanation, today=today
    )
    assert (refused == {}) == (start <= ends_on <= maximum.due)
    if refused:
        assert set(refused) == {"ends_on"}


@given(st.dates(), st.dates(), st.booleans())
def test_date_refusal(value: dt.date, today: dt.date, allow_future: bool) -> None:
    problem = date_refusal(value, today=today, not_before=dt.date(2020, 1, 1), allow_future=allow_future)
    ok = (allow_future or value <= today) and value >= dt.date(2020, 1, 1)
    assert (problem is None) == ok
