"""First chart over a slow network, through `make serve`'s nginx (which serves Streamlit's static files gzipped from
its own copy and gzips the rest) and straight from the replica behind it (Streamlit alone, uncompressed), in the
same run.

    .venv/bin/python bench/network_paint.py --mbit 20 --page why-lstm --repeats 3

One replica behind nginx (cluster's Cluster), warmed by one visit. Then, taking turns, a new browser
context (empty cache: a student's first visit) opens the page through nginx and directly from the replica's port,
with Chrome's network emulation at `--mbit` Mbit/s both ways and 20 ms latency. Printed per route: the median ms
from navigation start to the first drawn Plotly chart (bench/first_paint.py's mark) and the bytes transferred
(resource timing), with every sample. Also the CPU time nginx's workers and the replica used per visit, per route.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
from pathlib import Path

import first_paint  # its first-chart mark (bench/ is the script's own folder)

from cluster.browser import CHROMIUM_ARGS
from cluster.processes import children, proc_usage
from cluster.replicas import Cluster

ROOT = Path(__file__).resolve().parents[1]

TRANSFERRED_JS = ("performance.getEntriesByType('resource').reduce((n, e) => n + e.transferSize, 0)"
                  " + performance.getEntriesByType('navigation')[0].transferSize")


def visit(browser, url: str, mbit: float) -> tuple[float, float]:
    """(ms to the first chart, bytes transferred) of a first visit to `url` at `mbit` Mbit/s."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    context.add_init_script(first_paint.MARKS_JS)
    try:
        tab = context.new_page()
        cdp = context.new_cdp_session(tab)
        cdp.send("Network.enable")
        rate = mbit * 1e6 / 8
        cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 20, "downloadThroughput": rate,
                                                      "uploadThroughput": rate})
        tab.goto(url, wait_until="commit", timeout=180_000)
        tab.wait_for_function("window.__firstPaint && window.__firstPaint.chart !== null", timeout=180_000,
                              polling=50)
        return tab.evaluate("window.__firstPaint.chart"), tab.evaluate(TRANSFERRED_JS)
    finally:
        context.close()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mbit", type=float, default=20.0, help="emulated network speed, Mbit/s")
    parser.add_argument("--page", default="why-lstm")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright, Cluster(replicas=1, nginx=True) as cluster:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"),
                                             args=CHROMIUM_ARGS)
        routes = {"nginx": cluster.url, "replica (Streamlit alone)": f"http://127.0.0.1:{cluster.ports[0]}"}
        visit(browser, f"{cluster.url}/{args.page}", 1000)                  # the server's first run
        workers = children(cluster.nginx.pid)
        samples = {name: [] for name in routes}
        cpu = {name: {"nginx": 0.0, "replica": 0.0} for name in routes}
        for _ in range(args.repeats):
            for name, base in routes.items():
                before = {"nginx": proc_usage(workers)[1], "replica": proc_usage(cluster.server_pids())[1]}
                samples[name].append(visit(browser, f"{base}/{args.page}", args.mbit))
                cpu[name]["nginx"] += proc_usage(workers)[1] - before["nginx"]
                cpu[name]["replica"] += proc_usage(cluster.server_pids())[1] - before["replica"]
        browser.close()
    print(f"{args.page} at {args.mbit:g} Mbit/s, 20 ms latency, first visits (median of {args.repeats}):")
    for name, runs in samples.items():
        chart = statistics.median(ms for ms, _ in runs) / 1000
        sent = statistics.median(size for _, size in runs) / 1e6
        print(f"  {name:26s} first chart {chart:5.2f} s, transferred {sent:5.2f} MB   "
              + " ".join(f"{ms / 1000:.2f}s/{size / 1e6:.2f}MB" for ms, size in runs))
    for name, used in cpu.items():
        print(f"  CPU per visit {name:26s} nginx {used['nginx'] / args.repeats * 1000:4.0f} ms, "
              f"replica {used['replica'] / args.repeats * 1000:4.0f} ms (its run of the page included)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
