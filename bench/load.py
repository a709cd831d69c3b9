"""Regie under load: N cases, a real server, 16 people working, and the best SQL next to it.

    .venv/bin/python bench/load.py --database postgres --cases 100000 --mix both
    .venv/bin/python bench/load.py --database sqlite --cases 20000 --reuse --duration 30s

In one run:
1. builds the database (or, with --reuse, takes the one an earlier run left for the same size): SQLite in
   <workdir>/sqlite-<N>/, PostgreSQL in the database `regie_bench_load` (only names starting with
   regie_bench are accepted; not `regie_bench` itself by default, which bench/run.py drops and creates);
   migrates and loads N cases with `regie demo --fast`, timed (cases/s);
2. gives a password (the demo password) and an API token to case managers of several teams and to a
   team lead, and picks realistic names to search for from each one's own team;
3. starts the server: `regie serve --insecure-dev` when that command exists, else gunicorn itself with
   the same environment (`server_command`), HTTP on 127.0.0.1, no second factor, no secure cookies;
4. runs locust headless (bench/locustfile.py) for --duration with --users, per mix (read, write or
   both one after the other): collects locust's CSV statistics and the CPU seconds of the server
   (master and workers), of locust itself and of the PostgreSQL backends serving the benchmark;
5. times the best SQL for the caseload, the dossier and the search (one statement each, sent through
   the database driver, no Django), prints their plans (`EXPLAIN ANALYZE` / `EXPLAIN QUERY PLAN`), says
   when a plan sorts or scans for want of an index, and the ratio Regie p50 / SQL p50;
6. times `regie import` of a generated 5,000-row CSV (rows/s).
Prints Markdown tables and writes bench/results/<date>-load-<database>.json. Exits non-zero when any
request failed (the failures are in the table and the JSON, not hidden).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import re
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import ROOT, _use_the_venv, p95, publish

BIN = Path(sys.executable).parent
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/regie_bench_load"
DEFAULT_CASES = {"postgres": 1_000_000, "sqlite": 100_000}
READY = "ready.json"  # SQLite: the marker of a fully loaded database in its directory


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def seconds(text: str) -> int:
    """`60s`, `2m`, `90` → seconds."""
    match = re.fullmatch(r"(\d+)([smh]?)", text.strip())
    if not match:
        raise argparse.ArgumentTypeError(f"not a duration: {text}")
    return int(match.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600}[match.group(2)]


# -- the database ----------------------------------------------------------------------------------------
def pg_marker(cases: int) -> str:
    return f"regie bench load: {cases} cases"


def prepare_environment(args: argparse.Namespace) -> bool:
    """Point the settings (of this process and the server's) at the bench database; True when reused."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "regie.settings"
    os.environ.pop("REGIE_DEBUG", None)
    data = Path(args.workdir) / f"{args.database}-{args.cases}"
    if args.database == "sqlite":
        os.environ.pop("DATABASE_URL", None)
        os.environ["REGIE_DATA_DIR"] = str(data)
        os.environ["REGIE_SQLITE_PATH"] = str(data / "bench.sqlite3")
        if args.reuse and (data / READY).exists():
            return True
        shutil.rmtree(data, ignore_errors=True)
        data.mkdir(parents=True)
        return False
    import psycopg

    base, name = args.postgres_url.rsplit("/", 1)
    if not name.startswith("regie_bench"):
        sys.exit("The load benchmark only ever uses a database whose name starts with regie_bench.")
    data.mkdir(parents=True, exist_ok=True)
    os.environ["REGIE_DATA_DIR"] = str(data)
    os.environ["DATABASE_URL"] = args.postgres_url
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        row = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if args.reuse and row is not None and row[0] == pg_marker(args.cases):
            return True
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return False


def mark_loaded(args: argparse.Namespace, info: dict[str, Any]) -> None:
    """SQLite: the marker file; PostgreSQL: a comment on the database (the file keeps the load's figures)."""
    (Path(os.environ["REGIE_DATA_DIR"]) / READY).write_text(json.dumps(info, default=str))
    if args.database == "sqlite":
        return
    from django.db import connection

    name = args.postgres_url.rsplit("/", 1)[1]
    with connection.cursor() as cursor:
        cursor.execute(f"COMMENT ON DATABASE \"{name}\" IS '{pg_marker(args.cases)}'")


def build(args: argparse.Namespace, reused: bool) -> dict[str, Any]:
    from django.core.management import call_command

    from regie.demo.load import load

    if reused:
        say(f"reusing the {args.database} bench database with {args.cases:,} cases (--reuse)")
        call_command("migrate", verbosity=0)
        ready = Path(os.environ["REGIE_DATA_DIR"]) / READY
        return {"reused": True, **(json.loads(ready.read_text()) if ready.exists() else {})}
    say(f"migrating a fresh {args.database} database")
    call_command("migrate", verbosity=0)
    say(f"loading {args.cases:,} demo cases (regie demo --fast)")
    load_avg = os.getloadavg()
    started = time.perf_counter()
    summary = load(cases=args.cases, seed=1, fast=True, progress=True, issue_token=False)
    elapsed = time.perf_counter() - started
    info = {
        "demo_fast_load_s": round(elapsed, 1),
        "demo_cases_per_s": round(args.cases / elapsed, 1),
        "audit_records": summary.audit_records,
        "load_avg_before_demo_load": load_avg,
        "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    mark_loaded(args, info)
    return {"reused": False, **info}


def accounts(users: int) -> dict[str, Any]:
    """Case managers of several teams and a team lead, with the demo password and an API token each;
    names to search for and nationalities to filter on, from each one's own team."""
    from django.db.models import Count

    from regie.accounts.choices import Role
    from regie.accounts.models import User
    from regie.accounts.services import api_token_issue
    from regie.cases.models import Case
    from regie.core.context import Actor, Channel
    from regie.demo.accounts import DEMO_PASSWORD
    from regie.people.models import Nationality

    wanted = max(2, users)
    leads = list(User.objects.filter(role=Role.TEAM_LEAD, username="teamleider"))
    managers = list(
        User.objects.filter(role=Role.CASE_MANAGER, is_active=True)
        .annotate(assigned=Count("assigned_cases"))
        .filter(assigned__gt=0)
        .prefetch_related("teams")
        .order_by("username")
    )
    by_team: dict[Any, list[User]] = {}
    for manager in managers:
        for team in manager.teams.all():
            by_team.setdefault(team.pk, []).append(manager)
    chosen: list[User] = list(leads)
    # Round robin over the teams: several teams, several people each.
    queues = [iter(team_managers) for team_managers in by_team.values()]
    while len(chosen) < wanted and queues:
        for queue in list(queues):
            person = next(queue, None)
            if person is None:
                queues.remove(queue)
            elif person not in chosen and len(chosen) < wanted:
                chosen.append(person)
    actor = Actor(user=None, channel=Channel.CLI)
    rng = random.Random(7)
    countries = [c for c, _ in Nationality.objects.values_list("country").annotate(n=Count("id")).order_by("-n")[:12]]
    result = []
    for user in chosen:
        # Benchmark set-up only: the demo gives just the first case manager and team lead a password.
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        token = api_token_issue(actor=actor, user=user, name="bench/load.py")
        team_ids = list(user.teams.values_list("pk", flat=True))
        ids = list(Case.objects.filter(team_id__in=team_ids).values_list("pk", flat=True)[:20000])
        sample = rng.sample(ids, min(60, len(ids)))
        names = [
            f"{given} {family}".strip() if rng.random() < 0.7 else family
            for given, family in Case.objects.filter(pk__in=sample).values_list(
                "person__given_names", "person__family_name"
            )
        ]
        result.append(
            {"username": user.username, "role": user.role, "token": token, "names": names, "countries": countries}
        )
    return {"password": DEMO_PASSWORD, "accounts": result}


# -- the server ------------------------------------------------------------------------------------------
def server_env() -> dict[str, str]:
    env = {**os.environ}
    env.update(
        {
            "PYTHONPATH": str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", ""),
            "REGIE_MFA_REQUIRED": "false",  # no second factor for the benchmark's people
            "REGIE_SECURE_COOKIES": "false",  # plain HTTP on localhost
            "REGIE_LOG_LEVEL": "WARNING",
        }
    )
    env.pop("REGIE_DEBUG", None)
    return env


def server_command(port: int, workers: int) -> list[str]:
    """The production server, as an operator starts it (`--insecure-dev`: plain HTTP on localhost)."""
    return [
        str(BIN / "regie"),
        "serve",
        "--insecure-dev",
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--timeout",
        "120",
    ]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def server(port: int, workers: int, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    command = server_command(port, workers)
    say(f"starting the server: {' '.join(Path(command[0]).name if i == 0 else c for i, c in enumerate(command))}")
    with log.open("ab") as out:
        proc = subprocess.Popen(command, env=server_env(), stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/inloggen/", timeout=5) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the server did not start; see {log}")
            time.sleep(0.5)
        yield proc
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# -- CPU -------------------------------------------------------------------------------------------------
def tree_cpu(pid: int) -> float:
    """CPU seconds of a process and its descendants, living and reaped."""
    import psutil

    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0.0
    total = 0.0
    for proc in procs:
        try:
            t = proc.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += t.user + t.system + t.children_user + t.children_system
    return total


class PostgresCpu:
    """CPU seconds of the PostgreSQL backends connected to the bench database: sampled every second (a
    backend that ends between two samples loses at most its last second; the server keeps its connections
    open, CONN_MAX_AGE=60)."""

    def __init__(self, url: str) -> None:
        self.url, self.name = url, url.rsplit("/", 1)[1]
        self.seen: dict[int, float] = {}
        self.start: dict[int, float] = {}
        self.stop_event = threading.Event()
        self.thread = threading.Thread(target=self._loop, daemon=True)

    def _sample(self) -> dict[int, float]:
        import psutil
        import psycopg

        with psycopg.connect(self.url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
            pids = [
                r[0]
                for r in conn.execute(
                    "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", [self.name]
                )
            ]
        cpu = {}
        for pid in pids:
            try:
                t = psutil.Process(pid).cpu_times()
                cpu[pid] = t.user + t.system
            except psutil.Error:
                pass
        return cpu

    def _loop(self) -> None:
        while not self.stop_event.wait(1.0):
            self.seen.update(self._sample())

    def __enter__(self) -> PostgresCpu:
        self.start = self._sample()
        self.seen = dict(self.start)
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop_event.set()
        self.thread.join()
        self.seen.update(self._sample())

    @property
    def seconds(self) -> float:
        return sum(cpu - self.start.get(pid, 0.0) for pid, cpu in self.seen.items())


# -- locust ----------------------------------------------------------------------------------------------
def run_locust(args: argparse.Namespace, mix: str, host: str, server_pid: int, config: Path) -> dict[str, Any]:
    prefix = Path(args.workdir) / f"locust-{args.database}-{mix}"
    command = [
        str(BIN / "locust"),
        "-f",
        str(ROOT / "bench" / "locustfile.py"),
        "--headless",
        "--users",
        str(args.users),
        "--spawn-rate",
        str(args.users),
        "--run-time",
        f"{args.duration}s",
        "--host",
        host,
        "--csv",
        str(prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
        "--exit-code-on-error",
        "0",
        "--stop-timeout",
        "10",
    ]
    env = {**os.environ, "REGIE_LOAD_ACCOUNTS": str(config)}
    config_data = json.loads(config.read_text())
    config_data["mix"] = mix
    config.write_text(json.dumps(config_data))
    say(f"locust: {args.users} users, {mix} mix, {args.duration} s")
    load_before = os.getloadavg()
    server_before = tree_cpu(server_pid)
    pg = PostgresCpu(args.postgres_url) if args.database == "postgres" else None
    if pg:
        pg.__enter__()
    started = time.perf_counter()
    with (Path(args.workdir) / f"locust-{mix}.log").open("wb") as log:
        proc = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    if pg:
        pg.__exit__()
    result: dict[str, Any] = {
        "mix": mix,
        "users": args.users,
        "duration_s": args.duration,
        "wall_s": round(wall, 1),
        "locust_exit": proc.returncode,
        "load_avg_before": load_before,
        "load_avg_after": os.getloadavg(),
        "cpu_s": {
            "server": round(tree_cpu(server_pid) - server_before, 1),
            "locust": round(usage.ru_utime + usage.ru_stime, 1),
            "postgres_backends": round(pg.seconds, 1) if pg else None,
        },
        "endpoints": read_stats(Path(f"{prefix}_stats.csv")),
    }
    failures = Path(f"{prefix}_failures.csv")
    if failures.exists():
        with failures.open() as f:
            result["failures"] = list(csv.DictReader(f))
    return result


def read_stats(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        raise RuntimeError(f"locust wrote no statistics ({path}); see the locust log next to it")
    rows = []
    with path.open() as f:
        for row in csv.DictReader(f):
            if not int(row["Request Count"]):
                continue  # none in the window (the logins, with --steady)
            rows.append(
                {
                    "method": row["Type"],
                    "name": row["Name"],
                    "requests": int(row["Request Count"]),
                    "failures": int(row["Failure Count"]),
                    "median_ms": float(row["50%"] or 0),
                    "p95_ms": float(row["95%"] or 0),
                    "p99_ms": float(row["99%"] or 0),
                    "rps": float(row["Requests/s"]),
                }
            )
    return rows


# -- the best SQL ----------------------------------------------------------------------------------------
SQL: dict[str, dict[str, str]] = {
    # The case manager's first caseload page: own open cases, nearest deadline first, with nationalities.
    "caseload": {
        "postgres": """
SELECT c.id, c.number, c.phase, c.next_deadline, c.opened_on, p.given_names, p.family_name,
       (SELECT string_agg(n.country, ' ' ORDER BY n.country) FROM people_nationality n WHERE n.person_id = p.id)
FROM cases_case c JOIN people_person p ON p.id = c.person_id
WHERE c.assigned_to_id = %(user)s AND c.phase <> 'closed'
ORDER BY c.next_deadline ASC NULLS LAST, c.opened_on, c.id
LIMIT 50""",
        "sqlite": """
SELECT c.id, c.number, c.phase, c.next_deadline, c.opened_on, p.given_names, p.family_name,
       (SELECT group_concat(n.country, ' ') FROM people_nationality n WHERE n.person_id = p.id)
FROM cases_case c JOIN people_person p ON p.id = c.person_id
WHERE c.assigned_to_id = :user AND c.phase <> 'closed'
ORDER BY c.next_deadline IS NULL, c.next_deadline, c.opened_on, c.id
LIMIT 50""",
    },
    # The dossier: the case, its person, names, nationalities, languages and the last 50 notes, in one row.
    "dossier": {
        "postgres": """
SELECT c.*, p.*,
  (SELECT json_agg(x ORDER BY x.kind, x.family_name) FROM people_personname x WHERE x.person_id = p.id),
  (SELECT json_agg(x ORDER BY x.country) FROM people_nationality x WHERE x.person_id = p.id),
  (SELECT json_agg(x ORDER BY x.code) FROM people_language x WHERE x.person_id = p.id),
  (SELECT json_agg(x) FROM (SELECT n.created_at, n.text, u.username FROM cases_casenote n
      LEFT JOIN accounts_user u ON u.id = n.author_id WHERE n.case_id = c.id
      ORDER BY n.created_at DESC LIMIT 50) x)
FROM cases_case c JOIN people_person p ON p.id = c.person_id
WHERE c.id = %(case)s AND c.team_id = ANY(%(teams)s)""",
        "sqlite": """
SELECT c.*, p.*,
  (SELECT json_group_array(json_array(x.kind, x.given_names, x.family_name)) FROM people_personname x
      WHERE x.person_id = p.id),
  (SELECT json_group_array(x.country) FROM people_nationality x WHERE x.person_id = p.id),
  (SELECT json_group_array(x.code) FROM people_language x WHERE x.person_id = p.id),
  (SELECT json_group_array(json_array(y.created_at, y.text, y.username)) FROM (SELECT n.created_at, n.text,
      u.username FROM cases_casenote n LEFT JOIN accounts_user u ON u.id = n.author_id WHERE n.case_id = c.id
      ORDER BY n.created_at DESC LIMIT 50) y)
FROM cases_case c JOIN people_person p ON p.id = c.person_id
WHERE c.id = :case AND c.team_id IN (SELECT value FROM json_each(:teams))""",
    },
    # Search by name: the people whose name keys match, best match (most keys) first, the team's cases.
    "search": {
        "postgres": """
SELECT c.id, c.number, c.phase, p.given_names, p.family_name, m.hits
FROM (SELECT k.person_id, count(*) AS hits FROM people_namekey k WHERE k.key = ANY(%(keys)s)
      GROUP BY k.person_id) m
JOIN cases_case c ON c.person_id = m.person_id AND c.team_id = ANY(%(teams)s) AND c.phase <> 'closed'
JOIN people_person p ON p.id = m.person_id
ORDER BY m.hits DESC, p.family_name, c.id
LIMIT 50""",
        "sqlite": """
SELECT c.id, c.number, c.phase, p.given_names, p.family_name, m.hits
FROM (SELECT k.person_id, count(*) AS hits FROM people_namekey k
      WHERE k.key IN (SELECT value FROM json_each(:keys)) GROUP BY k.person_id) m
JOIN cases_case c ON c.person_id = m.person_id AND c.phase <> 'closed'
     AND c.team_id IN (SELECT value FROM json_each(:teams))
JOIN people_person p ON p.id = m.person_id
ORDER BY m.hits DESC, p.family_name, c.id
LIMIT 50""",
    },
}
# What a database engineer would add, and how to see in a plan that it is missing.
INDEXES = {
    "caseload": {
        "postgres": "CREATE INDEX bench_caseload_open ON cases_case "
        "(assigned_to_id, next_deadline NULLS LAST, opened_on, id) WHERE phase <> 'closed'",
        "sqlite": "CREATE INDEX bench_caseload_open ON cases_case "
        "(assigned_to_id, next_deadline IS NULL, next_deadline, opened_on, id) WHERE phase <> 'closed'",
    },
}
# A plan that wants an index: the caseload sorts (or scans) the cases instead of reading them in order from
# an index; the dossier or the search reads a whole table. (Sorting one case's notes or the search's
# matches by their count is the query's own work, not a missing index.)
SCANS = {
    "postgres": re.compile(r"Seq Scan on (cases_\w+|people_\w+)"),
    "sqlite": re.compile(r"\bSCAN (?!json_each|y\b|m\b)\w+(?! USING)"),
}
SORTS = {
    "postgres": re.compile(r"->\s+(Incremental )?Sort\b"),
    "sqlite": re.compile(r"^\d+\|0\| USE TEMP B-TREE FOR ORDER BY", re.M),
}


def index_missing(kind: str, database: str, plan: str) -> bool:
    if SCANS[database].search(plan):
        return True
    return kind == "caseload" and bool(SORTS[database].search(plan))


def best_sql(args: argparse.Namespace, sample: dict[str, Any]) -> dict[str, Any]:
    """Each statement over --sql-repeat runs with varying parameters, through the driver; the plan of one."""
    from regie.people.domain import name_keys

    rng = random.Random(11)
    results: dict[str, Any] = {}
    if args.database == "postgres":
        import psycopg

        conn: Any = psycopg.connect(args.postgres_url, autocommit=True)
    else:
        conn = sqlite3.connect(os.environ["REGIE_SQLITE_PATH"])

    def params(kind: str) -> dict[str, Any]:
        who = rng.choice(sample["people"])
        teams = who["teams"]
        if kind == "caseload":
            return {"user": who["id"]}
        if kind == "dossier":
            case = rng.choice(who["cases"])
            return {"case": case, "teams": teams if args.database == "postgres" else json.dumps(teams)}
        keys = sorted(name_keys(rng.choice(who["names"])))
        if args.database == "postgres":
            return {"keys": keys, "teams": teams}
        return {"keys": json.dumps(keys), "teams": json.dumps(teams)}

    def execute(sql: str, p: dict[str, Any]) -> list[Any]:
        if args.database == "postgres":
            return list(conn.execute(sql, p).fetchall())
        return list(conn.execute(sql, p).fetchall())

    def plan(sql: str, p: dict[str, Any]) -> str:
        if args.database == "postgres":
            rows = conn.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, p).fetchall()
            return "\n".join(r[0] for r in rows)
        rows = conn.execute("EXPLAIN QUERY PLAN " + sql, p).fetchall()
        return "\n".join(f"{r[0]}|{r[1]}| {r[3]}" for r in rows)

    def measure(kind: str, sql: str) -> dict[str, Any]:
        kind_params = [params(kind) for _ in range(args.sql_repeat + 3)]
        for p in kind_params[:3]:
            execute(sql, p)
        samples, rows = [], []
        for p in kind_params[3:]:
            t0 = time.perf_counter()
            rows.append(len(execute(sql, p)))
            samples.append((time.perf_counter() - t0) * 1000)
        shown = plan(sql, kind_params[3])
        return {
            "median_ms": round(statistics.median(samples), 3),
            "p95_ms": round(p95(samples), 3),
            "runs": len(samples),
            "rows_median": statistics.median(rows),
            "plan": shown,
            "index_missing": index_missing(kind, args.database, shown),
        }

    for kind in ("caseload", "dossier", "search"):
        sql = SQL[kind][args.database]
        say(f"best SQL: {kind}")
        results[kind] = {"sql": sql.strip(), **measure(kind, sql)}
        index = INDEXES.get(kind, {}).get(args.database)
        if index and results[kind]["index_missing"]:
            execute_ddl = conn.execute
            execute_ddl(index)
            if args.database == "postgres":
                conn.execute("ANALYZE cases_case")
            else:
                conn.commit()
            try:
                results[kind]["with_index"] = {"index": index, **measure(kind, sql)}
            finally:
                conn.execute("DROP INDEX bench_caseload_open")
                if args.database == "sqlite":
                    conn.commit()
    conn.close()
    return results


def sql_sample(args: argparse.Namespace, config: dict[str, Any]) -> dict[str, Any]:
    """The benchmark's people as the SQL needs them: user id, team ids, visible open cases, names."""
    from regie.accounts.models import User
    from regie.cases.models import Case

    people = []
    for account in config["accounts"]:
        user = User.objects.get(username=account["username"])
        teams = [str(t) if args.database == "postgres" else t.hex for t in user.teams.values_list("pk", flat=True)]
        cases = Case.objects.filter(team__in=user.teams.all()).exclude(phase="closed").values_list("pk", flat=True)
        ids = [str(c) if args.database == "postgres" else c.hex for c in cases[:200]]
        if ids:
            people.append({"id": user.pk, "teams": teams, "cases": ids, "names": account["names"]})
    return {"people": people}


# -- the batch import -------------------------------------------------------------------------------------
def time_import(args: argparse.Namespace) -> dict[str, Any]:
    from regie.cases.importing import write_csv
    from regie.core import clock
    from regie.demo.generate import IMPORT_COLUMNS, import_rows

    path = Path(args.workdir) / f"import-{args.database}.csv"
    batch = f"L{int(time.time()) % 100000}"  # fresh references on every run (--reuse keeps the database)
    write_csv(
        import_rows(rows=args.import_rows, seed=int(time.time()), today=clock.today(), batch=batch),
        path,
        IMPORT_COLUMNS,
    )
    say(f"regie import: {args.import_rows:,} rows")
    load_avg = os.getloadavg()
    started = time.perf_counter()
    done = subprocess.run(
        [str(BIN / "regie"), "import", str(path), "--no-progress"],
        env=server_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    # A refused row is the import doing its work (at a million cases a random V-number can meet a person
    # with an open case): counted, not a failure of the benchmark. Anything else is.
    rejected = re.search(r"(\d+) row\(s\) rejected", done.stderr)
    if done.returncode != 0 and rejected is None:
        raise RuntimeError(f"regie import failed: {done.stderr[-2000:]}")
    return {
        "rows": args.import_rows,
        "rejected": int(rejected.group(1)) if rejected else 0,
        "wall_s": round(elapsed, 1),
        "rows_per_s": round(args.import_rows / elapsed, 1),
        "output_tail": done.stdout.strip().splitlines()[-3:],
        "load_avg_before": load_avg,
        "load_avg_after": os.getloadavg(),
    }


# -- the report ------------------------------------------------------------------------------------------
SETUP = {"login form", "login", "api: list (start)"}  # once per user, at its start
REGIE_FOR_SQL = {"caseload": "caseload: first page", "dossier": "dossier", "search": "search by name"}


def table(results: dict[str, Any]) -> str:
    def la(values: Any) -> str:
        return "/".join(f"{v:.1f}" for v in values)

    db = results["database"]
    build_info = results["build"]
    lines = [
        f"**{results['cases']:,} cases on {db}**, {results['users']} users, {results['workers']} server workers "
        f"({results['server']}), load average at start {la(results['load_avg']['start'])}",
        "",
    ]
    if not build_info.get("reused") or "demo_fast_load_s" in build_info:
        lines.append(
            f"Demo load (`regie demo --fast`): {build_info.get('demo_fast_load_s', '?')} s, "
            f"{build_info.get('demo_cases_per_s', '?')} cases/s"
            + (" (measured when the reused database was built)" if build_info.get("reused") else "")
        )
        lines.append("")
    for run in results["runs"]:
        cpu = run["cpu_s"]
        writes = [e for e in run["endpoints"] if e["name"].startswith("write:")]
        total = sum(e["requests"] for e in run["endpoints"] if e["name"] != "Aggregated")
        per = 1000 * (cpu["server"] + (cpu["postgres_backends"] or 0)) / max(1, total)
        lines += [
            f"*{run['mix']} mix*, {run['duration_s']} s; load average {la(run['load_avg_before'])} → "
            f"{la(run['load_avg_after'])}; CPU s: server {cpu['server']}, locust {cpu['locust']}, "
            f"PostgreSQL backends {cpu['postgres_backends'] if cpu['postgres_backends'] is not None else 'n/a (SQLite runs in the workers)'}; "
            f"server (+ database) CPU per request, logins included: {per:.0f} ms",
            "",
            "| endpoint | requests | failures | median ms | p95 ms | p99 ms | req/s |",
            "|---|---|---|---|---|---|---|",
        ]
        for e in run["endpoints"]:
            label = "**all**" if e["name"] == "Aggregated" else f"{e['method']} {e['name']}"
            lines.append(
                f"| {label} | {e['requests']:,} | {e['failures']:,} | {e['median_ms']:.0f} | {e['p95_ms']:.0f} "
                f"| {e['p99_ms']:.0f} | {e['rps']:.1f} |"
            )
        work = [e for e in run["endpoints"] if e["name"] not in SETUP and e["name"] != "Aggregated"]
        for label, rows in (("work (without logging in)", work), ("writes together", writes)):
            if rows and (label != "writes together" or len(rows) < len(work)):
                lines.append(
                    f"| {label} | {sum(e['requests'] for e in rows):,} | {sum(e['failures'] for e in rows):,} "
                    f"| | | | {sum(e['rps'] for e in rows):.1f} |"
                )
        lines.append("")
    lines += [
        "| best SQL | median / p95 ms | rows | index missing? | with the index (median / p95 ms) | Regie p50 ÷ best SQL p50 |",
        "|---|---|---|---|---|---|",
    ]
    regie = {e["name"]: e for run in results["runs"] for e in run["endpoints"] if run["mix"] in ("read", "both")}
    for kind, row in results["sql"].items():
        index = row.get("with_index")
        best = index or row
        endpoint = regie.get(REGIE_FOR_SQL[kind])
        ratio = f"{endpoint['median_ms'] / best['median_ms']:.0f}×" if endpoint and best["median_ms"] else ""
        indexed = f"{index['median_ms']:.2f} / {index['p95_ms']:.2f}" if index else ""
        lines.append(
            f"| {kind} | {row['median_ms']:.2f} / {row['p95_ms']:.2f} | {row['rows_median']:.0f} "
            f"| {'yes' if row['index_missing'] else 'no'} | {indexed} | {ratio} |"
        )
    imp = results.get("import")
    if imp:
        lines += [
            "",
            f"`regie import` of {imp['rows']:,} rows: {imp['wall_s']} s, **{imp['rows_per_s']} rows/s** "
            f"(load average {la(imp['load_avg_before'])}).",
        ]
    return "\n".join(lines)


def main() -> int:
    _use_the_venv()
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--cases", type=int, help="default 1,000,000 on PostgreSQL, 100,000 on SQLite")
    parser.add_argument("--reuse", action="store_true", help="reuse the bench database of this size if there is one")
    parser.add_argument("--users", type=int, default=16)
    parser.add_argument("--duration", type=seconds, default=60, help="per mix, e.g. 60s or 2m")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1, help="server workers")
    parser.add_argument(
        "--mix",
        choices=["read", "write", "both"],
        default="both",
        help="both: the read mix, then the write mix (two runs)",
    )
    parser.add_argument("--wait", type=float, default=0.0, help="mean think time between requests (0: none)")
    parser.add_argument(
        "--steady",
        action="store_true",
        help="reset locust's statistics once every user has logged in (the steady state, without the logins)",
    )
    parser.add_argument("--sql-repeat", type=int, default=50)
    parser.add_argument("--import-rows", type=int, default=5000)
    parser.add_argument("--postgres-url", default=DEFAULT_PG, help="its database name must start with regie_bench")
    parser.add_argument("--workdir", default=str(Path(tempfile.gettempdir()) / "regie-bench-load"))
    parser.add_argument("--label", default="", help="added to the results file's name, e.g. wait5")
    parser.add_argument("--prepare-only", action="store_true", help="build (or reuse) the database and stop")
    args = parser.parse_args()
    args.cases = args.cases or DEFAULT_CASES[args.database]
    sys.path.insert(0, str(ROOT / "src"))
    started = time.perf_counter()
    results: dict[str, Any] = {
        "cases": args.cases,
        "database": args.database,
        "users": args.users,
        "workers": args.workers,
        "load_avg": {"start": os.getloadavg()},
    }
    reused = prepare_environment(args)
    import django

    django.setup()
    from django.db import connection, connections

    results["build"] = build(args, reused)
    if args.prepare_only:
        return 0
    if args.database == "postgres":
        with connection.cursor() as cursor:
            cursor.execute("SELECT version()")
            results["postgresql_server"] = cursor.fetchone()[0]
    config_data = accounts(args.users)
    config_data["wait"] = args.wait
    config_data["steady"] = args.steady
    sample = sql_sample(args, config_data)
    config = Path(args.workdir) / f"accounts-{args.database}.json"
    config.write_text(json.dumps(config_data))
    connections.close_all()

    port = free_port()
    results["server"] = "regie serve"
    results["runs"] = []
    mixes = ["read", "write"] if args.mix == "both" else [args.mix]
    with server(port, args.workers, Path(args.workdir) / "server.log") as proc:
        for mix in mixes:
            results["runs"].append(run_locust(args, mix, f"http://127.0.0.1:{port}", proc.pid, config))
    results["sql"] = best_sql(args, sample)
    results["import"] = time_import(args)
    results["load_avg"]["end"] = os.getloadavg()
    results["command"] = " ".join(["bench/load.py", *sys.argv[1:]])
    results["wait_s"] = args.wait
    results["steady"] = args.steady
    publish(
        results, args.database, started, name="-".join(filter(None, ["load", args.database, args.label])), table=table
    )
    failed = sum(e["failures"] for run in results["runs"] for e in run["endpoints"] if e["name"] == "Aggregated")
    if failed:
        say(f"FAILED: {failed} requests failed (see the failures in the JSON)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
