"""The phase machine, hammered with hypothesis: no sequence of requests reaches an illegal state."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from regie.cases.choices import HoldReason, Outcome, OutcomeCategory, Phase
from regie.cases.domain import ALLOWED, OUTCOME_CATEGORY, outcome_category, transition_refusal

phases = st.sampled_from(Phase.values)
outcomes = st.one_of(st.just(""), st.sampled_from(Outcome.values), st.text(max_size=5))
reasons = st.one_of(st.just(""), st.sampled_from(HoldReason.values))


def test_closed_is_terminal() -> None:
    for target in Phase.values:
        refusal = transition_refusal(current=Phase.CLOSED, target=target, outcome=Outcome.FORCED, hold_reason="other")
        assert refusal is not None and refusal.field == "phase"


def test_closing_needs_an_outcome() -> None:
    refusal = transition_refusal(current=Phase.IN_PROGRESS, target=Phase.CLOSED)
    assert refusal is not None and refusal.field == "outcome"
    assert transition_refusal(current=Phase.IN_PROGRESS, target=Phase.CLOSED, outcome=Outcome.DUBLIN) is None


def test_hold_needs_a_reason_and_returns_where_it_came_from() -> None:
    refusal = transition_refusal(current=Phase.IN_PROGRESS, target=Phase.ON_HOLD)
    assert refusal is not None and refusal.field == "hold_reason"
    back = transition_refusal(
        current=Phase.ON_HOLD, target=Phase.DEPARTURE_PREPARED, phase_before_hold=Phase.IN_PROGRESS
    )
    assert back is not None and "terug" in back.message
    assert (
        transition_refusal(current=Phase.ON_HOLD, target=Phase.IN_PROGRESS, phase_before_hold=Phase.IN_PROGRESS) is None
    )


def test_work_needs_a_case_manager() -> None:
    refusal = transition_refusal(current=Phase.INTAKE, target=Phase.IN_PROGRESS, has_case_manager=False)
    assert refusal is not None and refusal.field == "assigned_to"


def test_every_outcome_has_an_official_category() -> None:
    assert set(OUTCOME_CATEGORY) == set(Outcome.values)
    assert outcome_category(Outcome.FORCED) == OutcomeCategory.DEMONSTRABLE
    assert outcome_category(Outcome.UNSUPERVISED) == OutcomeCategory.NOT_DEMONSTRABLE
    assert outcome_category(Outcome.NO_FAULT_PERMIT) == OutcomeCategory.OTHER


@given(st.lists(st.tuples(phases, reasons, outcomes, st.booleans()), max_size=30))
def test_random_walks_stay_legal(steps: list[tuple[str, str, str, bool]]) -> None:
    """Apply whatever is allowed; the state never breaks an invariant and refusals always explain."""
    phase, before_hold, outcome = Phase.INTAKE.value, "", ""
    for target, reason, wanted_outcome, has_cm in steps:
        refusal = transition_refusal(
            current=phase,
            target=target,
            phase_before_hold=before_hold or None,
            hold_reason=reason or None,
            outcome=wanted_outcome or None,
            has_case_manager=has_cm,
        )
        if refusal is not None:
            assert refusal.field and refusal.message
            continue
        assert target in ALLOWED[phase]
        if target == Phase.ON_HOLD:
            assert reason
            before_hold = phase
        elif phase == Phase.ON_HOLD and target != Phase.CLOSED:
            assert target == before_hold
            before_hold = ""
        if target == Phase.CLOSED:
            assert wanted_outcome in Outcome.values
            outcome = wanted_outcome
        phase = target
    assert (phase == Phase.CLOSED) == bool(outcome)
