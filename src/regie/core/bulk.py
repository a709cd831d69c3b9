"""Inserting many new rows of one model without Django's per-value query compiler.

`bulk_create` compiles every value of every row through the ORM's insert compiler; for the batch intake
(thousands of rows of ten tables) that compiling cost more than the database's work. `insert_rows`
prepares each value once (`pre_save` + `get_db_prep_save`, as Django does: timestamps, JSON, uuids) and
sends multi-row INSERT statements on SQLite, and COPY on PostgreSQL (psycopg 3's `cursor.copy`: no
statement to parse and no parameters to bind per value). Same rows as `bulk_create`; no signals (Regie
has none on these models). Primary keys set in Python (uuid) are written; database-generated ones are
read back (SQLite: RETURNING, in the order of the rows, as `bulk_create` relies on too; PostgreSQL:
taken from the column's sequence before the COPY, in the order of the rows). `insert_values` takes
tuples instead of instances, for rows nobody needs as an instance afterwards.

COPY goes past Django's cursor wrapper: statement counts (`execute_wrapper`, `CaptureQueriesContext`)
do not see it.
"""

from __future__ import annotations

import datetime as dt
import operator
import uuid
from collections.abc import Callable, Sequence
from typing import Any

from django.db import connections, models, router

from .domain import JsonText

MAX_ROWS_PER_STATEMENT = 1000


def insert_rows(objs: Sequence[models.Model]) -> None:
    """INSERT the new rows `objs` (all of one model) in as few statements as the database takes."""
    if not objs:
        return
    model = type(objs[0])
    meta = model._meta
    conn = connections[router.db_for_write(model)]
    fields = [f for f in meta.concrete_fields if not (f.primary_key and f.db_returning)]
    pk = meta.pk
    pk_column = pk.column if pk is not None and pk.db_returning else None
    if conn.vendor == "postgresql":
        _copy_rows(conn, objs, fields, pk if pk_column is not None else None)
        return
    returning = pk_column is not None and conn.features.can_return_rows_from_bulk_insert
    quote = conn.ops.quote_name
    columns = ", ".join(quote(str(f.column)) for f in fields)
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    size = max(1, min(MAX_ROWS_PER_STATEMENT, conn.ops.bulk_batch_size(fields, objs)))
    rows = _prepared_rows(objs, fields, conn)
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


# Fields whose value, a `str`, is also what the database is sent (`get_db_prep_save` returns it as is).
_TEXT_FIELDS = (models.CharField, models.TextField)


def _text(value: object) -> object:
    return str.__str__(value) if isinstance(value, str) else value  # type: ignore[arg-type]


def _preparer(field: models.Field, conn: Any) -> Callable[[Any], Any]:
    """`field.get_db_prep_save(value, conn)`, without its chain of calls where it returns the value as it
    is: None (SQL NULL, JSON included), a `str` for text, an `int` for integers, a `bool` for booleans."""
    prep = field.get_db_prep_save
    plain: type | None = None
    if isinstance(field, _TEXT_FIELDS):
        plain = str
    elif isinstance(field, models.BooleanField):
        plain = bool
    elif isinstance(field, models.IntegerField):  # the auto fields too
        plain = int
    if isinstance(field, models.JSONField):
        # A value encoded already (`JsonText`) is stored as it is; anything else the field encodes.
        return lambda v: v if type(v) is JsonText else (None if v is None else prep(v, conn))
    if isinstance(field, models.ForeignKey):
        # ForeignKey.get_db_prep_save hands a key over to its target field's (None aside, and "" never a key here).
        target = _preparer(field.target_field, conn)
        return lambda v: None if v is None else (target(v) if type(v) in (uuid.UUID, int) else prep(v, conn))
    if isinstance(field, models.DateTimeField):
        # An aware datetime needs none of get_prep_value's checks: straight to the backend's adapter.
        adapt_datetime = conn.ops.adapt_datetimefield_value
        return lambda v: (
            adapt_datetime(v)
            if type(v) is dt.datetime and v.tzinfo is not None
            else (None if v is None else prep(v, conn))
        )
    if type(field) is models.DateField:
        adapt_date = conn.ops.adapt_datefield_value
        return lambda v: adapt_date(v) if type(v) is dt.date else (None if v is None else prep(v, conn))
    if isinstance(field, models.UUIDField):
        # What UUIDField.get_db_prep_value does with a uuid: as it is where the database has the type, else hex.
        native = conn.features.has_native_uuid_field
        return lambda v: (
            v if v is None or (native and type(v) is uuid.UUID) else (v.hex if type(v) is uuid.UUID else prep(v, conn))
        )
    if plain is None:
        return lambda v: None if v is None else prep(v, conn)
    return lambda v: v if v is None or type(v) is plain else prep(v, conn)


def _prepared_rows(objs: Sequence[models.Model], fields: Sequence[models.Field], conn: Any) -> list[list[Any]]:
    """Each row's values as `bulk_create` would send them (`pre_save`, then `get_db_prep_save`)."""
    steps = [(f, _preparer(f, conn), type(f).pre_save is not models.Field.pre_save, f.attname) for f in fields]
    return [
        [prep(f.pre_save(obj, True) if own else getattr(obj, attname)) for f, prep, own, attname in steps]
        for obj in objs
    ]


def insert_values(model: type[models.Model], fields: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """INSERT new rows of `model` given as tuples of attribute values, in the order of `fields` (attnames).

    For the hot paths that would otherwise build a model instance per row only to insert it. The
    values are what the instance's attributes would hold when saved: the caller fills in uuid keys and
    timestamps (`auto_now` is not applied); database-generated keys are left out of `fields` and not
    read back. Each value is prepared for the database as `insert_rows` does (`get_db_prep_save`),
    text as it is. On PostgreSQL the rows go in through COPY, elsewhere as multi-row INSERTs.
    """
    if not rows:
        return
    meta = model._meta
    conn = connections[router.db_for_write(model)]
    by_attname = {f.attname: f for f in meta.concrete_fields}
    prepared = [by_attname[name] for name in fields]
    values = _prepared_values(rows, prepared, conn)
    quote = conn.ops.quote_name
    names = ", ".join(quote(str(f.column)) for f in prepared)
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            _copy(cursor, meta.db_table, [str(f.column) for f in prepared], values, quote)
            return
        one = "(" + ", ".join(["%s"] * len(prepared)) + ")"
        size = max(1, min(MAX_ROWS_PER_STATEMENT, conn.ops.bulk_batch_size(prepared, values)))
        for start in range(0, len(values), size):
            chunk = values[start : start + size]
            sql = f"INSERT INTO {quote(meta.db_table)} ({names}) VALUES {', '.join([one] * len(chunk))}"  # noqa: S608
            params: list[Any] = [value for row in chunk for value in row]
            cursor.execute(sql, params)


def _as_is(field: models.Field, conn: Any) -> frozenset[type]:
    """The types of value that `insert_values` sends to the database as they are for `field` (what its
    preparation would return unchanged; a column holding only these needs no call per value)."""
    if isinstance(field, models.ForeignKey):
        return _as_is(field.target_field, conn)
    if isinstance(field, _TEXT_FIELDS):
        return frozenset({str, type(None)})
    if isinstance(field, models.BooleanField):
        return frozenset({bool, type(None)})
    if isinstance(field, models.IntegerField) and not isinstance(field, models.BooleanField):
        return frozenset({int, type(None)})
    if isinstance(field, models.UUIDField) and conn.features.has_native_uuid_field:
        return frozenset({uuid.UUID, type(None)})
    if isinstance(field, models.JSONField):
        return frozenset({JsonText})  # encoded already; None would be SQL NULL, left to the field
    return frozenset()


def _as_is_column(field: models.Field, column: Sequence[object], conn: Any) -> bool:
    """Whether every value of `column` goes to the database as it is (what the field's preparation would
    return unchanged), checked without a Python call per value: the types, and for datetimes on
    PostgreSQL that none lacks a time zone (PostgreSQL takes dates and aware datetimes as they are)."""
    kinds = set(map(type, column))
    if kinds <= _as_is(field, conn):
        return True
    if conn.vendor != "postgresql":
        return False
    if type(field) is models.DateField:
        return kinds <= {dt.date, type(None)}
    if isinstance(field, models.DateTimeField):
        return kinds <= {dt.datetime, type(None)} and None not in set(map(_tzinfo, filter(None, column)))
    return False


_tzinfo = operator.attrgetter("tzinfo")


def _prepared_values(rows: Sequence[Sequence[object]], fields: Sequence[models.Field], conn: Any) -> list[tuple]:
    """Each row's values prepared for the database, column by column: a column whose values are all of
    the types its field sends as they are is left alone; the others go through the field's preparation
    (text as the plain `str` it holds, an enum member as its value; everything else as Django does)."""
    columns: list[Sequence[object]] = []
    changed = False
    for field, column in zip(fields, zip(*rows, strict=True), strict=True):
        if _as_is_column(field, column, conn):
            columns.append(column)
        else:
            prep = _text if isinstance(field, _TEXT_FIELDS) else _preparer(field, conn)
            columns.append(list(map(prep, column)))
            changed = True
    # Every column as it is (the audit trail's rows on PostgreSQL): the rows as they came.
    return list(zip(*columns, strict=True)) if changed else list(map(tuple, rows))


def _copy_rows(
    conn: Any, objs: Sequence[models.Model], fields: list[models.Field], generated: models.Field | None
) -> None:
    """PostgreSQL: COPY the rows in; a database-generated key is taken from its sequence first, one value
    per row in the order of the rows (as `bulk_create`'s RETURNING gives them)."""
    meta = objs[0]._meta
    rows = _prepared_rows(objs, fields, conn)
    quote = conn.ops.quote_name
    with conn.cursor() as cursor:
        if generated is not None:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s) ORDER BY 1",
                [quote(meta.db_table), generated.column, len(objs)],
            )
            keys = [value for (value,) in cursor.fetchall()]
            for obj, row, key in zip(objs, rows, keys, strict=True):
                obj.pk = key
                row.insert(0, key)
            fields = [generated, *fields]
        _copy(cursor, meta.db_table, [str(f.column) for f in fields], rows, quote)
    for obj in objs:
        obj._state.adding = False
        obj._state.db = conn.alias


def _copy(cursor: Any, table: str, columns: Sequence[str], rows: Sequence[Sequence[object]], quote: Any) -> None:
    """COPY through the driver's own cursor, its errors translated as Django's cursor does (an
    IntegrityError or a lock timeout is Django's, which the callers and the error handlers expect)."""
    names = ", ".join(quote(str(c)) for c in columns)
    with cursor.db.wrap_database_errors, cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
