"""`regie restore PATH`: restore a backup made by `regie backup` into an empty database, and check it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from regie.operations.backups import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `regie backup` into the configured database, only if that database is "
        "absent or has no tables. Checks the backup's SHA-256 against its manifest first and compares the "
        "rows of every table with the manifest afterwards. Then run `regie audit verify`."
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
        self.stdout.write("Next: `regie audit verify`, then start Regie.")
