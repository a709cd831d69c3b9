"""Monthly partitions of the audit trail and the access log on PostgreSQL (migration 0007, decision 0023).

Both tables are partitioned by `occurred_at`, one partition per calendar month in UTC
(`audit_auditevent_y2026m11`), plus a default partition that stays empty as long as the coming months
exist: `partitions_ensure` creates them (`regie partitions`, and the worker daily).

`partitions_detach` takes the oldest months out of both tables for archiving: the partitions become
ordinary tables (`pg_dump --table` them, then drop them). Because the audit trail is a hash chain, the
months must be a clean beginning of the chain, signed: every record up to the newest one of those months
must lie in them (a transaction that straddled the month's end can put a later month's record before it;
then detach the next month with it), and a signed checkpoint must cover a later record, so the archive can
be checked against the signature. The detach is itself a record of the trail (`audit.months_archived`)
holding where the chain continues: the last archived record's id and hash and the number of records up to
it. `audit_verify` starts from there when the oldest records are gone.

On SQLite there is one table each and nothing to do.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db import connection, transaction

from regie.core import clock
from regie.core.context import Actor

from .choices import EventType
from .models import AccessRecord, AuditEvent
from .services import archived_through, audit_checkpoints_verify, audit_record, chain_lock

AUDIT_TABLE = AuditEvent._meta.db_table
ACCESS_TABLE = AccessRecord._meta.db_table
TABLES = (AUDIT_TABLE, ACCESS_TABLE)
DEFAULT_MONTHS_AHEAD = 3
_MONTH_SUFFIX = re.compile(r"_y(\d{4})m(\d{2})$")


class PartitionError(Exception):
    """A partition operation refused, with the reason in words."""


@dataclass(frozen=True)
class Partition:
    table: str
    name: str
    month: dt.date | None  # None: the default partition


def month_of(value: str) -> dt.date:
    """'2026-01' -> 2026-01-01."""
    try:
        return dt.datetime.strptime(value, "%Y-%m").date()
    except ValueError:
        raise PartitionError(f"{value!r} is not a month (YYYY-MM)") from None


def next_month(month: dt.date) -> dt.date:
    return (month.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


def month_start(month: dt.date) -> dt.datetime:
    return dt.datetime.combine(month.replace(day=1), dt.time.min, tzinfo=dt.UTC)


def partition_name(table: str, month: dt.date) -> str:
    return f"{table}_y{month:%Y}m{month:%m}"


def current_month() -> dt.date:
    return clock.now().astimezone(dt.UTC).date().replace(day=1)


def partitioned() -> bool:
    """Whether the tables are partitioned here (PostgreSQL after migration 0007)."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT relkind FROM pg_class WHERE oid = %s::regclass", [AUDIT_TABLE])
        row = cursor.fetchone()
    return bool(row and row[0] == "p")


def partitions_list() -> list[Partition]:
    """The attached partitions of both tables, oldest month first, the default partition last."""
    if not partitioned():
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT parent.relname, child.relname FROM pg_inherits "
            "JOIN pg_class parent ON parent.oid = pg_inherits.inhparent "
            "JOIN pg_class child ON child.oid = pg_inherits.inhrelid "
            "WHERE parent.relname = ANY(%s)",
            [list(TABLES)],
        )
        rows = cursor.fetchall()
    found = []
    for table, name in rows:
        match = _MONTH_SUFFIX.search(name)
        found.append(Partition(table, name, dt.date(int(match[1]), int(match[2]), 1) if match else None))
    return sorted(found, key=lambda p: (p.table, p.month is None, p.month or dt.date.min))


def partitions_ensure(*, months_ahead: int = DEFAULT_MONTHS_AHEAD) -> list[str]:
    """Create the partitions of this month and the next `months_ahead` months where missing. Idempotent."""
    if not partitioned():
        return []
    attached = {p.name for p in partitions_list()}
    created = []
    month = current_month()
    with transaction.atomic(), connection.cursor() as cursor:
        for _ in range(months_ahead + 1):
            for table in TABLES:
                name = partition_name(table, month)
                if name in attached:
                    continue
                cursor.execute(
                    f"CREATE TABLE {name} PARTITION OF {table} FOR VALUES FROM (%s) TO (%s)",
                    [month_start(month), month_start(next_month(month))],
                )
                created.append(name)
            month = next_month(month)
    return created


@dataclass(frozen=True)
class Archived:
    months: list[dt.date]
    partitions: list[str]
    through_id: int
    through_hash: str
    through_count: int


def partitions_detach(*, months: list[dt.date], actor: Actor) -> Archived:
    """Detach `months` (the oldest attached ones, all past) from both tables, after the checks above."""
    if not partitioned():
        raise PartitionError("the audit trail is not partitioned here (only on PostgreSQL)")
    months = sorted({m.replace(day=1) for m in months})
    if not months:
        raise PartitionError("name at least one month")
    if months[-1] >= current_month():
        raise PartitionError(f"{months[-1]:%Y-%m} is not over yet: only past months are archived")
    oldest = sorted(p.month for p in partitions_list() if p.table == AUDIT_TABLE and p.month is not None)
    if months != oldest[: len(months)]:
        missing = [f"{m:%Y-%m}" for m in months if m not in oldest]
        if missing:
            raise PartitionError(f"no attached partition for {', '.join(missing)}")
        raise PartitionError(f"archive the oldest months first: {oldest[0]:%Y-%m} is still attached")
    end = month_start(next_month(months[-1]))
    with transaction.atomic():
        chain_lock()
        with connection.cursor() as cursor:
            for table in TABLES:
                cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {table}_default WHERE occurred_at < %s)", [end])  # noqa: S608
                if cursor.fetchone()[0]:
                    raise PartitionError(
                        f"{table}_default holds rows from before {end:%Y-%m-%d}: "
                        "they would stay behind; move them into a monthly partition first"
                    )
        through = _chain_through(end)
        names = [partition_name(table, month) for month in months for table in TABLES]
        audit_record(
            actor=actor,
            event_type=EventType.AUDIT_MONTHS_ARCHIVED,
            subject=AuditEvent(pk=through[0]),
            new={
                "months": [f"{m:%Y-%m}" for m in months],
                "partitions": names,
                "through_id": through[0],
                "through_hash": through[1],
                "through_count": through[2],
            },
        )
        with connection.cursor() as cursor:
            for month in months:
                for table in TABLES:
                    cursor.execute(f"ALTER TABLE {table} DETACH PARTITION {partition_name(table, month)}")
    return Archived(months, names, *through)


def _chain_through(end: dt.datetime) -> tuple[int, str, int]:
    """The last record before `end` (id, hash, its number in the chain), refusing what cannot be archived."""
    previous = archived_through()
    before = AuditEvent.objects.filter(occurred_at__lt=end)
    last = before.order_by("-id").values_list("id", "hash").first()
    if last is None:  # no record in those months: the chain continues where it did
        return (previous["through_id"], previous["through_hash"], previous["through_count"]) if previous else (0, "", 0)
    later_first = AuditEvent.objects.filter(occurred_at__gte=end, id__lt=last[0]).order_by("id").first()
    if later_first is not None:
        raise PartitionError(
            f"record #{later_first.pk} ({later_first.occurred_at:%Y-%m}) comes before record #{last[0]} in the chain "
            "(a transaction straddled the month's end): archive the next month together with this one"
        )
    signed = audit_checkpoints_verify()
    newest = max((c.last_id for c in signed), default=0)
    if newest <= last[0]:
        raise PartitionError(
            f"no signed checkpoint covers a record after #{last[0]} yet: run `regie audit checkpoint` "
            "(REGIE_AUDIT_SIGNING_KEY) and keep the checkpoint files, then archive"
        )
    count = (previous["through_count"] if previous else 0) + before.count()
    return last[0], last[1], count
