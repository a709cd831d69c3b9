"""Statistics benchmark: each figure of `regie.reports.figures` over N demo cases, next to its raw SQL.

    .venv/bin/python bench/figures.py [--cases 100000] [--database sqlite|postgres] [--repeat 20]

A fresh database as `bench/run.py` makes it (SQLite: a temporary file; PostgreSQL: the database
`regie_bench`, dropped and created anew, or another one named with --postgres-url together with
--drop-database-ok). The cases are loaded with `regie demo --fast`. The demo does not yet write LP
requests, support grants or detentions, so the benchmark adds them in bulk (benchmark rows only, no
audit records): an LP request for 45 % of the cases (country from the person's nationality, outcome and
response time by a seeded draw), a support grant for 20 % of the closed cases, a detention for 12 %.

Each figure is timed as the page asks it (the analyst's scope, the last twelve months, per month; the
breakdown by nationality for the figures that have one), and next to it "raw SQL": the very statements
the figure sent (captured once with an execute wrapper) replayed through a cursor and fetched, which is
what the database alone costs. Median and p95 over --repeat runs after warm-up. Writes
bench/results/<date>-statistics-<database>.json and prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import random
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


def add_history(seed: int) -> dict[str, int]:
    """LP requests, support grants and detentions for the benchmark (bulk, no services, no audit)."""
    import datetime as dt

    from django.db import transaction

    from regie.cases.models import Case
    from regie.measures.models import Detention
    from regie.people.models import Nationality
    from regie.support.models import AmountRule, SupportGrant
    from regie.travel_documents.models import LpRequest

    rng = random.Random(seed)
    country = dict(Nationality.objects.values_list("person_id", "country"))
    rule = {r.programme: r for r in AmountRule.objects.filter(beneficiary="adult")}
    # Per-country answer: (share issued, share refused, median days to the answer).
    answer = {"MA": (0.35, 0.25, 120), "DZ": (0.2, 0.3, 200), "TR": (0.7, 0.1, 45), "NG": (0.5, 0.2, 90)}
    lp: list[Any] = []
    grants: list[Any] = []
    detentions: list[Any] = []
    cases = Case.objects.values_list("pk", "person_id", "opened_on", "closed_on", "outcome")
    for pk, person_id, opened, closed, outcome in cases.iterator(chunk_size=5000):
        end = closed or dt.date.today()
        span = max(1, (end - opened).days)
        if rng.random() < 0.45:
            land = country.get(person_id, "XX")
            issued, refused, median = answer.get(land, (0.45, 0.2, 100))
            sent = opened + dt.timedelta(days=rng.randrange(0, span))
            roll = rng.random()
            days = max(1, round(rng.lognormvariate(0, 0.6) * median))
            done = sent + dt.timedelta(days=days)
            if done > end or roll > issued + refused + 0.15:
                result, outcome_on, status = "", None, "sent"
            elif roll < issued:
                result, outcome_on, status = "issued", done, "closed"
            elif roll < issued + refused:
                result, outcome_on, status = "not_recognised", done, "closed"
            else:
                result, outcome_on, status = "withdrawn", done, "closed"
            lp.append(
                LpRequest(
                    case_id=pk,
                    country=land,
                    status=status,
                    prepared_on=sent,
                    sent_on=sent,
                    outcome=result,
                    outcome_on=outcome_on,
                    lp_valid_until=(done + dt.timedelta(days=180)) if result == "issued" else None,
                )
            )
        if closed and rng.random() < 0.2:
            programme = "reintegration" if rng.random() < 0.4 else "basic"
            grants.append(
                SupportGrant(
                    case_id=pk,
                    person_id=person_id,
                    programme=programme,
                    beneficiary="adult",
                    rule=rule[programme],
                    amount_cents=rule[programme].amount_cents,
                    cash_cents=min(rule[programme].amount_cents, rule[programme].cash_cap_cents),
                    in_kind_cents=max(0, rule[programme].amount_cents - rule[programme].cash_cap_cents),
                    status="delivered" if outcome in ("forced", "independent_verified") else "approved",
                    decided_on=opened,
                )
            )
        if closed and span > 2 and rng.random() < 0.12:
            days = min(span - 1, max(1, round(rng.lognormvariate(3.3, 0.7))))
            starts = closed - dt.timedelta(days=days)
            detentions.append(
                Detention(
                    case_id=pk,
                    basis="art59",
                    place="DC Rotterdam",
                    grounds="Benchmark",
                    starts_on=starts,
                    ends_on=closed,
                    end_reason="departed"
                    if outcome in ("forced", "dublin")
                    else rng.choice(["court_order", "no_prospect", "other"]),
                )
            )
    with transaction.atomic():
        LpRequest.objects.bulk_create(lp, batch_size=5000)
        SupportGrant.objects.bulk_create(grants, batch_size=5000)
        Detention.objects.bulk_create(detentions, batch_size=5000)
    return {"lp_requests": len(lp), "support_grants": len(grants), "detentions": len(detentions)}


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
    started = time.perf_counter()
    results["history"] = add_history(seed=5)
    results["history_s"] = round(time.perf_counter() - started, 1)
    say(f"added {results['history']}")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
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
        f"(demo --fast load {results['demo_fast_load_s']} s; benchmark history {results['history']})",
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
