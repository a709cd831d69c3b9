"""Deadlines stored per case, the worklist per user, reminders created once, the daily schedule."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from regie.audit.models import AuditEvent
from regie.audit.services import audit_verify
from regie.cases.services import case_assign, case_intake
from regie.core import clock
from regie.core.context import Actor, Channel
from regie.deadlines import services as deadline_services
from regie.deadlines.models import CaseDeadline, DeadlineRule, Reminder
from regie.deadlines.schedule import enqueue_daily_sweep_if_due
from regie.deadlines.selectors import worklist_for
from regie.deadlines.services import case_deadlines_refresh, reminders_create
from regie.measures.models import Detention

TODAY = dt.date(2026, 11, 28)


@pytest.fixture
def frozen_today():
    with clock.frozen(dt.datetime(2026, 11, 28, 9, 0)):
        yield


@pytest.fixture
def cases(frozen_today, case_manager, team_lead, team, make_intake):
    """Three assigned cases whose departure terms end: overdue, today, in five days; one unassigned."""
    made = []
    for decision in (dt.date(2026, 10, 1), dt.date(2026, 10, 31), dt.date(2026, 11, 5)):
        case = case_intake(
            actor=Actor(user=case_manager), data=make_intake(return_decision_date=decision, target_group="supervision")
        ).case
        made.append(
            case_assign(actor=Actor(user=team_lead), case=case, team=team, assigned_to=case_manager, expected_version=1)
        )
    made.append(
        case_intake(
            actor=Actor(user=case_manager),
            data=make_intake(return_decision_date=dt.date(2026, 11, 20), target_group="supervision"),
        ).case
    )
    return made


def test_refresh_stores_explained_deadlines(cases) -> None:
    case = cases[0]
    Detention.objects.create(
        case=case, basis="art59", place="DC Rotterdam", grounds="risico op onttrekking", starts_on=dt.date(2026, 11, 1)
    )
    deadlines = case_deadlines_refresh(case=case)
    stored = {d.code: d for d in CaseDeadline.objects.filter(case=case)}
    assert (
        set(stored)
        == {d.code for d in deadlines}
        == {"departure_term", "detention_court_notification", "detention_maximum", "detention_inactivity"}
    )
    assert stored["detention_maximum"].due == dt.date(2027, 5, 1)
    assert stored["detention_court_notification"].explanation == (
        "Rechter informeren over bewaring 29-11-2026: start bewaring 01-11-2026 + 4 weken, art. 94 Vw"
    )
    case.refresh_from_db()
    # The earliest thing to do: the court notification, not the departure term that ended on 29-10 (a
    # fact of the dossier by now) and not the flag.
    assert (case.next_deadline, case.next_deadline_code) == (dt.date(2026, 11, 29), "detention_court_notification")


def test_rule_table_edits_take_effect(cases) -> None:
    case = cases[2]
    DeadlineRule.objects.filter(code="departure_term").update(valid_until=dt.date(2026, 11, 1))
    DeadlineRule.objects.create(
        code="departure_term",
        label="Vertrektermijn eindigt",
        basis="art. 62 Vw (test)",
        amount=30,
        unit="days",
        valid_from=dt.date(2026, 11, 1),
    )
    case_deadlines_refresh(case=case)
    row = CaseDeadline.objects.get(case=case, code="departure_term")
    assert row.due == dt.date(2026, 12, 5) and row.basis == "art. 62 Vw (test)"


def test_worklist_buckets(cases, case_manager, team_lead, other_case_manager) -> None:
    mine = worklist_for(user=case_manager, on=TODAY)
    # A departure term that has passed is a fact of the dossier, not an overdue task.
    assert [r.case_id for r in mine.overdue] == []
    assert [r.case_id for r in mine.today] == [cases[1].pk]
    assert [r.case_id for r in mine.this_week] == [cases[2].pk]
    # The team lead sees the team's cases, including the unassigned one.
    lead = worklist_for(user=team_lead, on=TODAY)
    assert {r.case_id for r in lead.overdue + lead.today + lead.this_week} == {c.pk for c in cases[1:3]}
    assert worklist_for(user=other_case_manager, on=TODAY).overdue == []
    on_due_day = worklist_for(user=case_manager, on=dt.date(2026, 11, 28) + dt.timedelta(days=5))
    assert [r.case_id for r in on_due_day.today] == [cases[2].pk]


def test_reminders_are_created_once_and_audited(cases, system) -> None:
    actor = Actor(user=None, channel=Channel.JOB)
    first = reminders_create(actor=actor, on=TODAY)
    # The first case's term passed before the sweep ran (a fact, not a task); the fourth case's term
    # ends beyond the 7-day horizon: reminders for the term ending today and the one in five days.
    assert first == Reminder.objects.count() == 2
    assert not Reminder.objects.filter(case=cases[0]).exists()
    assert reminders_create(actor=actor, on=TODAY) == 0
    assert AuditEvent.objects.filter(event_type="deadline.reminder_created").count() == 2
    reminder = Reminder.objects.get(case=cases[1])
    assert reminder.recipient == cases[1].assigned_to and "Vertrektermijn eindigt" in reminder.message


def test_reminders_are_created_in_chunks_with_one_audited_record_each(cases, system, monkeypatch) -> None:
    # Chunks of one due row: every chunk its own transaction, the second sweep still creates nothing.
    monkeypatch.setattr(deadline_services, "REMINDER_CHUNK", 1)
    actor = Actor(user=None, channel=Channel.JOB)
    assert reminders_create(actor=actor, on=TODAY) == 2
    assert reminders_create(actor=actor, on=TODAY) == 0
    records = AuditEvent.objects.filter(event_type="deadline.reminder_created").order_by("id")
    reminders = Reminder.objects.order_by("id")
    assert [r.subject_id for r in records] == [str(r.pk) for r in reminders]
    assert [r.case_id for r in records] == [r.case_id for r in reminders]
    for record, reminder in zip(records, reminders, strict=True):
        assert record.new_values["recipient"] == reminder.recipient_id == reminder.case.assigned_to_id
        assert record.actor_id is None  # a job's record: not an action on the case
    audit_verify()


def test_daily_sweep_is_queued_once_a_day(db) -> None:
    from django_tasks_db.models import DBTaskResult

    at = dt.time(2, 0)
    early = timezone.make_aware(dt.datetime(2026, 11, 28, 1, 0))  # local time (Europe/Amsterdam)
    later = timezone.make_aware(dt.datetime(2026, 11, 28, 3, 0))
    assert enqueue_daily_sweep_if_due(at=at, now=early) is False
    with clock.frozen(later):
        assert enqueue_daily_sweep_if_due(at=at, now=later) is True
        assert enqueue_daily_sweep_if_due(at=at, now=later) is False
    assert DBTaskResult.objects.count() == 1
