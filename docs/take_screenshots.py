"""Screenshots of pages at desktop (1280 px) and phone (390 px) width, for looking at what students see.

    .venv/bin/python -m streamlit run dashboard/streamlit_app.py --server.port 8700 &
    .venv/bin/python docs/take_screenshots.py http://localhost:8700 /tmp/shots            # every page
    .venv/bin/python docs/take_screenshots.py http://localhost:8700 /tmp/shots "rnn-vs-lstm?hidden=-5&hide=layers"
    .venv/bin/python docs/take_screenshots.py --print http://localhost:8700 docs why-lstm gates   # docs/handout-*.png

Uses Playwright's Python package with Debian's chromium (never `playwright install`). `--print` prints each page to
an A4 PDF as the browser's "Print… → Save as PDF" does and lays its sheets side by side in one PNG (poppler-utils'
pdftoppm draws them).
"""

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

from cluster.browser import CHROMIUM_ARGS

PAGES = ["why-lstm", "gates", "data-flow", "rnn-vs-lstm", "summary"]
WIDTHS = {"desktop": (1280, 2400), "phone": (390, 5200)}
SHEET_DPI, SHEETS_A_ROW, GAP_PX = 60, 3, 12


def wait_until_drawn(tab) -> None:
    """The page's run has finished (no status widget for a second) and every chart is drawn."""
    tab.get_by_text("Copy link to this view").wait_for(state="attached", timeout=60_000)     # the run began
    quiet, finished = 0, '[data-testid="stApp"][data-test-script-state="notRunning"]'
    while quiet < 4:
        busy = tab.locator(finished).count() == 0 or tab.locator('[data-testid="stStatusWidget"]').count() > 0
        quiet = 0 if busy else quiet + 1
        tab.wait_for_timeout(250)
    charts = tab.locator('[data-testid="stPlotlyChart"]')
    for index in range(charts.count()):
        charts.nth(index).locator(".main-svg").first.wait_for(timeout=60_000)


def main(base: str, out: str, paths: list[str]) -> None:
    Path(out).mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        for tag, (width, height) in WIDTHS.items():
            tab = browser.new_page(viewport={"width": width, "height": height})
            for path in paths:
                tab.goto(f"{base}/{path}")
                wait_until_drawn(tab)
                name = re.sub(r"[^A-Za-z0-9_-]+", "_", path) or "root"
                target = f"{out}/{name}-{tag}.png"
                tab.screenshot(path=target, full_page=True)
                print("saved", target)
        browser.close()


def handouts(base: str, out: str, paths: list[str]) -> None:
    """Each page printed to A4 at a 1280 px window, its sheets side by side (three a row) in out/handout-<page>.png."""
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as scratch:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        tab = browser.new_page(viewport={"width": 1280, "height": 1000})
        for path in paths:
            tab.goto(f"{base}/{path}")
            wait_until_drawn(tab)
            name = re.sub(r"[^A-Za-z0-9_-]+", "_", path) or "root"
            pdf = Path(scratch) / f"{name}.pdf"
            tab.pdf(path=str(pdf), format="A4", print_background=True)
            subprocess.run(["pdftoppm", "-png", "-r", str(SHEET_DPI), str(pdf), str(pdf.with_suffix(""))], check=True)
            sheets = [Image.open(sheet) for sheet in sorted(Path(scratch).glob(f"{name}-*.png"))]
            width, height = sheets[0].size
            rows = -(-len(sheets) // SHEETS_A_ROW)
            board = Image.new("RGB", (SHEETS_A_ROW * (width + GAP_PX) + GAP_PX, rows * (height + GAP_PX) + GAP_PX),
                              "#8A8A8A")
            for k, sheet in enumerate(sheets):
                board.paste(sheet, (GAP_PX + (k % SHEETS_A_ROW) * (width + GAP_PX),
                                    GAP_PX + (k // SHEETS_A_ROW) * (height + GAP_PX)))
            board.save(f"{out}/handout-{name}.png")
            print("saved", f"{out}/handout-{name}.png", f"({len(sheets)} sheets)")
        browser.close()


if __name__ == "__main__":
    printing = sys.argv[1:2] == ["--print"]
    args = sys.argv[2:] if printing else sys.argv[1:]
    if len(args) < 2:
        sys.exit("usage: take_screenshots.py [--print] BASE_URL OUT_DIR [page paths...]")
    (handouts if printing else main)(args[0], args[1], args[2:] or PAGES)
