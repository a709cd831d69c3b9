"""Shapes of the statistics API: one representation for every figure (columns, then rows of cells)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import ConfigDict, Field

from regie.api.schemas import InSchema, OutSchema

from .figures import Cell, Column, Period, Table

MONTH = r"^(19|20)\d{2}-(0[1-9]|1[0-2])$"  # 1900-01 to 2099-12


class StatisticsQuery(InSchema):
    # Query strings are tolerant: an unknown parameter (a cache buster) is ignored, not refused.
    model_config = ConfigDict(extra="ignore")

    from_month: str | None = Field(
        None, pattern=MONTH, description="First month (`YYYY-MM`); default: eleven months before `toMonth`."
    )
    to_month: str | None = Field(None, pattern=MONTH, description="Last month (`YYYY-MM`); default: this month.")
    grouping: Literal["month", "quarter"] = Field("month", description="Periods of a month or of a quarter.")
    breakdown: Literal["none", "source", "target_group", "nationality", "team"] = Field(
        "none",
        description="Break the figure down by source, target group, nationality or team "
        "(outcomes, removable share and support; the other figures ignore it).",
    )


class StatisticColumnOut(OutSchema):
    key: str = Field(description="The column's key, as in each cell's `column`.")
    label: str = Field(description="The heading, in the reader's language.")
    kind: Literal["text", "count", "days", "share"] = Field(
        description="`count`: a number of cases or requests; `days`: a duration in days (median or 90th "
        "percentile, nearest rank); `share`: a percentage (0-100, one decimal); `text`: a label."
    )


class StatisticCellOut(OutSchema):
    column: str = Field(description="Key of the column this cell belongs to.")
    value: int | float | str | None = Field(
        description="The number (or label); `null` when suppressed or when there is nothing to compute."
    )
    display: str = Field(description='The value as the page shows it, e.g. "< 5" when suppressed.')
    suppressed: bool = Field(
        description="Small-cell suppression: a count from 1 to 4, a share derived from such a count, or a "
        "duration computed over fewer than 5 cases. The value is then `null` and `display` is `< 5`."
    )

    @classmethod
    def from_cell(cls, column: Column, cell: Cell) -> StatisticCellOut:
        return cls(column=column.key, value=cell.value, display=cell.display, suppressed=cell.suppressed)


class StatisticRowOut(OutSchema):
    cells: list[StatisticCellOut]


class StatisticOut(OutSchema):
    figure: str = Field(description="Which figure.")
    title: str
    description: str = Field(description="What the figure (and its chart) shows.")
    from_month: dt.date = Field(description="First day of the first month of the period.")
    to_month: dt.date = Field(description="First day of the last month of the period.")
    grouping: str
    breakdown: str
    columns: list[StatisticColumnOut]
    rows: list[StatisticRowOut]

    @classmethod
    def from_table(cls, code: str, table: Table, period: Period) -> StatisticOut:
        return cls(
            figure=code,
            title=str(table.title),
            description=str(table.description),
            from_month=period.start,
            to_month=period.end,
            grouping=period.grouping,
            breakdown=period.breakdown,
            columns=[StatisticColumnOut(key=c.key, label=str(c.label), kind=c.kind) for c in table.columns],  # type: ignore[arg-type]
            rows=[
                StatisticRowOut(cells=[StatisticCellOut.from_cell(c, table.cell(row, c)) for c in table.columns])
                for row in table.rows
            ],
        )
