"""Profile `regie import`'s batch path (case_intake_batch) on a fresh benchmark database.

    .venv/bin/python bench/profile_import.py [--database sqlite|postgres] [--cases 2000] [--rows 5000]

Loads --cases demo cases (fast), writes --rows import rows, imports them as `regie import` does and
prints the rows/s, the statements run, and the 25 most expensive functions (cProfile, cumulative). On
PostgreSQL it also prints the WAL the load and the import wrote and the size of the indexes and tables
after it: figures that do not depend on how busy the machine is (decision 0027).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import DEFAULT_PG, _use_the_venv, prepare_environment


def main() -> int:
    _use_the_venv()
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument(
        "--postgres-url", default=DEFAULT_PG, help="must name the database regie_bench or regie_bench_<suffix>"
    )
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--no-profile", action="store_true", help="time only")
    args = parser.parse_args()
    work = prepare_environment(args)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regie.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from regie.cases.importing import Importer, ImportReport, import_actor, read_rows, write_csv
    from regie.core import clock
    from regie.demo.generate import IMPORT_COLUMNS, import_rows
    from regie.demo.load import load

    call_command("migrate", verbosity=0)
    postgres = connection.vendor == "postgresql"
    wal = [_wal_position()] if postgres else []
    load(cases=args.cases, seed=1, fast=True, progress=False, issue_token=False)
    wal += [_wal_position()] if postgres else []
    assert work is not None
    path = work / "profile-import.csv"
    write_csv(import_rows(rows=args.rows, seed=4, today=clock.today(), batch="P"), path, IMPORT_COLUMNS)
    report = ImportReport(path=str(path), format="csv", dry_run=False, request_id="profile")
    importer = Importer(actor=import_actor(), report=report)
    profile = cProfile.Profile()
    started, cpu = time.perf_counter(), time.process_time()
    statements = [0]

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        statements[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        if not args.no_profile:
            profile.enable()
        importer.run(read_rows(path, "csv"))  # as `regie import` runs it
        profile.disable()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(
        f"{report.imported:,} rows imported in {seconds:.2f} s: {report.imported / seconds:,.0f} rows/s "
        f"({cpu:.2f} s of this process's CPU, {report.imported / cpu:,.0f} rows per CPU second; "
        f"{statements[0]:,} statements; load average {os.getloadavg()[0]:.2f})"
    )
    if postgres:
        wal.append(_wal_position())
        print(_written(wal))
    if not args.no_profile:
        pstats.Stats(profile).sort_stats(os.environ.get("PROFILE_SORT", "cumulative")).print_stats(args.top)
    return 0


def _wal_position() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        return str(cursor.fetchone()[0])


def _written(wal: list[str]) -> str:
    """The WAL of the load and of the import, and the size of the indexes and tables now (MiB)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_wal_lsn_diff(%s, %s), pg_wal_lsn_diff(%s, %s), sum(pg_indexes_size(relid)), "
            "sum(pg_table_size(relid)) FROM pg_stat_user_tables",
            [wal[1], wal[0], wal[2], wal[1]],
        )
        load, imported, indexes, tables = (float(v) / 2**20 for v in cursor.fetchone())
    return (
        f"WAL written: the load {load:,.1f} MiB, the import {imported:,.1f} MiB; "
        f"indexes {indexes:,.1f} MiB, tables {tables:,.1f} MiB"
    )


if __name__ == "__main__":
    sys.exit(main())
