"""Pure travel-document rules: the LP life cycle as a state machine, travel documents. No database."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from regie.travel_documents.choices import DocumentKind, LpOutcome, LpStatus
from regie.travel_documents.domain import (
    ACTIONS,
    ALLOWED_FROM,
    CLOSE,
    DATE_FIELD,
    PRESENT,
    REFUSE_SIGNING,
    SEND,
    SIGN,
    TARGET,
    Document,
    LpState,
    Refusal,
    Step,
    allowed_outcomes,
    awaiting_withdrawal_decision,
    best_travel_document,
    is_filed,
    is_valid_travel_document,
    lp_apply,
    next_actions,
    withdrawal_decision_on,
)

TODAY = dt.date(2026, 6, 1)
START = dt.date(2025, 1, 6)


def run(*steps: Step, today: dt.date = TODAY) -> LpState | Refusal:
    state: LpState | Refusal = LpState(prepared_on=START)
    for step in steps:
        assert isinstance(state, LpState), state
        state = lp_apply(state, step, today=today)
    return state


def test_the_whole_path_to_an_issued_lp() -> None:
    state = run(
        Step(SIGN, dt.date(2025, 1, 8)),
        Step(SEND, dt.date(2025, 1, 10)),
        Step(PRESENT, dt.date(2025, 3, 3)),
        Step(CLOSE, dt.date(2025, 5, 1), outcome=LpOutcome.ISSUED, lp_valid_until=dt.date(2025, 8, 1)),
    )
    assert isinstance(state, LpState)
    assert state.status == LpStatus.CLOSED and state.outcome == LpOutcome.ISSUED
    assert (state.signed_on, state.sent_on, state.presented_on, state.outcome_on) == (
        dt.date(2025, 1, 8),
        dt.date(2025, 1, 10),
        dt.date(2025, 3, 3),
        dt.date(2025, 5, 1),
    )
    assert state.lp_valid_until == dt.date(2025, 8, 1)


def test_a_refusal_to_sign_is_recorded_and_the_request_can_still_go_out() -> None:
    state = run(Step(REFUSE_SIGNING, dt.date(2025, 1, 8)), Step(SEND, dt.date(2025, 1, 9)))
    assert isinstance(state, LpState)
    assert state.status == LpStatus.SENT and state.signing_refused_on == dt.date(2025, 1, 8) and state.signed_on is None
    # The person may still sign after refusing.
    later = run(Step(REFUSE_SIGNING, dt.date(2025, 1, 8)), Step(SIGN, dt.date(2025, 1, 20)))
    assert isinstance(later, LpState) and later.status == LpStatus.SIGNED


@pytest.mark.parametrize(
    ("steps", "field"),
    [
        ((Step(SEND, dt.date(2025, 1, 8)),), "status"),  # not signed (nor refusal recorded)
        ((Step(PRESENT, dt.date(2025, 1, 8)),), "status"),
        ((Step(SIGN, dt.date(2025, 1, 8)), Step(REFUSE_SIGNING, dt.date(2025, 1, 9))), "status"),
        ((Step(SIGN, dt.date(2025, 1, 8)), Step(SIGN, dt.date(2025, 1, 9))), "status"),
        ((Step(CLOSE, dt.date(2025, 1, 8), outcome=LpOutcome.WITHDRAWN), Step(SIGN, dt.date(2025, 1, 9))), "status"),
        ((Step("approve", dt.date(2025, 1, 8)),), "status"),
        ((Step(SIGN, dt.date(2025, 1, 5)),), "signed_on"),  # before it was prepared
        ((Step(SIGN, dt.date(2026, 6, 2)),), "signed_on"),  # in the future
        ((Step(SIGN, dt.date(2025, 1, 8)), Step(SEND, dt.date(2025, 1, 7))), "sent_on"),
        ((Step(CLOSE, dt.date(2025, 1, 8)),), "outcome"),
        ((Step(CLOSE, dt.date(2025, 1, 8), outcome="lost"),), "outcome"),
        ((Step(CLOSE, dt.date(2025, 1, 8), outcome=LpOutcome.ISSUED, lp_valid_until=dt.date(2025, 3, 1)),), "outcome"),
        ((Step(SIGN, dt.date(2025, 1, 8), outcome=LpOutcome.ISSUED),), "outcome"),
    ],
)
def test_illegal_steps_are_refused_naming_the_field(steps: tuple[Step, ...], field: str) -> None:
    *before, last = steps
    state = run(*before)
    assert isinstance(state, LpState)
    refusal = lp_apply(state, last, today=TODAY)
    assert isinstance(refusal, Refusal) and refusal.field == field and refusal.message


def test_an_issued_lp_needs_a_validity_that_has_not_passed() -> None:
    sent = run(Step(SIGN, dt.date(2025, 1, 8)), Step(SEND, dt.date(2025, 1, 9)))
    assert isinstance(sent, LpState)
    missing = lp_apply(sent, Step(CLOSE, dt.date(2025, 4, 1), outcome=LpOutcome.ISSUED), today=TODAY)
    assert isinstance(missing, Refusal) and missing.field == "lp_valid_until"
    expired = lp_apply(
        sent,
        Step(CLOSE, dt.date(2025, 4, 1), outcome=LpOutcome.ISSUED, lp_valid_until=dt.date(2025, 3, 1)),
        today=TODAY,
    )
    assert isinstance(expired, Refusal) and expired.field == "lp_valid_until"
    stray = lp_apply(
        sent,
        Step(CLOSE, dt.date(2025, 4, 1), outcome=LpOutcome.NOT_RECOGNISED, lp_valid_until=dt.date(2025, 6, 1)),
        today=TODAY,
    )
    assert isinstance(stray, Refusal) and stray.field == "lp_valid_until"


def test_outcomes_depend_on_whether_the_request_was_sent() -> None:
    assert allowed_outcomes(LpStatus.PREPARED) == [LpOutcome.WITHDRAWN]
    assert set(allowed_outcomes(LpStatus.PRESENTED)) == set(LpOutcome.values)
    assert allowed_outcomes(LpStatus.CLOSED) == []
    assert next_actions(LpStatus.PREPARED) == [SIGN, REFUSE_SIGNING, CLOSE]
    assert next_actions(LpStatus.SENT) == [PRESENT, CLOSE]
    assert next_actions(LpStatus.CLOSED) == []


def test_filed_means_sent_and_open_or_issued() -> None:
    assert not is_filed(LpStatus.PREPARED, "") and not is_filed(LpStatus.SIGNED, "")
    assert is_filed(LpStatus.SENT, "") and is_filed(LpStatus.PRESENTED, "")
    assert is_filed(LpStatus.CLOSED, LpOutcome.ISSUED)
    assert not is_filed(LpStatus.CLOSED, LpOutcome.WITHDRAWN) and not is_filed(
        LpStatus.CLOSED, LpOutcome.NOT_RECOGNISED
    )


def test_withdrawal_decision_twelve_months_after_sending() -> None:
    assert withdrawal_decision_on(dt.date(2025, 1, 31)) == dt.date(2026, 1, 31)
    assert withdrawal_decision_on(dt.date(2024, 2, 29)) == dt.date(2025, 2, 28)
    sent = dt.date(2025, 3, 1)
    assert not awaiting_withdrawal_decision(status=LpStatus.SENT, sent_on=sent, on=dt.date(2026, 2, 28))
    assert awaiting_withdrawal_decision(status=LpStatus.SENT, sent_on=sent, on=dt.date(2026, 3, 1))
    assert awaiting_withdrawal_decision(status=LpStatus.PRESENTED, sent_on=sent, on=dt.date(2027, 1, 1))
    assert not awaiting_withdrawal_decision(status=LpStatus.CLOSED, sent_on=sent, on=dt.date(2027, 1, 1))


def test_travel_documents_are_passports_and_lps_valid_on_the_day() -> None:
    on = dt.date(2026, 6, 1)
    assert is_valid_travel_document(Document(DocumentKind.PASSPORT, on), on)
    assert not is_valid_travel_document(Document(DocumentKind.PASSPORT, on - dt.timedelta(days=1)), on)
    assert not is_valid_travel_document(Document(DocumentKind.PASSPORT, None), on)
    assert not is_valid_travel_document(Document(DocumentKind.ID_CARD, dt.date(2030, 1, 1)), on)
    lp = Document(DocumentKind.LAISSEZ_PASSER, dt.date(2026, 7, 1))
    passport = Document(DocumentKind.PASSPORT, dt.date(2028, 1, 1))
    assert best_travel_document([lp, passport, Document(DocumentKind.BIRTH_CERTIFICATE, None)], on) == passport
    assert best_travel_document([Document(DocumentKind.ID_CARD, dt.date(2030, 1, 1))], on) is None


# --- the life cycle under random sequences of steps ----------------------------------------------

step_dates = st.integers(min_value=-10, max_value=60).map(lambda n: dt.timedelta(days=n))


class LpLifeCycle(RuleBasedStateMachine):
    """Random steps with random dates and outcomes: accepted steps follow the table, refused ones change nothing."""

    def __init__(self) -> None:
        super().__init__()
        self.state = LpState(prepared_on=START)
        self.today = START + dt.timedelta(days=400)
        self.history: list[str] = [LpStatus.PREPARED]

    @rule(
        action=st.sampled_from(ACTIONS),
        delta=step_dates,
        outcome=st.sampled_from(["", *LpOutcome.values]),
        validity=st.one_of(st.none(), st.integers(-30, 400).map(lambda n: dt.timedelta(days=n))),
    )
    def take(self, action: str, delta: dt.timedelta, outcome: str, validity: dt.timedelta | None) -> None:
        on = self.state.last_step_on + delta
        valid_until = on + validity if validity is not None else None
        before = self.state
        result = lp_apply(before, Step(action, on, outcome=outcome, lp_valid_until=valid_until), today=self.today)
        if isinstance(result, Refusal):
            assert result.message
            if before.status not in ALLOWED_FROM[action]:
                assert result.field == "status"
            elif on > self.today or on < before.last_step_on:
                assert result.field == DATE_FIELD[action]
            else:
                assert result.field in ("outcome", "lp_valid_until")
            return
        assert before.status in ALLOWED_FROM[action], "a step the table does not allow was accepted"
        assert result.status == TARGET[action]
        assert getattr(result, DATE_FIELD[action]) == on
        assert before.last_step_on <= on <= self.today
        self.state = result
        self.history.append(result.status)

    @invariant()
    def closed_iff_outcome(self) -> None:
        # Mirrors the database constraint lp_closed_iff_outcome.
        assert (self.state.status == LpStatus.CLOSED) == bool(self.state.outcome)

    @invariant()
    def issued_has_validity(self) -> None:
        # Mirrors the database constraint lp_issued_has_validity.
        if self.state.outcome == LpOutcome.ISSUED:
            assert self.state.lp_valid_until is not None and self.state.outcome_on is not None
            assert self.state.lp_valid_until >= self.state.outcome_on

    @invariant()
    def only_a_sent_request_gets_an_answer(self) -> None:
        if self.state.outcome and self.state.outcome != LpOutcome.WITHDRAWN:
            assert self.state.sent_on is not None

    @invariant()
    def closed_is_final_and_sent_needs_a_signature_or_refusal(self) -> None:
        if LpStatus.CLOSED in self.history:
            assert self.history[-1] == LpStatus.CLOSED
        if self.state.sent_on is not None:
            assert self.state.signed_on is not None or self.state.signing_refused_on is not None


TestLpLifeCycle = LpLifeCycle.TestCase
TestLpLifeCycle.settings = settings(max_examples=200, stateful_step_count=12, deadline=None)


@given(st.lists(st.sampled_from(ACTIONS), max_size=8))
def test_dates_never_go_backwards(actions: list[str]) -> None:
    state = LpState(prepared_on=START)
    day = START
    for i, action in enumerate(actions):
        day = day + dt.timedelta(days=i)
        result = lp_apply(
            state,
            Step(action, day, outcome=LpOutcome.WITHDRAWN if action == CLOSE else ""),
            today=TODAY,
        )
        if isinstance(result, LpState):
            assert result.last_step_on >= state.last_step_on
            state = result
