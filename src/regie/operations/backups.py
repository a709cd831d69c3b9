"""Backups that restore (decision 0017).

`backup_create` writes one consistent copy of the database while Regie runs, and a manifest next to it
(`<backup>.manifest.json`): when, which database, which Regie and migrations, the rows of every table,
the head of the audit chain and the SHA-256 of the file. What the manifest counts is the copy itself:
SQLite's online backup is read back; on PostgreSQL the counts and `pg_dump` share one exported snapshot.
`backup_restore` checks the SHA-256 first, restores only into an empty database, then compares the rows
of every table with the manifest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import re
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections

import regie
from regie.audit.models import AuditEvent
from regie.core import clock

logger = logging.getLogger(__name__)

MANIFEST_FORMAT = 1
SUFFIX = {"sqlite": ".sqlite3", "postgresql": ".dump"}


class BackupError(Exception):
    """A backup that cannot be made, or a restore refused or not matching its manifest."""


def manifest_path(backup: Path) -> Path:
    return backup.with_name(backup.name + ".manifest.json")


# -- backup ----------------------------------------------------------------------------------------------
def backup_create(*, out: Path | None = None) -> tuple[Path, dict[str, Any]]:
    """Write a consistent backup of the default database to `out` (default: a new file in
    REGIE_BACKUP_DIR) and its manifest. Never overwrites. Returns the path and the manifest."""
    db = connections["default"]
    vendor = db.vendor
    if vendor not in SUFFIX:
        raise BackupError(f"no backup for a {vendor} database")
    now = clock.now().astimezone(dt.UTC)
    out = out or Path(settings.REGIE_BACKUP_DIR) / f"regie-{now:%Y%m%dT%H%M%SZ}{SUFFIX[vendor]}"
    for path in (out, manifest_path(out)):
        if path.exists():
            raise BackupError(f"{path} exists; a backup never overwrites a file")
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        if vendor == "sqlite":
            facts = _sqlite_backup(Path(db.settings_dict["NAME"]), partial)
        else:
            facts = _postgres_backup(db.settings_dict, partial)
        partial.chmod(0o600)  # a backup holds special-category personal data
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)
    manifest = {
        "format": MANIFEST_FORMAT,
        "file": out.name,
        "created_at": now.isoformat(),
        "vendor": vendor,
        "regie_version": regie.__version__,
        "size": out.stat().st_size,
        "sha256": _sha256(out),
        **facts,
    }
    _write_new(manifest_path(out), json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    logger.info("backup written: %s (%s rows)", out.name, sum(manifest["row_counts"].values()))
    return out, manifest


def _sqlite_backup(source: Path, target: Path) -> dict[str, Any]:
    if not source.is_file():
        raise BackupError(f"no SQLite database at {source}")
    # SQLite's online backup copies a consistent state while others write (WAL included); `cp` would not.
    with closing(sqlite3.connect(source, timeout=20)) as live, closing(sqlite3.connect(target)) as copy:
        live.backup(copy)
        # One self-contained file: no -wal beside it to lose.
        copy.execute("PRAGMA journal_mode=DELETE")
        # The check evaluates CHECK constraints, some of which use REGEXP (a function Django provides).
        copy.create_function("REGEXP", 2, _regexp, deterministic=True)
        if copy.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise BackupError("the copy does not pass SQLite's quick_check")
        return _facts(copy.cursor(), _sqlite_tables(copy))


def _postgres_backup(settings_dict: dict[str, Any], target: Path) -> dict[str, Any]:
    import psycopg

    with closing(psycopg.connect(**_pg_params(settings_dict))) as conn:
        # One snapshot for the counts and for pg_dump: the manifest describes exactly what is dumped.
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        with conn.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            row = cursor.fetchone()
            assert row is not None
            snapshot = row[0]
            facts = _facts(cursor, _pg_tables(cursor))
        _run_pg(
            settings_dict,
            "pg_dump",
            "--format=custom",
            f"--snapshot={snapshot}",
            f"--file={target}",
            "--dbname",
            settings_dict["NAME"],
        )
        conn.rollback()
    return facts


# -- restore ---------------------------------------------------------------------------------------------
def backup_restore(backup: Path) -> dict[str, Any]:
    """Restore `backup` into the configured database, which must be absent or without tables, after
    checking its SHA-256 against the manifest; then compare the rows of every table with the manifest.
    Returns the manifest."""
    manifest = _read_manifest(backup)
    if _sha256(backup) != manifest["sha256"]:
        raise BackupError(f"{backup} does not match the SHA-256 in its manifest: damaged or altered, not restored")
    db = connections["default"]
    if manifest["vendor"] != db.vendor:
        raise BackupError(f"a {manifest['vendor']} backup cannot be restored into a {db.vendor} database")
    if db.vendor == "sqlite":
        restored = _sqlite_restore(backup, Path(db.settings_dict["NAME"]))
    else:
        restored = _postgres_restore(backup, db.settings_dict)
    differences = [
        f"{table}: {manifest['row_counts'].get(table)} in the backup, {restored['row_counts'].get(table)} restored"
        for table in sorted(set(manifest["row_counts"]) | set(restored["row_counts"]))
        if manifest["row_counts"].get(table) != restored["row_counts"].get(table)
    ]
    if restored["audit_chain_head"] != manifest["audit_chain_head"]:
        differences.append("the head of the audit chain differs from the manifest")
    if differences:
        raise BackupError("the restored database does not match the manifest: " + "; ".join(differences))
    logger.info("backup restored: %s", backup.name)
    return manifest


def _sqlite_restore(backup: Path, target: Path) -> dict[str, Any]:
    if target.exists():
        with closing(sqlite3.connect(target)) as existing:
            if _sqlite_tables(existing):
                raise BackupError(f"{target} holds tables: a backup is restored only into an empty database")
    for stale in (Path(f"{target}-wal"), Path(f"{target}-journal")):
        if stale.exists() and stale.stat().st_size:
            raise BackupError(f"{stale} is left from an earlier database: remove it first")
    connections.close_all()  # nothing of this process keeps the file open while it is replaced
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        with closing(sqlite3.connect(backup)) as source, closing(sqlite3.connect(partial)) as copy:
            source.backup(copy)
        partial.chmod(0o600)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    with closing(sqlite3.connect(target)) as restored:
        return _facts(restored.cursor(), _sqlite_tables(restored))


def _postgres_restore(backup: Path, settings_dict: dict[str, Any]) -> dict[str, Any]:
    with _pg_cursor(settings_dict) as cursor:
        cursor.execute(
            "SELECT count(*) FROM information_schema.tables "
            "WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
        )
        row = cursor.fetchone()
        if row and row[0]:
            raise BackupError(
                f"database {settings_dict['NAME']} holds tables: a backup is restored only into an empty database"
            )
    connections.close_all()
    _run_pg(
        settings_dict,
        "pg_restore",
        "--no-owner",
        "--no-privileges",
        "--exit-on-error",
        "--single-transaction",
        "--dbname",
        settings_dict["NAME"],
        str(backup),
    )
    with _pg_cursor(settings_dict) as cursor:
        return _facts(cursor, _pg_tables(cursor))


# -- what a backup holds ---------------------------------------------------------------------------------
def _facts(cursor: Any, tables: list[str]) -> dict[str, Any]:
    """Row counts of every table, the applied migrations and the head of the audit chain."""
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")  # noqa: S608 (names from the catalogue)
        counts[table] = cursor.fetchone()[0]
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
    migrations = [f"{app}.{name}" for app, name in cursor.fetchall()]
    cursor.execute(f"SELECT id, hash FROM {_quote(AuditEvent._meta.db_table)} ORDER BY id DESC LIMIT 1")  # noqa: S608
    head = cursor.fetchone()
    return {
        "row_counts": counts,
        "migrations": migrations,
        "audit_chain_head": {"last_id": head[0], "last_hash": head[1]} if head else None,
    }


def _regexp(pattern: str, value: Any) -> bool:
    return value is not None and re.search(pattern, str(value)) is not None


def _sqlite_tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    )
    return [name for (name,) in rows]


def _pg_tables(cursor: Any) -> list[str]:
    # A partitioned table's rows are counted once, at the table (the audit trail by month: decision 0023).
    cursor.execute(
        "SELECT t.table_name FROM information_schema.tables t "
        "JOIN pg_class c ON c.relname = t.table_name AND c.relnamespace = current_schema()::regnamespace "
        "WHERE t.table_schema = current_schema() AND t.table_type = 'BASE TABLE' AND NOT c.relispartition "
        "ORDER BY t.table_name"
    )
    return [name for (name,) in cursor.fetchall()]


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


# -- PostgreSQL connections ------------------------------------------------------------------------------
# libpq options that may come from DATABASES' OPTIONS, with the environment variable pg_dump reads.
_PG_OPTIONS = {"sslmode": "PGSSLMODE", "sslrootcert": "PGSSLROOTCERT", "sslcert": "PGSSLCERT", "sslkey": "PGSSLKEY"}


def _pg_params(settings_dict: dict[str, Any]) -> dict[str, Any]:
    params = {
        "dbname": settings_dict["NAME"],
        "user": settings_dict.get("USER"),
        "password": settings_dict.get("PASSWORD"),
        "host": settings_dict.get("HOST"),
        "port": settings_dict.get("PORT"),
        **{k: v for k, v in (settings_dict.get("OPTIONS") or {}).items() if k in _PG_OPTIONS},
    }
    return {k: v for k, v in params.items() if v not in (None, "")}


@contextmanager
def _pg_cursor(settings_dict: dict[str, Any]) -> Iterator[Any]:
    import psycopg

    with closing(psycopg.connect(**_pg_params(settings_dict), autocommit=True)) as conn, conn.cursor() as cursor:
        yield cursor


def _run_pg(settings_dict: dict[str, Any], program: str, *args: str) -> None:
    """Run pg_dump or pg_restore with the connection in the environment: the password never appears on a
    command line (where `ps` shows it to every user of the host)."""
    params = _pg_params(settings_dict)
    env = {**os.environ, "PGDATABASE": params.pop("dbname")}
    names = {"user": "PGUSER", "password": "PGPASSWORD", "host": "PGHOST", "port": "PGPORT", **_PG_OPTIONS}
    env.update({names[k]: str(v) for k, v in params.items()})
    result = subprocess.run([program, "--no-password", *args], env=env, capture_output=True, text=True, check=False)
    if result.returncode:
        raise BackupError(f"{program} failed ({result.returncode}): {result.stderr.strip()[-2000:]}")


# -- files -----------------------------------------------------------------------------------------------
def _read_manifest(backup: Path) -> dict[str, Any]:
    path = manifest_path(backup)
    try:
        manifest: dict[str, Any] = json.loads(path.read_text())
    except FileNotFoundError:
        raise BackupError(f"no manifest {path}: restore only a backup made by `regie backup`") from None
    except ValueError:
        raise BackupError(f"{path} is not a manifest") from None
    if manifest.get("format") != MANIFEST_FORMAT:
        raise BackupError(f"{path}: unknown manifest format {manifest.get('format')}")
    return manifest


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _write_new(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
