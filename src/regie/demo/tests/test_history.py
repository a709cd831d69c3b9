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


def test_interviews_support_and_detention_fit_the_case(demo: Demo) -> None:
    limit = dt.datetime.combine(TODAY, dt.time(0, 0), tzinfo=dt.UTC)
    for plan in demo.cases:
        phases = [s for s in plan.steps if s.action == "phase"]
        moments = [i.recorded_at for i in plan.interviews]
        moments += [at for grant in plan.support for _, at in grant.actions()]
        moments += [at for detention in plan.detentions for _, at in detention.actions()]
        moments += [at for duty in plan.reporting_duties for _, at in duty.actions()]
        moments += [at for departure in plan.departures for _, at in departure.actions()]
        if not moments:
            continue
        # Work on the case had begun; everything happened before the case closed (and before today).
        assert plan.case_manager is not None and phases[0].phase == Phase.IN_PROGRESS
        assert min(moments) > phases[0].at and max(moments) < limit
        if plan.final_phase == Phase.CLOSED:
            assert max(moments) < phases[-1].at
        held = [i.held_at for i in plan.interviews]
        assert held == sorted(held) and all(i.held_at < i.recorded_at for i in plan.interviews)
        # The first three interviews check every special circumstance (inspection 2022), later ones need not.
        assert all(len(i.checks) == 4 for i in plan.interviews[:3])
        for grant in plan.support:
            times = [at for _, at in grant.actions()]
            assert times == sorted(times) and plan.new_person
        for detention in plan.detentions:
            starts, ends = detention.started_at.date(), detention.ended_at.date()
            assert plan.final_phase == Phase.CLOSED and plan.household is None
            assert plan.return_decision_date is not None and plan.return_decision_date <= starts <= ends
            assert (ends - starts).days <= 170  # within the six-month maximum
            departed = detention.end_reason == "departed"
            assert departed == (plan.outcome in (Outcome.FORCED, Outcome.DUBLIN, Outcome.INDEPENDENT_VERIFIED))
        for duty in plan.reporting_duties:
            # Never beside a detention; from the return decision on; ended before a closing, running if open.
            assert not plan.detentions and plan.return_decision_date is not None
            assert plan.return_decision_date <= duty.starts_on
            assert (duty.ended_at is None) == (plan.final_phase != Phase.CLOSED)
            if duty.ended_at is not None:
                assert duty.starts_on <= duty.ended_at.date() and duty.end_reason
        for departure in plan.departures:
            # Planned once the case was prepared for departure; its confirmation is the closing step.
            kinds = {"independent": Outcome.INDEPENDENT_VERIFIED, "dublin": Outcome.DUBLIN, "forced": Outcome.FORCED}
            assert kinds[departure.kind] == plan.outcome
            if departure.kind == "forced":
                # The flight on the closing day; checklist and handover in the 48 hours before it.
                assert departure.departs_at is not None and departure.handover_at is not None
                assert departure.departs_at < departure.confirmed_at
                assert departure.departs_at.date() == departure.confirmed_at.date()
                ticked = [at for _, at in departure.checks] + [departure.handover_at]
                assert len(departure.checks) == 6 and departure.planned_at < min(ticked)
                assert departure.departs_at - dt.timedelta(hours=48) <= min(ticked)
                assert max(ticked) < departure.departs_at
                assert (departure.lp is None) != (departure.passport_valid_until is None)
            assert phases[-2].phase == Phase.DEPARTURE_PREPARED and phases[-2].at < departure.planned_at
            assert departure.confirmed_at == phases[-1].at and departure.destination_country != "XX"
            if departure.kind == "dublin":
                assert departure.dublin_accepted_on is not None
                assert departure.dublin_accepted_on <= departure.planned_at.date()
                assert departure.destination_country == departure.dublin_member_state


def test_interviews_support_and_detention_are_calibrated(demo: Demo) -> None:
    assigned = [p for p in demo.cases if p.case_manager is not None and p.steps]
    assert sum(bool(p.interviews) for p in assigned) / len(assigned) > 0.8
    by_outcome = collections.defaultdict(list)
    for plan in demo.cases:
        by_outcome[plan.outcome].append(plan)
    # Most verified independent departures left with support, hardly any forced departure did.
    independent = by_outcome[Outcome.INDEPENDENT_VERIFIED]
    assert sum(bool(p.support) for p in independent) / len(independent) > 0.6
    forced = by_outcome[Outcome.FORCED]
    assert sum(bool(p.support) for p in forced) / len(forced) < 0.15
    # Many forced departures leave from detention; most detentions end in departure, some in release.
    assert 0.3 < sum(bool(p.detentions) for p in forced) / len(forced) < 0.7
    detentions = [d for p in demo.cases for d in p.detentions]
    released = [d for d in detentions if d.end_reason != "departed"]
    assert 0.05 < len(released) / len(detentions) < 0.4
    days = [(d.ended_at.date() - d.started_at.date()).days for d in detentions if d.end_reason == "departed"]
    assert 10 < statistics.median(days) < 45
    # Every Dublin transfer and the independent departures prepared for it have their departure record.
    dublin = by_outcome[Outcome.DUBLIN]
    assert all(p.departures for p in dublin)
    assert sum(bool(p.departures) for p in independent) / len(independent) > 0.4
    assert sum(bool(p.departures) for p in forced) / len(forced) > 0.8


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
    # Support and detention have figures too: cases closed with support, detentions ended and released.
    support = figures.support(user=analyst, period=period)
    assert support.rows[0]["closed"] > 0 and support.rows[1]["closed"] > 0  # reintegration, basic (then none)
    detentions = figures.detentions(user=analyst, period=period).rows[-1]
    assert detentions["n"] > 0 and detentions["median"] is not None
