"""Regie benchmark: a fresh database with N synthetic cases, then timed writes and reads, each next to raw SQL.

    .venv/bin/python bench/run.py [--cases 100000] [--database sqlite|postgres] [--repeat 30]

SQLite: a new file in a temporary directory (removed afterwards unless --keep). PostgreSQL: the database
`regie_bench` on postgres://postgres@127.0.0.1:5432 (override with --postgres-url), dropped and created
anew; never any other database. The cases are loaded with `regie demo --fast`; then:

- import: `regie import`'s row importer (each row through `case_intake`) for --import-rows rows, against
  raw SQL inserts of the same rows (one transaction per row, and all rows in one transaction);
- caseload: the `case_list` selector for a case manager, first page of 50 (as the caseload view pages it),
  and the caseload page through Django's test client when the web view exists;
- dossier: `dossier_read` + `case_timeline` (and the dossier page when the view exists);
- search by name: `person_search`;
each read against the same query written as raw SQL. Median and p95 over --repeat runs after warm-up.
Prints a Markdown table and writes bench/results/<date>-<database>.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/regie_bench"


# -- measuring ------------------------------------------------------------------------------------------
def p95(values: Sequence[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def timed(fn: Callable[[int], Any], repeat: int, warmup: int = 3) -> dict[str, float]:
    """Call fn(i) warmup + repeat times; milliseconds of the timed calls."""
    for i in range(warmup):
        fn(i)
    samples = []
    for i in range(repeat):
        start = time.perf_counter()
        fn(warmup + i)
        samples.append((time.perf_counter() - start) * 1000)
    return {"median_ms": statistics.median(samples), "p95_ms": p95(samples), "runs": repeat}


def machine(database: str) -> dict[str, Any]:
    info: dict[str, Any] = {
        "nproc": os.cpu_count(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "platform": platform.platform(),
    }
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text()
        info["cpu"] = next((line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if "model name" in line), "")
        meminfo = Path("/proc/meminfo").read_text()
        kib = int(next(line.split()[1] for line in meminfo.splitlines() if line.startswith("MemTotal")))
        info["memory_gib"] = round(kib / 1024 / 1024, 1)
    except (OSError, StopIteration, ValueError):
        pass
    try:
        info["postgresql"] = subprocess.run(
            ["psql", "--version"], capture_output=True, text=True, check=False
        ).stdout.strip()
    except OSError:
        info["postgresql"] = ""
    import django

    info["django"] = django.get_version()
    return info


# -- setting up ----------------------------------------------------------------------------------------
def prepare_environment(args: argparse.Namespace) -> Path | None:
    """Point Regie's settings at a fresh benchmark database, before Django is imported."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "regie.settings"
    os.environ.pop("REGIE_DEBUG", None)  # DEBUG would keep every query in memory
    os.environ["REGIE_MFA_REQUIRED"] = "false"  # the pages are measured, not the login (force_login)
    if args.database == "sqlite":
        tmp = Path(tempfile.mkdtemp(prefix="regie-bench-"))
        os.environ.pop("DATABASE_URL", None)
        os.environ["REGIE_DATA_DIR"] = str(tmp)
        os.environ["REGIE_SQLITE_PATH"] = str(tmp / "bench.sqlite3")
        return tmp
    import psycopg

    url = args.postgres_url
    name = url.rsplit("/", 1)[1]
    # regie_bench, or regie_bench_<suffix> (two benchmarks on one server do not drop each other's).
    if not re.fullmatch(r"regie_bench(_[a-z0-9_]+)?", name):
        sys.exit("The benchmark only ever uses a database named regie_bench or regie_bench_<suffix>.")
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    os.environ["DATABASE_URL"] = url
    return Path(tempfile.mkdtemp(prefix="regie-bench-"))


# -- raw SQL helpers -----------------------------------------------------------------------------------
def insert(cursor: Any, model: Any, values: dict[str, Any]) -> None:
    from django.db import connection

    fields = [model._meta.get_field(name) for name in values]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    params = [f.get_db_prep_save(values[f.name], connection) for f in fields]
    cursor.execute(f"INSERT INTO {model._meta.db_table} ({columns}) VALUES ({marks})", params)


def raw_intake(cursor: Any, data: Any, team_id: Any) -> None:
    """The rows `case_intake` writes for a new person, as plain INSERTs: no checks, no audit, no deadlines."""
    from django.utils import timezone

    from regie.cases.models import Case
    from regie.people.domain import name_fold, name_keys
    from regie.people.models import Language, NameKey, Nationality, Person, PersonName

    now = timezone.now()
    person_id, name_id, case_id = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    stamps = {"created_at": now, "updated_at": now}
    insert(
        cursor,
        Person,
        {
            "id": person_id,
            **stamps,
            "version": 1,
            "v_number": data.v_number,
            "given_names": data.given_names,
            "family_name": data.family_name,
            "name_fold": name_fold(data.given_names, data.family_name),
            "birth_year": data.birth_year,
            "birth_month": data.birth_month,
            "birth_day": data.birth_day,
            "place_of_birth": data.place_of_birth,
            "sex": data.sex,
        },
    )
    insert(
        cursor,
        PersonName,
        {
            "id": name_id,
            **stamps,
            "person": person_id,
            "kind": "primary",
            "given_names": data.given_names,
            "family_name": data.family_name,
        },
    )
    for key in name_keys(f"{data.given_names} {data.family_name}"):
        insert(cursor, NameKey, {"person": person_id, "name": name_id, "key": key})
    for nat in data.nationalities:
        insert(
            cursor,
            Nationality,
            {
                "id": uuid.uuid4(),
                **stamps,
                "person": person_id,
                "country": nat.country,
                "status": nat.status,
                "source": nat.source,
            },
        )
    for lang in data.languages:
        insert(
            cursor,
            Language,
            {
                "id": uuid.uuid4(),
                **stamps,
                "person": person_id,
                "code": lang.code,
                "interpreter_needed": lang.interpreter_needed,
            },
        )
    insert(
        cursor,
        Case,
        {
            "id": case_id,
            **stamps,
            "version": 1,
            "number": f"RG-{case_id.hex[:10].upper()}",
            "person": person_id,
            "source": data.source,
            "source_reference": data.source_reference,
            "target_group": data.target_group,
            "return_decision_reference": data.return_decision_reference,
            "return_decision_date": data.return_decision_date,
            "return_decision_authority": data.return_decision_authority,
            "departure_term_days": data.departure_term_days,
            "departure_term_reason": data.departure_term_reason,
            "phase": "intake",
            "phase_before_hold": "",
            "hold_reason": "",
            "hold_note": "",
            "outcome": "",
            "current_location": data.current_location,
            "team": team_id,
            "medical_background": data.medical_background,
            "legacy_number": "",
            "next_deadline_code": "",
            "next_deadline_label": "",
            "opened_on": now.date(),
        },
    )


# -- the benchmark ---------------------------------------------------------------------------------------
def run(args: argparse.Namespace) -> dict[str, Any]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    from regie.accounts.models import User
    from regie.cases import permissions
    from regie.cases.importing import BATCH_SIZE, Importer, ImportReport, import_actor, parse_row, read_rows, write_csv
    from regie.cases.models import Case
    from regie.cases.selectors import case_list, case_timeline, dossier_read, person_search
    from regie.core import clock
    from regie.core.context import Actor, Channel
    from regie.demo.generate import IMPORT_COLUMNS, import_rows
    from regie.demo.load import load
    from regie.people.domain import fold, name_keys

    results: dict[str, Any] = {"cases": args.cases, "database": args.database, "repeat": args.repeat, "load_avg": {}}
    results["load_avg"]["start"] = os.getloadavg()

    def say(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    say(f"migrating a fresh {args.database} database")
    call_command("migrate", verbosity=0)
    if args.database == "postgres":
        with connection.cursor() as cursor:
            cursor.execute("SELECT version()")
            results["postgresql_server"] = cursor.fetchone()[0]

    say(f"loading {args.cases:,} demo cases (regie demo --fast)")
    started = time.perf_counter()
    summary = load(cases=args.cases, seed=1, fast=True, progress=True, issue_token=False)
    results["demo_fast_load_s"] = round(time.perf_counter() - started, 1)
    results["audit_records"] = summary.audit_records
    results["load_avg"]["after_load"] = os.getloadavg()

    # -- import: services against raw SQL ---------------------------------------------------------------
    work = Path(args.workdir)
    today = clock.today()
    service_file, raw_file = work / "import-services.csv", work / "import-raw.csv"
    write_csv(import_rows(rows=args.import_rows, seed=2, today=today, batch="S"), service_file, IMPORT_COLUMNS)
    write_csv(import_rows(rows=args.import_rows, seed=3, today=today, batch="R"), raw_file, IMPORT_COLUMNS)
    say(f"import: {args.import_rows:,} rows through case_intake")
    report = ImportReport(path=str(service_file), format="csv", dry_run=False, request_id="bench")
    importer = Importer(actor=import_actor(), report=report)
    per_row = []
    started = time.perf_counter()
    for number, raw in read_rows(service_file, "csv"):
        t0 = time.perf_counter()
        importer.import_row(number, raw)
        per_row.append((time.perf_counter() - t0) * 1000)
    services_s = time.perf_counter() - started
    assert report.imported == args.import_rows, (report.imported, report.rejections[:3])

    batch_file = work / "import-batch.csv"
    write_csv(import_rows(rows=args.import_rows, seed=4, today=today, batch="B"), batch_file, IMPORT_COLUMNS)
    say(f"import: {args.import_rows:,} rows as `regie import` does it (case_intake_batch, {BATCH_SIZE} a batch)")
    batch_report = ImportReport(path=str(batch_file), format="csv", dry_run=False, request_id="bench-batch")
    batcher = Importer(actor=import_actor(), report=batch_report)
    started = time.perf_counter()
    for number, raw in read_rows(batch_file, "csv"):
        batcher.add(number, raw)
    batcher.finish()
    batch_s = time.perf_counter() - started
    assert batch_report.imported == args.import_rows, (batch_report.imported, batch_report.rejections[:3])

    say("import: the same number of rows as raw SQL inserts")
    parsed = [parse_row(raw or {}, teams=importer.teams)[0] for _, raw in read_rows(raw_file, "csv")]
    half = len(parsed) // 2
    raw_per_row = []
    started = time.perf_counter()
    for data in parsed[:half]:
        t0 = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            raw_intake(cursor, data, data.team_id)
        raw_per_row.append((time.perf_counter() - t0) * 1000)
    raw_each_s = time.perf_counter() - started
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        for data in parsed[half:]:
            raw_intake(cursor, data, data.team_id)
    raw_batch_s = time.perf_counter() - started
    results["import"] = {
        "rows": args.import_rows,
        "services_rows_per_s": round(args.import_rows / services_s, 1),
        "batch_rows_per_s": round(args.import_rows / batch_s, 1),
        "services_row_ms": {"median_ms": statistics.median(per_row), "p95_ms": p95(per_row)},
        "raw_sql_rows_per_s_one_transaction_each": round(half / raw_each_s, 1),
        "raw_sql_row_ms": {"median_ms": statistics.median(raw_per_row), "p95_ms": p95(raw_per_row)},
        "raw_sql_rows_per_s_single_transaction": round((len(parsed) - half) / raw_batch_s, 1),
    }
    results["load_avg"]["after_import"] = os.getloadavg()

    # -- reads ------------------------------------------------------------------------------------------
    manager = User.objects.get(username="regievoerder")
    actor = Actor(user=manager, channel=Channel.WEB)
    team_ids = sorted(permissions.team_ids(manager))
    rng = random.Random(4)
    visible = list(Case.objects.filter(team_id__in=team_ids).values_list("pk", "person_id"))
    sample = rng.sample(visible, min(len(visible), args.repeat + 10))
    names = list(
        Case.objects.filter(pk__in=[c for c, _ in sample]).values_list("person__given_names", "person__family_name")
    )
    queries = [f"{g} {f}" for g, f in names]
    q = connection.ops.quote_name
    from regie.accounts.models import Team
    from regie.people.models import Person

    def cols(model: Any, alias: str) -> list[str]:
        return [f"{alias}.{q(f.column)}" for f in model._meta.concrete_fields]

    # The columns Django selects for case_list: the case, its person, team and assignee.
    case_cols = cols(Case, "c") + cols(Person, "p") + cols(Team, "t") + cols(User, "u")
    person_at = case_cols.index(f"c.{q('person_id')}")
    select_case = (
        f"SELECT {', '.join(case_cols)} FROM cases_case c JOIN people_person p ON p.id = c.person_id "
        "LEFT JOIN accounts_team t ON t.id = c.team_id LEFT JOIN accounts_user u ON u.id = c.assigned_to_id "
    )
    team_marks = ", ".join(["%s"] * len(team_ids))
    team_params = [Case._meta.get_field("team").get_db_prep_value(t, connection) for t in team_ids]
    uuid_prep = Case._meta.get_field("id").get_db_prep_value

    def caseload_selector(_: int) -> None:
        from django.core.paginator import Paginator

        cases = case_list(user=manager).prefetch_related("person__nationalities")
        page = Paginator(cases, 50).get_page(1)
        for case in page:
            _shown = case.person.family_name, [n.country for n in case.person.nationalities.all()]

    caseload_sql = (
        select_case + f"WHERE c.team_id IN ({team_marks}) AND c.phase <> 'closed' "
        "ORDER BY c.next_deadline ASC NULLS LAST, c.opened_on ASC, c.id ASC LIMIT 50"
    )

    def caseload_raw(_: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT COUNT(*) FROM cases_case WHERE team_id IN ({team_marks}) AND phase <> 'closed'", team_params
            )
            cursor.fetchone()
            cursor.execute(caseload_sql, team_params)
            rows = cursor.fetchall()
            person_ids = list({row[person_at] for row in rows})
            marks = ", ".join(["%s"] * len(person_ids)) or "NULL"
            cursor.execute(
                f"SELECT person_id, country FROM people_nationality WHERE person_id IN ({marks})", person_ids
            )
            cursor.fetchall()

    def dossier_selector(i: int) -> None:
        case_id = sample[i % len(sample)][0]
        dossier = dossier_read(actor=actor, case_id=case_id)
        case_timeline(user=manager, case=dossier.case)

    def dossier_raw(i: int) -> None:
        case_id, person_id = sample[i % len(sample)]
        cid, pid = uuid_prep(case_id, connection), uuid_prep(person_id, connection)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                select_case + f"WHERE c.id = %s AND c.team_id IN ({team_marks})",
                [cid, *team_params],
            )
            cursor.fetchall()
            for sql in (
                "SELECT * FROM people_personname WHERE person_id = %s ORDER BY kind, family_name",
                "SELECT * FROM people_nationality WHERE person_id = %s ORDER BY status DESC, country",
                "SELECT * FROM people_language WHERE person_id = %s ORDER BY code",
                "SELECT l.*, r.* FROM people_familylink l JOIN people_person r ON r.id = l.relative_id WHERE l.person_id = %s",
            ):
                cursor.execute(sql, [pid])
                cursor.fetchall()
            cursor.execute(
                f"SELECT * FROM cases_case WHERE person_id = %s AND id <> %s AND team_id IN ({team_marks}) "
                "ORDER BY opened_on DESC",
                [pid, cid, *team_params],
            )
            cursor.fetchall()
            cursor.execute("SELECT * FROM cases_specialcircumstance WHERE case_id = %s ORDER BY kind", [cid])
            cursor.fetchall()
            cursor.execute(
                "SELECT n.*, u.username FROM cases_casenote n LEFT JOIN accounts_user u ON u.id = n.author_id "
                "WHERE n.case_id = %s ORDER BY n.created_at DESC LIMIT 50",
                [cid],
            )
            cursor.fetchall()
            cursor.execute(
                "INSERT INTO audit_accessrecord (occurred_at, user_id, role, person_id, case_id, purpose, channel, "
                "request_id, special_categories) VALUES (%s, %s, %s, %s, %s, 'dossier_view', 'web', %s, %s)",
                [
                    connection.ops.adapt_datetimefield_value(clock.now()),
                    manager.pk,
                    manager.role,
                    pid,
                    cid,
                    uuid.uuid4().hex,
                    False,
                ],
            )
            cursor.execute(
                "SELECT e.*, u.username FROM audit_auditevent e LEFT JOIN accounts_user u ON u.id = e.actor_id "
                "WHERE e.case_id = %s OR (e.person_id = %s AND e.case_id IS NULL) ORDER BY e.id DESC LIMIT 200",
                [cid, pid],
            )
            cursor.fetchall()

    def search_selector(i: int) -> None:
        person_search(user=manager, query=queries[i % len(queries)])

    def search_raw(i: int) -> None:
        keys = name_keys(queries[i % len(queries)])
        fold(queries[i % len(queries)])
        key_marks = ", ".join(["%s"] * len(keys))
        with connection.cursor() as cursor:
            cursor.execute(
                select_case + f"WHERE c.team_id IN ({team_marks}) AND c.person_id IN "
                f"(SELECT person_id FROM people_namekey WHERE {q('key')} IN ({key_marks})) LIMIT 500",
                [*team_params, *keys],
            )
            rows = cursor.fetchall()
            person_ids = list({row[person_at] for row in rows})
            if person_ids:
                marks = ", ".join(["%s"] * len(person_ids))
                cursor.execute(f"SELECT * FROM people_personname WHERE person_id IN ({marks})", person_ids)
                cursor.fetchall()

    reads: dict[str, dict[str, Any]] = {}
    say("reads: caseload")
    reads["caseload, first page of 50"] = {
        "django": timed(caseload_selector, args.repeat),
        "raw_sql": timed(caseload_raw, args.repeat),
    }
    client = Client()
    client.force_login(manager)
    from regie.accounts.services import api_token_issue

    token = api_token_issue(actor=Actor(user=None, channel=Channel.CLI), user=manager, name="bench")
    api = Client(headers={"Authorization": f"Bearer {token}"})

    def case_of(i: int) -> str:
        return str(sample[i % len(sample)][0])

    def reversed_or_none(name: str, query: str = "") -> Callable[[int], str] | None:
        try:
            url = reverse(name) + query
        except NoReverseMatch:
            return None
        return lambda i: url

    def dossier_url(i: int) -> str:
        return reverse("cases:dossier", kwargs={"case_id": case_of(i)})

    pages: list[tuple[str, Callable[[int], str] | None, Any]] = [
        ("caseload page (HTML)", reversed_or_none("cases:caseload"), client),
        (
            "caseload page, filtered (HTML)",
            reversed_or_none("cases:caseload", "?fase=in_progress&sortering=naam"),
            client,
        ),
        ("dossier page (HTML)", dossier_url, client),
        ("worklist page (HTML)", reversed_or_none("deadlines:worklist"), client),
        ("API case list", lambda i: "/api/v1/cases?pageSize=50", api),
        ("API case detail", lambda i: f"/api/v1/cases/{case_of(i)}", api),
    ]
    for label, address, browser in pages:

        def page(i: int, _address: Any = address, _browser: Any = browser) -> None:
            if _address is None:
                raise RuntimeError("no such page")
            target = _address(i)
            response = _browser.get(target)
            if response.status_code != 200:
                raise RuntimeError(f"{target} answered {response.status_code}")

        try:
            page(0)
        except Exception as exc:  # the web layer is optional here: report why, measure the rest
            reads[label] = {"skipped": f"web view not available ({type(exc).__name__}: {exc})"[:200]}
            continue
        say(f"reads: {label}")
        reads[label] = {"django": timed(page, args.repeat)}
    say("reads: dossier")
    reads["dossier: dossier_read + case_timeline"] = {
        "django": timed(dossier_selector, args.repeat),
        "raw_sql": timed(dossier_raw, args.repeat),
    }
    say("reads: search by name")
    reads["search by name"] = {
        "django": timed(search_selector, args.repeat),
        "raw_sql": timed(search_raw, args.repeat),
    }
    results["reads"] = reads
    results["load_avg"]["end"] = os.getloadavg()
    return results


def table(results: dict[str, Any]) -> str:
    def ms(value: dict[str, float] | None) -> str:
        return f"{value['median_ms']:.1f} / {value['p95_ms']:.1f}" if value else "–"

    lines = [
        f"**{results['cases']:,} cases on {results['database']}** "
        f"(demo --fast load {results['demo_fast_load_s']} s, {results['audit_records']:,} audit records)",
        "",
        "| measurement | Django (median / p95 ms) | raw SQL (median / p95 ms) | Django ÷ raw |",
        "|---|---|---|---|",
    ]
    imp = results["import"]
    lines.append(
        f"| import, one row through `case_intake` (own transaction) | {ms(imp['services_row_ms'])} "
        f"| {ms(imp['raw_sql_row_ms'])} | {imp['services_row_ms']['median_ms'] / imp['raw_sql_row_ms']['median_ms']:.0f}× |"
    )
    for label, row in results["reads"].items():
        if "skipped" in row:
            lines.append(f"| {label} | skipped: {row['skipped']} | | |")
            continue
        django_ms, raw = row["django"], row.get("raw_sql")
        ratio = f"{django_ms['median_ms'] / raw['median_ms']:.1f}×" if raw else ""
        lines.append(f"| {label} | {ms(django_ms)} | {ms(raw)} | {ratio} |")
    lines += [
        "",
        f"Import rate: {imp['services_rows_per_s']:,} rows/s through `case_intake` row by row, "
        f"{imp.get('batch_rows_per_s', 0):,} rows/s as `regie import` writes them (batches); raw SQL "
        f"{imp['raw_sql_rows_per_s_one_transaction_each']:,} rows/s (one transaction per row), "
        f"{imp['raw_sql_rows_per_s_single_transaction']:,} rows/s (one transaction for all).",
        "Load average (1/5/15 min) at start and end: "
        + " → ".join("/".join(f"{v:.1f}" for v in results["load_avg"][k]) for k in ("start", "end")),
    ]
    return "\n".join(lines)


def _use_the_venv() -> None:
    """Started with a Python that lacks Django (e.g. `python3 bench/run.py`): re-run the script that was started
    (this one, or another benchmark importing this function) with the project's venv."""
    try:
        import django  # noqa: F401
    except ImportError:
        venv_python = ROOT / ".venv" / "bin" / "python"
        if not venv_python.exists():
            sys.exit("Django is not importable and .venv is missing: run `python3 dev.py run` (or test) once first.")
        os.execv(venv_python, [str(venv_python), os.path.abspath(sys.argv[0]), *sys.argv[1:]])  # noqa: S606


def main() -> int:
    _use_the_venv()
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument(
        "--postgres-url", default=DEFAULT_PG, help="must name the database regie_bench or regie_bench_<suffix>"
    )
    parser.add_argument("--repeat", type=int, default=30, help="timed runs per read (after 3 warm-up runs)")
    parser.add_argument("--import-rows", type=int, default=5000)
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (SQLite file, CSVs)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    tmp = prepare_environment(args)
    assert tmp is not None
    args.workdir = str(tmp)
    started = time.perf_counter()
    try:
        results = run(args)
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    publish(results, args.database, started, name=args.database, table=table)
    return 0


def publish(
    results: dict[str, Any], database: str, started: float, *, name: str, table: Callable[[dict[str, Any]], str]
) -> None:
    """Add the machine, the total time and the date; write bench/results/<date>-<name>.json; print the table."""
    results["machine"] = machine(database)
    results["total_s"] = round(time.perf_counter() - started, 1)
    results["date"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"{dt.date.today().isoformat()}-{name}.json"
    out.write_text(json.dumps(results, indent=2, default=str) + "\n")
    print(table(results))
    print(f"\nResults written to {out.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
