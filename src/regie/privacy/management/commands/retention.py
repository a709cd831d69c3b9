"""`regie retention [--dry-run]`: anonymise or delete the personal data whose retention period has passed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from regie.core.context import Channel, system_actor


class Command(BaseCommand):
    help = (
        "Apply the retention rules: for every person whose cases are all closed and whose period has passed, "
        "remove names and identifiers, special-category data and free text (per kind of data), keeping the "
        "figures. --dry-run prints the counts only and writes nothing."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Count who is due; change nothing.")
        parser.add_argument("--on", help="Apply the rules as on this date (YYYY-MM-DD); default today.")

    def handle(self, *args: Any, **options: Any) -> None:
        from regie.privacy.services import retention_run

        try:
            on = dt.date.fromisoformat(options["on"]) if options["on"] else None
        except ValueError:
            raise CommandError("--on takes a date like 2031-01-31") from None
        summary = retention_run(actor=system_actor(Channel.CLI), on=on, dry_run=options["dry_run"])
        verb = "due" if summary.dry_run else "processed"
        self.stdout.write(f"Retention on {summary.on.isoformat()}: {summary.persons} person(s) {verb}.")
        for kind, n in sorted(summary.by_kind.items()):
            self.stdout.write(f"  {kind}: {n}")
        for key, n in sorted(summary.counts.items()):
            self.stdout.write(f"  {key}: {n}")
        if summary.dry_run:
            self.stdout.write("Dry run: nothing was changed.")
