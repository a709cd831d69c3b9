"""Importing dossiers from a file, one dossier per row, each through `case_intake`.

Formats: CSV with a header row (comma- or semicolon-separated, UTF-8 with or without BOM) and JSON Lines
(one JSON object per line). The columns are the flat form of `cases.intake.IntakeData`, listed in
`COLUMNS`. Lists inside one column are separated by ';'.

Rows are written in batches through `case_intake_batch`: the same checks and the same rows and audit
records as `case_intake` row by row, written in bulk. A bad row leaves nothing behind and the rows
before and after it are kept. Importing the same file again is safe: a row whose (source,
source_reference) is already recorded is counted as already present and changes nothing.

Rejections name the row, the column and the reason, never the value: reports and logs carry no
personal data. The source reference is printed with each rejection: it is the delivering service's
administrative key, so the sender can find the row on their side. The CSV report escapes a cell that a
spreadsheet would run as a formula.

Bad input is a rejected row, never a traceback or a silent stop: a row over MAX_ROW_CHARS, a cell over
its column's length, a JSON object where text is expected, JSON nested too deep, NUL, a quote that does
not close (the row where it opened is rejected and reading resumes on the next line). A file that is
not UTF-8 throughout is refused as a whole before any row is read (`check_encoding`).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import json
import re
import unicodedata
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DatabaseError
from django.utils.translation import gettext_noop

from regie.accounts.models import Team
from regie.core.collector import bulk_work
from regie.core.context import Actor, Channel
from regie.core.domain import max_chars
from regie.core.errors import RegieError, ValidationFailed, validation_from_django
from regie.core.transactions import atomic
from regie.people.choices import NameKind, NationalityStatus, Sex

from .batch import case_intake_batch
from .intake import MAX_TEXT, CircumstanceIn, IntakeData, LanguageIn, NameIn, NationalityIn
from .services import IntakeResult, case_intake

LIST_SEPARATOR = ";"
NAME_SEPARATOR = "|"

# Column -> what it holds. The documentation of the file format (`regie import --help` prints it).
COLUMNS: dict[str, str] = {
    "v_number": "V-number, exactly 10 digits (required). Keep leading zeros: format the column as text.",
    "given_names": "given names",
    "family_name": "family name (required)",
    "birth_year": "year of birth (a partial date of birth is fine: year, or year and month)",
    "birth_month": "month of birth, 1-12",
    "birth_day": "day of birth",
    "sex": "M, F (or V), X, or U (unknown; the default)",
    "place_of_birth": "place of birth",
    "nationality": "ISO 3166-1 alpha-2 code(s), e.g. 'SY' or 'SY;IQ'; XX for unknown/stateless",
    "nationality_status": "claimed (default) or established; one for all, or one per nationality",
    "nationality_source": "for an established nationality: how it was established; one per nationality",
    "languages": "ISO 639 code(s), e.g. 'ar;fr'",
    "interpreter_needed": "ja/nee (yes/no, true/false, 1/0): one for all languages, or one per language",
    "aliases": "other names used, 'given|family;given|family'",
    "name_variants": "other spellings of the name, 'given|family;given|family'",
    "source": "ind, police, kmar or other (required)",
    "source_reference": "the sender's own reference; with the source it makes a re-import idempotent (required)",
    "target_group": "rejected_asylum, permit_revoked, supervision, border_refusal or other (required)",
    "return_decision_reference": "reference of the return decision",
    "return_decision_date": "date of the return decision, YYYY-MM-DD or DD-MM-YYYY",
    "return_decision_authority": "who took the return decision",
    "departure_term_days": "departure term in days, 0-28 (default 28); shorter needs a reason",
    "departure_term_reason": "why the departure term is shorter than 28 days",
    "current_location": "where the person stays",
    "special_circumstances": "medical, trafficking, minor, unaccompanied_minor, pregnancy, vulnerability; ';'-separated",
    "medical_background": "medical background (special-category data)",
    "team": "name of the team, e.g. 'Team Noord' (empty: the intake queue)",
}
REQUIRED_COLUMNS = ("v_number", "family_name", "source", "source_reference", "target_group")
FORMATS = ("csv", "jsonl")

_TRUE = {"ja", "j", "yes", "y", "true", "t", "1", "waar"}
_FALSE = {"nee", "n", "no", "false", "f", "0", "onwaar", ""}
_SEX = {"m": Sex.MALE, "f": Sex.FEMALE, "v": Sex.FEMALE, "x": Sex.OTHER, "u": Sex.UNKNOWN, "": Sex.UNKNOWN}
_INDEXED = re.compile(r"^(\w+)\[(\d+)\](?:\.(\w+))?$")


class ImportFileError(Exception):
    """The file as a whole cannot be imported (missing, unreadable, required columns absent)."""


@dataclass(frozen=True)
class Rejection:
    row: int
    field: str
    reason: str
    source_reference: str = ""


@dataclass
class ImportReport:
    path: str
    format: str
    dry_run: bool
    request_id: str
    rows_read: int = 0
    imported: int = 0
    already_present: int = 0
    rejected: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.rejected == 0


class RowInvalid(Exception):
    """A row that cannot become an intake: every problem found, as (column, reason)."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{f}: {r}" for f, r in problems))
        self.problems = problems


# -- reading ---------------------------------------------------------------------------------------------
def detect_format(path: Path, requested: str | None = None) -> str:
    if requested:
        if requested not in FORMATS:
            raise ImportFileError(f"Unknown format '{requested}': use one of {', '.join(FORMATS)}.")
        return requested
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        return "csv"
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    raise ImportFileError(f"Cannot tell the format from '{suffix or 'no extension'}': use --format csv or jsonl.")


def count_rows(path: Path, fmt: str) -> int:
    """An estimate for the progress bar (CSV cells may span lines)."""
    with path.open("rb") as handle:
        lines = sum(1 for line in handle if line.strip())
    return max(0, lines - 1) if fmt == "csv" else lines


def check_encoding(path: Path) -> None:
    """Refuse a file that is not UTF-8 throughout before anything is read as rows, naming the line of the
    first bad byte: a file that turns unreadable halfway would otherwise be imported up to that point."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")("strict")
    line = 1
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 16):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                # The decoder may hold up to three bytes of the chunk before; exc.start counts from them.
                held = len(exc.object) - len(chunk)
                line += chunk[: max(0, exc.start - held)].count(b"\n")
                raise ImportFileError(
                    f"Line {line} is not UTF-8 text (a byte that is not valid UTF-8); nothing was imported."
                ) from None
            line += chunk.count(b"\n")
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            raise ImportFileError(
                f"Line {line} is not UTF-8 text (the file ends inside a character); nothing was imported."
            ) from None


@dataclass(frozen=True)
class Unreadable:
    """A row that could not be read as values: why, as (column, reason) ('' for the row as a whole)."""

    problems: tuple[tuple[str, str], ...]


ROW_TOO_LONG = gettext_noop("Deze rij is te lang (meer dan 1.048.576 tekens) en is niet gelezen.")
NOT_JSON = gettext_noop("Deze regel is geen geldig JSON-object.")
TOO_DEEP = gettext_noop("Deze regel is te diep genest om te lezen.")
UNBALANCED_QUOTE = gettext_noop(
    'Aanhalingstekens kloppen niet: een veld opent met " en sluit niet (of sluit midden in het veld). '
    "Deze rij is overgeslagen; het lezen gaat verder op de volgende regel."
)
TOO_MANY_FIELDS = gettext_noop("Deze rij heeft meer velden dan de kopregel (een scheidingsteken in een waarde?).")
# One row (a CSV record, a JSON line) is read only up to this many characters.
MAX_ROW_CHARS = 1 << 20
# Columns whose text may hold a line break (inside quotes); in any other column a line break means a
# quote that was opened and not closed.
MULTILINE_COLUMNS = frozenset({"medical_background", "departure_term_reason"})
_TOO_LONG = "\x00too long"  # a marker, never a line: a line read here ends in a line break or the file's end


class _Lines:
    """The physical lines of a text file, numbered, each read only up to MAX_ROW_CHARS; lines can be put
    back to be read again (after an unbalanced quote, reading resumes on the line after it opened)."""

    def __init__(self, handle: TextIO) -> None:
        self.handle = handle
        self.number = 0
        self._back: list[tuple[int, str]] = []

    def next(self) -> tuple[int, str] | None:
        if self._back:
            return self._back.pop()
        text = self.handle.readline(MAX_ROW_CHARS + 1)
        if not text:
            return None
        self.number += 1
        if len(text) > MAX_ROW_CHARS and text[-1] not in "\r\n":
            while (rest := self.handle.readline(MAX_ROW_CHARS)) and rest[-1] not in "\r\n":
                pass
            return self.number, _TOO_LONG
        return self.number, text

    def put_back(self, lines: list[tuple[int, str]]) -> None:
        self._back.extend(reversed(lines))


def _csv_record(lines: _Lines, first: str, delimiter: str) -> tuple[list[str] | None, list[tuple[int, str]]]:
    """The next record (None when the quotes do not close within the row's limit) and the lines it took."""
    consumed: list[tuple[int, str]] = []

    def feed() -> Iterator[str]:
        yield first
        size = len(first)
        while (item := lines.next()) is not None:
            consumed.append(item)
            size += len(item[1])
            if item[1] is _TOO_LONG or size > MAX_ROW_CHARS:
                return
            yield item[1]

    limit = csv.field_size_limit(MAX_ROW_CHARS + 1)
    try:
        return next(csv.reader(feed(), delimiter=delimiter, strict=True)), consumed
    except (csv.Error, StopIteration):
        return None, consumed
    finally:
        csv.field_size_limit(limit)


def _csv_rows(handle: TextIO, columns: list[str], delimiter: str) -> Iterator[tuple[int, dict[str, Any] | Unreadable]]:
    lines = _Lines(handle)
    lines.number = 1  # the header
    number = 1
    while (item := lines.next()) is not None:
        _, first = item
        if first is _TOO_LONG:
            number += 1
            yield number, Unreadable((("", ROW_TOO_LONG),))
            continue
        record, consumed = _csv_record(lines, first, delimiter)
        if record == []:
            continue  # a blank line
        number += 1
        if record is None or (
            consumed
            and (
                len(record) != len(columns)
                or any(
                    "\n" in value or "\r" in value
                    for name, value in zip(columns, record, strict=False)
                    if name not in MULTILINE_COLUMNS
                )
            )
        ):
            # A quote opened and not closed swallows the lines after it: report the row where it opened,
            # then read those lines again as rows of their own.
            lines.put_back(consumed)
            yield number, Unreadable((("", UNBALANCED_QUOTE),))
            continue
        if any(value.strip() for value in record[len(columns) :]):
            yield number, Unreadable((("", TOO_MANY_FIELDS),))
            continue
        yield number, dict(zip(columns, record, strict=False))


def _json_rows(handle: TextIO) -> Iterator[tuple[int, dict[str, Any] | Unreadable]]:
    lines = _Lines(handle)
    while (item := lines.next()) is not None:
        number, text = item
        if text is _TOO_LONG:
            yield number, Unreadable((("", ROW_TOO_LONG),))
            continue
        if not text.strip():
            continue
        try:
            values = json.loads(text)
        except RecursionError:
            yield number, Unreadable((("", TOO_DEEP),))
            continue
        except ValueError:  # JSONDecodeError, or a number too long to convert
            yield number, Unreadable((("", NOT_JSON),))
            continue
        yield number, values if isinstance(values, dict) else Unreadable((("", NOT_JSON),))


def read_rows(path: Path, fmt: str) -> Iterator[tuple[int, dict[str, Any] | Unreadable]]:
    """(row number, values) per dossier; `Unreadable` when the row itself cannot be read, with the reason.

    CSV rows are numbered as a spreadsheet shows them (the header is row 1); JSON Lines by line. Call
    `check_encoding` first: a byte that is not UTF-8 raises UnicodeDecodeError here, after earlier rows.
    """
    if not path.is_file():
        raise ImportFileError(f"No such file: {path}")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        if fmt == "jsonl":
            yield from _json_rows(handle)
            return
        header = handle.readline(MAX_ROW_CHARS)
        delimiter = ";" if header.count(";") > header.count(",") else ","
        columns = [c.strip() for c in next(csv.reader([header], delimiter=delimiter), [])]
        yield from _csv_rows(handle, columns, delimiter)


def header_problems(path: Path, fmt: str) -> tuple[list[str], list[str]]:
    """(missing required columns, unknown columns) of a CSV header; JSON Lines are checked per row."""
    if fmt != "csv":
        return [], []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        header = handle.readline(MAX_ROW_CHARS)
    delimiter = ";" if header.count(";") > header.count(",") else ","
    columns = [c.strip() for c in next(csv.reader([header], delimiter=delimiter), [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    unknown = [c for c in columns if c and c not in COLUMNS]
    return missing, unknown


# -- parsing one row -------------------------------------------------------------------------------------
# Columns that may hold a list (a JSON array, or ';'-separated text).
LIST_COLUMNS = frozenset(
    {
        "nationality",
        "nationality_status",
        "nationality_source",
        "languages",
        "interpreter_needed",
        "aliases",
        "name_variants",
        "special_circumstances",
    }
)
# The longest text a cell may hold: the database's length where the column maps to one field, else the
# longest free text an intake takes. Longer cells are refused before anything else is read of them.
CELL_MAX = {
    "v_number": 10,
    "given_names": 200,
    "family_name": 200,
    "place_of_birth": 200,
    "source_reference": 64,
    "return_decision_reference": 64,
    "return_decision_authority": 100,
    "departure_term_reason": 300,
    "current_location": 200,
}
NOT_TEXT = gettext_noop("Geef tekst, een getal of ja/nee, geen JSON-object of geneste lijst.")
HAS_NUL = gettext_noop("Bevat het teken NUL; dat is niet toegestaan.")
BAD_CHARACTERS = gettext_noop("Bevat ongeldige tekens.")


def _scalar(value: Any) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


def _encodable(text: str) -> bool:
    """No lone surrogates (JSON's `\\ud800`): the text can be stored as UTF-8."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def cell_problems(raw: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(column, reason) for each cell that no column may hold: a JSON object (or a list where one value is
    expected, or a list in a list), NUL or lone surrogates (PostgreSQL cannot store them), or more text
    than the column takes."""
    problems: list[tuple[str, str]] = []
    for name, value in raw.items():
        if name not in COLUMNS:
            continue
        if isinstance(value, str):
            text = value  # every CSV cell: the quick way
        else:
            items = value if isinstance(value, list) and name in LIST_COLUMNS else [value]
            if not all(_scalar(item) for item in items):
                problems.append((name, NOT_TEXT))
                continue
            text = LIST_SEPARATOR.join("" if item is None else str(item) for item in items)
        if "\x00" in text:
            problems.append((name, HAS_NUL))
        elif not _encodable(text):
            problems.append((name, BAD_CHARACTERS))
        elif len(text) > (limit := CELL_MAX.get(name, MAX_TEXT)):
            problems.append((name, max_chars(limit)))
    return problems


def source_reference(raw: Mapping[str, Any]) -> str:
    """The row's source reference as reports show it: text only, no control or invisible characters."""
    value = raw.get("source_reference")
    if not isinstance(value, str | int):
        return ""
    return "".join(c for c in str(value).strip()[:64] if not unicodedata.category(c).startswith("C"))


def _text(raw: Mapping[str, Any], name: str) -> str:
    value = raw.get(name)
    if value is None:
        return ""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return str(value).strip()


def _items(raw: Mapping[str, Any], name: str) -> list[str]:
    value = raw.get(name)
    if isinstance(value, list):
        return [str(v).strip() for v in value]
    text = _text(raw, name)
    return [part.strip() for part in text.split(LIST_SEPARATOR)] if text else []


def parse_date(text: str) -> dt.date:
    """YYYY-MM-DD (ISO) or DD-MM-YYYY (as Dutch documents write it)."""
    if len(text) == 10 and text[4] == "-" and text[7] == "-" and text.isascii():
        # The common case without strptime (a tenth of an import's parsing): the same dates, the same refusals.
        year, month, day = text[:4], text[5:7], text[8:]
        if year.isdigit() and month.isdigit() and day.isdigit():
            try:
                return dt.date(int(year), int(month), int(day))
            except ValueError:
                pass  # strptime decides, as before
    for pattern in ("%Y-%m-%d", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def parse_row(raw: Mapping[str, Any], *, teams: Mapping[str, str]) -> tuple[IntakeData, list[str]]:
    """An `IntakeData` from one row, and for each of its other names the column it came from.

    Raises RowInvalid with every problem of the row (column and reason; never the value).
    """
    problems = cell_problems(raw)
    if problems:
        raise RowInvalid(problems)

    def whole(name: str) -> int | None:
        text = _text(raw, name)
        if not text:
            return None
        try:
            return int(text)
        except ValueError:
            problems.append((name, "Geen geheel getal."))
            return None

    def flag(text: str, name: str) -> bool:
        lowered = text.strip().lower()
        if lowered in _TRUE:
            return True
        if lowered not in _FALSE:
            problems.append((name, "Gebruik ja of nee (of true/false, 1/0)."))
        return False

    def per_item(name: str, count: int) -> list[str]:
        values = _items(raw, name)
        if len(values) <= 1:
            return (values or [""]) * count
        if len(values) != count:
            problems.append((name, "Geef één waarde voor allemaal, of één per waarde in de lijstkolom."))
            return [""] * count
        return values

    def names(name: str, kind: str) -> list[NameIn]:
        result = []
        for item in _items(raw, name):
            if isinstance(item, str) and NAME_SEPARATOR in item:
                given, family = (part.strip() for part in item.split(NAME_SEPARATOR, 1))
                result.append(NameIn(family_name=family, given_names=given, kind=kind))
            elif item:
                problems.append((name, "Gebruik voornamen|achternaam, meerdere gescheiden door ';'."))
        return result

    decision_date = None
    if text := _text(raw, "return_decision_date"):
        try:
            decision_date = parse_date(text)
        except ValueError:
            problems.append(("return_decision_date", "Geen geldige datum: gebruik JJJJ-MM-DD of DD-MM-JJJJ."))
    term = whole("departure_term_days")
    countries = [c.upper() for c in _items(raw, "nationality")]
    statuses = [s.lower() or NationalityStatus.CLAIMED for s in per_item("nationality_status", len(countries))]
    sources = per_item("nationality_source", len(countries))
    codes = [c.lower() for c in _items(raw, "languages")]
    interpreters = [flag(v, "interpreter_needed") for v in per_item("interpreter_needed", len(codes))]
    sex_text = _text(raw, "sex").lower()
    if sex_text not in _SEX:
        problems.append(("sex", "Gebruik M, F (of V), X of U."))
    team_id = None
    if team_name := _text(raw, "team"):
        team_id = teams.get(team_name.casefold())
        if team_id is None:
            problems.append(("team", gettext_noop("Onbekend team.")))
    aliases, variants = names("aliases", NameKind.ALIAS), names("name_variants", NameKind.VARIANT)
    birth_year, birth_month, birth_day = whole("birth_year"), whole("birth_month"), whole("birth_day")
    if problems:
        raise RowInvalid(problems)
    data = IntakeData(
        v_number=_text(raw, "v_number"),
        given_names=_text(raw, "given_names"),
        family_name=_text(raw, "family_name"),
        place_of_birth=_text(raw, "place_of_birth"),
        sex=_SEX.get(sex_text, Sex.UNKNOWN),
        source=_text(raw, "source").lower(),
        source_reference=_text(raw, "source_reference"),
        target_group=_text(raw, "target_group").lower(),
        other_names=tuple(aliases + variants),
        nationalities=tuple(
            NationalityIn(country=c, status=s, source=src)
            for c, s, src in zip(countries, statuses, sources, strict=True)
        ),
        languages=tuple(LanguageIn(code=c, interpreter_needed=i) for c, i in zip(codes, interpreters, strict=True)),
        return_decision_reference=_text(raw, "return_decision_reference"),
        return_decision_date=decision_date,
        return_decision_authority=_text(raw, "return_decision_authority"),
        departure_term_days=28 if term is None else term,
        departure_term_reason=_text(raw, "departure_term_reason"),
        current_location=_text(raw, "current_location"),
        special_circumstances=tuple(CircumstanceIn(kind=k.lower()) for k in _items(raw, "special_circumstances") if k),
        medical_background=_text(raw, "medical_background"),
        team_id=team_id,
        birth_year=birth_year,
        birth_month=birth_month,
        birth_day=birth_day,
    )
    return data, ["aliases"] * len(aliases) + ["name_variants"] * len(variants)


_LIST_COLUMNS = {
    ("nationalities", "country"): "nationality",
    ("nationalities", "status"): "nationality_status",
    ("nationalities", "source"): "nationality_source",
    ("languages", "code"): "languages",
    ("special_circumstances", "kind"): "special_circumstances",
}


def column_of(error_field: str, name_columns: list[str]) -> tuple[str, str]:
    """The file's column for a field named by `validate_intake`, and a position hint ('' if none)."""
    if error_field == "team_id":
        return "team", ""
    if error_field == "__all__":
        return "", ""
    match = _INDEXED.match(error_field)
    if not match:
        return error_field, ""
    group, index, attribute = match.group(1), int(match.group(2)), match.group(3) or ""
    if group == "other_names":
        column = name_columns[index] if index < len(name_columns) else "aliases"
        offset = name_columns[:index].count(column)
        return column, f"waarde {offset + 1}: "
    return _LIST_COLUMNS.get((group, attribute), group), f"waarde {index + 1}: "


# -- importing ------------------------------------------------------------------------------------------
class _DryRunRollback(Exception):
    pass


BATCH_SIZE = 500


@dataclass(frozen=True)
class _Parsed:
    row: int
    data: IntakeData
    name_columns: list[str]
    reference: str


class Importer:
    """Imports rows (the command and the benchmark drive it) and collects the report.

    `add` buffers parsed rows and writes them BATCH_SIZE at a time through `case_intake_batch` (same
    checks, rows and audit records as `case_intake`, written in bulk); `finish` writes the rest.
    `import_row` takes one row through `case_intake` at once (dry runs use it).
    """

    def __init__(self, *, actor: Actor, report: ImportReport, batch_size: int = BATCH_SIZE) -> None:
        self.actor = actor
        self.report = report
        self.batch_size = batch_size
        self.teams = {name.casefold(): str(pk) for name, pk in Team.objects.values_list("name", "pk")}
        self._seen: set[tuple[str, str]] = set()
        self._buffer: list[_Parsed] = []

    def _reject(self, row: int, problems: list[tuple[str, str]], reference: str) -> str:
        self.report.rejected += 1
        self.report.rejections.extend(Rejection(row, f, r, reference) for f, r in problems)
        return "rejected"

    def _parse(self, row: int, raw: Mapping[str, Any] | Unreadable | None) -> _Parsed | str:
        """The row as an intake, or 'rejected' (recorded in the report)."""
        self.report.rows_read += 1
        if raw is None:
            return self._reject(row, [("", NOT_JSON)], "")
        if isinstance(raw, Unreadable):
            return self._reject(row, list(raw.problems), "")
        reference = source_reference(raw)
        try:
            data, name_columns = parse_row(raw, teams=self.teams)
        except RowInvalid as exc:
            return self._reject(row, exc.problems, reference)
        return _Parsed(row, data, name_columns, reference)

    def _outcome(self, parsed: _Parsed, outcome: object) -> str:
        """Count what an intake became: 'imported', 'present' or 'rejected'."""
        row, reference = parsed.row, parsed.reference
        if isinstance(outcome, ValidationFailed | DjangoValidationError):
            # Some services validate with full_clean() and let Django's own error through: same report.
            failed = outcome if isinstance(outcome, ValidationFailed) else validation_from_django(outcome)
            problems: list[tuple[str, str]] = []
            for error_field, messages in failed.errors.items():
                column, hint = column_of(error_field, parsed.name_columns)
                problems.extend((column, hint + message) for message in messages)
            return self._reject(row, problems, reference)
        if isinstance(outcome, RegieError):
            column, hint = column_of(outcome.field or "__all__", parsed.name_columns)
            return self._reject(row, [(column, hint + outcome.message)], reference)
        if isinstance(outcome, DatabaseError):
            # The message may quote values (PostgreSQL does): report the kind of error only.
            return self._reject(
                row, [("", f"Databasefout ({type(outcome).__name__}); de rij is niet opgeslagen.")], reference
            )
        assert isinstance(outcome, IntakeResult | bool)
        created = outcome.created if isinstance(outcome, IntakeResult) else outcome
        if created:
            self.report.imported += 1
            return "imported"
        self.report.already_present += 1
        return "present"

    def import_row(self, row: int, raw: Mapping[str, Any] | Unreadable | None) -> str:
        """One row through `case_intake` now: 'imported', 'present' or 'rejected'."""
        parsed = self._parse(row, raw)
        if isinstance(parsed, str):
            return parsed
        outcome: object
        try:
            if self.report.dry_run:
                outcome = self._dry_run(parsed.data, (parsed.data.source, parsed.data.source_reference))
            else:
                outcome = case_intake(actor=self.actor, data=parsed.data)
        except (RegieError, DjangoValidationError, DatabaseError) as exc:
            outcome = exc
        return self._outcome(parsed, outcome)

    def run(
        self,
        rows: Iterable[tuple[int, Mapping[str, Any] | Unreadable | None]],
        progress: Callable[[int], object] | None = None,
    ) -> ImportReport:
        """Import every row (numbered as `read_rows` gives them) and return the report: `regie import`'s
        loop, and the benchmark's. Reading and checking the rows runs with the collector set for bulk
        work too, not only their writing (decision 0026). `progress` is told how many rows were taken
        since it was last told, each time rows are written and at the end."""
        with bulk_work():
            taken = 0
            for number, raw in rows:
                taken += 1
                if self.add(number, raw):
                    if progress is not None:
                        progress(taken)
                    taken = 0
            self.finish()
            if progress is not None:
                progress(taken)
        return self.report

    def add(self, row: int, raw: Mapping[str, Any] | Unreadable | None) -> int:
        """Buffer one row; write the buffer when it is full. Returns the number of rows written now."""
        if self.report.dry_run:
            self.import_row(row, raw)
            return 1
        parsed = self._parse(row, raw)
        if isinstance(parsed, str):
            return 1
        self._buffer.append(parsed)
        return self.finish() if len(self._buffer) >= self.batch_size else 0

    def finish(self) -> int:
        """Write the buffered rows. Returns how many there were."""
        buffered, self._buffer = self._buffer, []
        if buffered:
            outcomes = case_intake_batch(actor=self.actor, items=[p.data for p in buffered])
            for parsed, outcome in zip(buffered, outcomes, strict=True):
                self._outcome(parsed, outcome)
        return len(buffered)

    def _dry_run(self, data: IntakeData, key: tuple[str, str]) -> bool:
        """Run the intake and roll it back: every check of a real import, nothing written."""
        if key in self._seen:
            return False
        created = False
        try:
            with atomic():
                created = case_intake(actor=self.actor, data=data).created
                raise _DryRunRollback
        except _DryRunRollback:
            pass
        if created:
            self._seen.add(key)
        return created


def import_actor(user: Any = None) -> Actor:
    """The actor of an import run: one request id for every record the run writes, to find it in the trail."""
    return Actor(user=user, channel=Channel.IMPORT, request_id=f"import-{uuid.uuid4().hex}")


# A cell that starts with one of these is a formula to a spreadsheet (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: str) -> str:
    """`value` as a spreadsheet shows it and never runs it: a leading `'` before a formula's first character."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def write_rejections(report: ImportReport, path: Path) -> None:
    """The rejections as CSV (row, field, reason, source_reference), safe to open in a spreadsheet."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["row", "field", "reason", "source_reference"])
        for r in report.rejections:
            writer.writerow([r.row, *(spreadsheet_safe(v) for v in (r.field, r.reason, r.source_reference))])


def write_csv(rows: Iterator[Mapping[str, str]] | list[Mapping[str, str]], path: Path, columns: tuple[str, ...]) -> int:
    """Write rows as an import CSV (used by tests and the benchmark). Returns the number of rows."""
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns))
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
            count += 1
    return count
