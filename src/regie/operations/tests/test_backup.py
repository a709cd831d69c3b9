"""Backups that restore: a backup restored into a second, empty database holds the same rows and an audit
trail that verifies against the signed checkpoints; a damaged backup or a database in use is refused."""

from __future__ import annotations

import json
import os
import secrets
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import dj_database_url
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from regie.audit import checkpoints
from regie.audit.models import AuditEvent
from regie.audit.services import audit_checkpoint
from regie.cases.services import case_intake
from regie.core.context import Actor, Channel, system_actor
from regie.operations.backups import manifest_path

# The child processes run this worktree's code: src/ of the tree this file is in.
SRC = Path(__file__).resolve().parents[3]


def regie(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "regie.cli", *args],
        env={**env, "PYTHONPATH": str(SRC)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def row_counts(cursor: Any, tables: list[str]) -> dict[str, int]:
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
    return counts


def live_row_counts() -> dict[str, int]:
    tables = [t for t in connection.introspection.table_names() if not t.startswith("sqlite_")]
    with connection.cursor() as cursor:
        return row_counts(cursor, tables)


def postgres_url(settings_dict: dict[str, Any], name: str) -> str:
    password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
    host, port = settings_dict.get("HOST") or "127.0.0.1", settings_dict.get("PORT") or 5432
    return f"postgres://{settings_dict['USER']}{password}@{host}:{port}/{name}"


def postgres_admin(settings_dict: dict[str, Any]) -> Any:
    import psycopg

    return psycopg.connect(
        dbname="postgres",
        user=settings_dict["USER"],
        password=settings_dict.get("PASSWORD") or None,
        host=settings_dict.get("HOST") or "127.0.0.1",
        port=settings_dict.get("PORT") or 5432,
        autocommit=True,
    )


class Scratch:
    """A second, empty database and the environment that points a child process at it."""

    def __init__(self, env: dict[str, str], path: Path | None = None, name: str = "") -> None:
        self.env, self.path, self.name = env, path, name

    def row_counts(self) -> dict[str, int]:
        if self.path is not None:
            with closing(sqlite3.connect(self.path)) as conn:
                tables = [n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
                return row_counts(conn.cursor(), [t for t in tables if not t.startswith("sqlite_")])
        import psycopg

        with closing(psycopg.connect(self.env["DATABASE_URL"])) as conn:
            cursor = conn.cursor()
            # Partitions (the audit trail's months) are counted at their table, as Django lists tables.
            cursor.execute(
                "SELECT t.table_name FROM information_schema.tables t "
                "JOIN pg_class c ON c.relname = t.table_name AND c.relnamespace = current_schema()::regnamespace "
                "WHERE t.table_schema = current_schema() AND t.table_type = 'BASE TABLE' AND NOT c.relispartition"
            )
            return row_counts(cursor, [n for (n,) in cursor.fetchall()])


@pytest.fixture
def scratch(tmp_path: Path) -> Iterator[Scratch]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REGIE_SQLITE_PATH")}
    if connection.vendor == "sqlite":
        path = tmp_path / "restored" / "regie.sqlite3"
        yield Scratch({**env, "REGIE_SQLITE_PATH": str(path)}, path=path)
        return
    settings_dict = connection.settings_dict
    base = dj_database_url.parse(os.environ["DATABASE_URL"])["NAME"]
    name = f"{base}_restore_{secrets.token_hex(4)}"
    with closing(postgres_admin(settings_dict)) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield Scratch({**env, "DATABASE_URL": postgres_url(settings_dict, name)}, name=name)
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_elsewhere_with_the_same_rows_and_a_verified_audit_trail(
    case_manager, make_intake, tmp_path, settings, scratch
) -> None:
    for _ in range(3):
        case_intake(actor=Actor(user=case_manager), data=make_intake())
    key = tmp_path / "audit.key"
    checkpoints.keygen(key)
    settings.REGIE_AUDIT_SIGNING_KEY = str(key)
    settings.REGIE_AUDIT_CHECKPOINT_DIR = tmp_path / "checkpoints"
    audit_checkpoint(actor=system_actor(Channel.CLI))  # the restored trail is checked against it too
    live, records = live_row_counts(), AuditEvent.objects.count()
    newest = AuditEvent.objects.order_by("-id").first()
    assert newest is not None and live["cases_case"] == 3

    backup = tmp_path / "backups" / "regie.backup"
    call_command("backup", "--out", str(backup))
    manifest = json.loads(manifest_path(backup).read_text())
    assert manifest["vendor"] == connection.vendor and manifest["row_counts"] == live
    assert manifest["audit_chain_head"] == {"last_id": newest.pk, "last_hash": newest.hash}
    assert "audit.0005_chain_head_by_trigger" in manifest["migrations"]

    # Work goes on after the backup, and the next day's checkpoint signs it.
    case_intake(actor=Actor(user=case_manager), data=make_intake())
    later = audit_checkpoint(actor=system_actor(Channel.CLI))

    env = {
        **scratch.env,
        "REGIE_AUDIT_VERIFY_KEY": f"{key}.pub",
        "REGIE_AUDIT_CHECKPOINT_DIR": str(tmp_path / "checkpoints"),
    }
    restored = regie("restore", str(backup), env=env)
    assert restored.returncode == 0, restored.stderr[-2000:]
    assert scratch.row_counts() == live

    # The restored trail is the backup's: verified up to its head against both checkpoints' signatures
    # and the first one's record; plainly, the later checkpoint's records are (truly) missing.
    head = str(manifest["audit_chain_head"]["last_id"])
    verified = regie("audit", "verify", "--until-record", head, env=env)
    assert verified.returncode == 0, verified.stderr[-2000:]
    assert f"Audit trail intact: {records} records verified." in verified.stdout
    assert "Checkpoints intact: 2 verified" in verified.stdout
    plainly = regie("audit", "verify", env=env)
    assert plainly.returncode != 0
    assert f"record #{later.last_id}: missing, yet signed checkpoint #2" in plainly.stderr


def test_restore_refuses_a_damaged_backup_and_a_database_in_use(db, tmp_path) -> None:
    backup = tmp_path / "regie.backup"
    call_command("backup", "--out", str(backup))
    with pytest.raises(CommandError, match="exists; a backup never overwrites"):
        call_command("backup", "--out", str(backup))

    # The configured database (this test's) has tables: never restored over.
    with pytest.raises(CommandError, match="holds tables: a backup is restored only into an empty database"):
        call_command("restore", str(backup))

    damaged = bytearray(backup.read_bytes())
    damaged[len(damaged) // 2] ^= 0xFF
    backup.write_bytes(bytes(damaged))
    with pytest.raises(CommandError, match="does not match the SHA-256 in its manifest"):
        call_command("restore", str(backup))

    manifest_path(backup).unlink()
    with pytest.raises(CommandError, match="no manifest"):
        call_command("restore", str(backup))
