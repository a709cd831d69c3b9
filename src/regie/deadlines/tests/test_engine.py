"""The deadline engine as a pure function: every result explained, met deadlines gone, rules versioned."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from regie.deadlines.domain import (
    DEFAULT_RULES,
    CaseFacts,
    DetentionFact,
    DublinFact,
    FlightFact,
    InterviewFact,
    LpFact,
    PostponementFact,
    Rule,
    VblFact,
    add_months,
    compute_deadlines,
    nl_date,
)

dates = st.dates(min_value=dt.date(2001, 4, 1), max_value=dt.date(2060, 12, 31))


def by_code(facts: CaseFacts, rules=DEFAULT_RULES) -> dict[str, dt.date]:
    return {d.code: d.due for d in compute_deadlines(facts, rules)}


def test_detention_deadlines_and_variants() -> None:
    start = dt.date(2026, 8, 31)
    due = by_code(CaseFacts(detentions=(DetentionFact("d", start),)))
    assert due["detention_court_notification"] == dt.date(2026, 9, 28)
    assert due["detention_maximum"] == dt.date(2027, 2, 28)  # 31 August + 6 months: clipped to month end
    assert due["detention_inactivity"] == dt.date(2026, 9, 14)
    assert by_code(CaseFacts(detentions=(DetentionFact("d", start, extended=True),)))["detention_maximum"] == dt.date(
        2028, 2, 29
    )
    family = by_code(CaseFacts(detentions=(DetentionFact("d", start, family_or_minor=True),)))
    assert family["detention_maximum"] == dt.date(2026, 9, 14)
    # The court would be told after 4 weeks, but a family's detention ends within 14 days: not pending.
    assert "detention_court_notification" not in family
    appealed = by_code(CaseFacts(detentions=(DetentionFact("d", start, appealed_on=dt.date(2026, 9, 2)),)))
    assert "detention_court_notification" not in appealed
    ended = by_code(CaseFacts(detentions=(DetentionFact("d", start, ends_on=dt.date(2026, 9, 1)),)))
    assert ended == {}


def test_met_deadlines_disappear() -> None:
    assert by_code(CaseFacts(vbls=(VblFact("v", dt.date(2026, 1, 1), reviewed_on=dt.date(2026, 3, 20)),))) == {}
    assert by_code(CaseFacts(lp_requests=(LpFact("l", dt.date(2026, 1, 1), closed=True),))) == {}
    assert by_code(CaseFacts(lp_requests=(LpFact("l", None),))) == {}
    assert by_code(CaseFacts(dublin=(DublinFact("x", dt.date(2026, 1, 1), done=True),))) == {}
    assert by_code(CaseFacts(flights=(FlightFact("f", dt.datetime(2026, 12, 1, 8), checklist_complete=True),))) == {}
    assert by_code(CaseFacts(first_interviews=(InterviewFact("i", dt.date(2026, 1, 1)),))) == {}


def test_closed_case_has_no_deadlines() -> None:
    facts = CaseFacts(
        closed=True, return_decision_date=dt.date(2026, 1, 1), detentions=(DetentionFact("d", dt.date(2026, 1, 1)),)
    )
    assert compute_deadlines(facts, rules=DEFAULT_RULES) == []


def test_pre_departure_checks_48_hours_before() -> None:
    (d,) = compute_deadlines(CaseFacts(flights=(FlightFact("f", dt.datetime(2027, 3, 1, 6, 15)),)), rules=DEFAULT_RULES)
    assert d.due == dt.date(2027, 2, 27)
    assert d.explanation == "Controle vóór vertrek uiterlijk 27-02-2027 06:15: vertrek 01-03-2027 06:15 − 48 uur, Vc A4"


def test_dublin_terms() -> None:
    accepted = dt.date(2027, 8, 29)
    assert by_code(CaseFacts(dublin=(DublinFact("x", accepted),)))["dublin_transfer"] == dt.date(2028, 2, 29)
    assert by_code(CaseFacts(dublin=(DublinFact("x", accepted, imprisoned=True),)))["dublin_transfer"] == dt.date(
        2028, 8, 29
    )
    assert by_code(CaseFacts(dublin=(DublinFact("x", accepted, absconded=True),)))["dublin_transfer"] == dt.date(
        2029, 2, 28
    )


def test_medical_postponement_capped_at_a_year() -> None:
    capped = compute_deadlines(
        CaseFacts(postponements=(PostponementFact("p", dt.date(2028, 2, 29), dt.date(2029, 6, 1)),)),
        rules=DEFAULT_RULES,
    )
    assert capped[0].due == dt.date(2029, 2, 28) and "begrensd op 12 maanden" in capped[0].explanation
    early = by_code(
        CaseFacts(postponements=(PostponementFact("p", dt.date(2026, 1, 1), dt.date(2026, 6, 1), dt.date(2026, 3, 1)),))
    )
    assert early["medical_postponement_end"] == dt.date(2026, 3, 1)


def test_unchecked_circumstances_flag_only_the_first_three() -> None:
    interviews = tuple(InterviewFact(f"i{n}", dt.date(2026, 1, n), ("medical",)) for n in range(1, 6))
    flags = [
        d for d in compute_deadlines(CaseFacts(first_interviews=interviews), rules=DEFAULT_RULES) if d.kind == "flag"
    ]
    assert [f.source_id for f in flags] == ["i1", "i2", "i3"]
    assert "medical" in flags[0].explanation


def test_rule_change_mid_case_keeps_the_rule_of_the_start_date() -> None:
    change = dt.date(2027, 1, 1)
    rules = (
        *(r for r in DEFAULT_RULES if r.code != "vbl_review"),
        Rule("vbl_review", "Verblijf VBL beoordelen", "art. 56 Vw (oud)", 12, "weeks", dt.date(2001, 4, 1), change),
        Rule("vbl_review", "Verblijf VBL beoordelen", "art. 56 Vw (nieuw)", 8, "weeks", change),
    )
    before = compute_deadlines(CaseFacts(vbls=(VblFact("v", dt.date(2026, 12, 31)),)), rules)[0]
    after = compute_deadlines(CaseFacts(vbls=(VblFact("v", dt.date(2027, 1, 1)),)), rules)[0]
    assert before.due == dt.date(2027, 3, 25) and before.basis.endswith("(oud)")
    assert after.due == dt.date(2027, 2, 26) and after.basis.endswith("(nieuw)")


facts_strategy = st.builds(
    CaseFacts,
    target_group=st.sampled_from(["rejected_asylum", "supervision", "other"]),
    return_decision_date=st.one_of(st.none(), dates),
    departure_term_days=st.integers(0, 28),
    detentions=st.lists(
        st.builds(
            DetentionFact,
            id=st.uuids().map(str),
            starts_on=dates,
            family_or_minor=st.booleans(),
            extended=st.booleans(),
        ),
        max_size=2,
    ).map(tuple),
    vbls=st.lists(st.builds(VblFact, id=st.uuids().map(str), starts_on=dates), max_size=2).map(tuple),
    lp_requests=st.lists(st.builds(LpFact, id=st.uuids().map(str), sent_on=dates), max_size=2).map(tuple),
    dublin=st.lists(
        st.builds(
            DublinFact, id=st.uuids().map(str), accepted_on=dates, imprisoned=st.booleans(), absconded=st.booleans()
        ),
        max_size=1,
    ).map(tuple),
)


@given(facts_strategy)
def test_every_deadline_is_explained_sorted_and_after_its_start(facts: CaseFacts) -> None:
    deadlines = compute_deadlines(facts, rules=DEFAULT_RULES)
    assert deadlines == sorted(deadlines, key=lambda d: (d.due, d.code, d.source_id))
    for d in deadlines:
        assert d.basis and d.label and nl_date(d.due) in d.explanation and d.basis in d.explanation
    starts = {det.id: det.starts_on for det in facts.detentions}
    for d in deadlines:
        if d.code == "detention_maximum":
            assert starts[d.source_id] + dt.timedelta(days=14) <= d.due <= add_months(starts[d.source_id], 18)


def test_pre_departure_checks_count_real_hours_across_summer_time() -> None:
    from zoneinfo import ZoneInfo

    ams = ZoneInfo("Europe/Amsterdam")
    # Summer time starts 28 March 2027 at 02:00: 48 real hours before 29 March 01:30 is 27 March 00:30.
    (d,) = compute_deadlines(
        CaseFacts(flights=(FlightFact("f", dt.datetime(2027, 3, 29, 1, 30, tzinfo=ams)),)), rules=DEFAULT_RULES
    )
    assert d.due == dt.date(2027, 3, 27)
    assert "uiterlijk 27-03-2027 00:30" in d.explanation
