"""Downloads of the statistics: CSV (semicolons, UTF-8 with BOM, like the caseload export) and XLSX
(openpyxl, one sheet per figure). Both write the suppressed cells, exactly as the page shows them."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from openpyxl import Workbook

from .figures import Table


def _header(table: Table) -> list[str]:
    return [str(c.label) for c in table.columns]


def to_csv(table: Table) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(_header(table))
    for cells in table.shown():
        writer.writerow([c.display for c in cells])
    return "\ufeff" + buffer.getvalue()


def to_xlsx(tables: Iterable[Table]) -> bytes:
    """One sheet per figure; numbers as numbers, a suppressed cell as the text "< 5"."""
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for table in tables:
        sheet = book.create_sheet(title=table.code[:31])
        sheet.append([str(table.title)])
        sheet.append(_header(table))
        for cells in table.shown():
            sheet.append([c.display if c.suppressed or c.value is None else c.value for c in cells])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
