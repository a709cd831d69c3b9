"""`regie backup [--out PATH]`: a consistent backup of the database and its stored files while Regie runs,
with a manifest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from regie.operations.backups import BackupError, backup_create, files_path, manifest_path


class Command(BaseCommand):
    help = (
        "Write a consistent backup of the database (SQLite: the online backup API; PostgreSQL: pg_dump "
        "--format=custom), the stored files its rows point at (documents, letters) in <backup>.files/, and a "
        "manifest next to it (<backup>.manifest.json). Default: a new file in REGIE_BACKUP_DIR. Never overwrites."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--out", type=Path, help="The backup file to write (must not exist).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            path, manifest = backup_create(out=options["out"])
        except BackupError as exc:
            raise CommandError(f"Backup failed: {exc}") from None
        head = manifest["audit_chain_head"]
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written: {path} ({manifest['vendor']}, {len(manifest['row_counts'])} tables, "
                f"{sum(manifest['row_counts'].values())} rows, audit chain head #{head['last_id'] if head else 0})."
            )
        )
        files = manifest["files"]
        self.stdout.write(
            f"Files: {len(files)} from the storage ({sum(f['size'] for f in files)} bytes) in {files_path(path)}; "
            f"{manifest['unreferenced_files']} in the storage are referenced by no row and were not copied."
        )
        self.stdout.write(f"Manifest: {manifest_path(path)} (sha256 {manifest['sha256']})")
