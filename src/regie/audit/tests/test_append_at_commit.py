"""Records held to the end of the service's transaction and appended there as one block (decision 0024)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from regie.accounts.models import Team, User
from regie.accounts.services import team_create
from regie.audit.choices import EventType
from regie.audit.models import AuditEvent
from regie.audit.services import (
    audit_append_values,
    audit_event,
    audit_pending,
    audit_values,
    audit_verify,
    event_content,
)
from regie.cases.services import case_intake
from regie.core import clock
from regie.core.context import Actor
from regie.core.transactions import atomic
from regie.testing.concurrency import at_once


def test_a_services_records_are_held_then_appended_in_order(case_manager: User, make_intake: Callable) -> None:
    actor = Actor(user=case_manager)
    before = AuditEvent.objects.count()
    with atomic():
        result = case_intake(actor=actor, data=make_intake())
        pending = audit_pending()
        assert pending and all(e.pk is None for e in pending)
        assert AuditEvent.objects.count() == before  # nothing appended yet: the chain is not locked
    written = list(AuditEvent.objects.order_by("id"))[before:]
    assert [(e.event_type, e.subject_id) for e in written] == [(e.event_type, e.subject_id) for e in pending]
    assert [e.pk for e in pending] == [e.pk for e in written]  # the caller's instances got their ids
    assert EventType.CASE_OPENED in {e.event_type for e in written}
    assert result.case.pk and audit_verify() == before + len(written)


@pytest.mark.django_db
def test_records_given_as_values_keep_their_place_among_the_transactions_records(system: Actor) -> None:
    """The batch intake's records as values (`audit_append_values`) are held in their place between the
    records of the services around them: written in that order, each with the content and hash an
    `audit_event` of the same values gets, and the chain verifies. They are not in `audit_pending`."""
    team = Team.objects.first() or team_create(actor=system, name="Waarden")
    before = AuditEvent.objects.count()
    at = clock.now()
    as_values = [
        audit_values(actor=system, event_type=EventType.TEAM_CREATED, subject=team, at=at, new={"name": f"v{i}"})
        for i in range(3)
    ]
    with atomic():
        team_create(actor=system, name="Ervoor")
        audit_append_values(as_values[:2])
        audit_append_values([])
        team_create(actor=system, name="Erna")
        audit_append_values(as_values[2:])
        assert [e.new_values.get("name") for e in audit_pending()] == ["Ervoor", "Erna"]
    written = list(AuditEvent.objects.order_by("id"))[before:]
    assert [e.new_values.get("name") for e in written] == ["Ervoor", "v0", "v1", "Erna", "v2"]
    assert audit_verify() == before + 5
    # The values path stores what an instance of the same values would: content and hash alike.
    for record in (written[1], written[2], written[4]):
        instance = audit_event(actor=system, event_type=EventType.TEAM_CREATED, subject=team, new=record.new_values)
        instance.occurred_at = record.occurred_at
        assert event_content(instance) == event_content(record)


@pytest.mark.django_db
def test_a_rolled_back_savepoint_leaves_none_of_its_records(system: Actor) -> None:
    before = AuditEvent.objects.count()
    with atomic():
        team_create(actor=system, name="Blijft")
        try:
            with atomic():
                team_create(actor=system, name="Weg")
                raise ValueError("rolled back")
        except ValueError:
            pass
        team_create(actor=system, name="Ook")
    names = [e.new_values.get("name") for e in AuditEvent.objects.order_by("id")[before:]]
    assert names == ["Blijft", "Ook"]
    assert set(Team.objects.values_list("name", flat=True)) >= {"Blijft", "Ook"}
    assert not Team.objects.filter(name="Weg").exists()
    assert audit_verify() == before + 2


@pytest.mark.django_db
def test_a_failing_service_leaves_no_record(system: Actor) -> None:
    before = AuditEvent.objects.count()
    with pytest.raises(ValueError), atomic():
        team_create(actor=system, name="Mislukt")
        raise ValueError
    assert AuditEvent.objects.count() == before


WRITERS, EACH = 4, 6


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_the_chain_intact(case_manager: User, make_intake: Callable) -> None:
    """Writers in threads, each with its own connection and its own transactions, interleave their appends:
    every record is there once and the chain verifies (on PostgreSQL the advisory lock orders them; on
    SQLite the IMMEDIATE transaction)."""
    datas = [[make_intake() for _ in range(EACH)] for _ in range(WRITERS)]

    def write(n: int) -> None:
        for data in datas[n]:
            case_intake(actor=Actor(user=case_manager), data=data)  # an actor per request

    failures = at_once(write, WRITERS)
    assert not failures, failures
    opened = AuditEvent.objects.filter(event_type=EventType.CASE_OPENED)
    assert opened.count() == WRITERS * EACH
    assert audit_verify() == AuditEvent.objects.count()
    # Each intake's records are one contiguous block of the chain: one append under the lock.
    positions: dict[str, list[int]] = {}
    for at, request_id in enumerate(AuditEvent.objects.order_by("id").values_list("request_id", flat=True)):
        positions.setdefault(request_id, []).append(at)
    assert all(at == list(range(at[0], at[0] + len(at))) for at in positions.values())
