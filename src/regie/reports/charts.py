"""Charts of the statistics, rendered on the server to SVG with pygal (decision 0021).

A chart is drawn from the same suppressed cells as its table: a suppressed count is drawn as a bar of
height 0 labelled "< 5", a suppressed duration likewise, so a chart never shows what the table hides.
The SVG that pygal writes carries its own `<style>` (and a small `<script>` for tooltips in a browser
that opens it as a document); the page therefore shows it as `<img src>` (no script runs in an image)
from `views.chart`, whose response has its own narrow Content-Security-Policy.
"""

from __future__ import annotations

from typing import Any

import pygal
from pygal.style import Style

from .figures import SUPPRESSED, Column, Table

# The NL Design System's central-government palette, distinguishable in grey too (dark to light).
STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1b1b1b",
    foreground_strong="#1b1b1b",
    foreground_subtle="#767676",
    colors=("#154273", "#e17000", "#39870c", "#8fcae7", "#a90061", "#ffb612", "#42145f"),
    font_family="RijksoverheidSansWebText, Verdana, Arial, sans-serif",
    title_font_size=16,
    label_font_size=12,
    major_label_font_size=12,
    value_font_size=11,
    legend_font_size=12,
)

KINDS = {"bar": pygal.Bar, "stacked": pygal.StackedBar, "line": pygal.Line}


def _x_label(table: Table, row: dict[str, Any]) -> str:
    return " · ".join(str(row.get(c.key) or "") for c in table.text_columns if row.get(c.key))


def _point(table: Table, row: dict[str, Any], column: Column) -> dict[str, Any]:
    shown = table.cell(row, column)
    if shown.suppressed:
        return {"value": 0, "formatter": lambda _value: SUPPRESSED}
    value = shown.value if isinstance(shown.value, int | float) else None
    return {"value": value}


def render(table: Table) -> str:
    """The chart of `table` as an SVG document (text)."""
    columns = {c.key: c for c in table.columns}
    chart = KINDS[table.chart.kind](
        style=STYLE,
        title=str(table.title),
        y_title=str(table.chart.y_title),
        js=[],
        disable_xml_declaration=False,
        print_values=table.chart.kind != "line",
        print_zeroes=False,
        x_label_rotation=30 if len(table.rows) > 6 else 0,
        legend_at_bottom=True,
        truncate_label=-1,
        width=800,
        height=420,
        no_data_text=str(table.title),
        include_x_axis=True,
    )
    chart.x_labels = [_x_label(table, row) for row in table.rows]
    for key in table.chart.series:
        column = columns[key]
        points = [_point(table, row, column) for row in table.rows]
        if any(p.get("formatter") for p in points):
            # Print the "< 5" label even where the bar has height 0.
            chart.config.print_zeroes = True
        chart.add(str(column.label), points)
    return chart.render(is_unicode=True)
