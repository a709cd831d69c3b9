"""PostgreSQL: the audit trail and the access log become tables partitioned by month (decision 0023).

Each table is rebuilt as `PARTITION BY RANGE (occurred_at)`: a partition per calendar month (UTC) from
the oldest row's month to three months ahead, and a default partition for anything outside them
(`regie partitions` creates the coming months daily, so it stays empty). The rows are copied, and what
the old table had is recreated on the new one: its indexes (created on every partition), its foreign
keys, the id sequence (now owned by the column, no longer an identity) and, for the audit trail, the
deferred trigger that keeps the chain head (migration 0005). The primary key becomes (id, occurred_at),
as PostgreSQL requires of a partitioned table; ids still come from one sequence, and the key's index,
id first, finds a record by id in every partition. Django's models do not change: they never see it.

SQLite: nothing to do (one file; archiving a month is not a thing there).
"""

from __future__ import annotations

import datetime as dt

from django.db import migrations
from django.utils import timezone

TABLES = ("audit_auditevent", "audit_accessrecord")
MONTHS_AHEAD = 3
CHAIN_HEAD_TRIGGER = """
    CREATE CONSTRAINT TRIGGER audit_chain_head AFTER INSERT ON audit_auditevent
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION audit_chain_head_advance()
"""


def _months(first: dt.date, last: dt.date) -> list[dt.date]:
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return months


def _next_month(month: dt.date) -> dt.date:
    return (month + dt.timedelta(days=32)).replace(day=1)


def _rebuild(cursor, table: str, *, partitioned: bool) -> None:
    """Rebuild `table` partitioned by month (or, backwards, as one plain table) with the same rows."""
    cursor.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = %s",
        [table],
    )
    indexes = [definition for name, definition in cursor.fetchall() if name != f"{table}_pkey"]
    cursor.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = %s::regclass AND contype = 'f' AND conparentid = 0",
        [table],
    )
    foreign_keys = cursor.fetchall()
    old = f"{table}_rebuilt"
    cursor.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")
    cursor.execute(f"ALTER TABLE {table} RENAME TO {old}")
    tail = " PARTITION BY RANGE (occurred_at)" if partitioned else ""
    cursor.execute(f"CREATE TABLE {table} (LIKE {old} INCLUDING DEFAULTS INCLUDING STORAGE){tail}")
    cursor.execute(f"ALTER TABLE {table} ALTER COLUMN id DROP DEFAULT")
    if partitioned:
        cursor.execute(f"SELECT min(occurred_at) FROM {old}")
        oldest = cursor.fetchone()[0]
        today = timezone.now().astimezone(dt.UTC).date()
        first = oldest.astimezone(dt.UTC).date() if oldest else today
        last = today.replace(day=1)
        for _ in range(MONTHS_AHEAD):
            last = _next_month(last)
        for month in _months(first, last):
            cursor.execute(
                f"CREATE TABLE {table}_y{month:%Y}m{month:%m} PARTITION OF {table} "
                f"FOR VALUES FROM ('{month:%Y-%m-%d} 00:00:00+00') TO ('{_next_month(month):%Y-%m-%d} 00:00:00+00')"
            )
        cursor.execute(f"CREATE TABLE {table}_default PARTITION OF {table} DEFAULT")
    cursor.execute(f"INSERT INTO {table} SELECT * FROM {old}")
    cursor.execute(f"SELECT max(id) FROM {old}")
    highest = cursor.fetchone()[0]
    # Dropping the old table drops its identity sequence (and, for the audit trail, its trigger).
    cursor.execute(f"DROP TABLE {old}")
    sequence = f"{table}_id_seq"
    cursor.execute(f"CREATE SEQUENCE IF NOT EXISTS {sequence} AS bigint OWNED BY {table}.id")
    cursor.execute("SELECT setval(%s, %s, %s)", [sequence, highest or 1, highest is not None])
    cursor.execute(f"ALTER TABLE {table} ALTER COLUMN id SET DEFAULT nextval('{sequence}')")
    key = "id, occurred_at" if partitioned else "id"
    cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {table}_pkey PRIMARY KEY ({key})")
    for definition in indexes:
        cursor.execute(definition)
    for name, definition in foreign_keys:
        cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}")
    if table == "audit_auditevent":
        cursor.execute(CHAIN_HEAD_TRIGGER)


def _partitioned(cursor, table: str) -> bool:
    cursor.execute("SELECT relkind FROM pg_class WHERE oid = %s::regclass", [table])
    return cursor.fetchone()[0] == "p"


def partition(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for table in TABLES:
            if not _partitioned(cursor, table):
                _rebuild(cursor, table, partitioned=True)


def unpartition(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for table in TABLES:
            if _partitioned(cursor, table):
                _rebuild(cursor, table, partitioned=False)


class Migration(migrations.Migration):
    dependencies = [("audit", "0006_access_purposes_for_lists")]

    operations = [migrations.RunPython(partition, unpartition, elidable=False)]
