"""Recomputing a case's deadlines from its facts, and the sweep that turns them into reminders."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

from django.db import transaction

from regie.audit.choices import EventType
from regie.audit.services import audit_record
from regie.cases.models import Case
from regie.core import clock
from regie.core.context import Actor

from .domain import CaseFacts, Deadline, Rule, compute_deadlines
from .models import CaseDeadline, Reminder
from .selectors import case_facts, rules_in_force


def _rows(case: Case, deadlines: Sequence[Deadline]) -> list[CaseDeadline]:
    return [CaseDeadline(case=case, **dataclasses.asdict(d)) for d in deadlines]


def _next_deadline(deadlines: Sequence[Deadline]) -> dt.date | None:
    due_dates = [d.due for d in deadlines if d.kind == "deadline"]
    return min(due_dates) if due_dates else None


def new_case_deadlines(case: Case, rules: Sequence[Rule]) -> tuple[list[CaseDeadline], dt.date | None]:
    """The deadline rows (unsaved) and the next deadline of a case that is being opened.

    A new case has no measures, requests or stored deadlines yet: its facts are on the row itself
    (saves the queries that would find nothing: intake and import are hot paths).
    """
    deadlines = compute_deadlines(_new_case_facts(case), rules)
    return _rows(case, deadlines), _next_deadline(deadlines)


def _new_case_facts(case: Case) -> CaseFacts:
    return CaseFacts(
        target_group=case.target_group,
        return_decision_date=case.return_decision_date,
        departure_term_days=case.departure_term_days if case.departure_term_reason else None,
    )


def case_deadlines_refresh(
    *, case: Case, rules: Sequence[Rule] | None = None, new_case: bool = False
) -> list[Deadline]:
    """Replace the stored deadlines of `case` with what the facts give now; keep `next_deadline` in step.

    Runs inside the caller's transaction (every service that changes a fact calls it). Derived data:
    it writes no audit record of its own; the change that caused it is audited by its service.
    `new_case`: the case was just inserted (see `new_case_deadlines`).
    """
    facts = _new_case_facts(case) if new_case else case_facts(case)
    deadlines = compute_deadlines(facts, rules if rules is not None else rules_in_force())
    if not new_case:
        CaseDeadline.objects.filter(case=case).delete()
    CaseDeadline.objects.bulk_create(_rows(case, deadlines))
    next_deadline = _next_deadline(deadlines)
    if case.next_deadline != next_deadline:
        Case.objects.filter(pk=case.pk).update(next_deadline=next_deadline)
        case.next_deadline = next_deadline
    return deadlines


def reminders_create(*, actor: Actor, on: dt.date | None = None, horizon_days: int = 7) -> int:
    """Create a reminder once for each deadline due within `horizon_days` (or overdue) and each flag.

    Idempotent: (case, code, source, due) is unique, so a second sweep creates nothing.
    """
    on = on or clock.today()
    now = clock.now()
    pending = (
        CaseDeadline.objects.filter(due__lte=on + dt.timedelta(days=horizon_days)).select_related("case").order_by("id")
    )
    created = 0
    for row in pending.iterator(chunk_size=2000):
        with transaction.atomic():
            reminder, was_created = Reminder.objects.get_or_create(
                case=row.case,
                code=row.code,
                source_id=row.source_id,
                due=row.due,
                defaults={"recipient": row.case.assigned_to, "created_at": now, "message": row.explanation},
            )
            if was_created:
                audit_record(
                    actor=actor,
                    event_type=EventType.REMINDER_CREATED,
                    subject=reminder,
                    case_id=row.case_id,
                    new={"code": row.code, "due": row.due, "recipient": row.case.assigned_to_id},
                )
        created += was_created
    return created
