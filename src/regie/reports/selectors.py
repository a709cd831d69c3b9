"""Aggregate figures for analysts and management: counts only, never names or identifiers.

Read from the streaming replica when one is configured (regie.core.replica): they tolerate its lag."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

from regie.accounts.choices import Role
from regie.accounts.models import User
from regie.cases import permissions
from regie.cases.choices import Outcome, OutcomeCategory, Phase, Source, TargetGroup
from regie.cases.domain import OUTCOME_CATEGORY
from regie.cases.models import Case
from regie.core.errors import PermissionDenied
from regie.core.replica import on_replica

REPORT_ROLES = (Role.ANALYST, Role.TEAM_LEAD)


@dataclass(frozen=True)
class Figure:
    code: str
    label: str
    count: int


@dataclass(frozen=True)
class CaseloadFigures:
    open_total: int
    open_by_phase: list[Figure]
    open_by_source: list[Figure]
    open_by_target_group: list[Figure]
    closed_total: int
    closed_by_outcome_category: list[Figure]
    closed_by_outcome: list[Figure]
    closed_year: int | None


def _figures(
    counts: dict[str, int], choices: type[Phase | Source | TargetGroup | Outcome | OutcomeCategory]
) -> list[Figure]:
    """Every category in the official order, zero included, so tables compare across periods.

    Labels are read in the language active for the request.
    """
    return [Figure(code=c.value, label=str(c.label), count=counts.get(c.value, 0)) for c in choices]


def _count_by(qs: object, field: str) -> dict[str, int]:
    rows = qs.values(field).annotate(n=Count("id")).order_by()  # type: ignore[attr-defined]
    return {row[field]: row["n"] for row in rows}


@on_replica
def caseload_figures(*, user: User, closed_year: int | None = None) -> CaseloadFigures:
    """Open cases by phase, source and target group; closed cases by outcome and outcome category.

    Counts over all cases (not only what `user` could open): analysts see no single case. A team lead
    gets the same figures over the cases of their own teams (numbers only, no names).
    """
    if not user.is_active or user.role not in REPORT_ROLES:
        raise PermissionDenied("Alleen analisten en teamleiders kunnen de cijfers inzien.")
    cases = Case.objects.all()
    if user.role == Role.TEAM_LEAD:
        cases = cases.filter(team_id__in=permissions.team_ids(user))
    open_cases = cases.exclude(phase=Phase.CLOSED)
    closed = cases.filter(phase=Phase.CLOSED)
    if closed_year is not None:
        closed = closed.filter(closed_on__year=closed_year)
    by_outcome = _count_by(closed, "outcome")
    by_category: dict[str, int] = {}
    for outcome, n in by_outcome.items():
        category = OUTCOME_CATEGORY.get(outcome, OutcomeCategory.OTHER)
        by_category[category] = by_category.get(category, 0) + n
    by_phase = _count_by(open_cases, "phase")
    return CaseloadFigures(
        open_total=sum(by_phase.values()),
        open_by_phase=[f for f in _figures(by_phase, Phase) if f.code != Phase.CLOSED],
        open_by_source=_figures(_count_by(open_cases, "source"), Source),
        open_by_target_group=_figures(_count_by(open_cases, "target_group"), TargetGroup),
        closed_total=sum(by_outcome.values()),
        closed_by_outcome_category=_figures(by_category, OutcomeCategory),
        closed_by_outcome=_figures(by_outcome, Outcome),
        closed_year=closed_year,
    )


@on_replica
def closed_years() -> list[int]:
    """Years in which cases were closed, newest first (for the period filter)."""
    dates = Case.objects.filter(phase=Phase.CLOSED, closed_on__isnull=False).dates("closed_on", "year", order="DESC")
    return [d.year for d in dates]
