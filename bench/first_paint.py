"""Time to first chart in Chromium, per page, cold and warm, against a bare one-chart Streamlit page (the floor).

    python bench/first_paint.py [--repeats 3] [--page gates] [--json] [--budget 1200]

For every page and repeat: start a fresh server (`streamlit run dashboard/streamlit_app.py` on 127.0.0.1 at a
random port), wait until it is healthy, open the page in a new browser context (cold: the first visit after the
server started, nothing cached in the server or the browser), then open it again in a new tab of that context
(warm: the second visit). The floor is a one-chart app (title + one st.plotly_chart) served the same way by its own
server, in the same run, interleaved with the pages. In the page, from navigation start (performance.now()):

  chart  the first Plotly chart is drawn: a `.js-plotly-plot` holding its SVG or canvas;
  done   Streamlit marks the run finished: `data-test-script-state="notRunning"` on the app root.

Medians over the repeats; ratio = page median / floor median of the same kind (cold to cold, warm to warm). The
spread follows: every repeat's time against the floor's of the same repeat, and how many are over the target.
Target: every page within 1.5x of the floor. Prints `uptime` before and after: timings on a shared machine are
noisy, read the ratios. Servers and the browser are stopped at the end; the whole run is bounded by --budget s.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cluster.browser import CHROMIUM_ARGS
from cluster.replicas import free_port, wait_healthy

ROOT = Path(__file__).resolve().parents[1]

APP = ROOT / "dashboard" / "streamlit_app.py"
PAGES = ["why-lstm", "gates", "data-flow", "rnn-vs-lstm", "summary"]
NO_CHART = {"summary"}              # a page without a Plotly chart is timed by its finished run only
TARGET_RATIO = 1.5
STARTUP_SECONDS = 90
VISIT_SECONDS = 90
FLOOR_APP = '''import plotly.graph_objects as go
import streamlit as st

st.set_page_config(page_title="floor", layout="wide")
st.title("One chart")
st.plotly_chart(go.Figure(go.Scatter(x=[0, 1, 2, 3], y=[0, 1, 0, 1]), layout=dict(title="floor")))
'''
# Runs in every document before the app's own scripts: timestamps relative to navigation start.
MARKS_JS = """(() => {
  const marks = window.__firstPaint = {chart: null, done: null};
  const check = () => {
    const now = performance.now();
    if (marks.chart === null && document.querySelector('.js-plotly-plot .main-svg, .js-plotly-plot canvas')) {
      marks.chart = now;
    }
    const app = document.querySelector('[data-testid="stApp"]');
    if (marks.done === null && app && app.getAttribute('data-test-script-state') === 'notRunning') marks.done = now;
  };
  new MutationObserver(check).observe(document, {subtree: true, childList: true, attributes: true,
                                                 attributeFilter: ['data-test-script-state']});
})();"""


def load() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


class Server:
    """`streamlit run script` on 127.0.0.1 at a free port, from the repository root (so .streamlit/config.toml
    applies to the floor too); stopped on exit."""

    def __init__(self, script: Path):
        self.script = script

    def __enter__(self) -> str:
        port = free_port()
        self.log = tempfile.TemporaryFile("w+")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(self.script), "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none"],
            cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT)
        base_url = f"http://127.0.0.1:{port}"
        try:
            wait_healthy(base_url, STARTUP_SECONDS, self.process)
        except (RuntimeError, TimeoutError) as error:
            self.__exit__()
            raise RuntimeError(f"{self.script.name} did not start on port {port}") from error
        return base_url

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def visit(context, url: str, chart: bool) -> dict:
    """Open url in a new tab of context; ms from navigation start to the first chart and to the finished run."""
    tab = context.new_page()
    try:
        tab.goto(url, wait_until="commit", timeout=VISIT_SECONDS * 1000)
        tab.wait_for_function(f"window.__firstPaint && window.__firstPaint.done !== null "
                              f"&& {'window.__firstPaint.chart !== null' if chart else 'true'}",
                              timeout=VISIT_SECONDS * 1000, polling=50)
        return tab.evaluate("({chart: window.__firstPaint.chart, done: window.__firstPaint.done})")
    finally:
        tab.close()


def measure_once(browser, script: Path, path: str) -> dict:
    """One fresh server: a cold visit in a new context, then a warm second visit."""
    with Server(script) as base_url:
        context = browser.new_context(viewport={"width": 1280, "height": 1000})
        context.add_init_script(MARKS_JS)
        try:
            cold = visit(context, f"{base_url}/{path}", path not in NO_CHART)
            warm = visit(context, f"{base_url}/{path}", path not in NO_CHART)
        finally:
            context.close()
    return {"cold_chart": cold["chart"], "cold_done": cold["done"],
            "warm_chart": warm["chart"], "warm_done": warm["done"]}


def measure(pages: list[str], repeats: int, budget: float) -> tuple[dict, int]:
    """{name: {measure: [ms per repeat]}} for "floor" and every page, interleaved; and the repeats completed."""
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    if executable is None:
        raise SystemExit("chromium not found: apt-get install chromium")
    samples: dict[str, dict[str, list[float]]] = {}
    deadline = time.monotonic() + budget
    done = 0
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        floor = Path(folder) / "floor_app.py"
        floor.write_text(FLOOR_APP)
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            for repeat in range(repeats):
                for name, script, path in [("floor", floor, ""), *[(page, APP, page) for page in pages]]:
                    if time.monotonic() > deadline:
                        print(f"budget of {budget:.0f} s used up during repeat {repeat + 1}", file=sys.stderr)
                        return samples, done
                    times = measure_once(browser, script, path)
                    for key, value in times.items():
                        samples.setdefault(name, {}).setdefault(key, []).append(value)
                    print(f"  repeat {repeat + 1} {name:<12} "
                          + "  ".join(f"{k} {'-' if v is None else round(v):>6}" for k, v in times.items()),
                          file=sys.stderr)
                done += 1
        finally:
            browser.close()
    return samples, done


def summarise(samples: dict) -> list[dict]:
    floor = {key: statistics.median(values) for key, values in samples["floor"].items()}
    rows = []
    for name, measures in samples.items():
        row = {"page": name, "n": len(measures["cold_done"])}
        for key, samples_of_key in measures.items():
            values = [value for value in samples_of_key if value is not None]
            row[f"{key}_ms"] = statistics.median(values) if values else None
            row[f"{key}_ratio"] = row[f"{key}_ms"] / floor[key] if values else None
            # the spread: each repeat against the floor's server of the same repeat (they ran one after the other)
            row[f"{key}_each"] = [None if value is None or not base else value / base
                                  for value, base in zip(samples_of_key, samples["floor"][key])]
        judged = ("cold_done", "warm_done") if name in NO_CHART else ("cold_chart", "warm_chart")
        row["judged"] = judged
        row["ok"] = None if name == "floor" else all(row[f"{key}_ratio"] <= TARGET_RATIO for key in judged)
        rows.append(row)
    return rows


def print_table(rows: list[dict]) -> None:
    print(f"{'page':<12} {'n':>2}  {'cold chart':>15} {'cold done':>15} {'warm chart':>15} {'warm done':>15}  "
          f"target: chart (or done, without a chart) <= {TARGET_RATIO}x floor")
    for row in rows:
        cells = ["no chart" if row[key + "_ms"] is None else f"{row[key + '_ms']:6.0f} ms {row[key + '_ratio']:4.2f}x"
                 for key in ("cold_chart", "cold_done", "warm_chart", "warm_done")]
        verdict = "" if row["ok"] is None else ("ok" if row["ok"] else "OVER")
        print(f"{row['page']:<12} {row['n']:>2}  {' '.join(f'{cell:>15}' for cell in cells)}  {verdict}")
    print("each repeat against its own floor (chart, or done without a chart):")
    for row in rows:
        if row["ok"] is None:
            continue
        parts = []
        for key in row["judged"]:
            each = [ratio for ratio in row[f"{key}_each"] if ratio is not None]
            over = sum(ratio > TARGET_RATIO for ratio in each)
            parts.append(f"{key.split('_')[0]} " + " ".join(f"{ratio:.2f}" for ratio in each)
                         + f" ({over} of {len(each)} over)")
        print(f"  {row['page']:<12} " + " | ".join(parts))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=3, help="fresh servers per page (medians are reported)")
    parser.add_argument("--page", action="append", help="only pages whose path contains this")
    parser.add_argument("--budget", type=float, default=1200, help="stop starting new measurements after this many s")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON instead of a table")
    args = parser.parse_args(argv)
    pages = [page for page in PAGES if not args.page or any(name in page for name in args.page)]
    print(f"load before: {load()}", file=sys.stderr)
    samples, repeats = measure(pages, args.repeats, args.budget)
    print(f"load after:  {load()}", file=sys.stderr)
    if "floor" not in samples:
        print("nothing measured", file=sys.stderr)
        return 2
    rows = summarise(samples)
    if args.json:
        print(json.dumps(rows, indent=1))
    else:
        print(f"# {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {repeats} complete repeat(s); "
              f"{load()}")
        print_table(rows)
    return 0 if all(row["ok"] is not False for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
