"""Monthly partitions of the audit trail and the access log (PostgreSQL; migration 0007, decision 0023)."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection

from regie.accounts.models import User
from regie.audit.choices import AccessPurpose, EventType
from regie.audit.models import AccessRecord, AuditEvent
from regie.audit.partitions import PartitionError, partitioned, partitions_detach, partitions_ensure, partitions_list
from regie.audit.services import (
    ChainBroken,
    access_record,
    audit_checkpoint,
    audit_checkpoints_verify,
    audit_record,
    audit_verify,
    chain_tail_hash,
)
from regie.core import clock
from regie.core.context import Actor, Channel, system_actor

UTC = dt.UTC
JUNE, JULY, AUGUST = (dt.datetime(2026, m, 15, 12, 0, tzinfo=UTC) for m in (6, 7, 8))
on_postgresql = pytest.mark.skipif("connection.vendor != 'postgresql'")


def record(at: dt.datetime, user: User, n: int = 1) -> list[AuditEvent]:
    with clock.frozen(at):
        return [
            audit_record(actor=Actor(user=user), event_type=EventType.ACCOUNT_CHANGED, subject=user, new={"n": i})
            for i in range(n)
        ]


def partition_of(table: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT tableoid::regclass::text FROM {table} WHERE id = %s", [pk])
        return str(cursor.fetchone()[0])


def verify() -> int:
    return audit_verify(signed=audit_checkpoints_verify())


@pytest.fixture
def months(administrator: User) -> None:
    """Partitions for June to August 2026 (created as the worker would, in June)."""
    with clock.frozen(JUNE):
        partitions_ensure(months_ahead=2)


@pytest.mark.skipif("connection.vendor == 'postgresql'")
@pytest.mark.django_db
def test_sqlite_has_nothing_to_partition() -> None:
    assert not partitioned() and partitions_list() == [] and partitions_ensure() == []
    out = StringIO()
    call_command("partitions", "--detach", "2026-01", stdout=out)
    assert "nothing to do" in out.getvalue()


@on_postgresql
@pytest.mark.django_db
def test_records_land_in_their_month_and_the_chain_reads_across(
    months: None, administrator: User, open_case: Any, case_manager: User
) -> None:
    assert partitioned()
    june, july, august = (
        record(JUNE, administrator)[0],
        record(JULY, administrator)[0],
        record(AUGUST, administrator)[0],
    )
    assert partition_of("audit_auditevent", june.pk) == "audit_auditevent_y2026m06"
    assert partition_of("audit_auditevent", july.pk) == "audit_auditevent_y2026m07"
    assert partition_of("audit_auditevent", august.pk) == "audit_auditevent_y2026m08"
    assert chain_tail_hash() == august.hash
    assert AuditEvent.objects.get(pk=july.pk).prev_hash == june.hash
    assert verify() == AuditEvent.objects.count()
    # Retention redacts by primary key: an update by id finds the row in its partition.
    assert AuditEvent.objects.filter(pk=july.pk).update(old_values={"x": 1}) == 1
    person_id = open_case(case_manager).person_id
    with clock.frozen(JULY):
        access_record(actor=Actor(user=case_manager), person_ids=[person_id], purpose=AccessPurpose.DOSSIER_VIEW)
    access = AccessRecord.objects.get(person_id=person_id, occurred_at=JULY)
    assert partition_of("audit_accessrecord", access.pk) == "audit_accessrecord_y2026m07"


@on_postgresql
@pytest.mark.django_db
def test_detaching_the_oldest_month_after_a_checkpoint(
    months: None, administrator: User, signing_key: Path, open_case: Any, case_manager: User
) -> None:
    june = record(JUNE, administrator, n=3)
    record(JULY, administrator, n=2)
    person_id = open_case(case_manager).person_id
    with clock.frozen(JUNE):
        access_record(actor=Actor(user=case_manager), person_ids=[person_id], purpose=AccessPurpose.DOSSIER_VIEW)
    total = AuditEvent.objects.count()
    with clock.frozen(AUGUST):
        # Not without a signature over a later record; not the current month; the oldest first.
        with pytest.raises(PartitionError, match="no signed checkpoint"):
            partitions_detach(months=[JUNE.date()], actor=system_actor(Channel.CLI))
        audit_checkpoint(actor=system_actor(Channel.CLI))
        with pytest.raises(PartitionError, match="not over yet"):
            partitions_detach(months=[AUGUST.date()], actor=system_actor(Channel.CLI))
        with pytest.raises(PartitionError, match="oldest months first"):
            partitions_detach(months=[JULY.date()], actor=system_actor(Channel.CLI))
        out = StringIO()
        call_command("partitions", "--detach", "2026-06", "--ensure-months", "0", stdout=out)
    assert "audit_auditevent_y2026m06" in out.getvalue()
    # June is out of both tables and stays in the database as tables of its own, to dump and drop.
    assert not AuditEvent.objects.filter(pk__in=[e.pk for e in june]).exists()
    assert not AccessRecord.objects.filter(occurred_at__lt=JULY.replace(day=1)).exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM audit_auditevent_y2026m06")
        assert cursor.fetchone()[0] == 3
        cursor.execute("SELECT count(*) FROM audit_accessrecord_y2026m06")
        assert cursor.fetchone()[0] == 1
    assert "audit_auditevent_y2026m06" not in {p.name for p in partitions_list()}
    archived = AuditEvent.objects.get(event_type=EventType.AUDIT_MONTHS_ARCHIVED)
    assert archived.new_values["through_id"] == june[-1].pk and archived.new_values["through_hash"] == june[-1].hash
    # The chain is verified from the archived months on, counting them (and the checkpoint and archive records).
    assert verify() == total + 2
    with clock.frozen(AUGUST):
        audit_checkpoint(actor=system_actor(Channel.CLI))
    assert verify() == total + 3
    # An archive record cannot cover for a record removed after it.
    first_left = AuditEvent.objects.order_by("id").first()
    assert first_left is not None
    AuditEvent.objects.filter(pk=first_left.pk).delete()
    with pytest.raises(ChainBroken):
        verify()


@on_postgresql
@pytest.mark.django_db
def test_a_month_whose_records_straddle_the_next_is_detached_with_it(
    months: None, administrator: User, signing_key: Path
) -> None:
    # A record of July chained before one of June (a transaction that committed across the month's end).
    record(JULY.replace(day=1, hour=0, minute=0, second=1), administrator)
    record(JUNE.replace(day=30, hour=23, minute=59), administrator)
    record(JULY, administrator)
    record(AUGUST, administrator)
    with clock.frozen(AUGUST):
        audit_checkpoint(actor=system_actor(Channel.CLI))
        with pytest.raises(PartitionError, match="together with"):
            partitions_detach(months=[JUNE.date()], actor=system_actor(Channel.CLI))
        archived = partitions_detach(months=[JUNE.date(), JULY.date()], actor=system_actor(Channel.CLI))
    assert archived.through_count == 3
    assert verify() == AuditEvent.objects.count() + 3


@pytest.mark.django_db
def test_the_worker_queues_the_coming_months_once_a_day_on_postgresql() -> None:
    from django_tasks_db.models import DBTaskResult

    from regie.audit.tasks import audit_partitions_ensure
    from regie.deadlines.schedule import PARTITIONS_TASK_PATH, enqueue_daily_partitions_if_due

    later = dt.datetime(2026, 11, 28, 3, 30, tzinfo=UTC)
    with clock.frozen(later):
        queued = [enqueue_daily_partitions_if_due(at=dt.time(2, 0), now=later) for _ in range(2)]
    expected = [True, False] if connection.vendor == "postgresql" else [False, False]
    assert queued == expected
    assert DBTaskResult.objects.filter(task_path=PARTITIONS_TASK_PATH).count() == expected.count(True)
    # The job itself: idempotent, nothing to create a second time (and nothing at all on SQLite).
    audit_partitions_ensure.call()
    assert audit_partitions_ensure.call() == {"created": []}
