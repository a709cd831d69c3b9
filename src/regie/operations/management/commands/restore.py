"""`regie restore PATH`: restore a backup made by `regie backup` into an empty database and its files into
the storage, and check them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from regie.operations.backups import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `regie backup` into the configured database, only if that database is "
        "absent or has no tables, and its files (<backup>.files/) into the configured storage, never over a "
        "different file. Checks the SHA-256 of the backup and of every file against its manifest first and "
        "compares the rows of every table with the manifest afterwards. Then run `regie audit verify`."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("backup", type=Path, help="The backup file (its manifest lies next to it).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = backup_restore(options["backup"])
        except BackupError as exc:
            raise CommandError(f"Restore refused or failed: {exc}") from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {options['backup']} (made {manifest['created_at']}): "
                f"{len(manifest['row_counts'])} tables, {sum(manifest['row_counts'].values())} rows, as in the manifest."
            )
        )
        if "files" in manifest:
            restored = manifest["restored_files"]
            self.stdout.write(
                f"Files: {restored['written']} written to the storage, {restored['present']} already there "
                "(the same content), each matching its SHA-256 in the manifest."
            )
        else:
            self.stdout.write(
                "This backup holds no files (made before `regie backup` copied them): restore them separately."
            )
        self.stdout.write("Next: `regie audit verify`, then start Regie.")
