"""`regie worker`: the background worker process (django-tasks-db's db_worker) plus the daily sweep."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Run the background worker. It queues the deadline sweep once a day (--sweep-at, default 02:00) and the "
        "retention run (--retention-at, default 03:00), and runs queued jobs. --batch processes what is queued "
        "and exits; --sweep queues a sweep now."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--batch", action="store_true", help="Process all queued jobs, then exit.")
        parser.add_argument("--sweep", action="store_true", help="Queue a deadline sweep before starting.")
        parser.add_argument("--sweep-at", default="02:00", help="Local time of the daily sweep (HH:MM).")
        parser.add_argument(
            "--retention-at", default="03:00", help="Local time of the daily retention run (HH:MM); 'off' skips it."
        )
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between polls of the queue.")

    def handle(self, *args: Any, **options: Any) -> None:
        from regie.deadlines.schedule import start_scheduler
        from regie.deadlines.tasks import deadlines_sweep

        try:
            sweep_at = dt.time.fromisoformat(options["sweep_at"])
        except ValueError:
            raise CommandError("--sweep-at takes a time like 02:00") from None
        try:
            retention_at = None if options["retention_at"] == "off" else dt.time.fromisoformat(options["retention_at"])
        except ValueError:
            raise CommandError("--retention-at takes a time like 03:00, or off") from None
        if options["sweep"]:
            result = deadlines_sweep.enqueue()
            self.stdout.write(f"Queued deadline sweep {result.id}.")
        worker_args = ["--interval", str(options["interval"]), "--no-startup-delay"]
        if options["batch"]:
            worker_args.append("--batch")
        else:
            start_scheduler(at=sweep_at, retention_at=retention_at)
        call_command("db_worker", *worker_args)
