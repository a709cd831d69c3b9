"""`regie import`: CSV and JSON Lines through `case_intake`, rejections by row and column, idempotent re-runs."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import given
from hypothesis import strategies as st

from regie.accounts.choices import Role
from regie.accounts.models import Team
from regie.audit.models import AuditEvent
from regie.audit.services import audit_verify
from regie.cases.importing import column_of, parse_date, parse_row
from regie.cases.models import Case
from regie.core import clock
from regie.demo.generate import IMPORT_COLUMNS, import_rows
from regie.people.models import Person

pytestmark = pytest.mark.django_db


def _write(path: Path, rows: list[dict[str, str]], *, delimiter: str = ",") -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(IMPORT_COLUMNS), delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)
    return path


def _import(*args: str) -> tuple[str, int]:
    """Run the command; (stdout, exit status)."""
    out = io.StringIO()
    try:
        call_command("import", *args, "--no-progress", stdout=out)
    except CommandError as exc:
        return out.getvalue(), exc.returncode
    return out.getvalue(), 0


def _rows(count: int, seed: int = 11) -> list[dict[str, str]]:
    """Synthetic rows for the intake queue (the demo's team names do not exist in the test database)."""
    return [{**row, "team": ""} for row in import_rows(rows=count, seed=seed, today=clock.today())]


def _one_nationality(row: dict[str, str], code: str) -> None:
    row.update(nationality=code, nationality_status="claimed", nationality_source="")


def test_ten_thousand_rows_three_bad_then_an_idempotent_rerun(tmp_path: Path) -> None:
    # The slowest test of the suite: every row goes through case_intake (see docs/performance.md).
    rows = _rows(10_000)
    rows[1234]["v_number"] = "12345678"  # nine digits... eight: not a V-number
    _one_nationality(rows[5678], "QQ")  # not an ISO 3166 code
    rows[9000]["family_name"] = ""
    path = _write(tmp_path / "dossiers.csv", rows)

    out, status = _import(str(path), "--report", str(tmp_path / "rejected.csv"))

    assert status == 1  # some rows rejected: scripts notice
    assert "10,000 rows read, 9,997 imported, 0 already present, 3 rejected." in out
    # Spreadsheet numbering: the header is row 1, so list index i is row i + 2.
    assert f"row 1236: v_number: Een V-nummer bestaat uit precies 10 cijfers. [{rows[1234]['source_reference']}]" in out
    assert "row 5680: nationality: waarde 1: Gebruik een landcode uit ISO 3166-1" in out
    assert "row 9002: family_name: Dit veld is verplicht." in out
    assert Case.objects.count() == 9_997
    with (tmp_path / "rejected.csv").open(encoding="utf-8") as handle:
        assert [(r["row"], r["field"]) for r in csv.DictReader(handle)] == [
            ("1236", "v_number"),
            ("5680", "nationality"),
            ("9002", "family_name"),
        ]
    # Nothing of the rejected rows was written; no personal data in the report.
    assert not Person.objects.filter(v_number__in=[rows[5678]["v_number"], rows[9000]["v_number"]]).exists()
    assert rows[1234]["family_name"] not in out and rows[5678]["v_number"] not in out

    events = AuditEvent.objects.count()
    out, status = _import(str(path))

    assert status == 1
    assert "10,000 rows read, 0 imported, 9,997 already present, 3 rejected." in out
    assert Case.objects.count() == 9_997
    assert AuditEvent.objects.count() == events  # a repeat writes nothing
    assert audit_verify() == events
    assert set(AuditEvent.objects.values_list("channel", flat=True).distinct()) == {"import"}


def test_json_lines_with_typed_values_and_a_broken_line(tmp_path: Path) -> None:
    team = Team.objects.create(name="Team Noord")
    rows: list[Any] = _rows(3, seed=12)
    rows[0].update(birth_year=int(rows[0]["birth_year"]), languages=["ar", "fr"], interpreter_needed=[True, False])
    rows[0].update(team="team noord", departure_term_days=28, departure_term_reason="")
    _one_nationality(rows[0], "SY")
    rows[1]["return_decision_date"] = "02-01-2025"  # DD-MM-YYYY is accepted too
    lines = [json.dumps(rows[0]), json.dumps(rows[1]), "{not json", "", json.dumps(rows[2])]
    path = tmp_path / "dossiers.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    out, status = _import(str(path))

    assert status == 1
    assert "4 rows read, 3 imported, 0 already present, 1 rejected." in out
    assert "row 3: (row): Deze regel is geen geldig JSON-object." in out
    first = Case.objects.get(source_reference=rows[0]["source_reference"])
    assert first.team == team
    assert sorted(first.person.languages.values_list("code", "interpreter_needed")) == [("ar", True), ("fr", False)]
    second = Case.objects.get(source_reference=rows[1]["source_reference"])
    assert str(second.return_decision_date) == "2025-01-02"


def test_parse_errors_name_the_field_never_the_value(tmp_path: Path) -> None:
    rows = _rows(4, seed=13)
    rows[0]["return_decision_date"] = "2025/01/31"
    rows[1]["birth_year"] = "negentien"
    rows[2]["interpreter_needed"] = "misschien"
    rows[3]["team"] = "Team Atlantis"
    path = _write(tmp_path / "bad.csv", rows)

    out, status = _import(str(path))

    assert status == 1
    assert "row 2: return_decision_date: Geen geldige datum: gebruik JJJJ-MM-DD of DD-MM-JJJJ." in out
    assert "row 3: birth_year: Geen geheel getal." in out
    assert "row 4: interpreter_needed: Gebruik ja of nee" in out
    assert "row 5: team: Onbekend team." in out
    for bad in ("2025/01/31", "negentien", "misschien", "Atlantis"):
        assert bad not in out
    assert Case.objects.count() == 0


def test_dry_run_checks_everything_and_writes_nothing(tmp_path: Path) -> None:
    rows = _rows(5, seed=14)
    rows.append(dict(rows[0]))  # the same dossier twice in one file
    rows[2]["departure_term_days"] = "7"
    rows[2]["departure_term_reason"] = ""  # a short term needs a reason: only the services know
    path = _write(tmp_path / "dry.csv", rows)
    events = AuditEvent.objects.count()

    out, status = _import(str(path), "--dry-run")

    assert status == 1
    assert "6 rows read, 4 would be imported, 1 already present, 1 rejected." in out
    assert "row 4: departure_term_reason:" in out
    assert Case.objects.count() == 0 and AuditEvent.objects.count() == events


def test_semicolon_csv_and_the_importing_account(tmp_path: Path, make_user: Any) -> None:
    path = _write(tmp_path / "excel.csv", _rows(2, seed=15), delimiter=";")
    system = make_user(Role.SYSTEM)

    out, status = _import(str(path), "--user", system.username)

    assert status == 0, out
    assert Case.objects.count() == 2
    assert set(AuditEvent.objects.filter(channel="import").values_list("actor_label", flat=True)) == {system.username}
    analyst = make_user(Role.ANALYST)
    assert _import(str(path), "--user", analyst.username)[1] == 2  # may not deliver dossiers


def test_unusable_files_exit_with_status_two(tmp_path: Path) -> None:
    missing_column = tmp_path / "short.csv"
    missing_column.write_text("v_number,family_name\n1234567890,Haddad\n", encoding="utf-8")
    assert _import(str(missing_column))[1] == 2
    assert _import(str(tmp_path / "absent.csv"))[1] == 2
    assert _import(str(tmp_path / "dossiers.xlsx"))[1] == 2


def _strptime_date(text: str) -> dt.date | None:
    """What `parse_date` answered before its fast path: strptime with the two patterns, None for a refusal."""
    for pattern in ("%Y-%m-%d", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _parsed(text: str) -> dt.date | None:
    try:
        return parse_date(text)
    except ValueError:
        return None


@given(
    st.one_of(
        st.dates().map(dt.date.isoformat),
        st.dates().map(lambda d: d.strftime("%d-%m-%Y")),
        st.from_regex(r"\A[0-9٣２]{2,4}-[0-9٣２]{1,2}-[0-9٣２]{1,3}\Z"),
        st.text(alphabet="0123456789-٣２ ", max_size=12),
    )
)
def test_a_date_is_parsed_as_strptime_parses_it(text: str) -> None:
    assert _parsed(text) == _strptime_date(text)


def test_row_parsing_and_field_mapping() -> None:
    assert str(parse_date("31-01-2025")) == str(parse_date("2025-01-31")) == "2025-01-31"
    row = next(iter(_rows(1, seed=16)))
    row.update(aliases="Mohamed|Haddad", name_variants="Muhammad|Hadad;Mohammad|Al Haddad")
    data, columns = parse_row(row, teams={})
    assert [n.kind for n in data.other_names] == ["alias", "variant", "variant"]
    assert column_of("other_names[2].family_name", columns) == ("name_variants", "waarde 2: ")
    assert column_of("nationalities[1].source", columns) == ("nationality_source", "waarde 2: ")
    assert column_of("team_id", columns) == ("team", "")


def test_a_value_too_long_for_the_database_is_a_rejected_row(tmp_path: Path) -> None:
    rows = _rows(2, seed=17)
    rows[0].update(nationality="SY", nationality_status="established", nationality_source="x" * 250)
    path = _write(tmp_path / "long.csv", rows)

    out, status = _import(str(path))

    assert status == 1
    assert "1 imported, 0 already present, 1 rejected." in out
    assert "row 2: " in out and "x" * 250 not in out
    assert not Person.objects.filter(v_number=rows[0]["v_number"]).exists()


def test_the_importer_tells_progress_for_every_row_read_across_batches(tmp_path: Path) -> None:
    """`Importer.run` (the command's loop): progress adds up to the rows read, told when a row is done (a
    rejected row at once, the others as their batch is written) and once at the end; the report counts
    what each row became."""
    from regie.cases.importing import Importer, ImportReport, import_actor, read_rows

    rows = _rows(23, seed=14)
    rows[4]["birth_year"] = "yesterday"
    path = _write(tmp_path / "progress.csv", rows)
    report = ImportReport(path=str(path), format="csv", dry_run=False, request_id="progress")
    told: list[int] = []

    Importer(actor=import_actor(), report=report, batch_size=10).run(read_rows(path, "csv"), progress=told.append)

    assert sum(told) == report.rows_read == 23
    # The bad fifth row at once, then the batch of ten valid rows it completed, the next ten, the rest.
    assert told == [5, 6, 10, 2]
    assert (report.imported, report.rejected) == (22, 1)
    assert Case.objects.count() == 22
    assert audit_verify() == AuditEvent.objects.count()
