"""`regie demo`: load synthetic demo data (invented persons, calibrated to the published DT&V figures)."""

from __future__ import annotations

import os
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from regie.cases.models import Case
from regie.demo.accounts import DEMO_PASSWORD
from regie.demo.load import Staff, Summary, load, staff_existing

MAX_CASES = 1_000_000


class Command(BaseCommand):
    help = (
        "Load synthetic demo data into an empty database: six regions with a team each (more teams of at most "
        "50 case managers, about 40 open cases each, for large data sets), demo logins for every role "
        "(printed at the end, with one shared password) and N dossiers with invented persons, calibrated "
        "to the DT&V figures of 2024 (inflow by source, nationalities, open and closed cases, outcomes). "
        "By default every intake, assignment and phase change goes through the services with the clock "
        "set to when it happened, so the audit trail is the real trail of that history. "
        "--fast is for benchmarks: it writes the same rows with bulk inserts and builds the same audit "
        "records (a valid hash chain) itself, bypassing the services: no per-row validation, no duplicate "
        "flagging. Never load demo data into a production database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--cases", type=int, default=2000, help="number of dossiers (default 2,000; at most 1,000,000)"
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="random seed: the same seed on the same day gives the same data"
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="do nothing when the database already holds a case; just print the demo logins",
        )
        parser.add_argument(
            "--fast",
            action="store_true",
            help="bulk path for 100,000+ cases: bypasses the per-row services (see above)",
        )
        parser.add_argument(
            "--batch", type=int, default=None, help="events per transaction (default 250; --fast: 5,000)"
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        cases = options["cases"]
        if not 0 <= cases <= MAX_CASES:
            raise CommandError(f"--cases must be between 0 and {MAX_CASES:,}.")
        existing = Case.objects.count()
        if existing:
            if options["if_empty"]:
                self.stdout.write(f"The database already holds {existing:,} cases: no demo data loaded.")
                self._logins(staff_existing(), token=None)
                return
            raise CommandError(
                f"The database already holds {existing:,} cases. Demo data goes into an empty database "
                "(use --if-empty to skip loading when cases exist)."
            )
        if cases > 200_000 and not options["fast"]:
            self.stderr.write("Note: through the services this takes hours; --fast loads 100,000 cases in minutes.")
        summary = load(
            cases=cases,
            seed=options["seed"],
            fast=options["fast"],
            progress=not options["no_progress"],
            batch=options["batch"],
        )
        self._report(summary)

    def _report(self, s: Summary) -> None:
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data loaded in {s.seconds:.1f} s: {s.cases:,} cases ({s.closed:,} closed, "
                f"{s.cases - s.closed:,} open), {s.households:,} households, {len(s.staff.teams)} teams, "
                f"{sum(len(t) for t in s.staff.case_managers):,} case managers, "
                f"{s.audit_records:,} audit records."
            )
        )
        if s.day:
            self.stdout.write("The day of 'regievoerder' (caseload, worklist, notifications):")
            for line in s.day:
                self.stdout.write(f"  {line}")
        self._logins(s.staff, token=s.staff.token)

    def _logins(self, staff: Staff, *, token: str | None) -> None:
        port = os.environ.get("PORT", "8000")
        self.stdout.write("")
        if not staff.logins:
            self.stdout.write("This database has no demo logins (its cases were not loaded by `regie demo`).")
            return
        self.stdout.write(f"Log in at http://127.0.0.1:{port}/ with password {DEMO_PASSWORD} as:")
        width = max((len(name) for name, _ in staff.logins), default=0)
        for username, label in staff.logins:
            self.stdout.write(f"  {username.ljust(width)}  {label}")
        system = staff.systems.get("ind")
        if system is not None:
            if token:
                self.stdout.write(
                    f"API (/api/v1/): system account {system.username}, header 'Authorization: Bearer {token}' "
                    "(shown once)."
                )
            else:
                self.stdout.write(
                    f"API (/api/v1/): system account {system.username}; issue a token with "
                    f"`regie token create --user {system.username} --name demo`."
                )
        self.stdout.write("All persons are synthetic. Demo logins and data never belong on a production server.")
