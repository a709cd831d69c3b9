"""One API intake at a time: `POST /api/v1/cases` through Django's test client, as the IND's link would.

    .venv/bin/python bench/profile_intake.py [--database sqlite|postgres] [--cases 1000] [--intakes 200]

Loads --cases demo cases (fast) on a fresh benchmark database, then sends --intakes new dossiers (a fresh
V-number and reference each, the body of the load benchmark's write mix, `bench/loadmix.py`) after 30 to
warm up, and prints the median and p95 of the wall time and of this process's CPU time per intake, the
statements per intake and, with --profile, the 30 most expensive functions (cProfile, cumulative).
Issue 12's goal for one API intake: p95 <= 25 ms.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import DEFAULT_PG, _use_the_venv, prepare_environment

WARM_UP = 30


def main() -> int:
    _use_the_venv()
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument(
        "--postgres-url", default=DEFAULT_PG, help="must name the database regie_bench or regie_bench_<suffix>"
    )
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--intakes", type=int, default=200)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()
    prepare_environment(args)
    import django

    django.setup()
    import loadmix
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from regie.demo.load import load

    call_command("migrate", verbosity=0)
    summary = load(cases=args.cases, seed=1, fast=True, progress=False, issue_token=True)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {summary.staff.token}")
    worker = loadmix.Worker(username="", names=[], countries=[])
    rng = random.Random(12)
    walls: list[float] = []
    cpus: list[float] = []
    statements = [0]

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        statements[0] += 1
        return execute(sql, params, many, context)

    profile = cProfile.Profile()
    with connection.execute_wrapper(count):
        for n in range(WARM_UP + args.intakes):
            call = loadmix.intake(worker, rng)
            if n == WARM_UP:
                statements[0] = 0
                if args.profile:
                    profile.enable()
            started, cpu = time.perf_counter(), time.process_time()
            response = client.post(call.path, call.json, content_type="application/json")
            wall, cpu = time.perf_counter() - started, time.process_time() - cpu
            if response.status_code != 201:
                sys.exit(f"intake {n}: {response.status_code} {response.content[:300]!r}")
            if n >= WARM_UP:
                walls.append(wall * 1000)
                cpus.append(cpu * 1000)
    profile.disable()

    def p95(values: list[float]) -> float:
        return statistics.quantiles(values, n=20)[-1]

    print(
        f"{args.intakes} API intakes on {args.database} ({args.cases:,} demo cases): "
        f"wall median {statistics.median(walls):.1f} ms, p95 {p95(walls):.1f} ms; "
        f"CPU of this process median {statistics.median(cpus):.1f} ms, p95 {p95(cpus):.1f} ms; "
        f"{statements[0] / args.intakes:.1f} statements per intake; load average {os.getloadavg()[0]:.2f}"
    )
    if args.profile:
        pstats.Stats(profile).sort_stats(os.environ.get("PROFILE_SORT", "cumulative")).print_stats(args.top)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
