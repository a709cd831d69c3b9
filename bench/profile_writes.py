"""The load benchmark's writes one at a time, through Django's test client: where a write's CPU goes.

    .venv/bin/python bench/profile_writes.py [--database sqlite|postgres] [--cases 1000] [--writes 200]
                                             [--kind note|interview|intake] [--profile]

Loads --cases demo cases (fast) on a fresh benchmark database, logs a case manager in (with CSRF checks
on, as a browser would) and sends --writes of the write mix's requests of one --kind (`bench/loadmix.py`:
a note, an interview, an API intake) after 30 to warm up. Prints the median and p95 of the wall time and
of this process's CPU time per write, the statements per write and, with --profile, the most expensive
functions (cProfile; PROFILE_SORT=tottime for the functions' own time). The database server's CPU is
not in these figures: `bench/load.py` reports both under load.
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
    parser.add_argument("--writes", type=int, default=200)
    parser.add_argument("--kind", choices=["note", "interview", "intake"], default="note")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--sql", action="store_true", help="print the statements of the last write")
    args = parser.parse_args()
    prepare_environment(args)
    import django

    django.setup()
    import loadmix
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from regie.accounts.choices import Role
    from regie.cases.models import Case
    from regie.demo.load import load

    call_command("migrate", verbosity=0)
    summary = load(cases=args.cases, seed=1, fast=True, progress=False, issue_token=True)
    if args.kind == "intake":
        client = Client(HTTP_AUTHORIZATION=f"Bearer {summary.staff.token}")
        worker = loadmix.Worker(username="", names=[], countries=[])
    else:
        # The case manager with the most open cases, logged in through the session as a browser is.
        managers = [u for team in summary.staff.case_managers for u in team if u.role == Role.CASE_MANAGER]
        open_cases = {
            u.pk: list(Case.objects.filter(assigned_to=u).exclude(phase="closed").values_list("pk", flat=True))
            for u in managers
        }
        user = max(managers, key=lambda u: len(open_cases[u.pk]))
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        client.get("/dossiers/")  # sets the CSRF cookie
        worker = loadmix.Worker(username=user.username, names=[], countries=[])
        worker.case_ids = [str(pk) for pk in open_cases[user.pk]]
        worker.csrf = client.cookies["csrftoken"].value
    build = {"note": loadmix.note, "interview": loadmix.interview, "intake": loadmix.intake}[args.kind]
    rng = random.Random(12)
    walls: list[float] = []
    cpus: list[float] = []
    statements = [0]
    last: list[str] = []  # the statements of the write being sent

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        statements[0] += 1
        last.append(sql)
        return execute(sql, params, many, context)

    profile = cProfile.Profile()
    with connection.execute_wrapper(count):
        for n in range(WARM_UP + args.writes):
            call = build(worker, rng)
            if n == WARM_UP:
                statements[0] = 0
                if args.profile:
                    profile.enable()
            last.clear()
            started, cpu = time.perf_counter(), time.process_time()
            if call.json is not None:
                response = client.post(call.path, call.json, content_type="application/json")
            else:
                response = client.post(call.path, call.data)
            wall, cpu = time.perf_counter() - started, time.process_time() - cpu
            if response.status_code not in call.ok:
                sys.exit(f"{args.kind} {n}: {response.status_code} {response.content[:300]!r}")
            if n >= WARM_UP:
                walls.append(wall * 1000)
                cpus.append(cpu * 1000)
    profile.disable()

    def p95(values: list[float]) -> float:
        return statistics.quantiles(values, n=20)[-1]

    print(
        f"{args.writes} writes ({args.kind}) on {args.database} ({args.cases:,} demo cases): "
        f"wall median {statistics.median(walls):.1f} ms, p95 {p95(walls):.1f} ms; "
        f"CPU of this process median {statistics.median(cpus):.1f} ms, p95 {p95(cpus):.1f} ms; "
        f"{statements[0] / args.writes:.1f} statements per write; load average {os.getloadavg()[0]:.2f}"
    )
    if args.sql:
        for sql in last:
            print(" ", sql[:200])
    if args.profile:
        pstats.Stats(profile).sort_stats(os.environ.get("PROFILE_SORT", "cumulative")).print_stats(args.top)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
