"""`regie worker`: the background worker process (django-tasks-db's db_worker with Regie's defaults)."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the background worker. --batch processes what is queued and exits; --sweep queues a deadline sweep."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--batch", action="store_true", help="Process all queued jobs, then exit.")
        parser.add_argument("--sweep", action="store_true", help="Queue a deadline sweep before starting.")
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between polls of the queue.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["sweep"]:
            from regie.deadlines.tasks import deadlines_sweep

            result = deadlines_sweep.enqueue()
            self.stdout.write(f"Queued deadline sweep {result.id}.")
        worker_args = ["--interval", str(options["interval"]), "--no-startup-delay"]
        if options["batch"]:
            worker_args.append("--batch")
        call_command("db_worker", *worker_args)
