"""`regie audit verify`: check the hash chain of the audit trail."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from regie.audit.services import ChainBroken, audit_verify


class Command(BaseCommand):
    help = "Audit trail tools. `verify` checks every link of the hash chain and reports the first broken one."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            count = audit_verify()
        except ChainBroken as exc:
            raise CommandError(f"Audit trail BROKEN at record #{exc.event_id}: {exc.reason}") from None
        self.stdout.write(self.style.SUCCESS(f"Audit trail intact: {count} records verified."))
