"""Backups that restore (decision 0017).

`backup_create` writes one consistent copy of the database while Regie runs, the files its rows point at
(uploaded documents, issued letters: `regie.core.storedfiles`) in a folder next to it (`<backup>.files/`, one
file per SHA-256), and a manifest (`<backup>.manifest.json`): when, which database, which Regie and
migrations, the rows of every table, the head of the audit chain, the SHA-256 of the database file and the
storage name, size and SHA-256 of every file. What the manifest counts is the copy itself: SQLite's online
backup is read back; on PostgreSQL the counts, the list of files and `pg_dump` share one exported snapshot.
`backup_restore` checks every SHA-256 first, restores only into an empty database, puts the files back in
the configured storage (never over a different file), then compares the rows of every table with the
manifest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.base import File
from django.core.files.storage import Storage, storages
from django.db import connections

import regie
from regie.audit.models import AuditEvent
from regie.core import clock
from regie.core.storedfiles import stored_files

logger = logging.getLogger(__name__)

# Format 2 added the stored files; a format 1 backup (the database only) still restores.
MANIFEST_FORMAT = 2
READABLE_FORMATS = (1, 2)
SUFFIX = {"sqlite": ".sqlite3", "postgresql": ".dump"}


class BackupError(Exception):
    """A backup that cannot be made, or a restore refused or not matching its manifest."""


def manifest_path(backup: Path) -> Path:
    return backup.with_name(backup.name + ".manifest.json")


def files_path(backup: Path) -> Path:
    """The folder of the backup's stored files: one file per SHA-256, named by it."""
    return backup.with_name(backup.name + ".files")


@dataclass(frozen=True)
class _Reference:
    """A row that points at a file in the storage, as the backup's snapshot holds it."""

    name: str
    sha256: str | None
    row: str  # "documents.document <id>": named in messages instead of anything of the file


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
    for path in (out, manifest_path(out), files_path(out)):
        if path.exists():
            raise BackupError(f"{path} exists; a backup never overwrites a file")
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    partial_files = out.with_name(files_path(out).name + ".partial")
    partial.unlink(missing_ok=True)
    shutil.rmtree(partial_files, ignore_errors=True)
    storage = storages["default"]
    try:
        if vendor == "sqlite":
            facts, references = _sqlite_backup(Path(db.settings_dict["NAME"]), partial)
        else:
            facts, references = _postgres_backup(db.settings_dict, partial)
        # The files the snapshot's rows point at. Stored files never change (a new version is a new file),
        # so copying them after the snapshot copies what the rows describe; one deleted meanwhile fails.
        files = _copy_files(storage, references, partial_files)
        partial.chmod(0o600)  # a backup holds special-category personal data
        os.replace(partial, out)
        os.replace(partial_files, files_path(out))
    finally:
        partial.unlink(missing_ok=True)
        shutil.rmtree(partial_files, ignore_errors=True)
    referenced = {entry["name"] for entry in files}
    manifest = {
        "format": MANIFEST_FORMAT,
        "file": out.name,
        "created_at": now.isoformat(),
        "vendor": vendor,
        "regie_version": regie.__version__,
        "size": out.stat().st_size,
        "sha256": _sha256(out),
        **facts,
        "files_dir": files_path(out).name,
        "files": files,
        # Files in the storage no row of the snapshot points at (left by a failed removal, or stored after
        # the snapshot): counted, not copied.
        "unreferenced_files": sum(1 for name in _storage_names(storage) if name not in referenced),
    }
    _write_new(manifest_path(out), json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    logger.info("backup written: %s (%s rows, %s files)", out.name, sum(manifest["row_counts"].values()), len(files))
    return out, manifest


def _sqlite_backup(source: Path, target: Path) -> tuple[dict[str, Any], list[_Reference]]:
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
        return _facts(copy.cursor(), _sqlite_tables(copy)), _references(copy.cursor())


def _postgres_backup(settings_dict: dict[str, Any], target: Path) -> tuple[dict[str, Any], list[_Reference]]:
    import psycopg

    with closing(psycopg.connect(**_pg_params(settings_dict))) as conn:
        # One snapshot for the counts, the files and pg_dump: the manifest describes exactly what is dumped.
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        with conn.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            row = cursor.fetchone()
            assert row is not None
            snapshot = row[0]
            facts = _facts(cursor, _pg_tables(cursor))
            references = _references(cursor)
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
    return facts, references


# -- restore ---------------------------------------------------------------------------------------------
def backup_restore(backup: Path) -> dict[str, Any]:
    """Restore `backup` into the configured database, which must be absent or without tables, and its files
    into the configured storage, after checking the SHA-256 of the database file and of every file against
    the manifest; then compare the rows of every table with the manifest. A file the storage already holds
    with the same content is left as it is; a different one under the same name refuses the restore.
    Returns the manifest, with `restored_files` ({"written": n, "present": n}) added."""
    manifest = _read_manifest(backup)
    if _sha256(backup) != manifest["sha256"]:
        raise BackupError(f"{backup} does not match the SHA-256 in its manifest: damaged or altered, not restored")
    files = _backup_files(backup, manifest)
    db = connections["default"]
    if manifest["vendor"] != db.vendor:
        raise BackupError(f"a {manifest['vendor']} backup cannot be restored into a {db.vendor} database")
    if db.vendor == "sqlite":
        _sqlite_refuse_unless_empty(Path(db.settings_dict["NAME"]))
    else:
        _postgres_refuse_unless_empty(db.settings_dict)
    # The files go first: a restore that fails afterwards can be run again (identical files are skipped).
    storage = storages["default"]
    present = _present_in_storage(storage, files)
    for entry, path in files:
        if entry["name"] not in present:
            _restore_file(storage, entry, path)
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
    logger.info(
        "backup restored: %s (%s files written, %s already present)",
        backup.name,
        len(files) - len(present),
        len(present),
    )
    return {**manifest, "restored_files": {"written": len(files) - len(present), "present": len(present)}}


def _sqlite_refuse_unless_empty(target: Path) -> None:
    if target.exists():
        with closing(sqlite3.connect(target)) as existing:
            if _sqlite_tables(existing):
                raise BackupError(f"{target} holds tables: a backup is restored only into an empty database")
    for stale in (Path(f"{target}-wal"), Path(f"{target}-journal")):
        if stale.exists() and stale.stat().st_size:
            raise BackupError(f"{stale} is left from an earlier database: remove it first")


def _postgres_refuse_unless_empty(settings_dict: dict[str, Any]) -> None:
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


def _sqlite_restore(backup: Path, target: Path) -> dict[str, Any]:
    _sqlite_refuse_unless_empty(target)
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
    _postgres_refuse_unless_empty(settings_dict)
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


# -- the stored files -----------------------------------------------------------------------------------
_SHA256 = re.compile(r"[0-9a-f]{64}")


def _references(cursor: Any) -> list[_Reference]:
    """Every row (of the models registered in `regie.core.storedfiles`) that names a stored file."""
    found = []
    for item in stored_files():
        meta = item.model._meta
        names = [meta.pk.name, item.name_field, *([item.sha256_field] if item.sha256_field else [])]
        columns = ", ".join(_quote(meta.get_field(name).column) for name in names)  # type: ignore[union-attr,arg-type]
        cursor.execute(f"SELECT {columns} FROM {_quote(meta.db_table)} ORDER BY 2")  # noqa: S608 (names from the models)
        for row in cursor.fetchall():
            if row[1]:
                sha256 = row[2].lower() if item.sha256_field and row[2] else None
                found.append(_Reference(name=row[1], sha256=sha256, row=f"{item.label} {meta.pk.to_python(row[0])}"))
    return found


def _copy_files(storage: Storage, references: list[_Reference], folder: Path) -> list[dict[str, Any]]:
    """Copy every referenced file from the storage into `folder` (named by its SHA-256) and answer the
    manifest's entries. A file missing from the storage, or not matching the SHA-256 its row records,
    fails the backup naming the row and the storage name (random names: nothing of the person)."""
    folder.mkdir(mode=0o700)
    entries: dict[str, dict[str, Any]] = {}
    for ref in references:
        if ref.name not in entries:
            size, sha256 = _copy_file(storage, ref, folder)
            entries[ref.name] = {"name": ref.name, "size": size, "sha256": sha256, "row": ref.row}
        if ref.sha256 and entries[ref.name]["sha256"] != ref.sha256:
            raise BackupError(
                f"the stored file {ref.name} of {ref.row} does not match the SHA-256 its row records: "
                "damaged or altered in the storage; no backup written"
            )
    return sorted(entries.values(), key=lambda entry: entry["name"])


def _copy_file(storage: Storage, ref: _Reference, folder: Path) -> tuple[int, str]:
    copying = folder / "copying.partial"
    digest, size = hashlib.sha256(), 0
    try:
        source = storage.open(ref.name, "rb")
    except SuspiciousFileOperation:
        raise BackupError(f"{ref.row} names no valid storage path; no backup written") from None
    except Exception as exc:
        if isinstance(exc, FileNotFoundError) or not storage.exists(ref.name):
            raise BackupError(
                f"the file {ref.name} of {ref.row} is missing from the storage; no backup written"
            ) from None
        raise
    fd = os.open(copying, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with source, os.fdopen(fd, "wb") as copy:
        for block in _blocks(source):
            digest.update(block)
            size += len(block)
            copy.write(block)
    os.replace(copying, folder / digest.hexdigest())
    return size, digest.hexdigest()


def _storage_names(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file in the storage, by its name."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # the file system storage's folder does not exist yet
        return
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for sub in folders:
        yield from _storage_names(storage, f"{folder}/{sub}" if folder else sub)


def _backup_files(backup: Path, manifest: dict[str, Any]) -> list[tuple[dict[str, Any], Path]]:
    """The backup's files with their manifest entries, each checked against its SHA-256 in the manifest."""
    entries = manifest.get("files")
    if entries is None:  # format 1: the database only
        return []
    name = manifest.get("files_dir", "")
    if not name or Path(name).name != name:
        raise BackupError(f"{manifest_path(backup)} names no folder of files next to the backup")
    folder = backup.with_name(name)
    checked: dict[str, bool] = {}
    found = []
    for entry in entries:
        sha256 = str(entry.get("sha256", ""))
        if not _SHA256.fullmatch(sha256):
            raise BackupError(f"{manifest_path(backup)}: no SHA-256 for the file {entry.get('name')}")
        path = folder / sha256
        if sha256 not in checked:
            checked[sha256] = path.is_file() and _sha256(path) == sha256
        if not checked[sha256]:
            raise BackupError(
                f"the file {entry['name']} of {entry['row']} is missing from {folder} or does not match the "
                "SHA-256 in the manifest: damaged or altered, not restored"
            )
        found.append((entry, path))
    return found


def _present_in_storage(storage: Storage, files: list[tuple[dict[str, Any], Path]]) -> set[str]:
    """The names the storage already holds with the same content; a different file under a name of the
    backup refuses the restore before anything is written."""
    present = set()
    for entry, _path in files:
        if storage.exists(entry["name"]):
            with storage.open(entry["name"], "rb") as existing:
                same = _digest(_blocks(existing)) == entry["sha256"]
            if not same:
                raise BackupError(
                    f"the storage holds a different file named {entry['name']} (of {entry['row']}): "
                    "never overwritten, not restored"
                )
            present.add(entry["name"])
    return present


def _restore_file(storage: Storage, entry: dict[str, Any], path: Path) -> None:
    name = entry["name"]
    with path.open("rb") as source:
        saved = storage.save(name, File(source, name=name))
    if saved != name:  # someone stored a file under that name meanwhile
        storage.delete(saved)
        raise BackupError(f"the storage holds a file named {name} (of {entry['row']}): never overwritten")
    # Read back through the storage: what a download will read matches the manifest.
    with storage.open(name, "rb") as written:
        if _digest(_blocks(written)) != entry["sha256"]:
            raise BackupError(f"the file {name} of {entry['row']} does not match the manifest after writing it")


def _blocks(f: IO[bytes] | File[Any]) -> Iterator[bytes]:
    return iter(lambda: f.read(1 << 20), b"")


def _digest(blocks: Iterable[bytes]) -> str:
    digest = hashlib.sha256()
    for block in blocks:
        digest.update(block)
    return digest.hexdigest()


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
    if manifest.get("format") not in READABLE_FORMATS:
        raise BackupError(f"{path}: unknown manifest format {manifest.get('format')}")
    return manifest


def _sha256(path: Path) -> str:
    with path.open("rb") as f:
        return _digest(_blocks(f))


def _write_new(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
