"""Backups that restore: a backup restored into a second, empty database holds the same rows and an audit
trail that verifies against the signed checkpoints, and its storage the same documents and letters; a
damaged backup, a damaged file or a database in use is refused, a file missing from the storage fails the
backup."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import secrets
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from io import StringIO
from pathlib import Path
from typing import Any

import dj_database_url
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from regie.audit import checkpoints
from regie.audit.models import AuditEvent
from regie.audit.services import audit_checkpoint
from regie.cases.services import case_intake
from regie.core.context import Actor, Channel, system_actor
from regie.documents.selectors import document_download
from regie.documents.services import document_upload
from regie.letters.selectors import letter_content
from regie.letters.services import letter_issue
from regie.measures.services import reporting_duty_impose
from regie.operations.backups import files_path, manifest_path

# The child processes run this worktree's code: src/ of the tree this file is in.
SRC = Path(__file__).resolve().parents[3]


# A minimal PDF (synthetic, no content), as the documents app's tests upload.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def use_storage(settings: Any, root: Path) -> None:
    """The default storage in `root` (changing STORAGES resets Django's storage handler)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(root)}},
    }


@pytest.fixture(autouse=True)
def media_root(tmp_path: Path, settings: Any) -> Path:
    """The stored files of this test's own (never the installation's)."""
    use_storage(settings, tmp_path / "media")
    return tmp_path / "media"


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
    # The restored files go to a storage folder of their own.
    env = {
        **{
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("DATABASE_URL", "REGIE_SQLITE_PATH", "REGIE_STORAGE"))
        },
        "REGIE_MEDIA_ROOT": str(tmp_path / "restored-media"),
    }
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


def dossier_with_files(make_case: Any, case_manager: Any) -> tuple[Any, Any]:
    """A case with an uploaded document and an issued letter (a reporting duty's), both in the storage."""
    worker = Actor(user=case_manager)
    case = make_case()
    document = document_upload(
        actor=worker,
        case=case,
        file=SimpleUploadedFile("scan.pdf", PDF, content_type="application/pdf"),
        kind="passport",
    )
    reporting_duty_impose(
        actor=worker, case=case, starts_on=dt.date(2026, 11, 28), frequency="wekelijks op maandag", location="Zevenaar"
    )
    return document, letter_issue(actor=worker, case=case, kind="reporting_duty", language="nl")


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("frozen")
def test_a_backup_holds_the_documents_and_letters_and_restores_them_byte_for_byte(
    case_manager, make_case, tmp_path, settings, scratch, media_root
) -> None:
    document, letter = dossier_with_files(make_case, case_manager)
    issued = (media_root / letter.file).read_bytes()
    (media_root / "documents" / "left-over").write_bytes(b"no row points here")

    backup = tmp_path / "backups" / "regie.backup"
    out = StringIO()
    call_command("backup", "--out", str(backup), stdout=out)
    manifest = json.loads(manifest_path(backup).read_text())
    assert [(f["name"], f["size"], f["sha256"], f["row"]) for f in manifest["files"]] == sorted(
        [
            (document.storage_name, len(PDF), document.sha256, f"documents.document {document.pk}"),
            (letter.file, len(issued), letter.sha256, f"letters.letter {letter.pk}"),
        ]
    )
    assert sorted(p.name for p in files_path(backup).iterdir()) == sorted([document.sha256, letter.sha256])
    assert manifest["unreferenced_files"] == 1
    assert "Files: 2 from the storage" in out.getvalue()
    assert "1 in the storage are referenced by no row and were not copied" in out.getvalue()

    # A different file under a name of the backup is never overwritten: refused before anything is restored.
    restored_media = tmp_path / "restored-media"
    (restored_media / "documents").mkdir(parents=True)
    (restored_media / document.storage_name).write_bytes(b"another file")
    refused = regie("restore", str(backup), env=scratch.env)
    assert refused.returncode != 0
    assert f"the storage holds a different file named {document.storage_name}" in refused.stderr
    (restored_media / document.storage_name).unlink()

    restored = regie("restore", str(backup), env=scratch.env)
    assert restored.returncode == 0, restored.stderr[-2000:]
    assert "Files: 2 written to the storage, 0 already there" in restored.stdout
    assert not (restored_media / "documents" / "left-over").exists()

    # Regie on the restored storage downloads the same bytes (the rows are the backup's: same names, hashes).
    use_storage(settings, restored_media)
    download = document_download(actor=Actor(user=case_manager), case_id=document.case_id, document_id=document.pk)
    with download.file as opened:
        content = opened.read()
    assert content == PDF and hashlib.sha256(content).hexdigest() == document.sha256
    assert letter_content(letter) == issued  # checks the letter's SHA-256 itself


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("frozen")
def test_a_damaged_file_refuses_the_restore_and_a_missing_one_fails_the_backup(
    case_manager, make_case, tmp_path, media_root
) -> None:
    document, _letter = dossier_with_files(make_case, case_manager)
    backup = tmp_path / "regie.backup"
    call_command("backup", "--out", str(backup))

    copy = files_path(backup) / document.sha256
    damaged = bytearray(copy.read_bytes())
    damaged[len(damaged) // 2] ^= 0xFF
    copy.write_bytes(bytes(damaged))
    # Checked before the database (this test's, with tables) is even looked at.
    with pytest.raises(CommandError, match=f"the file {document.storage_name} of documents.document {document.pk} "):
        call_command("restore", str(backup))

    (media_root / document.storage_name).unlink()
    second = tmp_path / "second.backup"
    with pytest.raises(
        CommandError,
        match=f"the file {document.storage_name} of documents.document {document.pk} is missing from the storage",
    ):
        call_command("backup", "--out", str(second))
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("second")) == []
