"""`regie partitions [--ensure-months N] [--detach YYYY-MM ...] [--list]`: monthly partitions (PostgreSQL)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from regie.audit.checkpoints import CheckpointError
from regie.audit.partitions import (
    DEFAULT_MONTHS_AHEAD,
    PartitionError,
    month_of,
    partitioned,
    partitions_detach,
    partitions_ensure,
    partitions_list,
)
from regie.core.context import Channel, system_actor


class Command(BaseCommand):
    help = (
        "The monthly partitions of the audit trail and the access log (PostgreSQL; nothing to do on SQLite). "
        "Creates the partitions of this month and the next N (--ensure-months, default 3; the worker does so "
        "daily). --detach YYYY-MM (repeatable) takes the oldest months out of both tables for archiving, once a "
        "signed checkpoint covers them; the detached partitions stay in the database as tables to dump and drop "
        "(docs/operations.md)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--ensure-months", type=int, default=DEFAULT_MONTHS_AHEAD, metavar="N")
        parser.add_argument("--detach", action="append", default=[], metavar="YYYY-MM")
        parser.add_argument("--list", action="store_true", help="List the attached partitions.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not partitioned():
            self.stdout.write("The audit trail is not partitioned here (PostgreSQL only): nothing to do.")
            return
        if options["ensure_months"] < 0:
            raise CommandError("--ensure-months takes 0 or more")
        created = partitions_ensure(months_ahead=options["ensure_months"])
        self.stdout.write(f"Partitions created: {', '.join(created)}." if created else "All partitions exist.")
        if options["detach"]:
            try:
                archived = partitions_detach(
                    months=[month_of(m) for m in options["detach"]], actor=system_actor(Channel.CLI)
                )
            except (PartitionError, CheckpointError) as exc:
                raise CommandError(f"Not detached: {exc}") from None
            self.stdout.write(
                self.style.SUCCESS(
                    f"Detached {', '.join(archived.partitions)}: the chain continues after record "
                    f"#{archived.through_id} ({archived.through_count} records archived in all). Dump these tables "
                    "(pg_dump --table), keep the dump with the checkpoint files, then drop them."
                )
            )
        if options["list"]:
            for partition in partitions_list():
                month = f"{partition.month:%Y-%m}" if partition.month else "default"
                self.stdout.write(f"{partition.table}\t{month}\t{partition.name}")
