"""A class on one link: N students' sessions over Streamlit's real websocket protocol, end to end.

    python bench/load_test.py                                   # 30 sessions, a change every 1-3 s, 60 s
    python bench/load_test.py --sessions 100 --think 3 10 --replicas 2 --compare-single
    python bench/load_test.py --sessions 30 --duration 600 --after 120 --no-floor      # a soak
    python bench/load_test.py --sessions 30 --duration 480 --after 60 --no-floor --plain   # as a plain `streamlit run`

Each session (cluster/client.py, no browser) opens one of the five pages (spread evenly), then changes a random
control of that page to a random value a student could pick (seeded), waits a random think time, and again; a
change is timed from the BackMsg rerun_script to the server's script_finished. The servers are started here on
127.0.0.1 on free ports (cluster's Cluster: one plain process, or N replicas behind nginx), warmed by one visitor
per page on every replica (directly, not through nginx) who changes 40 random controls, and stopped at the end.
/proc of the server processes gives CPU seconds per change and RSS: idle (35 s after the warm-up, past one reclaimer
period), with every session loaded, peak, and at intervals after every session has left.
The floor is the same run against bench/floor_app.py (one slider, one Plotly chart per page), in the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sys
import time
from pathlib import Path

from cluster.client import StreamlitSession
from cluster.processes import proc_usage
from cluster.replicas import ALLOCATOR_ENV, APP, Cluster, server_env

ROOT = Path(__file__).resolve().parents[1]

FLOOR_APP = ROOT / "bench" / "floor_app.py"
PAGES = ("why-lstm", "gates", "data-flow", "rnn-vs-lstm", "summary")
def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))] if ordered else float("nan")


class Run:
    """Everything one measured run collects."""

    def __init__(self):
        self.changes: list[tuple[str, str, float]] = []     # (page, control label, seconds)
        self.loads: list[float] = []
        self.errors: list[tuple[str, str]] = []
        self.peak_rss = 0.0
        self.trainings = 0
        self.timeline: dict[int, float] = {}


async def student(k: int, url: str, page: str, args, run: Run, go: asyncio.Event, stop_at: list[float]) -> None:
    rng = random.Random(args.seed * 100_003 + k)
    await asyncio.sleep(k * args.ramp / max(1, args.sessions))
    loaded = False
    while not loaded or time.monotonic() < stop_at[0]:
        try:
            async with StreamlitSession(url, page=page, timeout=args.timeout) as session:
                run.loads.append(await session.load())
                loaded = True
                await go.wait()
                while True:
                    await asyncio.sleep(rng.uniform(*args.think))
                    if time.monotonic() >= stop_at[0]:
                        return
                    control = session.pick_control(rng)
                    if control is None:
                        continue
                    seconds = await session.change(control, session.random_value(control, rng))
                    run.changes.append((page, control.label, seconds))
        except Exception as error:                           # counted, then this student reconnects
            run.errors.append((page, f"{type(error).__name__}: {error}"[:200]))
            loaded = True
            await asyncio.sleep(1.0)
            if go.is_set() and time.monotonic() >= stop_at[0]:
                return


async def warm_up(url: str, page: str, args, k: int) -> None:
    """One visitor who opens `page` and changes --warm-changes random controls in a row, then leaves: what a
    server builds once and keeps (imports, Plotly's validators for every kind of chart, the first CSV, the shipped
    models) is built before "idle" is read, so idle is a warm server's, not a just-started one's."""
    rng = random.Random(-(args.seed * 100_003 + k + 1))
    async with StreamlitSession(url, page=page, timeout=args.timeout) as session:
        await session.load()
        for _ in range(args.warm_changes):
            control = session.pick_control(rng)
            if control is not None:
                await session.change(control, session.random_value(control, rng))


async def trainer(url: str, args, run: Run, go: asyncio.Event, stop_at: list[float]) -> None:
    """One more student who keeps "Train it yourself" busy: presses Train on Why LSTM, again every 65 s."""
    async with StreamlitSession(url, page="why-lstm", timeout=args.timeout) as session:
        await session.load()
        await go.wait()
        while time.monotonic() < stop_at[0]:
            if "Train" in session.buttons:
                await session.press("Train")
                run.trainings += 1
            else:
                await session.load()
                continue
            await asyncio.sleep(min(65.0, max(0.0, stop_at[0] - time.monotonic())))
            await session.load()


async def sample_peak(pids_of, run: Run) -> None:
    """Peak RSS every 0.5 s, and RSS every 30 s since the sessions started changing controls (a soak's slope)."""
    started = time.monotonic()
    while True:
        rss = proc_usage(pids_of())[0]
        run.peak_rss = max(run.peak_rss, rss)
        since = time.monotonic() - started
        if since >= 30 * len(run.timeline):
            run.timeline[round(since)] = round(rss, 1)
        await asyncio.sleep(0.5)


async def measure(cluster: Cluster, args, after: float) -> dict:
    run, pids_of = Run(), cluster.server_pids
    replicas = [f"http://127.0.0.1:{port}" for port in cluster.ports]             # each replica directly, not
    await asyncio.gather(*(warm_up(url, page, args, k)                             # by nginx's hash of a cookie
                           for k, (url, page) in enumerate((url, page) for url in replicas for page in PAGES)))
    await asyncio.sleep(args.idle_wait)
    idle_rss, _ = proc_usage(pids_of())
    go, stop_at = asyncio.Event(), [float("inf")]
    students = [asyncio.create_task(student(k, cluster.url, PAGES[k % len(PAGES)], args, run, go, stop_at))
                for k in range(args.sessions)]
    if args.training and cluster.app == APP:
        students.append(asyncio.create_task(trainer(cluster.url, args, run, go, stop_at)))
    deadline = time.monotonic() + args.ramp + args.timeout
    while len(run.loads) + len(run.errors) < args.sessions and time.monotonic() < deadline:
        await asyncio.sleep(0.2)
    loaded_rss, cpu_start = proc_usage(pids_of())
    client_start = sum(os.times()[:2])
    split_start = [proc_usage([pid])[1] for pid in pids_of()]
    load_before, started = os.getloadavg(), time.monotonic()
    stop_at[0] = started + args.duration
    sampler = asyncio.create_task(sample_peak(pids_of, run))
    go.set()
    await asyncio.gather(*students)
    seconds = time.monotonic() - started
    end_rss, cpu_end = proc_usage(pids_of())
    client_cpu = sum(os.times()[:2]) - client_start
    split = [round(proc_usage([pid])[1] - before, 1) for pid, before in zip(pids_of(), split_start)]
    load_after = os.getloadavg()
    sampler.cancel()
    after_rss, waited = {}, 0.0
    while waited < after:                                    # the sessions have closed: does the memory come back?
        step = min(10.0, after - waited)
        await asyncio.sleep(step)
        waited += step
        after_rss[round(waited)] = round(proc_usage(pids_of())[0], 1)
    changes = [c[2] for c in run.changes]
    per_page = {page: [c[2] for c in run.changes if c[0] == page] for page in PAGES}
    return {
        "sessions": args.sessions, "replicas": cluster.replicas, "nginx": cluster.use_nginx,
        "seconds": round(seconds, 1), "changes": len(changes), "changes_per_s": round(len(changes) / seconds, 2),
        "trainings_started": run.trainings, "errors": len(run.errors),
        "error_samples": sorted({e[1] for e in run.errors})[:5],
        "load_p50": round(percentile(run.loads, 0.5), 3), "load_p95": round(percentile(run.loads, 0.95), 3),
        "all": _stats(changes),
        "pages": {page: _stats(values) for page, values in per_page.items()},
        "slowest_controls": _slowest(run.changes),
        "cpu_s_per_change": round((cpu_end - cpu_start) / max(1, len(changes)), 3),
        "server_cpu_percent": round(100 * (cpu_end - cpu_start) / seconds),
        "cpu_s_by_process": split, "client_cpu_s": round(client_cpu, 1),
        "rss_mb": {"idle": round(idle_rss, 1), "loaded": round(loaded_rss, 1), "peak": round(run.peak_rss, 1),
                   "end": round(end_rss, 1), "after": after_rss, "during": run.timeline},
        "mb_per_loaded_session": round((loaded_rss - idle_rss) / max(1, args.sessions), 2),
        "loadavg": [round(x, 2) for x in (*load_before, *load_after)],
    }


def _stats(values: list[float]) -> dict:
    return {"n": len(values), "p50": round(percentile(values, 0.5), 3), "p95": round(percentile(values, 0.95), 3),
            "max": round(max(values), 3) if values else float("nan")}


def _slowest(changes) -> list:
    by_control: dict[tuple[str, str], list[float]] = {}
    for page, label, seconds in changes:
        by_control.setdefault((page, label), []).append(seconds)
    ranked = sorted(by_control.items(), key=lambda item: -percentile(item[1], 0.95))[:5]
    return [(page, label[:40], len(v), round(percentile(v, 0.95), 3)) for (page, label), v in ranked]


def report(name: str, result: dict) -> None:
    rss = result["rss_mb"]
    where = (f"{result['replicas']} replicas through nginx" if result["nginx"] else "one process")
    print(f"\n== {name}: {result['sessions']} sessions, {where}, {result['seconds']} s, "
          f"load average {result['loadavg'][0]} -> {result['loadavg'][3]}")
    print(f"{'page':<12} {'changes':>7} {'p50 s':>7} {'p95 s':>7} {'max s':>7}")
    for page, s in [*result["pages"].items(), ("all", result["all"])]:
        print(f"{page:<12} {s['n']:>7} {s['p50']:>7.3f} {s['p95']:>7.3f} {s['max']:>7.3f}")
    if result["trainings_started"]:
        print(f"one more session kept Train it yourself busy: {result['trainings_started']} training(s) pressed")
    print(f"errors {result['errors']} {result['error_samples'] or ''}; {result['changes_per_s']} changes/s; "
          f"server CPU {result['cpu_s_per_change']} s per change ({result['server_cpu_percent']}% of one core; "
          f"seconds by process {result['cpu_s_by_process']}; this client {result['client_cpu_s']} s); "
          f"page load p50 {result['load_p50']} s, p95 {result['load_p95']} s")
    print(f"RSS MB: idle {rss['idle']}, all loaded {rss['loaded']} ({result['mb_per_loaded_session']} per "
          f"session), peak {rss['peak']}, at the end {rss['end']}, after leaving {rss['after']}")
    print(f"RSS MB while changing (seconds: MB): {rss['during']}")
    if result["slowest_controls"]:
        print("slowest controls (page, control, changes, p95 s):", result["slowest_controls"])


MARKDOWN_HEAD = ("| run | sessions, think | p50 s | p95 s | max s | slowest page p95 s | errors | changes/s | "
                 "server CPU s/change | RSS MB idle / loaded / peak / end | RSS MB 60 s, 120 s after | load avg |\n"
                 "|---|---|---:|---:|---:|---|---:|---:|---:|---|---|---|")


def markdown_row(label: str, result: dict, think) -> str:
    """One docs/serving.md table row (--markdown)."""
    a, rss = result["all"], result["rss_mb"]
    slowest = max(result["pages"].items(), key=lambda item: item[1]["p95"] if item[1]["n"] else -1)
    after = ", ".join(str(rss["after"].get(t, "–")) for t in (60, 120))
    return (f"| {label} | {result['sessions']}, {think[0]:g}–{think[1]:g} s | {a['p50']:.2f} | {a['p95']:.2f} | "
            f"{a['max']:.1f} | {slowest[0]} {slowest[1]['p95']:.2f} | {result['errors']} | {result['changes_per_s']} | "
            f"{result['cpu_s_per_change']} | {rss['idle']:.0f} / {rss['loaded']:.0f} / {rss['peak']:.0f} / "
            f"{rss['end']:.0f} | {after} | {result['loadavg'][0]}–{result['loadavg'][3]} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--think", type=float, nargs=2, default=(1.0, 3.0), metavar=("MIN", "MAX"),
                        help="seconds between a session's changes, uniform")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of changing controls")
    parser.add_argument("--ramp", type=float, default=10.0, help="seconds over which the sessions arrive")
    parser.add_argument("--warm-changes", type=int, default=40,
                        help="random control changes of the one warm-up visitor per page before idle is read")
    parser.add_argument("--idle-wait", type=float, default=35.0,
                        help="seconds between the warm-up and reading idle RSS (one reclaimer period and more, "
                             "so idle too is read after its collection and malloc_trim)")
    parser.add_argument("--after", type=float, default=60.0, help="seconds to watch RSS after the sessions leave")
    parser.add_argument("--replicas", type=int, default=1, help="Streamlit processes; more than 1 adds nginx")
    parser.add_argument("--nginx", action="store_true", help="nginx in front even of one replica")
    parser.add_argument("--compare-single", action="store_true", help="also run the dashboard on one plain process")
    parser.add_argument("--no-floor", action="store_true", help="skip the bare one-slider app")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds a run may take before it is an error")
    parser.add_argument("--training", action="store_true",
                        help="one more session keeps a 'Train it yourself' job running (its share of the CPU)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--env", action="append", default=[], metavar="NAME=VALUE",
                        help="environment for the servers on top of cluster/replicas.py's, e.g. MALLOC_ARENA_MAX=8")
    parser.add_argument("--plain", action="store_true",
                        help="start the servers as a plain `streamlit run` is (Community Cloud, the pip route): "
                             "without cluster/replicas.py's ALLOCATOR_ENV")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--markdown", action="store_true", help="also print the rows of docs/serving.md's table")
    args = parser.parse_args(argv)
    print(f"load average at start {os.getloadavg()}, {os.cpu_count()} cores; think {args.think} s, "
          f"duration {args.duration} s, seed {args.seed}; server environment "
          f"{'(plain)' if args.plain else ' '.join(f'{k}={v}' for k, v in ALLOCATOR_ENV.items())} "
          f"{' '.join(args.env)}",
          flush=True)
    targets = [] if args.no_floor else [("floor (one slider + one Plotly chart)", FLOOR_APP, args.replicas)]
    targets.append(("dashboard", APP, args.replicas))
    if args.compare_single and (args.replicas > 1 or args.nginx):
        targets.append(("dashboard", APP, 1))
    results = {}
    for name, app, replicas in targets:
        nginx = replicas > 1 or (args.nginx and replicas == args.replicas)
        after = min(args.after, 10.0) if app == FLOOR_APP else args.after
        base = dict(os.environ) if args.plain else server_env()     # plain: only what this shell has
        env = dict(base, **dict(item.split("=", 1) for item in args.env))
        with Cluster(app, replicas, nginx=nginx, env=env) as cluster:
            result = asyncio.run(measure(cluster, args, after))
        label = f"{name} x{replicas}" + (" nginx" if nginx else "")
        results[label] = result
        report(label, result)
    if args.json:
        print(json.dumps(results, indent=1))
    if args.markdown:
        print("\n" + MARKDOWN_HEAD)
        for label, result in results.items():
            print(markdown_row(label, result, args.think))
    return 0


if __name__ == "__main__":
    sys.exit(main())
