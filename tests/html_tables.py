"""Read back the tables a page shows (`dashboard.text.tables`, sent with st.html) from an AppTest run."""

from html.parser import HTMLParser

from dashboard.text.tables import Table


class _Cells(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables, self.row, self.cell, self.region = [], None, None, []

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append(([], dict(self.region)))
        elif tag == "div" and ("class", "data-table") in attrs:
            self.region = attrs
        elif tag == "tr":
            self.row = []
        elif tag in ("th", "td"):
            self.cell = ""

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self.row is not None:
            self.row.append(self.cell)
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.tables[-1][0].append(tuple(self.row))
            self.row = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


def html_tables(at) -> list[tuple[Table, dict]]:
    """Every table on the page in order, its cells as the text shown, with its box's attributes (aria-label...)."""
    found = []
    for element in at.get("html"):
        parser = _Cells()
        parser.feed(element.proto.body)
        found += [(Table(rows[0], tuple(rows[1:])), region) for rows, region in parser.tables if rows]
    return found


def shown_tables(at) -> list[Table]:
    return [table for table, _ in html_tables(at)]
