"""Screenshots of pages at desktop (1280 px) and phone (390 px) width, for looking at what students see.

    .venv/bin/python -m streamlit run dashboard/streamlit_app.py --server.port 8700 &
    .venv/bin/python docs/take_screenshots.py http://localhost:8700 /tmp/shots            # every page
    .venv/bin/python docs/take_screenshots.py http://localhost:8700 /tmp/shots "rnn-vs-lstm?hidden=-5&hide=layers"

Uses Playwright's Python package with Debian's chromium (never `playwright install`).
"""

import re
import shutil
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from cluster.browser import CHROMIUM_ARGS
PAGES = ["why-lstm", "gates", "data-flow", "rnn-vs-lstm", "summary"]
WIDTHS = {"desktop": (1280, 2400), "phone": (390, 5200)}


def main(base: str, out: str, paths: list[str]) -> None:
    Path(out).mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        for tag, (width, height) in WIDTHS.items():
            tab = browser.new_page(viewport={"width": width, "height": height})
            for path in paths:
                tab.goto(f"{base}/{path}")
                tab.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=60_000)
                time.sleep(2.5)                                  # let Plotly finish drawing
                name = re.sub(r"[^A-Za-z0-9_-]+", "_", path) or "root"
                target = f"{out}/{name}-{tag}.png"
                tab.screenshot(path=target, full_page=True)
                print("saved", target)
        browser.close()


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit("usage: take_screenshots.py BASE_URL OUT_DIR [page paths...]")
    main(sys.argv[1], sys.argv[2], sys.argv[3:] or PAGES)
