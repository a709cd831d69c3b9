"""Facts for the deadline engine, the rules in force, and the worklist per user."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from regie.accounts.choices import Role
from regie.accounts.models import User
from regie.cases.choices import Phase
from regie.cases.models import Case
from regie.cases.selectors import case_visibility
from regie.core import clock

from .domain import FACT_CODES, CaseFacts, Rule
from .models import CaseDeadline, DeadlineRule
from .registry import registered_facts


def rules_in_force() -> tuple[Rule, ...]:
    """The rule table as plain values (all versions: the engine picks by start date)."""
    return tuple(
        Rule(r.code, r.label, r.basis, r.amount, r.unit, r.valid_from, r.valid_until, r.variant)
        for r in DeadlineRule.objects.all()
    )


def case_facts(case: Case) -> CaseFacts:
    """What the rules need: the case's own facts, and those of every registered process app."""
    return CaseFacts(
        closed=case.phase == Phase.CLOSED,
        target_group=case.target_group,
        return_decision_date=case.return_decision_date,
        # A term counts as shortened only when a reason was recorded; otherwise the rule's standard term.
        departure_term_days=case.departure_term_days if case.departure_term_reason else None,
        **registered_facts(case),
    )


@dataclass
class Worklist:
    overdue: list[CaseDeadline] = field(default_factory=list)
    today: list[CaseDeadline] = field(default_factory=list)
    this_week: list[CaseDeadline] = field(default_factory=list)
    flags: list[CaseDeadline] = field(default_factory=list)


def _due_rows(user: User, on: dt.date) -> QuerySet[CaseDeadline]:
    """The stored deadlines and signals that ask something of `user` now: of their own cases (case
    manager) or their teams' (team lead), open ones; a departure term or reception end that has passed
    is a fact of the dossier, not a task (FACT_CODES)."""
    visible = Case.objects.filter(case_visibility(user)).exclude(phase=Phase.CLOSED)
    if user.role == Role.CASE_MANAGER:
        visible = visible.filter(assigned_to=user)
    return (
        CaseDeadline.objects.filter(case__in=visible.values("pk"))
        .filter(Q(kind="flag", due__lte=on) | Q(kind="deadline", due__lte=on + dt.timedelta(days=7)))
        .exclude(kind="deadline", code__in=FACT_CODES, due__lt=on)
    )


def worklist_counts(*, user: User, on: dt.date | None = None) -> dict[str, int]:
    """How many items are overdue, due today, due this week, and signals: numbers only, no person."""
    on = on or clock.today()
    deadlines = Q(kind="deadline")
    return _due_rows(user, on).aggregate(
        overdue=Count("pk", filter=deadlines & Q(due__lt=on)),
        today=Count("pk", filter=deadlines & Q(due=on)),
        this_week=Count("pk", filter=deadlines & Q(due__gt=on)),
        flags=Count("pk", filter=Q(kind="flag")),
    )


def worklist_for(*, user: User, on: dt.date | None = None, limit: int = 500) -> Worklist:
    """What is due for this user: their own cases (case manager) or their teams' cases (team lead)."""
    on = on or clock.today()
    rows = (
        _due_rows(user, on).select_related("case", "case__person", "case__assigned_to").order_by("due", "code")[:limit]
    )
    result = Worklist()
    for row in rows:
        if row.kind == "flag":
            result.flags.append(row)
        elif row.due < on:
            result.overdue.append(row)
        elif row.due == on:
            result.today.append(row)
        else:
            result.this_week.append(row)
    return result
