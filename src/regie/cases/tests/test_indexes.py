"""Every index earns its writes (decision 0027): no index of Regie's tables is the first columns of a
longer one, which serves the same look-ups, and the partial index for old case numbers is the one
search uses. Read from the migrated schema of the database under test, PostgreSQL or SQLite."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from regie.accounts.models import User
from regie.cases.models import Case
from regie.cases.selectors import person_search

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class _Index:
    name: str
    columns: tuple[str, ...]
    unique: bool
    plain: bool  # a b-tree over columns, default operator classes, no condition: serves any prefix


def _indexes(table: str) -> list[_Index]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                """
                SELECT i.relname, ix.indisunique,
                       am.amname = 'btree' AND ix.indpred IS NULL AND ix.indexprs IS NULL
                       AND (SELECT bool_and(opc.opcdefault) FROM unnest(ix.indclass::oid[]) AS c(oid)
                            JOIN pg_opclass opc ON opc.oid = c.oid),
                       ARRAY(SELECT a.attname FROM unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, n)
                             JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum
                             ORDER BY k.n)
                FROM pg_index ix
                JOIN pg_class i ON i.oid = ix.indexrelid
                JOIN pg_class t ON t.oid = ix.indrelid
                JOIN pg_am am ON am.oid = i.relam
                WHERE t.relname = %s AND t.relnamespace = 'public'::regnamespace
                """,
                [table],
            )
            return [_Index(name, tuple(columns), unique, plain) for name, unique, plain, columns in cursor.fetchall()]
        found = []
        cursor.execute(f'PRAGMA index_list("{table}")')
        for _seq, name, unique, _origin, partial in cursor.fetchall():
            cursor.execute(f'PRAGMA index_info("{name}")')
            columns = tuple(column for _n, _cid, column in cursor.fetchall())
            found.append(_Index(name, columns, bool(unique), not partial and None not in columns))
        return found


def _regie_tables() -> list[str]:
    return sorted(
        {
            model._meta.db_table
            for model in apps.get_models(include_auto_created=False)
            if model.__module__.startswith("regie.") and model._meta.managed and not model._meta.proxy
        }
    )


def test_no_index_is_the_first_columns_of_a_longer_one() -> None:
    covered = []
    tables = _regie_tables()
    assert "cases_case" in tables and "audit_accessrecord" in tables
    for table in tables:
        indexes = _indexes(table)
        assert indexes, table  # the query reads this vendor's catalogue at all
        for index in indexes:
            if index.unique or not index.plain:
                continue  # a constraint, or an index a longer one cannot stand in for
            for other in indexes:
                if other.name != index.name and other.plain and other.columns[: len(index.columns)] == index.columns:
                    covered.append(f"{table}.{index.name} {index.columns} by {other.name} {other.columns}")
    assert covered == []


def test_the_catalogue_reading_sees_a_covered_index() -> None:
    """The test above would pass on a reading that found nothing: it sees the old FK index when made."""
    with connection.cursor() as cursor:
        cursor.execute('CREATE INDEX "test_case_team_only" ON "cases_case" ("team_id")')
    indexes = {i.name: i for i in _indexes("cases_case")}
    assert indexes["test_case_team_only"] == _Index("test_case_team_only", ("team_id",), False, True)
    assert indexes["case_caseload_idx"].columns[:1] == ("team_id",) and indexes["case_caseload_idx"].plain
    assert not indexes["case_open_team_idx"].plain  # partial: only open cases
    assert any(i.unique and i.columns == ("number",) for i in indexes.values())  # `case_number_once`


def test_search_by_an_old_case_number_uses_its_partial_index(
    make_case: object, case_manager: User, settings: object
) -> None:
    case = make_case()  # type: ignore[operator]
    Case.objects.filter(pk=case.pk).update(legacy_number="RG-0A1B2C3D4E")
    with CaptureQueriesContext(connection) as queries:
        assert [h.case for h in person_search(user=case_manager, query="rg-0a1b2c3d4e")] == [case]
    (sql,) = [q["sql"] for q in queries.captured_queries if "legacy_number" in q["sql"]]
    with connection.cursor() as cursor:
        # A handful of rows: ask whether the planner *can* use it. The case manager's cases are those of
        # their team or their own, and with so few rows an index over those would do; dropped here, in
        # the test's transaction, it leaves the numbers to find the case by.
        for index in _indexes("cases_case"):
            if index.columns[0] in ("team_id", "assigned_to_id"):
                cursor.execute(f'DROP INDEX "{index.name}"')
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}")
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        plan = "\n".join(str(row) for row in cursor.fetchall())
    assert "case_legacy_number_idx" in plan, plan
