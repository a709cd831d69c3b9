"""Audit chain append: is the thousandth record as cheap as the first, inside one transaction and across many?

    .venv/bin/python bench/audit_chain.py [--database sqlite|postgres] [--one-transaction 100000] [--separate 10000]

A fresh benchmark database (as bench/run.py makes it: a temporary SQLite file, or the PostgreSQL
database `regie_bench`, dropped and created anew), migrated, then:

- `audit_record` --one-transaction times inside a single transaction, and --separate times each in its
  own transaction;
- next to it, in the same run, the raw database doing the same work: the same rows (precomputed hash)
  inserted with plain INSERT statements through the DB-API cursor, one transaction and separate ones;
- and, for contrast, the raw statements of the design Regie had before (decision 0003): each insert
  followed by an UPDATE of a one-row head table, --old-design rows in one transaction.

For each run it reports the rate (records/s) over the first and the last 10% of the records: equal
rates mean the append costs the same at the first and the last record. Prints a Markdown table and
writes bench/results/<date>-audit-chain-<database>.json.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import DEFAULT_PG, ROOT, _use_the_venv, prepare_environment, publish


def rates(marks: list[float], count: int) -> dict[str, float]:
    """Records/s over the first and the last 10%, from the time at each record (marks[i] after record i)."""
    tenth = max(1, count // 10)
    first = marks[tenth - 1] - marks[0] if tenth > 1 else marks[0]
    last = marks[-1] - marks[-tenth - 1]
    return {
        "records": count,
        "total_s": round(marks[-1], 2),
        "first_10pct_per_s": round((tenth - 1) / first) if first > 0 else 0,
        "last_10pct_per_s": round(tenth / last) if last > 0 else 0,
    }


def run_marked(count: int, step: Callable[[int], None]) -> list[float]:
    start = time.perf_counter()
    marks = []
    for i in range(count):
        step(i)
        marks.append(time.perf_counter() - start)
    return marks


def run(args: argparse.Namespace) -> dict[str, Any]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from regie.accounts.models import Team
    from regie.audit.choices import EventType
    from regie.audit.domain import GENESIS_HASH, chain_hash
    from regie.audit.models import AuditEvent
    from regie.audit.services import audit_record, audit_verify, event_content
    from regie.core.context import Channel, system_actor
    from regie.core.transactions import atomic

    call_command("migrate", verbosity=0)
    actor = system_actor(Channel.JOB)
    team = Team.objects.create(name="Bench")
    results: dict[str, Any] = {"database": connection.vendor}

    def one(i: int) -> None:
        audit_record(actor=actor, event_type=EventType.TEAM_CREATED, subject=team, new={"name": "Bench", "i": i})

    def separate(i: int) -> None:
        with transaction.atomic():
            one(i)

    print(f"regie: {args.one_transaction} records in one transaction", file=sys.stderr)
    with transaction.atomic():
        results["regie_one_transaction"] = rates(run_marked(args.one_transaction, one), args.one_transaction)
    print(f"regie: {args.separate} records, one transaction each", file=sys.stderr)
    results["regie_separate_transactions"] = rates(run_marked(args.separate, separate), args.separate)

    # Held to the end of a service's `atomic()` and appended there as one block (decision 0024): a
    # service writing --per-service records, appended at once (each record locks and reads the tail)
    # against held (one lock, one tail read, one insert at the end).
    per = args.per_service
    services = max(1, args.separate // per)

    def service(plain: bool) -> Callable[[int], None]:
        def step(i: int) -> None:
            with transaction.atomic() if plain else atomic():
                for j in range(per):
                    one(i * per + j)

        return step

    for name, plain in (("regie_service_at_once", True), ("regie_service_held", False)):
        print(f"regie: {services} services of {per} records ({name})", file=sys.stderr)
        marks = run_marked(services, service(plain))
        results[name] = {
            "services": services,
            "records_per_service": per,
            "total_s": round(marks[-1], 2),
            "services_per_s": round(services / marks[-1]),
        }
    started = time.perf_counter()
    results["verify"] = {"records": audit_verify(), "seconds": round(time.perf_counter() - started, 2)}

    # The raw database doing the same work: the rows Regie wrote, inserted again into a copy of the table.
    table = AuditEvent._meta.db_table
    template = AuditEvent.objects.order_by("id").first()
    assert template is not None
    fields = [f for f in AuditEvent._meta.concrete_fields if f.column != "id"]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    marks_sql = ", ".join(["%s"] * len(fields))
    base = {f.attname: getattr(template, f.attname) for f in fields}

    def params(i: int, prev: str) -> tuple[list[Any], str]:
        values = {**base, "new_values": {"name": "Bench", "i": i}, "prev_hash": prev}
        content = event_content(AuditEvent(**{k: v for k, v in values.items() if k not in ("hash",)}))
        values["hash"] = chain_hash(prev, content)
        fixed = [f.get_db_prep_save(values[f.attname], connection) for f in fields]
        return fixed, values["hash"]

    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE bench_raw AS SELECT * FROM {table} WHERE 1 = 0")
        cursor.execute("CREATE TABLE bench_head (id integer PRIMARY KEY, last_id bigint, last_hash varchar(64))")
        cursor.execute("INSERT INTO bench_head VALUES (1, 0, %s)", [GENESIS_HASH])
    insert = f"INSERT INTO bench_raw ({columns}) VALUES ({marks_sql})"

    def raw_runner(with_head: bool) -> Callable[[int], None]:
        state = {"prev": GENESIS_HASH}

        def step(i: int) -> None:
            values, state["prev"] = params(i, state["prev"])
            with connection.cursor() as cursor:
                cursor.execute(insert, values)
                if with_head:
                    cursor.execute(
                        "UPDATE bench_head SET last_id = %s, last_hash = %s WHERE id = 1", [i, state["prev"]]
                    )

        return step

    print(f"raw SQL: {args.one_transaction} inserts in one transaction", file=sys.stderr)
    with transaction.atomic():
        results["raw_one_transaction"] = rates(
            run_marked(args.one_transaction, raw_runner(False)), args.one_transaction
        )
    step = raw_runner(False)

    def raw_separate(i: int) -> None:
        with transaction.atomic():
            step(i)

    print(f"raw SQL: {args.separate} inserts, one transaction each", file=sys.stderr)
    results["raw_separate_transactions"] = rates(run_marked(args.separate, raw_separate), args.separate)
    print(
        f"raw SQL, the old head-row design: {args.old_design} inserts + head updates in one transaction",
        file=sys.stderr,
    )
    with transaction.atomic():
        results["old_head_row_one_transaction"] = rates(run_marked(args.old_design, raw_runner(True)), args.old_design)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_raw")
        cursor.execute("DROP TABLE bench_head")
    return results


def table(results: dict[str, Any]) -> str:
    lines = [
        f"Audit chain append on {results['database']} (records/s)",
        "",
        "| run | records | first 10% /s | last 10% /s | total s |",
        "|---|---:|---:|---:|---:|",
    ]
    for key in (
        "regie_one_transaction",
        "raw_one_transaction",
        "regie_separate_transactions",
        "raw_separate_transactions",
        "old_head_row_one_transaction",
    ):
        r = results[key]
        lines.append(
            f"| {key.replace('_', ' ')} | {r['records']:,} | {r['first_10pct_per_s']:,} | {r['last_10pct_per_s']:,} "
            f"| {r['total_s']} |"
        )
    lines.append("")
    lines.append("| a service's records | services | records each | services/s | total s |")
    lines.append("|---|---:|---:|---:|---:|")
    for key in ("regie_service_at_once", "regie_service_held"):
        r = results[key]
        lines.append(
            f"| {key.replace('regie_service_', '').replace('_', ' ')} | {r['services']:,} "
            f"| {r['records_per_service']} | {r['services_per_s']:,} | {r['total_s']} |"
        )
    lines.append("")
    lines.append(f"`regie audit verify`: {results['verify']['records']:,} records in {results['verify']['seconds']} s")
    return "\n".join(lines)


def main() -> int:
    _use_the_venv()
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument(
        "--postgres-url", default=DEFAULT_PG, help="must name the database regie_bench or regie_bench_<suffix>"
    )
    parser.add_argument("--one-transaction", type=int, default=100_000)
    parser.add_argument("--separate", type=int, default=10_000)
    parser.add_argument("--per-service", type=int, default=9, help="records per service (an API intake: 9)")
    parser.add_argument("--old-design", type=int, default=20_000, help="rows for the old head-row design")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    tmp = prepare_environment(args)
    started = time.perf_counter()
    try:
        results = run(args)
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
    publish(results, args.database, started, name=f"audit-chain-{args.database}", table=table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
