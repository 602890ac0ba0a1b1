"""Click cost of the controls on every page, in Chromium, against a bare one-slider app timed in the same run.

    .venv/bin/python bench/control_clicks.py               # prints a table: control, median s, ratio to the floor
    .venv/bin/python bench/control_clicks.py --page gates  # only the controls of pages whose path contains this
    git archive OLD | tar -x -C /tmp/old && .venv/bin/python bench/control_clicks.py --before /tmp/old

A click is timed from the control change (keyboard on a slider, a click on a radio or the heatmap) until Streamlit
reports `data-test-script-state="notRunning"` (a fragment's rerun may not touch it) and the page's charts have
stopped changing for QUIET seconds (the quiet tail is not counted). With it, the CPU seconds the click cost: the
server process's (from /proc) and the tab's main thread (Chrome's TaskDuration), which a loaded machine disturbs
far less than the wall time. "Play (token by token)" is timed until the animation's slider shows the last token.
Servers run on 127.0.0.1 at free ports and are stopped at the end. Timings are noisy on a shared machine: read the
ratios, and note `uptime` (printed).
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from cluster.browser import CHROMIUM_ARGS
from cluster.processes import proc_usage
from cluster.replicas import free_port, wait_healthy

ROOT = Path(__file__).resolve().parents[1]

REPEATS, QUIET = 3, 0.6
PAGES = ("why-lstm", "gates", "data-flow", "rnn-vs-lstm", "summary")
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


def start(script, cwd=ROOT):
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port),
                               "--server.address", "127.0.0.1", "--server.headless", "true",
                               "--browser.gatherUsageStats", "false"], cwd=cwd,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, 90, server)
    except (RuntimeError, TimeoutError):
        server.kill()
        raise SystemExit(f"server for {script} did not start") from None
    return server, url


def idle(tab):
    tab.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=120_000)


SERVER_PIDS: dict[str, int] = {}          # base URL -> the Streamlit server's process id


def server_cpu(url):
    """CPU seconds the server of `url` has used so far (user + system, from /proc)."""
    return proc_usage([SERVER_PIDS["/".join(url.split("/", 3)[:3])]])[1]


def browser_cpu(cdp):
    """Main-thread task seconds of the tab so far (Chrome's Performance.TaskDuration)."""
    return next(m["value"] for m in cdp.send("Performance.getMetrics")["metrics"] if m["name"] == "TaskDuration")


def timed(tab, cdp, url, act):
    """(wall, server CPU, browser CPU) seconds from `act()` until the run finished and the charts were quiet for
    QUIET s. On a loaded machine the wall time swings; the CPU seconds say what one click costs."""
    tab.evaluate(OBSERVER)
    start = tab.evaluate("performance.now()")
    cpu0, task0 = server_cpu(url), browser_cpu(cdp)
    act()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        marks = tab.evaluate("window.__marks")
        now = tab.evaluate("performance.now()")
        states = marks["state"]
        # A fragment's rerun may leave the app's script state alone: then the redrawn chart says it is done.
        changed = bool(states) or marks["chart"] > start
        finished = not states or states[-1][1] == "notRunning"
        last = max([t for t, _ in states] + [marks["chart"], start])
        if changed and finished and now - last > QUIET * 1000:
            return (last - start) / 1000, server_cpu(url) - cpu0, browser_cpu(cdp) - task0
        if not changed and now - start > 15_000:
            break
        time.sleep(0.05)
    print(f"  nothing finished: {tab.evaluate('window.__marks')}", file=sys.stderr)
    return (float("nan"),) * 3


def press_slider(tab, label, key):
    """Focus the slider labelled `label` (Streamlit's range input) and press `key`."""
    thumb = tab.locator(f'input[type="range"][aria-label^="{label}"]').first
    thumb.evaluate("e => e.closest('[data-testid=stSlider]').scrollIntoView({block: 'center'})")
    thumb.focus()
    tab.keyboard.press(key)


def settle(tab, cdp, seconds=1.0, limit=60):
    """Wait until the page has drawn everything: no chart changed for `seconds` and the tab's main thread was
    busy for less than a tenth of the last second (a loaded machine draws a page slowly)."""
    tab.evaluate(OBSERVER)
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        busy = browser_cpu(cdp)
        time.sleep(1.0)
        quiet = tab.evaluate(f"performance.now() - window.__marks.chart > {seconds * 1000}")
        if quiet and browser_cpu(cdp) - busy < 0.1:
            return


def measure(tab, cdp, urls, name, act):
    """Medians of (wall, server CPU, browser CPU) for `act` on each of `urls`, the servers taking turns."""
    runs = {url: [] for url in urls}
    for k in range(REPEATS):
        for url in urls:
            tab.goto(url)
            idle(tab)
            settle(tab, cdp)
            runs[url].append(timed(tab, cdp, url, lambda k=k: act(tab, k)))
    for url in urls:
        print(f"  {name} [{url}]: " + "  ".join("%.2f/%.2f/%.2f" % run for run in runs[url]), file=sys.stderr,
              flush=True)
    kept = {url: [run for run in runs[url] if run[0] == run[0]] or [(float("nan"),) * 3] for url in urls}
    return name, [tuple(statistics.median(column) for column in zip(*kept[url])) for url in urls]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", type=Path, help="another checkout of the app (e.g. `git archive` of an older "
                                                    "commit) measured in the same run, taking turns with this one")
    parser.add_argument("--page", action="append", help="only the controls of pages whose path contains this")
    args = parser.parse_args()
    bare_file = tempfile.NamedTemporaryFile("w", suffix=".py", delete=False)
    bare_file.write(BARE_APP)
    bare_file.close()
    servers, apps = [], {}
    try:
        bare, bare_url = start(bare_file.name)
        servers.append(bare)
        SERVER_PIDS[bare_url] = bare.pid
        for tag, root in (("before", args.before), ("this", ROOT)):
            if root is not None:
                server, url = start("dashboard/streamlit_app.py", cwd=root)
                servers.append(server)
                SERVER_PIDS[url] = server.pid
                apps[tag] = url
        tags = list(apps)
        rows = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
            tab = browser.new_page(viewport={"width": 1280, "height": 1600})
            cdp = tab.context.new_cdp_session(tab)
            cdp.send("Performance.enable")
            for url in [*(f"{u}/{p}" for u in apps.values() for p in PAGES), bare_url]:
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

            def click(text):
                return lambda tab, k: tab.get_by_text(text, exact=True).first.click()

            floor = measure(tab, cdp, [bare_url], "bare app: slider (floor)", press("n"))[1][0]
            controls = (
                ("why-lstm", "Why LSTM: gap slider", press("Words in between")),
                ("why-lstm", "Why LSTM: training run radio", click("Best")),
                ("why-lstm", "Why LSTM: gradient chart toggle",
                 click("Show how much training signal reaches the country")),
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
                ("rnn-vs-lstm", "RNN vs LSTM: hidden size slider", press("Hidden size")),
                ("rnn-vs-lstm", "RNN vs LSTM: layers slider", press("Layers")),
                ("rnn-vs-lstm", "RNN vs LSTM: log scale toggle", click("Log scale")),
                ("summary", "Summary: hidden size slider", press("Hidden size")),
            )
            controls = [c for c in controls if not args.page or any(p in c[0] for p in args.page)]
            for path, name, act in controls:
                rows.append(measure(tab, cdp, [f"{apps[tag]}/{path}" for tag in tags], name, act))
            plays = ([play_time(tab, f"{apps[tag]}/data-flow?mode=time&token=1") for tag in tags]
                     if not args.page or any("data-flow" in p for p in args.page) else [])
            browser.close()
        print(f"uptime: {os.popen('uptime').read().strip()}")
        print("per click, median of %d: wall s (x floor) | server CPU s | browser main-thread s" % REPEATS)
        print(f"{'bare one-slider app (floor)':32s} {floor[0]:6.2f} (x1.0) | {floor[1]:5.2f} | {floor[2]:5.2f}")
        print(f"{'control':32s} " + "   ".join(f"{tag:>29s}" for tag in tags))
        for name, cells in rows:
            print(f"{name:32s} " + "   ".join(f"{w:6.2f} (x{w / floor[0]:4.1f}) | {c:5.2f} | {b:5.2f}"
                                             for w, c, b in cells))
        if plays:
            print(f"{'Data Flow: Play, whole sentence':32s} " + "   ".join(f"{p:6.1f} s{'':>21s}" for p in plays))
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
