"""Click cost on the Gates and Data Flow pages, in Chromium, against a bare one-slider app timed in the same run.

    .venv/bin/python bench/gates_flow_clicks.py            # prints a table: control, median s, ratio to the floor
    git archive OLD | tar -x -C /tmp/old && .venv/bin/python bench/gates_flow_clicks.py --before /tmp/old

A click is timed from the control change (keyboard on a slider, a click on a radio or the heatmap) until Streamlit
reports `data-test-script-state="notRunning"` and the page's charts have stopped changing for QUIET seconds (the
quiet tail is not counted). "Play (token by token)" is timed until the animation's slider shows the last token.
Servers run on 127.0.0.1 at free ports and are stopped at the end. Timings are noisy on a shared machine: read the
ratios, and note `uptime` (printed).
"""

import argparse
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


def start(script, cwd=ROOT):
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port),
                               "--server.address", "127.0.0.1", "--server.headless", "true",
                               "--browser.gatherUsageStats", "false"], cwd=cwd,
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


def settle(tab, seconds=1.0, limit=60):
    """Wait until the page has drawn everything: no chart changed for `seconds` (a loaded machine draws slowly)."""
    tab.evaluate(OBSERVER)
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if tab.evaluate(f"performance.now() - window.__marks.chart > {seconds * 1000}"):
            return
        time.sleep(0.1)


def measure(tab, urls, name, act):
    """Median click time of `act` on each of `urls` (one per server), the servers taking turns every repeat."""
    times = {url: [] for url in urls}
    for k in range(REPEATS):
        for url in urls:
            tab.goto(url)
            idle(tab)
            settle(tab)
            times[url].append(timed(tab, lambda: act(tab, k)))
    for url in urls:
        print(f"  {name} [{url}]: {' '.join(f'{t:.2f}' for t in times[url])}", file=sys.stderr, flush=True)
    return name, [(statistics.median(times[url]), times[url]) for url in urls]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", type=Path, help="another checkout of the app (e.g. `git archive` of an older "
                                                    "commit) measured in the same run, taking turns with this one")
    args = parser.parse_args()
    bare_file = tempfile.NamedTemporaryFile("w", suffix=".py", delete=False)
    bare_file.write(BARE_APP)
    bare_file.close()
    servers, apps = [], {}
    try:
        bare, bare_url = start(bare_file.name)
        servers.append(bare)
        for tag, root in (("before", args.before), ("this", ROOT)):
            if root is not None:
                server, url = start("dashboard/streamlit_app.py", cwd=root)
                servers.append(server)
                apps[tag] = url
        tags = list(apps)
        rows = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
            tab = browser.new_page(viewport={"width": 1280, "height": 1600})
            for url in [*(f"{u}/{p}" for u in apps.values() for p in ("gates", "data-flow")), bare_url]:
                tab.goto(url)                                   # first visits fill the caches
                idle(tab)

            def press(label):
                return lambda tab, k: press_slider(tab, label, "ArrowRight")

            def click_heatmap(tab, k):
                heatmap = tab.locator('[data-testid="stPlotlyChart"]').last            # below the animation
                area = heatmap.locator("rect.nsewdrag").first
                area.scroll_into_view_if_needed()
                box = area.bounding_box()
                tab.mouse.click(box["x"] + box["width"] * (0.3 + 0.1 * k), box["y"] + box["height"] * 0.5)

            floor = measure(tab, [bare_url], "bare app: slider (floor)", press("n"))[1][0][0]
            controls = (
                ("gates", "Gates: cell size slider", press("Hidden size of this cell")),
                ("gates", "Gates: a weight slider", press("weight on h")),
                ("gates", "Gates: preset radio", lambda tab, k: tab.get_by_text("Forget everything").click()),
                ("gates", "Gates: units shown slider", press("Units shown")),
                ("data-flow", "Data Flow: token slider", press("Token to open up")),
                ("data-flow", "Data Flow: unit slider", press("Unit shown")),
                ("data-flow", "Data Flow: heatmap click", click_heatmap),
                ("data-flow", "Data Flow: quantity radio",
                 lambda tab, k: tab.get_by_text("forget gate f", exact=False).first.click()),
                ("data-flow", "Data Flow: mode radio", lambda tab, k: tab.get_by_text("Token by token").first.click()),
            )
            for path, name, act in controls:
                rows.append(measure(tab, [f"{apps[tag]}/{path}" for tag in tags], name, act))
            plays = [play_time(tab, f"{apps[tag]}/data-flow?mode=time&token=1") for tag in tags]
            browser.close()
        print(f"uptime: {os.popen('uptime').read().strip()}")
        print(f"floor (bare one-slider app): {floor:.2f} s")
        print(f"{'control':32s} " + " ".join(f"{tag + ' s':>9s} {tag + ' ×floor':>12s}" for tag in tags))
        for name, cells in rows:
            print(f"{name:32s} " + " ".join(f"{median:9.2f} {median / floor:12.1f}" for median, _ in cells))
        print(f"{'Data Flow: Play, whole sentence':32s} " + " ".join(f"{p:9.1f} {'':>12s}" for p in plays))
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
    return last_seen - start


if __name__ == "__main__":
    main()
