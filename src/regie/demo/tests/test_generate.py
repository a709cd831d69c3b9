"""The demo generator: deterministic, calibrated to DOMAIN.md, and every plan a valid intake and history."""

from __future__ import annotations

import collections
import datetime as dt

import pytest

from regie.cases.choices import Outcome, Phase, Source
from regie.cases.domain import OUTCOME_CATEGORY, transition_refusal
from regie.cases.intake import validate_intake
from regie.demo.generate import Demo, generate, import_row, schedule, spelling_variant
from regie.people.domain import name_key

TODAY = dt.date(2026, 11, 28)


@pytest.fixture(scope="module")
def big() -> Demo:
    return generate(cases=20_000, seed=7, today=TODAY)


def test_the_same_seed_gives_the_same_data() -> None:
    first = [import_row(p) for p in generate(cases=300, seed=3, today=TODAY).cases]
    again = [import_row(p) for p in generate(cases=300, seed=3, today=TODAY).cases]
    other = [import_row(p) for p in generate(cases=300, seed=4, today=TODAY).cases]
    assert first == again
    assert first != other


def test_inflow_and_outcomes_follow_the_2024_figures(big: Demo) -> None:
    cases = big.cases
    share = collections.Counter(p.source for p in cases)
    # IND 11,180 / police 2,860 / KMar 880 / other 2,480 of 17,400 (DOMAIN.md "Scale").
    for source, expected in ((Source.IND, 0.643), (Source.POLICE, 0.164), (Source.KMAR, 0.051), (Source.OTHER, 0.143)):
        assert share[source] / len(cases) == pytest.approx(expected, abs=0.015)
    closed = [p for p in cases if p.final_phase == Phase.CLOSED]
    assert len(closed) / len(cases) == pytest.approx(0.60, abs=0.02)
    category = collections.Counter(OUTCOME_CATEGORY[p.outcome] for p in closed)
    assert category["demonstrable"] / len(closed) == pytest.approx(0.38, abs=0.02)
    assert category["not_demonstrable"] / len(closed) == pytest.approx(0.36, abs=0.02)
    forced = sum(p.outcome == Outcome.FORCED for p in closed)
    assert forced / category["demonstrable"] == pytest.approx(0.5, abs=0.05)
    top = [c for c, _ in collections.Counter(p.nationalities[0].country for p in cases).most_common(5)]
    assert set(top) == {"SY", "DZ", "MA", "TR", "NG"} and top[0] == "SY"
    medical = sum(any(c.kind == "medical" for c in p.special_circumstances) for p in cases)
    assert medical / len(cases) == pytest.approx(0.08, abs=0.01)
    assert len(big.households) > 100 and any(not p.new_person for p in cases)


def test_every_plan_is_a_valid_intake_and_a_legal_history(big: Demo) -> None:
    yesterday = TODAY - dt.timedelta(days=1)
    for plan in big.cases[:6000]:
        intake_day = plan.intake_at.date()
        assert validate_intake(plan.intake([f"team-{i}" for i in range(6)]), today=intake_day) == {}
        if plan.return_decision_date:
            assert TODAY - dt.timedelta(days=731) <= plan.return_decision_date <= intake_day
        phase, before, at = Phase.INTAKE, "", plan.intake_at
        assigned = False
        for step in plan.steps:
            assert step.at > at and step.at.date() <= yesterday
            at = step.at
            if step.action == "assign":
                assigned = True
                continue
            refusal = transition_refusal(
                current=phase,
                target=step.phase,
                phase_before_hold=before or None,
                hold_reason=step.hold_reason or None,
                outcome=step.outcome or None,
                has_case_manager=assigned,
            )
            assert refusal is None, (plan.index, refusal)
            before = phase if step.phase == Phase.ON_HOLD else ""
            phase = step.phase
        assert phase == plan.final_phase


def test_households_and_the_schedule(big: Demo) -> None:
    for household in big.households[:200]:
        head = big.cases[household.members[0]]
        assert len(household.members) >= 2 and household.relations[0] == ""
        assert all(big.cases[m].household == household.index for m in household.members)
        assert household.at > max(big.cases[m].intake_at for m in household.members)
        assert all(big.cases[m].source == head.source for m in household.members)
    events = schedule(generate(cases=500, seed=8, today=TODAY))
    assert [e.at for e in events] == sorted(e.at for e in events)


def test_spelling_variants_meet_in_the_name_key() -> None:
    import random

    rng = random.Random(1)
    for name in ("Mohammed", "Youssef", "Ahmed", "Oleksandr"):
        variant = spelling_variant(name, rng)
        assert variant and variant != name
    # The spellings of Mohammed all meet in one search key (people.domain.name_key).
    assert {name_key(spelling_variant("Mohammed", rng) or "") for _ in range(20)} == {name_key("Mohammed")}
    assert spelling_variant("Al-Hassan", rng, family=True) not in (None, "Al-Hassan")
    assert spelling_variant("Yılmaz", rng, family=True) == "Yilmaz"
