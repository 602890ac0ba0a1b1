"""Click cost on the Gates and Data Flow pages, in Chromium, against a bare one-slider app timed in the same run.

    .venv/bin/python bench/gates_flow_clicks.py            # prints a table: control, median s, ratio to the floor

A click is timed from the control change (keyboard on a slider, a click on a radio or the heatmap) until Streamlit
reports `data-test-script-state="notRunning"` and the page's charts have stopped changing for QUIET seconds (the
quiet tail is not counted). "Play (token by token)" is timed until the animation's slider shows the last token.
Servers run on 127.0.0.1 at free ports and are stopped at the end. Timings are noisy on a shared machine: read the
ratios, and note `uptime` (printed).
"""

import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
REPEATS, QUIET = 4, 0.6
BARE_APP = """
import plotly.graph_objects as go
import streamlit as st
n = st.slider("n", 1, 50, 10)
st.plotly_chart(go.Figure(go.Bar(x=list(range(n)), y=list(range(n)))))
"""
# The page records when Streamlit's run state and any chart last changed (performance.now() clock).
OBSERVER = """() => {
  window.__marks = {state: [], chart: 0};
  const app = document.querySelector('[data-testid="stApp"]');
  new MutationObserver(() => window.__marks.state.push([performance.now(), app.getAttribute('data-test-script-state')]))
    .observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
  new MutationObserver(ms => { if (ms.some(m => m.target.closest && m.target.closest('[data-testid="stPlotlyChart"]')))
      window.__marks.chart = performance.now(); })
    .observe(document.body, {subtree: true, childList: true, attributes: true});
}"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(script):
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port),
                               "--server.address", "127.0.0.1", "--server.headless", "true",
                               "--browser.gatherUsageStats", "false"], cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(f"{url}/_stcore/health", timeout=2)
            return server, url
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise SystemExit(f"server for {script} did not start")


def idle(tab):
    tab.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=120_000)


def timed(tab, act):
    """Seconds from `act()` until the run finished and the charts were quiet for QUIET s."""
    tab.evaluate(OBSERVER)
    start = tab.evaluate("performance.now()")
    act()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        marks = tab.evaluate("window.__marks")
        now = tab.evaluate("performance.now()")
        states = marks["state"]
        finished = states and states[-1][1] == "notRunning"
        last = max([t for t, _ in states] + [marks["chart"], start])
        if finished and now - last > QUIET * 1000:
            return (last - start) / 1000
        time.sleep(0.05)
    print(f"  no finished run within 60 s: {tab.evaluate('window.__marks')}", file=sys.stderr)
    return float("nan")


def press_slider(tab, label, key):
    """Focus the slider labelled `label` (Streamlit's range input) and press `key`."""
    thumb = tab.locator(f'input[type="range"][aria-label^="{label}"]').first
    thumb.evaluate("e => e.closest('[data-testid=stSlider]').scrollIntoView({block: 'center'})")
    thumb.focus()
    tab.keyboard.press(key)


def measure(tab, url, name, act, reset=None):
    times = []
    for k in range(REPEATS):
        tab.goto(url)
        idle(tab)
        time.sleep(1.0)
        if reset:
            reset(tab)
        times.append(timed(tab, lambda: act(tab, k)))
    print(f"  {name}: {' '.join(f'{t:.2f}' for t in times)}", file=sys.stderr, flush=True)
    return name, statistics.median(times), times


def main():
    bare_file = tempfile.NamedTemporaryFile("w", suffix=".py", delete=False)
    bare_file.write(BARE_APP)
    bare_file.close()
    servers = []
    try:
        bare, bare_url = start(bare_file.name)
        servers.append(bare)
        app, app_url = start("dashboard/streamlit_app.py")
        servers.append(app)
        results = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
            tab = browser.new_page(viewport={"width": 1280, "height": 1600})
            for warm in (f"{app_url}/gates", f"{app_url}/data-flow", bare_url):       # first visits fill caches
                tab.goto(warm)
                idle(tab)

            def press(label):
                return lambda tab, k: press_slider(tab, label, "ArrowRight")

            results.append(measure(tab, bare_url, "bare app: slider (floor)", press("n")))
            results.append(measure(tab, f"{app_url}/gates", "Gates: cell size slider", press("Hidden size of this cell")))
            results.append(measure(tab, f"{app_url}/gates", "Gates: a weight slider", press("weight on h")))
            results.append(measure(tab, f"{app_url}/gates", "Gates: preset radio",
                                   lambda tab, k: tab.get_by_text("Forget everything").click()))
            results.append(measure(tab, f"{app_url}/gates", "Gates: units shown slider", press("Units shown")))
            results.append(measure(tab, f"{app_url}/data-flow", "Data Flow: token slider", press("Token to open up")))
            results.append(measure(tab, f"{app_url}/data-flow", "Data Flow: unit slider", press("Unit shown")))

            def click_heatmap(tab, k):
                heatmap = tab.locator('[data-testid="stPlotlyChart"]', has_text="for every token").first
                area = heatmap.locator("rect.nsewdrag").first
                area.scroll_into_view_if_needed()
                box = area.bounding_box()
                tab.mouse.click(box["x"] + box["width"] * (0.3 + 0.1 * k), box["y"] + box["height"] * 0.5)

            results.append(measure(tab, f"{app_url}/data-flow", "Data Flow: heatmap click", click_heatmap))
            results.append(measure(tab, f"{app_url}/data-flow", "Data Flow: quantity radio",
                                   lambda tab, k: tab.get_by_text("forget gate f", exact=False).first.click()))
            results.append(measure(tab, f"{app_url}/data-flow", "Data Flow: mode radio",
                                   lambda tab, k: tab.get_by_text("Token by token").first.click()))
            results.append(play_time(tab, f"{app_url}/data-flow?mode=time&token=1"))
            browser.close()
        floor = results[0][1]
        print(f"uptime: {os.popen('uptime').read().strip()}")
        print(f"{'control':40s} {'median s':>9s} {'x floor':>8s}  runs")
        for name, median, times in results:
            ratio = f"{median / floor:8.1f}" if times else "       -"
            print(f"{name:40s} {median:9.2f} {ratio}  {' '.join(f'{t:.2f}' for t in times)}")
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)
        os.unlink(bare_file.name)


def play_time(tab, url):
    """Seconds for Play to walk the whole sentence (played in the browser; the frame time sets it)."""
    tab.goto(url)
    idle(tab)
    chart = tab.locator('[data-testid="stPlotlyChart"]', has_text="Token by token").first
    chart.locator(".main-svg").first.wait_for()
    label = chart.locator("g.slider-container text.slider-label").first      # "Token N", the current value
    start = time.monotonic()
    chart.locator("g.updatemenu-button", has_text="Play").click()
    last_seen, previous = start, label.text_content()
    while time.monotonic() - last_seen < 5:
        now = label.text_content()
        if now != previous:
            previous, last_seen = now, time.monotonic()
        time.sleep(0.05)
    return f"Data Flow: Play to {previous}", last_seen - start, [last_seen - start]


if __name__ == "__main__":
    main()
