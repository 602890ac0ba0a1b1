"""Browser-test fixtures: the real Streamlit server on a free port, and Debian's chromium driven by Playwright.

Outside CI a missing chromium or Playwright skips these tests with the reason; in CI (CI=true) it fails them,
because CI must exercise the browser. `make test` installs chromium with apt-get when it runs as root.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from cluster.browser import CHROMIUM_ARGS
from cluster.replicas import free_port, wait_healthy  # the port and health checks `make serve` uses

ROOT = Path(__file__).resolve().parents[2]

STARTUP_SECONDS = 90


def _unavailable(reason: str):
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: browser tests must run, not skip)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def app_url():
    """Start `streamlit run dashboard/streamlit_app.py` from the repo root; yield its base URL; stop it."""
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    log = tempfile.NamedTemporaryFile("w+", prefix="streamlit-", suffix=".log", delete=False)
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard/streamlit_app.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    try:
        try:
            wait_healthy(base_url, STARTUP_SECONDS, server)
        except (RuntimeError, TimeoutError):
            log.seek(0)
            pytest.fail(f"streamlit did not become healthy on port {port}:\n{log.read()[-3000:]}")
        yield base_url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()
        os.unlink(log.name)


@pytest.fixture(scope="session")
def browser():
    """Headless Debian chromium (never a Playwright-downloaded browser)."""
    executable = shutil.which("chromium")
    if executable is None:
        _unavailable("chromium not found: install Debian's chromium (`apt-get install chromium`, "
                     "or run `make test` as root)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is missing: pip install -r requirements-dev.txt")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


PHONE = {"width": 390, "height": 844}        # an iPhone 12-14 screen in CSS pixels
DESKTOP = {"width": 1280, "height": 1000}
TIMEOUT_MS = 45_000


def _tab(browser, **context_options):
    context = browser.new_context(**context_options)
    tab = context.new_page()
    tab.set_default_timeout(TIMEOUT_MS)
    yield tab
    context.close()


class _Kept:
    """One tab kept for a whole test run, so that a test's first page load finds Streamlit's and Plotly's scripts
    already compiled (a fresh tab spends about twice as long parsing them on a busy 2-core machine)."""

    def __init__(self, browser, **context_options):
        self.options = context_options
        self.context = browser.new_context(**context_options)
        self.tab = self.context.new_page()

    def lend(self):
        """The tab as a fresh visitor would meet it: blank, at its size and timeout, nothing granted, and focused
        (the clipboard answers only a focused page, and a test's other tabs take the focus)."""
        self.tab.bring_to_front()
        self.tab.set_default_timeout(TIMEOUT_MS)
        self.tab.set_viewport_size(self.options["viewport"])
        return self.tab

    def take_back(self) -> None:
        """Forget what the test left: the app's storage (the theme Streamlit remembers), permissions, cookies."""
        if self.tab.url.startswith("http"):
            self.tab.evaluate("() => { localStorage.clear(); sessionStorage.clear(); }")
        self.tab.goto("about:blank")
        self.context.clear_permissions()
        self.context.clear_cookies()


@pytest.fixture(scope="session")
def kept_tabs(browser):
    tabs = {"page": _Kept(browser, viewport=DESKTOP),
            "phone": _Kept(browser, viewport=PHONE, is_mobile=True, has_touch=True)}
    yield tabs
    for kept in tabs.values():
        kept.context.close()


def _lent(kept: _Kept):
    tab = kept.lend()
    yield tab
    kept.take_back()


@pytest.fixture
def page(kept_tabs):
    """A desktop-sized tab (1280 px wide), blank, with nothing left from an earlier test but compiled scripts.
    A test that listens to the tab's events, or needs a first visit's requests, takes `fresh_page`."""
    yield from _lent(kept_tabs["page"])


@pytest.fixture
def phone(kept_tabs):
    """A phone tab: 390 x 844 px, mobile, touch (kept like `page`)."""
    yield from _lent(kept_tabs["phone"])


@pytest.fixture
def fresh_page(browser):
    """A desktop-sized tab in a new browser context: a first visit, with nothing cached or listened to."""
    yield from _tab(browser, viewport=DESKTOP)


@pytest.fixture(scope="session")
def wait_until_idle():
    """A function that waits until the app has finished its script run and drawn the result.

    The entry file draws "Copy link to this view" on every page. Streamlit marks its app root with the script's
    state (`data-test-script-state`: initial, running, then notRunning) and shows its status widget while a run is
    going on (after a short delay), so: wait for that box, then for a finished run with no status widget for a
    second. The status widget alone is not enough: a slow first run can finish its quiet second before the widget
    shows up.
    """

    finished = '[data-testid="stApp"][data-test-script-state="notRunning"]'

    def wait(tab) -> None:
        tab.get_by_text("Copy link to this view").wait_for(state="attached")    # attached: phones fold the sidebar
        quiet_polls, deadline = 0, time.monotonic() + 60
        while quiet_polls < 4:
            if time.monotonic() > deadline:
                raise AssertionError("the app was still running after 60 s")
            running = (tab.locator(finished).count() == 0
                       or tab.locator('[data-testid="stStatusWidget"]').count() > 0)
            quiet_polls = 0 if running else quiet_polls + 1
            tab.wait_for_timeout(250)

    return wait


@pytest.fixture(scope="session")
def wait_for_charts():
    """A function that waits until `tab` (a page or a frame) shows at least `expected` Plotly charts and every chart
    there has drawn. Streamlit loads its chart component lazily, so a finished run may not show a chart yet."""

    def wait(tab, expected: int = 1) -> None:
        if expected:
            tab.locator(".js-plotly-plot").nth(expected - 1).wait_for()
        charts = tab.locator('[data-testid="stPlotlyChart"]')
        for index in range(charts.count()):
            charts.nth(index).locator(".main-svg").first.wait_for()

    return wait


@pytest.fixture(scope="session")
def copied_link():
    """A function: open "Copy link to this view" (if closed), press its Copy button and return the clipboard,
    checking that the field shows the same link."""

    def copy(tab) -> str:
        field = tab.get_by_label("Link to this view")
        if not field.is_visible():
            tab.get_by_text("Copy link to this view").click()
        tab.context.grant_permissions(["clipboard-read", "clipboard-write"])
        tab.get_by_role("button", name="Copy link").click()
        tab.get_by_role("status").filter(has_text="Copied.").wait_for()
        copied = tab.evaluate("navigator.clipboard.readText()")
        assert copied == field.input_value()
        return copied

    return copy
