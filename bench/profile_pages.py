"""Profile the HTML pages that cost most Python: the caseload (first page, and filtered) and the dossier.

    .venv/bin/python bench/profile_pages.py [--database sqlite|postgres] [--cases 5000] [--repeat 30]
                                            [--profile caseload|filtered|dossier] [--top 30]

Loads --cases demo cases (fast) into a fresh benchmark database, logs the demo case manager in (force_login:
the pages are measured, not the login) and GETs each page --repeat times after 3 warm-up requests. Prints
the CPU milliseconds of this process per request (time.process_time: the Python and the database driver,
not the database server's work on PostgreSQL), median and p95, the wall milliseconds and the statements
per request. With --profile, the cProfile top list of that page (sorted by PROFILE_SORT, default tottime).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import DEFAULT_PG, _use_the_venv, p95, prepare_environment


def main() -> int:
    _use_the_venv()
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument(
        "--postgres-url",
        default=DEFAULT_PG + "_pages",
        help="must name the database regie_bench or regie_bench_<suffix>",
    )
    parser.add_argument("--cases", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=30, help="timed requests per page (after 3 warm-up ones)")
    parser.add_argument("--profile", choices=["caseload", "filtered", "dossier"], action="append", default=[])
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()
    work = prepare_environment(args)
    try:
        return measure(args)
    finally:
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)


def measure(args: argparse.Namespace) -> int:
    import warnings

    import django

    warnings.filterwarnings("ignore", message="No directory at")  # whitenoise: no collected static files here

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from regie.accounts.models import User
    from regie.cases import permissions
    from regie.cases.models import Case
    from regie.demo.load import load

    call_command("migrate", verbosity=0)
    load(cases=args.cases, seed=1, fast=True, progress=False, issue_token=False)
    manager = User.objects.get(username="regievoerder")
    client = Client()
    client.force_login(manager)
    caseload = reverse("cases:caseload")
    # The open dossiers the case manager works on (with the forms to work on them), in a fixed order: each
    # request shows another one.
    cases = list(
        Case.objects.filter(team_id__in=permissions.team_ids(manager), assigned_to=manager)
        .exclude(phase="closed")
        .order_by("number")
        .values_list("pk", flat=True)[: args.repeat + 3]
    ) or list(Case.objects.filter(team_id__in=permissions.team_ids(manager)).values_list("pk", flat=True)[:50])
    pages: dict[str, Callable[[int], str]] = {
        "caseload": lambda i: caseload,
        "filtered": lambda i: caseload + "?fase=in_progress&sortering=naam",
        "dossier": lambda i: reverse("cases:dossier", kwargs={"case_id": cases[i % len(cases)]}),
    }
    statements = [0]

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        statements[0] += 1
        return execute(sql, params, many, context)

    print(f"{args.cases:,} cases on {args.database}; {args.repeat} requests per page after 3 warm-up ones")
    print(f"{'page':<10} {'CPU ms median':>14} {'p95':>7} {'wall ms median':>15} {'statements':>11} {'bytes':>8}")
    for name, address in pages.items():

        def get(i: int, _address: Callable[[int], str] = address) -> int:
            response = client.get(_address(i))
            if response.status_code != 200:
                raise RuntimeError(f"{_address(i)} answered {response.status_code}")
            return len(response.content)

        for i in range(3):
            get(i)
        cpu, wall = [], []
        statements[0] = 0
        with connection.execute_wrapper(count):
            for i in range(args.repeat):
                c0, w0 = time.process_time(), time.perf_counter()
                size = get(3 + i)
                cpu.append((time.process_time() - c0) * 1000)
                wall.append((time.perf_counter() - w0) * 1000)
        print(
            f"{name:<10} {statistics.median(cpu):>14.1f} {p95(cpu):>7.1f} {statistics.median(wall):>15.1f} "
            f"{statements[0] / args.repeat:>11.1f} {size:>8,}"
        )
    for name in args.profile:
        profile = cProfile.Profile()
        profile.enable()
        for i in range(args.repeat):
            client.get(pages[name](i))
        profile.disable()
        print(f"\n-- {name}: {args.repeat} requests --")
        pstats.Stats(profile).sort_stats(os.environ.get("PROFILE_SORT", "tottime")).print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
