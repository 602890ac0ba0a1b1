"""A live class under load, end to end, over Streamlit's real websocket (cluster/client.py): the servers are started
here on 127.0.0.1 (cluster/replicas.py: one process, or replicas behind nginx) with the class database they share
(a SQLite file, or a PostgreSQL from Debian's binaries: cluster/postgres.py), and stopped at the end.

    python bench/class_load.py answers --students 100 --replicas 2 --database postgresql
    python bench/class_load.py answers --students 100 --replicas 2 --database postgresql --kill-at 4
    python bench/class_load.py answers --students 30 --replicas 1 --database sqlite
    python bench/class_load.py refresh --students 100 --replicas 2 --database postgresql
    python bench/class_load.py trainings --students 30 --replicas 1 --database sqlite      (bench/class_trainings.py)

answers: the students open RNN vs LSTM in the class (arriving over --ramp seconds) and refresh as browsers do; each
answers the page's question once at a random moment of a --window second window, timed from its click to the
fragment's script_finished; the teacher's view refreshes all along. --kill-at kills replica 1 (SIGKILL) that many
seconds into the window: its students reconnect through nginx with the same student cookie, find the answer they saw
accepted, or answer again if they never saw it accepted. At the end the class's tally must equal, option by option,
what the students saw accepted (exactly once).
refresh: the students sit on the page for --duration seconds, first in the class (its question and banner refresh
on their timers, the teacher's view too), then outside any class; the server CPU of each, and the difference as a
share of the servers' cores: what the class's background refreshes cost.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import tempfile
import time
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

from load_test import percentile, proc_usage

from cluster.client import ProtocolError, StreamlitSession
from cluster.postgres import PostgresServer
from cluster.replicas import Cluster, server_env
from dashboard.classroom import new_class, new_student_id, open_store, tally

QUESTION = "rnn-vs-lstm.parameter-ratio"
PAGE, PROMPT = "rnn-vs-lstm", "How many times the RNN's parameters"
OPTIONS = ("About 2×", "About 4×", "About 8×")
ACCEPTED = "Your answer is in: **"
COOKIE = "why_lstm_student"


@contextmanager
def class_database(kind: str, folder: Path):
    """The URL of a new empty class database of `kind` (sqlite | postgresql), removed afterwards."""
    if kind == "sqlite":
        yield f"sqlite:///{folder / 'classroom.db'}"
        return
    server = PostgresServer().start()
    try:
        yield server.create_database()
    finally:
        server.stop()


@contextmanager
def class_servers(args, folder: Path):
    """(cluster, store, class ticket): the servers on a new class database, and a class started in it."""
    with class_database(args.database, folder) as url:
        env = dict(server_env(), WHY_LSTM_DATABASE_URL=url, WHY_LSTM_TRAINING_SLOTS=str(folder / "slots"))
        store = open_store(url)
        ticket = new_class(store)
        with Cluster(replicas=args.replicas, nginx=args.replicas > 1, env=env) as cluster:
            yield cluster, store, ticket
        store.close()


def stored_answer(texts: list[str]) -> str | None:
    """The answer the page says is in, if it says so."""
    line = next((text for text in texts if text.startswith(ACCEPTED)), None)
    return None if line is None else line[len(ACCEPTED):].split("**", 1)[0]


def question(session: StreamlitSession):
    found = [control for control in session.controls.values() if PROMPT in control.label]
    if not found:
        raise ProtocolError(f"no question on the page: {session.texts[:2]}")
    return found[0]


class Results:
    def __init__(self):
        self.clicks: list[float] = []
        self.accepted: dict[str, str] = {}          # student id -> the answer it last saw accepted
        self.errors: list[str] = []
        self.reconnects = 0
        self.lost: list[str] = []                   # accepted, then not shown after a reconnect
        self.refreshes: list[float] = []


async def student(k: int, url: str, code: str, args, results: Results, moments: dict) -> None:
    """One student: open the page, refresh, answer once at its moment; reconnect (same cookie) if the socket dies."""
    rng, me = random.Random(args.seed * 100_003 + k), new_student_id()
    await asyncio.sleep(k * args.ramp / max(1, args.students))
    while time.monotonic() < moments["end"]:
        try:
            async with StreamlitSession(url, page=PAGE, query=f"class={code}", timeout=args.timeout,
                                        cookie=f"{COOKIE}={me}") as session:
                await session.load()
                shown = stored_answer(session.texts)
                if me in results.accepted and shown != results.accepted[me]:
                    results.lost.append(f"{me}: accepted {results.accepted[me]}, shown {shown}")
                if shown is not None:
                    results.accepted[me] = shown
                refreshing = asyncio.create_task(session.keep_refreshing(lambda: moments["end"]))
                try:
                    if me not in results.accepted:
                        await _answer(session, me, rng, moments, results)
                    await refreshing
                finally:
                    refreshing.cancel()
                    results.refreshes += session.refreshes
                return
        except (ProtocolError, OSError) as error:          # a killed replica: reconnect through nginx
            results.reconnects += 1
            if not moments.get("killed"):
                results.errors.append(f"{type(error).__name__}: {error}"[:160])
            await asyncio.sleep(0.5)


async def _answer(session, me: str, rng: random.Random, moments: dict, results: Results) -> None:
    while "window" not in moments:
        await asyncio.sleep(0.05)
    await asyncio.sleep(max(0.0, moments["window"] + rng.uniform(0, moments["length"]) - time.monotonic()))
    option = rng.choice(OPTIONS)
    seconds = await session.change(question(session), option)
    if stored_answer(session.texts) == option:
        results.accepted[me] = option
        results.clicks.append(seconds)
    else:
        results.errors.append(f"not accepted: {[t for t in session.texts if 'answer' in t.lower()][:1]}")


async def teacher(url: str, code: str, token: str, args, results: Results, moments: dict) -> None:
    """The teacher's view open all along, refreshing itself; like a browser, it reconnects if its replica dies."""
    refreshes = moments.setdefault("teacher_refreshes", [])
    while time.monotonic() < moments["end"]:
        try:
            async with StreamlitSession(url, page="teacher", query=f"class={code}&teacher={token}",
                                        timeout=args.timeout) as session:
                await session.load()
                try:
                    await session.keep_refreshing(lambda: moments["end"])
                finally:
                    refreshes += session.refreshes
        except (ProtocolError, OSError):
            results.reconnects += 1
            await asyncio.sleep(0.5)


async def answering(cluster: Cluster, ticket, args) -> tuple[Results, dict]:
    results, moments = Results(), {"end": float("inf"), "length": args.window}
    for port in cluster.ports:                     # each replica warmed directly, not through nginx's hash
        async with StreamlitSession(f"http://127.0.0.1:{port}", page=PAGE, query=f"class={ticket.code}") as warm:
            await warm.load()
    tasks = [asyncio.create_task(teacher(cluster.url, ticket.code, ticket.token, args, results, moments))]
    tasks += [asyncio.create_task(student(k, cluster.url, ticket.code, args, results, moments))
              for k in range(args.students)]
    await asyncio.sleep(args.ramp + args.settle)
    cpu = {pid: -proc_usage([pid])[1] for pid in cluster.server_pids()}          # minus the CPU so far
    client_before, load_before = sum(os.times()[:2]), os.getloadavg()
    moments["window"] = start = time.monotonic()
    moments["end"] = start + args.window + args.settle
    if args.kill_at is not None:
        await asyncio.sleep(args.kill_at)
        moments["killed"] = True
        victim = cluster.processes[0]
        cpu[victim.pid] += proc_usage([victim.pid])[1]                             # what it used until killed
        victim.kill()
        victim.wait()                               # reaped: /proc forgets it (a zombie has no memory figures)
    await asyncio.gather(*tasks)
    seconds = time.monotonic() - start
    for pid in cluster.server_pids():
        cpu[pid] = cpu.get(pid, 0.0) + proc_usage([pid])[1]
    figures = {"seconds": seconds, "server_cpu_s": sum(cpu.values()),
               "client_cpu_s": sum(os.times()[:2]) - client_before, "loadavg": (*load_before, *os.getloadavg()),
               "teacher_refreshes": moments["teacher_refreshes"]}
    return results, figures


def check_tally(store, ticket, results: Results) -> tuple[bool, dict, dict]:
    counted = tally(store, ticket.code, ticket.token)[QUESTION].counts
    seen = {option: Counter(results.accepted.values()).get(option, 0) for option in OPTIONS}
    return counted == seen, counted, seen


def report_answers(args, results: Results, figures: dict, exact: bool, counted: dict, seen: dict) -> None:
    where = f"{args.replicas} replicas through nginx" if args.replicas > 1 else "one process"
    teacher = figures.get("teacher_refreshes", [])
    print(f"\n== answers: {args.students} students, {where}, {args.database}, window {args.window:g} s"
          + (f", replica 1 killed at {args.kill_at:g} s" if args.kill_at is not None else ""))
    print(f"clicks {len(results.clicks)}: p50 {percentile(results.clicks, 0.5):.3f} s, p95 "
          f"{percentile(results.clicks, 0.95):.3f} s, max {max(results.clicks, default=float('nan')):.3f} s; "
          f"errors {len(results.errors)} {sorted(set(results.errors))[:3]}; reconnects {results.reconnects}; "
          f"accepted then lost {len(results.lost)} {results.lost[:3]}")
    verdict = "equal, every accepted answer counted once" if exact else "DIFFERENT"
    print(f"tally {counted} vs accepted {seen}: {verdict}")
    print(f"refreshes: students {len(results.refreshes)} (p95 {percentile(results.refreshes, 0.95):.3f} s), "
          f"teacher {len(teacher)} (p95 {percentile(teacher, 0.95):.3f} s)")
    print(f"server CPU {figures['server_cpu_s']:.1f} s in {figures['seconds']:.1f} s "
          f"({100 * figures['server_cpu_s'] / figures['seconds'] / args.replicas:.0f}% of {args.replicas} core(s)); "
          f"this client {figures['client_cpu_s']:.1f} s; load average "
          f"{figures['loadavg'][0]:.2f} -> {figures['loadavg'][3]:.2f}")
    if args.markdown:
        print(f"| answers, {args.students} students, {where}, {args.database}"
              + (f", replica killed at {args.kill_at:g} s" if args.kill_at is not None else "")
              + f" | {percentile(results.clicks, 0.5):.2f} | {percentile(results.clicks, 0.95):.2f} | "
                f"{len(results.errors)} | {results.reconnects} | {'yes' if exact and not results.lost else 'NO'} | "
                f"{figures['loadavg'][0]:.1f}–{figures['loadavg'][3]:.1f} |")


async def sit(k: int, url: str, page: str, query: str, args, seated: list, end: list) -> int:
    """One session on `page` until end[0]; how many timed refreshes it made in the measured window."""
    await asyncio.sleep(k * args.ramp / max(1, args.students))
    async with StreamlitSession(url, page=page, query=query, timeout=args.timeout,
                                cookie=f"{COOKIE}={new_student_id()}") as session:
        await session.load()
        seated.append(k)
        await session.keep_refreshing(lambda: end[0])
        return sum(end[1] <= moment <= end[0] for moment in session.refreshed_at)


async def measure_sitting(cluster: Cluster, ticket, args) -> tuple[float, float, int]:
    """(server CPU seconds, seconds, refreshes) of --students sessions sitting on the page for --duration: in the
    class with its teacher's view open (`ticket`), or outside any class (None)."""
    end, seated = [float("inf"), float("inf")], []                 # [end, start] of the measured window
    query = f"class={ticket.code}" if ticket else ""
    tasks = [asyncio.create_task(sit(k, cluster.url, PAGE, query, args, seated, end)) for k in range(args.students)]
    if ticket:
        teacher_query = f"class={ticket.code}&teacher={ticket.token}"
        tasks.append(asyncio.create_task(sit(0, cluster.url, "teacher", teacher_query, args, [], end)))
    while len(seated) < args.students:
        await asyncio.sleep(0.2)
    await asyncio.sleep(args.settle)
    pids = cluster.server_pids()
    before, started = proc_usage(pids)[1], time.monotonic()
    end[0], end[1] = started + args.duration, started
    refreshes = sum(await asyncio.gather(*tasks))
    return proc_usage(pids)[1] - before, time.monotonic() - started, refreshes


def refresh_cost(args, folder: Path) -> None:
    with class_servers(args, folder) as (cluster, _, ticket):
        load_before = os.getloadavg()
        in_class = asyncio.run(measure_sitting(cluster, ticket, args))
        outside = asyncio.run(measure_sitting(cluster, None, args))
    cores = args.replicas
    share = (in_class[0] / in_class[1] - outside[0] / outside[1]) / cores
    print(f"\n== refresh: {args.students} students sitting {args.duration:g} s, {args.replicas} replica(s), "
          f"{args.database}; load average {load_before[0]:.2f} -> {os.getloadavg()[0]:.2f}")
    print(f"in the class: {in_class[0]:.1f} CPU s in {in_class[1]:.1f} s with {in_class[2]} refreshes "
          f"({in_class[2] / in_class[1]:.1f}/s; {100 * in_class[0] / in_class[1] / cores:.0f}% of {cores} core(s))")
    print(f"outside a class: {outside[0]:.1f} CPU s in {outside[1]:.1f} s "
          f"({100 * outside[0] / outside[1] / cores:.0f}% of {cores} core(s))")
    print(f"the class's background refreshes cost {100 * share:.1f}% of the servers' CPU "
          f"({1000 * (in_class[0] - outside[0] * in_class[1] / outside[1]) / max(1, in_class[2]):.1f} ms CPU each)")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("scenario", choices=("answers", "refresh"))
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--replicas", type=int, default=1, help="Streamlit processes; more than 1 adds nginx")
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--window", type=float, default=10.0, help="seconds in which every student answers")
    parser.add_argument("--ramp", type=float, default=20.0, help="seconds over which the students arrive")
    parser.add_argument("--settle", type=float, default=5.0, help="seconds of refreshing before and after")
    parser.add_argument("--duration", type=float, default=30.0, help="refresh: seconds of sitting measured")
    parser.add_argument("--kill-at", type=float, help="answers: kill replica 1 this many seconds into the window")
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--markdown", action="store_true", help="also print a docs/classroom.md table row")
    args = parser.parse_args(argv)
    if args.kill_at is not None and args.replicas < 2:
        parser.error("--kill-at needs --replicas 2 or more (nginx sends the students to the others)")
    print(f"load average at start {os.getloadavg()}, {os.cpu_count()} cores", flush=True)
    with tempfile.TemporaryDirectory(prefix="why-lstm-class-bench-") as folder:
        if args.scenario == "refresh":
            refresh_cost(args, Path(folder))
            return 0
        with class_servers(args, Path(folder)) as (cluster, store, ticket):
            results, figures = asyncio.run(answering(cluster, ticket, args))
            exact, counted, seen = check_tally(store, ticket, results)
    report_answers(args, results, figures, exact, counted, seen)
    return 0 if exact and not results.lost else 1


if __name__ == "__main__":
    sys.exit(main())
