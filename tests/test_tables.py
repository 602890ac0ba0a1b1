"""The app's tables (dashboard/text/tables.py): every cell escaped, numbers printed and aligned as numbers, the
CSV exactly the values, and a box a keyboard and a screen reader can reach."""

import csv
import io
import math

import numpy as np
import pytest
from html_tables import _Cells

from dashboard.text.tables import Table, cell_text, csv_text, html_table


def parse(html):
    parser = _Cells()
    parser.feed(html)
    (rows, region), = parser.tables
    return rows, region


def test_cells_are_escaped_and_never_markup():
    rows, _ = parse(html_table(("word", "note"), [("<script>alert(1)</script>", "a & b | c")], "odd text"))
    assert rows == [("word", "note"), ("<script>alert(1)</script>", "a & b | c")]
    html = html_table(("w",), [("<b>x</b>",)], 'say "hi"')
    assert "<b>x</b>" not in html and "&lt;b&gt;x&lt;/b&gt;" in html and 'aria-label="say &quot;hi&quot;"' in html


@pytest.mark.parametrize("value,text", [
    (0.123456, "0.123"), (np.float32(-0.5), "-0.500"), (np.int64(12345), "12,345"), (7, "7"),
    (float("nan"), "–"), (math.inf, "–"), (None, "–"), (True, "True"), ("3", "3"),
])
def test_numbers_print_with_three_decimals_and_missing_ones_as_a_dash(value, text):
    assert cell_text(value) == text


def test_a_column_of_numbers_is_right_aligned_header_and_all():
    html = html_table(("token", "f", "mixed"), [("a", 0.5, 1), ("b", 0.25, "n/a")], "t")
    assert '<th scope="col">token</th><th scope="col" class="number">f</th><th scope="col">mixed</th>' in html
    assert '<td>a</td><td class="number">0.500</td><td class="number">1</td>' in html


def test_the_box_scrolls_takes_focus_and_is_named():
    _, region = parse(html_table(("a",), [(1,)], "Values per unit", max_height=300))
    assert region == {"class": "data-table", "role": "region", "tabindex": "0", "aria-label": "Values per unit",
                      "style": "max-height: 300px"}


def test_rows_must_fill_every_column():
    with pytest.raises(ValueError):
        Table(("a", "b"), ((1,),))
    with pytest.raises(ValueError):
        html_table(("a", "b"), [(1, 2, 3)], "t")


def test_csv_keeps_full_precision_and_reads_back():
    values = np.random.default_rng(0).normal(size=(4, 3))
    rows = [(f"w{t}", *row) for t, row in enumerate(values.tolist())] + [("end", None, 1, 2)]
    text = csv_text(("token", "x", "y", "z"), rows)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["token", "x", "y", "z"] and rows[-1] == ["end", "", "1", "2"]
    np.testing.assert_array_equal(np.array(rows[1:-1])[:, 1:].astype(float), values)


def test_a_table_finds_rows_and_columns():
    table = Table(("Aspect", "RNN"), (("Structure", "simple"), ("State", "one")))
    assert table.row("State") == {"Aspect": "State", "RNN": "one"}
    assert table.column("RNN") == ["simple", "one"]
    with pytest.raises(KeyError):
        table.row("Speed")
