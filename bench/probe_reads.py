"""One user at a time: the load benchmark's read calls against a database `bench/load.py` built, each
timed (wall, warm: the second of two runs) with its statement count and its slowest statements.

    .venv/bin/python bench/probe_reads.py [--database-url postgres://postgres@127.0.0.1:5432/regie_bench_load]
                                          [--user rv.midden-2.1]

Run after `bench/load.py --database postgres --prepare-only` (or a load run): it reads the accounts file
that run wrote (`<workdir>/accounts-postgres.json`) for the user's API token and names. Writes nothing but
the access records the reads write, as at work.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import _use_the_venv


def main() -> int:
    _use_the_venv()
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/regie_bench_load")
    parser.add_argument(
        "--accounts", default=str(Path(tempfile.gettempdir()) / "regie-bench-load" / "accounts-postgres.json")
    )
    parser.add_argument("--user", help="an account of the accounts file (default: its first case manager)")
    parser.add_argument("--slowest", type=int, default=2)
    args = parser.parse_args()
    if not args.database_url.rsplit("/", 1)[1].startswith("regie_bench"):
        sys.exit("The probe only reads a benchmark database (its name starts with regie_bench).")
    os.environ.update(
        DJANGO_SETTINGS_MODULE="regie.settings", REGIE_MFA_REQUIRED="false", DATABASE_URL=args.database_url
    )
    os.environ.pop("REGIE_DEBUG", None)
    import django

    django.setup()
    import loadmix
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from regie.accounts.models import User

    accounts = json.loads(Path(args.accounts).read_text())["accounts"]
    chosen = (
        [a for a in accounts if a["username"] == args.user]
        if args.user
        else [a for a in accounts if a["role"] == "case_manager" and a["username"].startswith("rv.")]
    )
    if not chosen:
        raise SystemExit(f"no account {args.user or 'of a case manager'} in {args.accounts}")
    account = chosen[0]
    args.user = account["username"]
    print(f"as {args.user}")
    web = Client()
    web.force_login(User.objects.get(username=args.user))
    api = Client(HTTP_AUTHORIZATION=f"Bearer {account['token']}")
    worker = loadmix.Worker(username=args.user, names=account["names"], countries=account["countries"])
    worker.case_ids = [item["id"] for item in api.get(loadmix.cases_for_start().path).json()["items"]]
    rng = random.Random(1)
    print("| read | ms | statements | slowest statements (ms) |\n|---|---|---|---|")
    for build in (
        loadmix.caseload,
        loadmix.caseload_filtered,
        loadmix.dossier,
        loadmix.search,
        loadmix.worklist,
        loadmix.api_list,
        loadmix.api_detail,
    ):
        call = build(worker, rng)
        client = api if call.api else web
        for _ in range(2):  # the second is timed: warm caches, as at work
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                get = call.method == "GET"
                response = client.get(call.path) if get else client.post(call.path, call.data or {})
                ms = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            sys.exit(f"{call.name}: {response.status_code}")
        slowest = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[: args.slowest]
        shown = "; ".join(f"{float(q['time']) * 1000:.0f}: {q['sql'][:90]}…" for q in slowest)
        print(f"| {call.name} | {ms:.1f} | {len(queries)} | {shown} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
