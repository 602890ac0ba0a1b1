"""Tables of measured numbers as HTML (a chart's "show the data" alternative) and as CSV (the downloads).

No pandas: the app never imports it. Plotly's serialisation looks pandas up in `sys.modules`, so a pandas being
imported by one session's thread failed another session's chart ("partially initialized module 'pandas'"), and
importing it up front cost a fresh server 0.26 s before its first chart (`python -X importtime`). Streamlit's own
tables (`st.dataframe`, `st.table`) build a DataFrame, so pages show these instead: a real `<table>` that a
screen reader walks cell by cell, in a box that scrolls when the table is wider or taller than the page.

    table = Table(("word", "f"), (("France", 0.1234),))
    st.html(table.html("Forget gate per word"))    # France | 0.123
    table.csv()                                     # "word,f\nFrance,0.1234\n"
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape
from numbers import Integral, Real

# Streamlit's own table look (light theme): thin grey rules, bold header, numbers right-aligned and never broken.
# Text wraps (the comparison table's sentences stay readable on a phone, four columns of at least 4.5 rem fit
# 358 px); a table of numbers wider than the page scrolls inside its box, which takes keyboard focus (so a
# keyboard user can scroll it too) and keeps the header row in view.
_STYLE = """<style>
.data-table {overflow: auto; border: 1px solid rgba(49, 51, 63, 0.1); border-radius: 0.5rem; font-size: 0.875rem;}
.data-table:focus-visible {outline: 2px solid #0072B2; outline-offset: 2px;}
.data-table table {border-collapse: collapse; width: 100%;}
.data-table th, .data-table td {padding: 0.25rem 0.5rem; border-bottom: 1px solid rgba(49, 51, 63, 0.1);
  text-align: left; vertical-align: top;}
.data-table td {min-width: 4.5rem;}
.data-table th {position: sticky; top: 0; background: #F0F2F6; color: #31333F; font-weight: 600;}   /* either theme */
.data-table .number {text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums;}
</style>"""


def cell_text(value: object, digits: int = 3) -> str:
    """A cell as text: floats rounded to `digits` decimals, integers with thousands separators, the rest as is;
    a missing or non-finite number shows as an en dash."""
    if value is None:
        return "–"
    if isinstance(value, bool) or not isinstance(value, Real):
        return str(value)
    if isinstance(value, Integral):
        return f"{int(value):,}"
    number = float(value)
    return f"{number:.{digits}f}" if math.isfinite(number) else "–"


def _require_widths(columns: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    if any(len(row) != len(columns) for row in rows):
        raise ValueError(f"every row needs {len(columns)} cells")


def _is_number(value: object) -> bool:
    return isinstance(value, Real) and not isinstance(value, bool)


def html_table(columns: Sequence[str], rows: Iterable[Sequence[object]], label: str,
               max_height: int | None = None, digits: int = 3) -> str:
    """`rows` under `columns` as an HTML table in a scrolling box named `label` (for screen readers); every cell
    escaped; numbers (`cell_text`) right-aligned. `max_height` in px bounds the box (it scrolls beyond)."""
    rows = [tuple(row) for row in rows]
    _require_widths(columns, rows)
    height = f' style="max-height: {int(max_height)}px"' if max_height else ""
    numeric = [bool(rows) and all(_is_number(row[k]) for row in rows) for k in range(len(columns))]
    number = ' class="number"'
    head = "".join(f'<th scope="col"{number if numeric[k] else ""}>{escape(str(column))}</th>'
                   for k, column in enumerate(columns))
    body = "".join(
        "<tr>" + "".join(f"<td{number if _is_number(cell) else ''}>{escape(cell_text(cell, digits))}</td>"
                         for cell in row) + "</tr>"
        for row in rows)
    return (f'{_STYLE}<div class="data-table" role="region" tabindex="0" aria-label="{escape(label)}"{height}>'
            f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>")


def csv_text(columns: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """`rows` under `columns` as CSV text (numbers at full precision, None as an empty cell)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(["" if cell is None else cell for cell in row] for row in rows)
    return out.getvalue()


@dataclass(frozen=True)
class Table:
    """Named columns and rows of cells, shown with `html` and downloaded with `csv`."""

    columns: tuple[str, ...]
    rows: tuple[tuple, ...]

    def __post_init__(self):
        _require_widths(self.columns, self.rows)

    def column(self, name: str) -> list:
        k = self.columns.index(name)
        return [row[k] for row in self.rows]

    def row(self, first: object) -> dict:
        """The row whose first cell is `first`, as {column: cell}."""
        for row in self.rows:
            if row[0] == first:
                return dict(zip(self.columns, row))
        raise KeyError(first)

    def html(self, label: str, max_height: int | None = None, digits: int = 3) -> str:
        return html_table(self.columns, self.rows, label, max_height, digits)

    def csv(self) -> str:
        return csv_text(self.columns, self.rows)
