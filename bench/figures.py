"""Statistics benchmark: each figure of `regie.reports.figures` over N demo cases, next to its raw SQL.

    .venv/bin/python bench/figures.py [--cases 100000] [--database sqlite|postgres] [--repeat 20]

A fresh database as `bench/run.py` makes it (SQLite: a temporary file; PostgreSQL: the database
`regie_bench`, dropped and created anew, or another one named with --postgres-url together with
--drop-database-ok). The cases are loaded with `regie demo --fast`, with the history the demo gives them (LP
requests per country, departure interviews, support grants, detentions; `regie.demo.generate`), which the
figures count; `demo --fast` runs ANALYZE at its end.

Each figure is timed as the page asks it (the analyst's scope, the last twelve months, per month; the
breakdown by nationality for the figures that have one), and next to it "raw SQL": the very statements
the figure sent (captured once with an execute wrapper) replayed through a cursor and fetched, which is
what the database alone costs. Median and p95 over --repeat runs after warm-up. Writes
bench/results/<date>-statistics-<database>.json and prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import DEFAULT_PG, ROOT, _use_the_venv, publish, timed


def prepare(args: argparse.Namespace) -> Path:
    os.environ["DJANGO_SETTINGS_MODULE"] = "regie.settings"
    os.environ.pop("REGIE_DEBUG", None)
    import tempfile

    tmp = Path(tempfile.mkdtemp(prefix="regie-bench-statistics-"))
    if args.database == "sqlite":
        os.environ.pop("DATABASE_URL", None)
        os.environ["REGIE_DATA_DIR"] = str(tmp)
        os.environ["REGIE_SQLITE_PATH"] = str(tmp / "bench.sqlite3")
        return tmp
    import psycopg

    base, name = args.postgres_url.rsplit("/", 1)
    if name != "regie_bench" and not args.drop_database_ok:
        sys.exit("The benchmark drops its database: name regie_bench, or pass --drop-database-ok.")
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = args.postgres_url
    return tmp


def demo_history() -> dict[str, int]:
    """What the demo wrote behind the cases (LP requests, interviews, support, detentions): counted."""
    from regie.interviews.models import Interview
    from regie.measures.models import Detention
    from regie.support.models import SupportGrant
    from regie.travel_documents.models import LpRequest

    return {
        "lp_requests": LpRequest.objects.count(),
        "interviews": Interview.objects.count(),
        "support_grants": SupportGrant.objects.count(),
        "detentions": Detention.objects.count(),
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from regie.accounts.models import User
    from regie.demo.load import load
    from regie.reports import figures

    results: dict[str, Any] = {"cases": args.cases, "database": args.database, "repeat": args.repeat, "load_avg": {}}
    results["load_avg"]["start"] = os.getloadavg()

    def say(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    say(f"migrating a fresh {args.database} database")
    call_command("migrate", verbosity=0)
    say(f"loading {args.cases:,} demo cases (regie demo --fast)")
    started = time.perf_counter()
    load(cases=args.cases, seed=1, fast=True, progress=True, issue_token=False)
    results["demo_fast_load_s"] = round(time.perf_counter() - started, 1)
    results["history"] = demo_history()
    say(f"the demo wrote {results['history']}")
    results["load_avg"]["after_load"] = os.getloadavg()

    analyst = User.objects.filter(role="analyst").first()
    assert analyst is not None
    plain = figures.Period.last_year()
    by_nationality = figures.Period(plain.start, plain.end, breakdown=figures.Breakdown.NATIONALITY)
    results["figures"] = {}
    for code in figures.FIGURES:
        for label, period in (("", plain), (" by nationality", by_nationality)):
            if label and code not in ("outcomes", "removable", "support"):
                continue
            statements: list[tuple[str, Any]] = []

            def capture(execute: Any, sql: str, params: Any, many: bool, context: Any, _s: Any = statements) -> Any:
                _s.append((sql, params))
                return execute(sql, params, many, context)

            with connection.execute_wrapper(capture):
                table = figures.figure(code, user=analyst, period=period)

            def django_run(_: int, _code: str = code, _period: Any = period) -> None:
                figures.figure(_code, user=analyst, period=_period)

            def raw_run(_: int, _statements: list[tuple[str, Any]] = statements) -> None:
                with connection.cursor() as cursor:
                    for sql, params in _statements:
                        cursor.execute(sql, params)
                        cursor.fetchall()

            say(f"timing {code}{label}")
            results["figures"][f"{code}{label}"] = {
                "rows": len(table.rows),
                "queries": len(statements),
                "django": timed(django_run, args.repeat),
                "raw_sql": timed(raw_run, args.repeat),
            }
    results["load_avg"]["end"] = os.getloadavg()
    return results


def table(results: dict[str, Any]) -> str:
    def ms(value: dict[str, float]) -> str:
        return f"{value['median_ms']:.1f} / {value['p95_ms']:.1f}"

    lines = [
        f"**Statistics over {results['cases']:,} cases on {results['database']}** "
        f"(demo --fast load {results['demo_fast_load_s']} s; demo history {results['history']})",
        "",
        "| figure (last 12 months, per month) | rows | queries | Django (median / p95 ms) | raw SQL (median / p95 ms) | Django ÷ raw |",
        "|---|---|---|---|---|---|",
    ]
    for label, row in results["figures"].items():
        ratio = row["django"]["median_ms"] / max(row["raw_sql"]["median_ms"], 0.001)
        lines.append(
            f"| {label} | {row['rows']} | {row['queries']} | {ms(row['django'])} | {ms(row['raw_sql'])} | {ratio:.1f}× |"
        )
    lines.append(
        "\nLoad average (1/5/15 min) at start and end: "
        + " → ".join("/".join(f"{v:.1f}" for v in results["load_avg"][k]) for k in ("start", "end"))
    )
    return "\n".join(lines)


def main() -> int:
    _use_the_venv()
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--postgres-url", default=DEFAULT_PG)
    parser.add_argument("--drop-database-ok", action="store_true", help="the database in --postgres-url may be dropped")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    tmp = prepare(args)
    started = time.perf_counter()
    try:
        results = run(args)
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    publish(results, args.database, started, name=f"statistics-{args.database}", table=table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
