"""The history behind the demo's cases: calibrated (pure, over a few thousand plans), and what the figures count."""

from __future__ import annotations

import collections
import datetime as dt
import io
import statistics

import pytest
from django.core.management import call_command

from regie.accounts.models import User
from regie.cases.choices import Outcome, Phase
from regie.core import clock
from regie.demo.generate import Demo, generate
from regie.reports import figures
from regie.travel_documents.choices import LpOutcome

TODAY = dt.date(2026, 11, 28)
ANSWERED = (LpOutcome.ISSUED, LpOutcome.NOT_RECOGNISED, LpOutcome.INSUFFICIENT_INFORMATION)


@pytest.fixture(scope="module")
def demo() -> Demo:
    return generate(cases=5000, seed=11, today=TODAY)


def test_lp_requests_fit_the_case_they_belong_to(demo: Demo) -> None:
    limit = dt.datetime.combine(TODAY, dt.time(0, 0), tzinfo=dt.UTC)
    for plan in demo.cases:
        for lp in plan.lp_requests:
            phases = [s for s in plan.steps if s.action == "phase"]
            times = [at for _, at in lp.actions()]
            assert times == sorted(times) and times[-1] < limit
            # Work on the case had begun, and the request was over before the case closed.
            assert plan.case_manager is not None and phases[0].phase == Phase.IN_PROGRESS
            assert phases[0].at < lp.prepared_at
            if plan.final_phase == Phase.CLOSED:
                assert lp.outcome and times[-1] < phases[-1].at
            assert plan.outcome != Outcome.DUBLIN
            if plan.outcome == Outcome.FORCED or plan.final_phase == Phase.DEPARTURE_PREPARED:
                prepared = next(s for s in phases if s.phase == Phase.DEPARTURE_PREPARED)
                assert lp.outcome == LpOutcome.ISSUED and lp.outcome_at is not None and lp.outcome_at < prepared.at
            if lp.outcome in ANSWERED:
                assert lp.sent_at is not None
            assert (lp.valid_until is not None) == (lp.outcome == LpOutcome.ISSUED)
            assert lp.country != "XX"


def test_lp_shares_are_calibrated(demo: Demo) -> None:
    lps = [lp for p in demo.cases for lp in p.lp_requests]
    outcomes = collections.Counter(lp.outcome for lp in lps)
    # About three in ten cases ask for an LP.
    assert 0.2 < sum(bool(p.lp_requests) for p in demo.cases) / len(demo.cases) < 0.4
    # Withdrawals outnumber refusals several times over (DOMAIN.md: 8,020 against 2,310, 2014-2018).
    refused = outcomes[LpOutcome.NOT_RECOGNISED] + outcomes[LpOutcome.INSUFFICIENT_INFORMATION]
    assert refused > 0 and 2.5 < outcomes[LpOutcome.WITHDRAWN] / refused < 12
    # Open cases have requests in flight, some still unsent.
    assert outcomes[""] > 0.1 * len(lps)
    assert any(lp.sent_at is None and not lp.outcome for lp in lps)
    # About one in twelve persons first refuses to sign.
    assert 0.04 < sum(lp.signing_refused_at is not None for lp in lps) / len(lps) < 0.13


def test_embassies_answer_at_their_own_pace(demo: Demo) -> None:
    days: dict[str, list[int]] = collections.defaultdict(list)
    for plan in demo.cases:
        for lp in plan.lp_requests:
            if lp.outcome in ANSWERED and lp.sent_at and lp.outcome_at:
                days[lp.country].append((lp.outcome_at - lp.sent_at).days)
    fast = [d for c in ("GE", "AL", "MD", "TR") for d in days[c]]
    slow = [d for c in ("DZ", "MA", "IQ", "ER", "IR") for d in days[c]]
    assert len(fast) > 30 and len(slow) > 30
    assert statistics.median(fast) < 25 < 40 < statistics.median(slow)


@pytest.mark.django_db
def test_the_figures_have_rows_after_a_small_demo() -> None:
    call_command("demo", "--cases", "300", "--seed", "5", "--fast", "--no-progress", stdout=io.StringIO())
    analyst = User.objects.get(username="analist")
    today = clock.today()
    period = figures.Period(start=figures._add_months(today.replace(day=1), -23), end=today.replace(day=1))
    for code in figures.FIGURES:
        table = figures.figure(code, user=analyst, period=period)
        assert table.rows, code
    lp = figures.lp_requests(user=analyst, period=period)
    assert sum(r["total"] for r in lp.rows) > 20
    assert (
        sum(r["issued"] for r in lp.rows) and sum(r["withdrawn"] for r in lp.rows) and sum(r["open"] for r in lp.rows)
    )
    assert any(r["median"] is not None for r in lp.rows)
