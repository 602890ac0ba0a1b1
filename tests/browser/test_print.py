"""A printable handout: each page printed to PDF by Chromium (as "Print… → Save as PDF" does) has its charts drawn,
leaves the sidebar and the controls out, and cuts nothing at the paper's edge. The PDF's pages are read back as text
(pdftotext) and as pictures (pdftoppm, Debian's poppler-utils)."""

import os
import shutil
import subprocess

import pytest
from PIL import Image

# page -> (its title, a control label that must not be printed, a chart title that must be)
PAGES = {
    "why-lstm": ("Why LSTM? The problem with RNNs", "Words in between", "What each model answers for the blank"),
    "gates": ("Gates", "Hidden size of this cell", "The LSTM cell with your numbers"),
    "data-flow": ("Data Flow", "Token to open up", "every word and unit"),
    "rnn-vs-lstm": ("RNN vs LSTM", "Count as", "Parameters by weight group"),
    "summary": ("LSTM Summary", "Type a whole number", None),
}
A4_MARGIN_MM, DPI = 12, 50
SIDEBAR = "Copy link to this view"
# True once the charts' sizes and titles have stayed the same for one polling interval (a busy machine may still be
# laying the page out after its run finished).
STILL_CHARTS = """() => {
  const now = JSON.stringify([...document.querySelectorAll('.js-plotly-plot')].map(
    gd => [gd.offsetWidth, gd.offsetHeight, gd.querySelectorAll('.gtitle').length]));
  const same = window.__chartsBefore === now;
  window.__chartsBefore = now;
  return same;
}"""
INK = 200          # a pixel darker than this in any channel is ink, not paper


def _poppler():
    if shutil.which("pdftoppm") is None or shutil.which("pdftotext") is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("pdftoppm/pdftotext missing (apt-get install poppler-utils)")
        pytest.skip("pdftoppm/pdftotext missing: apt-get install poppler-utils")


def printed(tab, tmp_path, name):
    """The page printed to A4 PDF: (its text, one RGB picture per sheet)."""
    pdf = tmp_path / f"{name}.pdf"
    tab.pdf(path=str(pdf), format="A4", print_background=True)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    subprocess.run(["pdftoppm", "-png", "-r", str(DPI), str(pdf), str(tmp_path / name)], check=True)
    sheets = sorted(tmp_path.glob(f"{name}-*.png"))
    return text, [Image.open(sheet).convert("RGB") for sheet in sheets]


def inked_columns(sheet) -> set[int]:
    """x of every column of pixels with ink in it."""
    width, height = sheet.size
    pixels = sheet.load()
    return {x for x in range(width) for y in range(0, height, 2) if min(pixels[x, y]) < INK}


def coloured_pixels(sheets) -> int:
    """Pixels of a strong colour: on these pages only the charts draw any (text is black or grey, the paper white)."""
    return sum(max(pixel) - min(pixel) > 80 for sheet in sheets for pixel in sheet.get_flattened_data())


@pytest.mark.parametrize("path", list(PAGES))
def test_each_page_prints_its_charts_without_the_sidebar_or_controls_and_nothing_cut(page, app_url, wait_until_idle,
                                                                                    wait_for_charts, tmp_path, path):
    _poppler()
    title, control, chart = PAGES[path]
    page.goto(f"{app_url}/{path}")
    wait_until_idle(page)
    page.locator("script.print-fit").wait_for(state="attached")
    wait_for_charts(page, 1 if chart else 0)
    page.wait_for_function(STILL_CHARTS, polling=500)            # a chart redrawn while printing is blank on paper
    text, sheets = printed(page, tmp_path, path)
    words = " ".join(text.split())
    assert title in words
    assert SIDEBAR not in words and control not in words
    assert "Predict:" in words                                  # the page's question prints as a worksheet
    if chart:
        assert chart in words                                       # the chart's own title, drawn in its SVG
        assert coloured_pixels(sheets) > 1000                   # a blank chart leaves none
    margin = round(A4_MARGIN_MM / 25.4 * DPI) - 2                   # the @page margin, less rounding
    for number, sheet in enumerate(sheets, start=1):
        inked = inked_columns(sheet)
        assert not {x for x in inked if x < margin or x >= sheet.width - margin}, \
            f"sheet {number} of /{path} has ink in its side margins: something runs off the paper"
