"""A class arriving on one link with empty browser caches: what the static files cost, through `make serve`'s nginx.

    .venv/bin/python bench/class_arrival.py --students 60 --ramp 10 --replicas 2 --repeats 2

bench/load_test.py plays students over the websocket only; a real student's first visit also fetches Streamlit's
frontend (112 files, 8 MB, for Why LSTM). Here each student, at its moment of the ramp, fetches every static file
its page needs (the list is read once from Chromium's resource timing of a visit to each page), 6 at a time with
gzip accepted, as a browser does, then opens the page over the websocket (bench/st_client.py). Its arrival time is
from the first request to the page's finished run. Two set-ups take turns on fresh clusters (cluster/replicas.py):
nginx sending the files from its gzipped copy (what `make serve` does), and nginx proxying them to the replicas
(what it did before, gzipping on the fly). Printed per set-up: arrival p50 / p95 / max, errors, and the CPU seconds
the replicas, nginx and this client used while the class arrived (all on this machine: with few cores the
client's share slows the servers too).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from load_test import PAGES, percentile

from cluster.browser import CHROMIUM_ARGS
from cluster.client import StreamlitSession
from cluster.processes import children, proc_usage
from cluster.replicas import Cluster

ROOT = Path(__file__).resolve().parents[1]

SETUPS = {"nginx sends the files from disk": True, "nginx proxies them to the replicas": False}
CONNECTIONS = 6                        # a browser's connections to one host (HTTP/1.1)


def static_paths(url: str) -> dict[str, list[str]]:
    """{page: the static files a first visit to it fetches}, read from Chromium's resource timing."""
    from playwright.sync_api import sync_playwright

    found = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        for page in PAGES:
            context = browser.new_context()
            tab = context.new_page()
            tab.goto(f"{url}/{page}")
            tab.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=60_000)
            tab.wait_for_timeout(1500)
            names = tab.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
            found[page] = sorted({name[len(url):] for name in names if name.startswith(f"{url}/static/")})
            context.close()
        browser.close()
    return found


def fetch(url: str) -> int:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=60) as answer:
        return len(answer.read())


async def student(k: int, url: str, page: str, paths: list[str], pool, ramp: float, students: int,
                  arrivals: list, errors: list) -> None:
    await asyncio.sleep(k * ramp / max(1, students))
    loop, gate = asyncio.get_running_loop(), asyncio.Semaphore(CONNECTIONS)

    async def one(path: str) -> int:
        async with gate:
            return await loop.run_in_executor(pool, fetch, url + path)

    started = time.monotonic()
    try:
        await asyncio.gather(*(one(path) for path in paths))
        async with StreamlitSession(url, page=page, timeout=120) as session:
            await session.load()
        arrivals.append(time.monotonic() - started)
    except Exception as error:                              # counted, not retried: a failed first visit
        errors.append(f"{type(error).__name__}: {error}"[:160])


async def arrive(cluster: Cluster, paths: dict, args) -> dict:
    for port in cluster.ports:                              # every page once on every replica: a warm server
        for page in PAGES:
            async with StreamlitSession(f"http://127.0.0.1:{port}", page=page, timeout=120) as session:
                await session.load()
    workers = children(cluster.nginx.pid)
    before = {"replicas": proc_usage(cluster.server_pids())[1], "nginx": proc_usage(workers)[1],
              "client": sum(os.times()[:2])}
    arrivals, errors = [], []
    with ThreadPoolExecutor(max_workers=96) as pool:
        await asyncio.gather(*(student(k, cluster.url, PAGES[k % len(PAGES)], paths[PAGES[k % len(PAGES)]], pool,
                                       args.ramp, args.students, arrivals, errors) for k in range(args.students)))
    return {"arrivals": arrivals, "errors": errors,
            "replicas_cpu": proc_usage(cluster.server_pids())[1] - before["replicas"],
            "nginx_cpu": proc_usage(workers)[1] - before["nginx"], "client_cpu": sum(os.times()[:2]) - before["client"]}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, default=60)
    parser.add_argument("--ramp", type=float, default=10.0, help="seconds over which the students arrive")
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=2, help="fresh clusters per set-up, taking turns")
    args = parser.parse_args(argv)
    with Cluster(replicas=1, nginx=False) as cluster:
        paths = static_paths(cluster.url)
    print(f"static files per page: {', '.join(f'{page} {len(found)}' for page, found in paths.items())}; "
          f"{args.students} students over {args.ramp:g} s, {args.replicas} replicas", flush=True)
    results = {name: [] for name in SETUPS}
    for _ in range(args.repeats):
        for name, from_disk in SETUPS.items():
            with Cluster(replicas=args.replicas, nginx=True, static_from_disk=from_disk) as cluster:
                results[name].append(asyncio.run(arrive(cluster, paths, args)))
    for name, runs in results.items():
        arrivals = [seconds for run in runs for seconds in run["arrivals"]]
        errors = [error for run in runs for error in run["errors"]]
        print(f"{name}: arrival p50 {percentile(arrivals, 0.5):.2f} s, p95 {percentile(arrivals, 0.95):.2f} s, "
              f"max {max(arrivals, default=float('nan')):.2f} s ({len(arrivals)} students, {len(errors)} errors"
              f"{': ' + errors[0] if errors else ''}); CPU while they arrived: replicas "
              + ", ".join(f"{run['replicas_cpu']:.1f}" for run in runs) + " s, nginx "
              + ", ".join(f"{run['nginx_cpu']:.1f}" for run in runs) + " s"
              + f" (median {statistics.median(run['replicas_cpu'] for run in runs):.1f} / "
                f"{statistics.median(run['nginx_cpu'] for run in runs):.1f} s); this client "
              + ", ".join(f"{run['client_cpu']:.1f}" for run in runs) + " s (it shares the machine)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
