"""Recomputing a case's deadlines from its facts, and the sweep that turns them into reminders."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext_noop

from regie.audit.choices import EventType
from regie.audit.services import acted_upon, audit_append, audit_event, audit_pending, audit_record
from regie.cases.choices import Phase
from regie.cases.models import Case
from regie.cases.permissions import can_work_on
from regie.core import clock, transactions
from regie.core.context import Actor
from regie.core.domain import REQUIRED
from regie.core.services import choice, refuse, require, required_text
from regie.core.transactions import atomic

from .choices import MarkKind
from .domain import COUNTED_FROM_LAST_ACTION, CaseFacts, Deadline, Rule, compute_deadlines, next_actionable
from .models import CaseDeadline, Reminder, WorklistMark
from .registry import task_for
from .selectors import actionable, case_facts, rules_in_force


def _rows(case: Case, deadlines: Sequence[Deadline]) -> list[CaseDeadline]:
    return [CaseDeadline(case=case, **dataclasses.asdict(d)) for d in deadlines]


def next_fields(case: Case, deadlines: Sequence[Deadline], today: dt.date | None = None) -> dict[str, Any]:
    """What the case row keeps of its next actionable deadline (the caseload sorts on it and names it):
    nothing while the case is on hold (its terms are suspended) or closed. `today` defaults to the clock's."""
    if case.phase in (Phase.ON_HOLD, Phase.CLOSED):
        nxt = None
    else:
        nxt = next_actionable(deadlines, today=today or clock.today())
    return {
        "next_deadline": nxt.due if nxt else None,
        "next_deadline_code": nxt.code if nxt else "",
        "next_deadline_label": nxt.label if nxt else "",
    }


def new_case_deadlines(case: Case, rules: Sequence[Rule]) -> list[CaseDeadline]:
    """The deadline rows (unsaved) of a case that is being opened; its next deadline set on `case`, so
    its row is written with it (the caller saves the case, then the rows: `CaseDeadline.objects.bulk_create`).

    A new case has no measures, requests or stored deadlines yet: its facts are on the row itself
    (saves the queries that would find nothing: intake and import are hot paths).
    """
    deadlines = compute_deadlines(_new_case_facts(case), rules)
    for name, value in next_fields(case, deadlines).items():
        setattr(case, name, value)
    return _rows(case, deadlines)


# The columns of `new_case_deadline_values`' tuples (`core.bulk.insert_values`).
DEADLINE_COLUMNS = ("case_id", "code", "kind", "source_id", "due", "label", "basis", "explanation", "params")


def new_case_deadline_values(
    case: Case,
    rules: Sequence[Rule],
    memo: dict[CaseFacts, list[Deadline]] | None = None,
    today: dt.date | None = None,
) -> list[tuple[Any, ...]]:
    """`new_case_deadlines` as tuples in the order of DEADLINE_COLUMNS (the batch intake inserts them).

    `memo`: deadlines already computed with these rules, by facts; the cases of a batch share few
    distinct facts (target group, decision date, term), so each is computed once per batch.
    `today`: the batch's day (default the clock's).
    """
    facts = _new_case_facts(case)
    known = memo.get(facts) if memo is not None else None
    deadlines = known if known is not None else compute_deadlines(facts, rules)
    if memo is not None and known is None:
        memo[facts] = deadlines
    for name, value in next_fields(case, deadlines, today).items():
        setattr(case, name, value)
    return [(case.pk, d.code, d.kind, d.source_id, d.due, d.label, d.basis, d.explanation, d.params) for d in deadlines]


def _new_case_facts(case: Case) -> CaseFacts:
    return CaseFacts(
        target_group=case.target_group,
        return_decision_date=case.return_decision_date,
        departure_term_days=case.departure_term_days if case.departure_term_reason else None,
    )


def case_deadlines_refresh(*, case: Case, rules: Sequence[Rule] | None = None) -> list[Deadline]:
    """Replace the stored deadlines of `case` with what the facts give now; keep `next_deadline` in step.

    Runs inside the caller's transaction (every service that changes a fact calls it). Derived data:
    it writes no audit record of its own; the change that caused it is audited by its service.
    A case being opened takes `new_case_deadlines` instead (before its row is written).
    A case row the service locked already in this transaction (`cases.work.lock_case`, through
    `core.services.lock`) is not locked again.
    """
    # One refresh of a case at a time: two writers on the same case (a note and an interview) each
    # deleted and re-inserted its rows, and met in a deadlock or a duplicate row (found by the load
    # benchmark). The case row's lock, taken before the facts are read, orders them; the second
    # reads the facts as the first committed them. (SQLite: one writer at a time already.)
    if not transactions.row_locked(Case, case.pk):
        list(Case.objects.select_for_update().filter(pk=case.pk).values_list("pk", flat=True))
    deadlines = compute_deadlines(case_facts(case), rules if rules is not None else rules_in_force())
    CaseDeadline.objects.filter(case=case).delete()
    CaseDeadline.objects.bulk_create(_rows(case, deadlines))
    fields = next_fields(case, deadlines)
    if any(getattr(case, name) != value for name, value in fields.items()):
        Case.objects.filter(pk=case.pk).update(**fields)
        for name, value in fields.items():
            setattr(case, name, value)
    # What the facts counted of this transaction's own actions on the case (they read its held records).
    _refreshed.note((case.pk, acted_upon(audit_pending()).count(case.pk)))
    return deadlines


# Per refresh in the transaction: the case and how many of the transaction's actions on it it saw.
_refreshed = transactions.Memo("deadlines refreshed")


def deadlines_follow_actions(case_ids: list[uuid.UUID]) -> None:
    """What counts from a case's last recorded action (`COUNTED_FROM_LAST_ACTION`: the due-speed signal of
    a detention) moves with every action, whichever service recorded it: a note, an assignment, a letter.
    Called with the cases a transaction's records act upon, before they are appended
    (`audit.services.after_case_actions`): those with such a deadline stored get theirs computed again,
    unless this transaction refreshed them after its last action on them (a service's `record_change`
    records, then refreshes: the refresh saw that action already). One indexed read when none has such
    a deadline (a case without a running detention)."""
    counted = set(
        CaseDeadline.objects.filter(case_id__in=set(case_ids), code__in=COUNTED_FROM_LAST_ACTION)
        .order_by()
        .values_list("case_id", flat=True)
    )
    if counted:
        saw = dict(_refreshed.noted())  # per case, its latest refresh in this transaction
        acted = acted_upon(audit_pending())
        counted = {pk for pk in counted if saw.get(pk) != acted.count(pk)}
    for case in Case.objects.filter(pk__in=counted).order_by("pk"):
        case_deadlines_refresh(case=case)


def next_deadlines_update(*, case_ids: Sequence[Any] | None = None) -> int:
    """Bring the stored next actionable deadline of open cases up to today from their stored deadlines
    (what the daily sweep also does, without recomputing every term): it depends on the day, because a
    passed departure term stops being a task. Derived data, no audit record. Returns the cases changed."""
    cases = Case.objects.exclude(phase=Phase.CLOSED)
    if case_ids is not None:
        cases = cases.filter(pk__in=case_ids)
    rows: dict[Any, list[Deadline]] = {}
    for row in CaseDeadline.objects.filter(case__in=cases).order_by("case_id", "due"):
        rows.setdefault(row.case_id, []).append(
            Deadline(
                code=row.code, label=row.label, due=row.due, basis=row.basis, explanation=row.explanation, kind=row.kind
            )
        )
    changed = []
    for case in cases.only("id", "phase", "next_deadline", "next_deadline_code", "next_deadline_label"):
        fields = next_fields(case, rows.get(case.pk, []))
        if any(getattr(case, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(case, name, value)
            changed.append(case)
    Case.objects.bulk_update(changed, ["next_deadline", "next_deadline_code", "next_deadline_label"], batch_size=500)
    return len(changed)


REMINDER_CHUNK = 2000  # due rows per transaction of the sweep


def reminders_create(*, actor: Actor, on: dt.date | None = None, horizon_days: int = 7) -> int:
    """Create a reminder once for each deadline due within `horizon_days` (or overdue) and each flag.

    Idempotent: (case, code, source, due) is unique, so a second sweep creates nothing. In chunks of
    REMINDER_CHUNK due rows, one transaction each: the chunk's existing reminders read at once, the new
    ones inserted together and audited as one block, in the rows' order (one reminder at a time, a
    million cases' sweep made some six a second).
    """
    on = on or clock.today()
    now = clock.now()
    pending = (
        actionable(CaseDeadline.objects.filter(due__lte=on + dt.timedelta(days=horizon_days)), on)
        .select_related("case")
        .only("id", "case_id", "code", "source_id", "due", "explanation", "case__id", "case__assigned_to_id")
        .order_by("id")
    )
    created = 0
    chunk: list[CaseDeadline] = []
    for row in pending.iterator(chunk_size=REMINDER_CHUNK):
        chunk.append(row)
        if len(chunk) == REMINDER_CHUNK:
            created += _reminders_create(actor, chunk, now)
            chunk = []
    return created + _reminders_create(actor, chunk, now)


def _reminders_create(actor: Actor, rows: list[CaseDeadline], now: dt.datetime) -> int:
    if not rows:
        return 0
    with atomic():
        existing = set(
            Reminder.objects.filter(case_id__in={r.case_id for r in rows})
            .order_by()
            .values_list("case_id", "code", "source_id", "due")
        )
        new: dict[tuple[Any, ...], Reminder] = {}
        for row in rows:
            key = (row.case_id, row.code, row.source_id, row.due)
            if key not in existing and key not in new:
                new[key] = Reminder(
                    case_id=row.case_id,
                    code=row.code,
                    source_id=row.source_id,
                    due=row.due,
                    recipient_id=row.case.assigned_to_id,
                    created_at=now,
                    message=row.explanation,
                )
        reminders = Reminder.objects.bulk_create(new.values())
        audit_append(
            [
                audit_event(
                    actor=actor,
                    event_type=EventType.REMINDER_CREATED,
                    subject=reminder,
                    case_id=reminder.case_id,
                    new={"code": reminder.code, "due": reminder.due, "recipient": reminder.recipient_id},
                )
                for reminder in reminders
            ]
        )
    return len(reminders)


# -- working the worklist ------------------------------------------------------------------------------
SNOOZE_MAX_DAYS = 90
NOT_ON_WORKLIST = gettext_noop("Dit punt staat niet (meer) op de werklijst; vernieuw de pagina.")
DONE_BY_RECORDING = gettext_noop("Dit punt verdwijnt door de handeling vast te leggen; afvinken kan hier niet.")
SNOOZE_IN_FUTURE = gettext_noop("Kies een datum na vandaag.")
SNOOZE_TOO_LONG = gettext_noop("Uitstellen kan hoogstens 90 dagen.")
SNOOZE_PAST_MAXIMUM = gettext_noop(
    "Een wettelijke maximumtermijn kan niet worden uitgesteld tot na de termijn zelf; kies uiterlijk de vervaldatum."
)


def worklist_mark(
    *,
    actor: Actor,
    case: Case,
    code: str,
    source_id: str,
    due: dt.date,
    kind: str,
    reason: str,
    until: dt.date | None = None,
) -> WorklistMark:
    """Mark a worklist row done (only where its action is not recorded in Regie) or snooze it to a date,
    with a reason; audited. Who may work on the case may mark its rows. The row must be on the worklist
    as computed now (a row whose facts changed meanwhile is refused, naming `due`)."""
    user = actor.user
    require(user is not None and can_work_on(user, case))
    assert user is not None
    refuse(choice("kind", kind, MarkKind) or required_text(reason=reason))
    today = clock.today()
    task = task_for(code)
    with atomic():
        row = actionable(CaseDeadline.objects.filter(case=case, code=code, source_id=source_id, due=due), today)
        refuse(None if row.exists() else {"due": NOT_ON_WORKLIST})
        errors: dict[str, str] = {}
        if kind == MarkKind.DONE:
            until = None
            if not task.done_outside:
                errors["kind"] = DONE_BY_RECORDING
        elif until is None:
            errors["until"] = REQUIRED
        elif until <= today:
            errors["until"] = SNOOZE_IN_FUTURE
        elif until > today + dt.timedelta(days=SNOOZE_MAX_DAYS):
            errors["until"] = SNOOZE_TOO_LONG
        elif task.legal_maximum and until > due:
            errors["until"] = SNOOZE_PAST_MAXIMUM
        refuse(errors)
        mark = WorklistMark.objects.create(
            case=case,
            code=code,
            source_id=source_id,
            due=due,
            kind=kind,
            until=until,
            reason=reason.strip(),
            marked_by=user,
            marked_at=clock.now(),
        )
        audit_record(
            actor=actor,
            event_type=EventType.WORKLIST_ITEM_DONE if kind == MarkKind.DONE else EventType.WORKLIST_ITEM_SNOOZED,
            subject=mark,
            case_id=case.pk,
            person_id=case.person_id,
            new={"code": code, "source_id": source_id, "due": due, "until": until, "reason": mark.reason},
        )
    return mark


def notifications_read(*, actor: Actor, reminder_ids: Sequence[Any] | None = None) -> int:
    """Mark the caller's notifications (reminders addressed to them) read: those named, or all unread.
    Returns how many changed; one audit record for the batch."""
    user = actor.user
    require(user is not None)
    unread = Reminder.objects.filter(recipient=user, seen_at__isnull=True)
    if reminder_ids is not None:
        unread = unread.filter(pk__in=list(reminder_ids))
    with atomic():
        ids = list(unread.values_list("pk", flat=True))
        if ids:
            Reminder.objects.filter(pk__in=ids).update(seen_at=clock.now())
            audit_record(actor=actor, event_type=EventType.NOTIFICATION_READ, subject=user, new={"count": len(ids)})
    return len(ids)
