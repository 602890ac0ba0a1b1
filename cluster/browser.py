"""Debian's Chromium, driven by Playwright's Python package, as the browser tests and benchmarks start it
(never `playwright install`, which downloads a browser of its own)."""

from __future__ import annotations

import shutil

# Headless as root on a machine with no network: no sandbox, no GPU, no background or component traffic.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


def chromium_path() -> str | None:
    return shutil.which("chromium")


def launch(playwright, **options):
    """playwright.chromium.launch of Debian's Chromium with CHROMIUM_ARGS."""
    return playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, **options)
