"""`regie import FILE`: record dossiers from a CSV or JSON Lines file, in batches through `case_intake_batch`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from regie.accounts.models import User
from regie.cases import permissions
from regie.cases.importing import (
    COLUMNS,
    FORMATS,
    REQUIRED_COLUMNS,
    Importer,
    ImportFileError,
    ImportReport,
    check_encoding,
    count_rows,
    detect_format,
    header_problems,
    import_actor,
    read_rows,
    write_rejections,
)

SHOWN_REJECTIONS = 100

EPILOG = (
    "Columns (CSV header or JSON keys; lists separated by ';'):\n"
    + "\n".join(f"  {name}{' *' if name in REQUIRED_COLUMNS else ''}: {text}" for name, text in COLUMNS.items())
    + "\n(* required)\n\n"
    "Who imports: without --user the rows are recorded by the system itself (actor 'system', channel "
    "'import'); with --user, by that account, which must be allowed to deliver dossiers (case manager, "
    "team lead or system account). Every record of one run carries the same request id, printed at the end.\n"
    "Exit status: 0 when every row was imported or was already present; 1 when one or more rows were "
    "rejected (the others are imported); 2 when the file cannot be imported at all."
)


class Command(BaseCommand):
    help = (
        "Import dossiers from a CSV file (header row) or a JSON Lines file, one dossier per row, each "
        "through the intake service in its own transaction. Re-running the same file imports nothing twice "
        "(source + source_reference). Rejected rows are reported by row number, column and reason; "
        "no personal data is printed."
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        from argparse import RawDescriptionHelpFormatter

        parser = super().create_parser(prog_name, subcommand, epilog=EPILOG, **kwargs)
        parser.formatter_class = RawDescriptionHelpFormatter
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the CSV (.csv) or JSON Lines (.jsonl) file")
        parser.add_argument("--format", choices=FORMATS, help="the file format, when the extension does not say")
        parser.add_argument("--user", help="username of the account that imports (default: the system itself)")
        parser.add_argument(
            "--dry-run", action="store_true", help="check every row as a real import would; write nothing"
        )
        parser.add_argument(
            "--report", help="write the rejected rows to this CSV file (row, field, reason, source_reference)"
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            fmt = detect_format(path, options["format"])
            if not path.is_file():
                raise ImportFileError(f"No such file: {path}")
            check_encoding(path)
            missing, unknown = header_problems(path, fmt)
        except (ImportFileError, OSError, UnicodeDecodeError) as exc:
            raise CommandError(str(exc), returncode=2) from None
        if missing:
            raise CommandError(f"Required column(s) missing from the header: {', '.join(missing)}.", returncode=2)
        actor = import_actor(self._user(options["user"]))
        report = ImportReport(path=str(path), format=fmt, dry_run=options["dry_run"], request_id=actor.request_id)
        report.unknown_columns = unknown
        importer = Importer(actor=actor, report=report)
        bar = tqdm(
            total=count_rows(path, fmt),
            unit="row",
            desc="import" + (" (dry run)" if report.dry_run else ""),
            file=sys.stderr,
            disable=options["no_progress"],
        )
        try:
            importer.run(read_rows(path, fmt), progress=bar.update)
        except UnicodeDecodeError:
            raise CommandError("The file is not UTF-8 text.", returncode=2) from None
        finally:
            bar.close()
        self._print(report)
        if options["report"]:
            write_rejections(report, Path(options["report"]))
            self.stdout.write(f"Rejected rows written to {options['report']}.")
        if not report.ok:
            raise CommandError(f"{report.rejected:,} row(s) rejected.", returncode=1)

    def _user(self, username: str | None) -> User | None:
        if not username:
            return None
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError("No active user with that username.", returncode=2)
        if not permissions.can_deliver(user):
            raise CommandError(
                "This account may not deliver dossiers: use a case manager, team lead or system account.",
                returncode=2,
            )
        return user

    def _print(self, r: ImportReport) -> None:
        verb = "would be imported" if r.dry_run else "imported"
        self.stdout.write(
            f"{r.path} ({r.format}){' - dry run, nothing written' if r.dry_run else ''}: "
            f"{r.rows_read:,} rows read, {r.imported:,} {verb}, {r.already_present:,} already present, "
            f"{r.rejected:,} rejected."
        )
        if not r.dry_run:
            self.stdout.write(f"Audit records of this run carry request id {r.request_id}.")
        if r.unknown_columns:
            self.stdout.write(f"Ignored unknown column(s): {', '.join(r.unknown_columns)}.")
        if r.rejections:
            self.stdout.write("Rejected (row, column, reason, source reference):")
            for rejection in r.rejections[:SHOWN_REJECTIONS]:
                self.stdout.write(
                    f"  row {rejection.row}: {rejection.field or '(row)'}: {rejection.reason}"
                    + (f" [{rejection.source_reference}]" if rejection.source_reference else "")
                )
            if len(r.rejections) > SHOWN_REJECTIONS:
                self.stdout.write(f"  ... and {len(r.rejections) - SHOWN_REJECTIONS:,} more (use --report FILE).")
