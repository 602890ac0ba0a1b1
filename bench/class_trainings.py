"""A class's own experiment under load: --students students press "Train my run" on Why LSTM within --window
seconds, while --clickers other students change controls on RNN vs LSTM; servers and database as in
bench/class_load.py (which see).

    python bench/class_trainings.py --students 30 --clickers 20 --replicas 1 --database sqlite

Each trainer picks a model and a longest gap at random, presses the button at a random moment of the window, and
must see its place in the queue (or its run training); then it refreshes as a browser does until its run's result is
on its page. The server's training worker trains the queue (at most K at once on the machine). Printed: how many saw
a queue place, how many runs finished and joined the class chart (the database's list of the class's runs), the time
from a press to its result, the other students' clicks (p50 / p95 / max), errors, the server CPU and load average.
Bounded: the run stops after --limit seconds whether or not every run finished (and says so).
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import tempfile
import time
from pathlib import Path

from class_load import COOKIE, class_servers
from load_test import percentile, proc_usage

from cluster.client import ProtocolError, StreamlitSession
from dashboard.classroom import list_runs, new_student_id
from dashboard.figures.class_experiment import class_counts

QUEUED, TRAINING, RESULT = "in the queue", "is training now", "right on held-out sentences"


class Tally:
    def __init__(self):
        self.placed: list[str] = []                  # what each trainer saw right after pressing
        self.finished: list[float] = []              # seconds from a press to its result on the page
        self.clicks: list[float] = []
        self.errors: list[str] = []


def _says(session, words: str) -> str | None:
    return next((text for text in session.texts if words in text), None)


async def trainer(k: int, url: str, code: str, args, tally: Tally, moments: dict) -> None:
    rng = random.Random(args.seed * 100_003 + k)
    await asyncio.sleep(k * args.ramp / max(1, args.students))
    async with StreamlitSession(url, page="why-lstm", query=f"class={code}", timeout=args.timeout,
                                cookie=f"{COOKIE}={new_student_id()}") as session:
        await session.load()
        while "window" not in moments:
            await asyncio.sleep(0.1)
        await asyncio.sleep(max(0.0, moments["window"] + rng.uniform(0, args.window) - time.monotonic()))
        for label in ("Model", "Longest gap in training (words)"):
            control = next(c for c in session.controls.values() if c.label == label)
            await session.change(control, rng.choice(list(control.proto.options)))
        pressed = time.monotonic()
        await session.press("Train my run")
        placed = _says(session, QUEUED) or _says(session, TRAINING) or _says(session, RESULT)
        if placed is None:
            tally.errors.append(f"no queue place: {session.texts[-2:]}")
            return
        tally.placed.append(placed)
        if _says(session, RESULT) is None:
            await session.keep_refreshing(moments["limit"], watch=lambda texts: any(RESULT in t for t in texts))
        if _says(session, RESULT) is not None:
            tally.finished.append(time.monotonic() - pressed)


async def clicker(k: int, url: str, args, tally: Tally, moments: dict) -> None:
    """Another student, changing RNN vs LSTM's controls every 1-3 s until every run is done."""
    rng = random.Random(-(args.seed * 100_003 + k + 1))
    async with StreamlitSession(url, page="rnn-vs-lstm", timeout=args.timeout) as session:
        await session.load()
        while not moments.get("done"):
            await asyncio.sleep(rng.uniform(1.0, 3.0))
            control = session.pick_control(rng)
            if control is not None and "window" in moments:
                tally.clicks.append(await session.change(control, session.random_value(control, rng)))


async def experiment(cluster, store, ticket, args) -> tuple[Tally, dict]:
    tally, moments = Tally(), {"limit": time.monotonic() + args.limit}
    async with StreamlitSession(cluster.url, page="why-lstm", query=f"class={ticket.code}") as warm:
        await warm.load()                              # the page's first visitor, and the worker thread started
    students = [asyncio.create_task(trainer(k, cluster.url, ticket.code, args, tally, moments))
                for k in range(args.students)]
    others = [asyncio.create_task(clicker(k, cluster.url, args, tally, moments)) for k in range(args.clickers)]
    await asyncio.sleep(args.ramp + 2.0)
    pids, load_before = cluster.server_pids(), os.getloadavg()
    cpu_before, start = proc_usage(pids)[1], time.monotonic()
    moments["window"] = start
    for result in await asyncio.gather(*students, return_exceptions=True):
        if isinstance(result, (ProtocolError, OSError, StopIteration, KeyError)):
            tally.errors.append(f"{type(result).__name__}: {result}"[:160])
    moments["done"] = True
    await asyncio.gather(*others, return_exceptions=True)
    seconds = time.monotonic() - start
    runs = list_runs(store, ticket.code)
    return tally, {"seconds": seconds, "server_cpu_s": proc_usage(pids)[1] - cpu_before, "runs": runs,
                   "loadavg": (*load_before, *os.getloadavg())}


def report(args, tally: Tally, figures: dict) -> bool:
    runs = figures["runs"]
    charted = sum(n for by_gap in class_counts(runs).values() for _, n in by_gap.values())
    done = sum(run.status == "done" for run in runs)
    print(f"\n== trainings: {args.students} students press Train within {args.window:g} s, {args.clickers} others "
          f"click; {args.replicas} replica(s), {args.database}")
    print(f"saw a queue place: {len(tally.placed)} of {args.students} (first: {tally.placed[:1]}); runs asked "
          f"{len(runs)}, finished {done}, on the class chart {charted}; result on the page {len(tally.finished)}, "
          f"press to result p50 {percentile(tally.finished, 0.5):.0f} s, max {max(tally.finished, default=0):.0f} s")
    print(f"other students' clicks {len(tally.clicks)}: p50 {percentile(tally.clicks, 0.5):.3f} s, p95 "
          f"{percentile(tally.clicks, 0.95):.3f} s, max {max(tally.clicks, default=float('nan')):.3f} s; errors "
          f"{len(tally.errors)} {sorted(set(tally.errors))[:3]}")
    print(f"server CPU {figures['server_cpu_s']:.0f} s in {figures['seconds']:.0f} s (training children not "
          f"included); load average {figures['loadavg'][0]:.2f} -> {figures['loadavg'][3]:.2f}")
    return len(tally.placed) == args.students and done == charted == args.students == len(tally.finished)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=30, help="students who each train a run")
    parser.add_argument("--clickers", type=int, default=20, help="other students changing controls meanwhile")
    parser.add_argument("--replicas", type=int, default=1)
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--window", type=float, default=60.0, help="seconds in which every trainer presses Train")
    parser.add_argument("--ramp", type=float, default=20.0, help="seconds over which the students arrive")
    parser.add_argument("--limit", type=float, default=1800.0, help="seconds after which the run stops regardless")
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    print(f"load average at start {os.getloadavg()}, {os.cpu_count()} cores", flush=True)
    with tempfile.TemporaryDirectory(prefix="why-lstm-class-bench-") as folder:
        with class_servers(args, Path(folder)) as (cluster, store, ticket):
            tally, figures = asyncio.run(experiment(cluster, store, ticket, args))
    return 0 if report(args, tally, figures) else 1


if __name__ == "__main__":
    sys.exit(main())
