"""Inserting many new rows of one model without Django's per-value query compiler.

`bulk_create` compiles every value of every row through the ORM's insert compiler; for the batch intake
(thousands of rows of ten tables) that compiling cost more than the database's work. `insert_rows`
prepares each value once (`pre_save` + `get_db_prep_save`, as Django does: timestamps, JSON, uuids) and
sends multi-row INSERT statements (on SQLite; on PostgreSQL `bulk_create`'s UNNEST insert is cheaper). Same rows as `bulk_create`; no signals (Regie has none on these models).
Primary keys set in Python (uuid) are written; database-generated ones are read back (RETURNING, in
the order of the rows, as `bulk_create` relies on too).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connections, models, router

MAX_ROWS_PER_STATEMENT = 1000


def insert_rows(objs: Sequence[models.Model]) -> None:
    """INSERT the new rows `objs` (all of one model) in as few statements as the database takes."""
    if not objs:
        return
    model = type(objs[0])
    meta = model._meta
    conn = connections[router.db_for_write(model)]
    if conn.vendor == "postgresql":
        # Django inserts many rows on PostgreSQL as one INSERT ... SELECT FROM UNNEST(array per column):
        # measured cheaper there than these multi-row VALUES (docs/performance.md).
        model._default_manager.bulk_create(objs)
        return
    fields = [f for f in meta.concrete_fields if not (f.primary_key and f.db_returning)]
    pk = meta.pk
    pk_column = pk.column if pk is not None and pk.db_returning else None
    returning = pk_column is not None and conn.features.can_return_rows_from_bulk_insert
    quote = conn.ops.quote_name
    columns = ", ".join(quote(str(f.column)) for f in fields)
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    size = max(1, min(MAX_ROWS_PER_STATEMENT, conn.ops.bulk_batch_size(fields, objs)))
    rows = [[f.get_db_prep_save(f.pre_save(obj, True), conn) for f in fields] for obj in objs]
    with conn.cursor() as cursor:
        for start in range(0, len(rows), size):
            chunk = rows[start : start + size]
            sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES {', '.join([one] * len(chunk))}"  # noqa: S608
            if returning:
                sql += f" RETURNING {quote(str(pk_column))}"
            cursor.execute(sql, [value for row in chunk for value in row])
            if returning:
                for obj, (value,) in zip(objs[start : start + size], cursor.fetchall(), strict=True):
                    obj.pk = value
    for obj in objs:
        obj._state.adding = False
        obj._state.db = conn.alias
