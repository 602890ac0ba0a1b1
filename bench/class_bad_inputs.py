"""A live class against bad inputs, over Streamlit's websocket as a hostile browser would send them, on one server
and a SQLite class database started here (bench/class_load.py's set-up):

    python bench/class_bad_inputs.py                    # --answers 10000 by default (a few minutes)

  unknown code         ?class= a code no class has
  wrong token          the teacher view with a guessed token
  forged answers       the question's radio sent values that are not its options (markup, 1 kB, empty)
  answer flood         --answers answers from one session, alternating, as fast as the server takes them
  megabyte nickname    a 1 MB nickname in the class panel's text box

Each prints what the page said (one line), what the database holds afterwards, and whether any run raised
(a traceback on the page or a closed connection). Exit 1 if anything was stored that should not be, or a run raised.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

from class_load import COOKIE, OPTIONS, PAGE, QUESTION, class_servers, question
from sqlalchemy import select

from cluster.client import ProtocolError, StreamlitSession
from dashboard.classroom import roster, tally
from dashboard.classroom.schema import classes, students

FORGED = ("About 5×", "<script>alert(1)</script>", "x" * 1000, "")


def _line(session, *words: str) -> str:
    return next((text for text in session.texts if any(word in text for word in words)), "(nothing said)")[:160]


async def open_as(url: str, page: str, query: str, student: str | None = None) -> StreamlitSession:
    session = StreamlitSession(url, page=page, query=query, timeout=120,
                               cookie=f"{COOKIE}={student}" if student else None)
    await session.__aenter__()
    await session.load()
    return session


async def hostile(url: str, store, ticket, args) -> list[tuple[str, str, str, bool]]:
    """(check, what the page said, what the database holds, passed) for each bad input."""
    found = []
    unknown = await open_as(url, PAGE, "class=QQQQQQ")
    with store.read() as connection:
        stored = connection.scalar(select(classes.c.code).where(classes.c.code == "QQQQQQ"))
    found.append(("unknown code", _line(unknown, "no class"), f"class QQQQQQ stored: {stored}",
                  stored is None and not unknown.exceptions))

    wrong = await open_as(url, "teacher", f"class={ticket.code}&teacher=guessed-{'x' * 30}")
    leaked = [text for text in wrong.texts if "answered" in text or "joined" in text]
    found.append(("wrong token", _line(wrong, "does not open", "teacher link"), f"counts shown: {leaked}",
                  not leaked and not wrong.exceptions))

    student = await open_as(url, PAGE, f"class={ticket.code}", "forger-" + "f" * 20)
    for value in FORGED:
        await student.change(question(student), value)
    counted = tally(store, ticket.code, ticket.token)[QUESTION]
    found.append(("forged answers", _line(student, "answer"), f"answered {counted.answered}",
                  counted.answered == 0 and not student.exceptions))

    flood = await open_as(url, PAGE, f"class={ticket.code}", "flooder-" + "f" * 20)
    started, sent = time.monotonic(), 0
    while sent < args.answers and time.monotonic() - started < args.limit:
        await flood.change(question(flood), OPTIONS[sent % len(OPTIONS)])
        sent += 1
    with store.read() as connection:
        writes = connection.scalar(select(students.c.answer_writes).where(
            students.c.class_code == ticket.code, students.c.student_id == "flooder-" + "f" * 20))
    counted = tally(store, ticket.code, ticket.token)[QUESTION]
    limit = store.limits.answer_writes_per_student
    found.append((f"answer flood ({sent:,} sent in {time.monotonic() - started:.0f} s)",
                  _line(flood, "at most", "answer is in"),
                  f"answered {counted.answered}, writes {writes} (cap {limit})",
                  counted.answered == 1 and writes == limit and not flood.exceptions))

    nickname = await open_as(url, PAGE, f"class={ticket.code}", "nicknamer-" + "f" * 20)
    await nickname.type_text("Nickname (optional)", "x" * 1_000_000)
    names = [entry.nickname for entry in roster(store, ticket.code, ticket.token) if entry.nickname]
    found.append(("megabyte nickname", _line(nickname, "nickname"), f"nicknames stored: {[len(n) for n in names]}",
                  all(len(name) <= 40 for name in names) and not nickname.exceptions))
    for session in (unknown, wrong, student, flood, nickname):
        await session.__aexit__(None, None, None)
    return found


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--answers", type=int, default=10_000, help="answers the flooding session sends")
    parser.add_argument("--limit", type=float, default=900.0, help="seconds the flood may take at most")
    args = parser.parse_args(argv)
    args.replicas, args.database = 1, "sqlite"
    print(f"load average at start {os.getloadavg()}", flush=True)
    with tempfile.TemporaryDirectory(prefix="why-lstm-class-bench-") as folder:
        with class_servers(args, Path(folder)) as (cluster, store, ticket):
            try:
                found = asyncio.run(hostile(cluster.url, store, ticket, args))
            except ProtocolError as error:
                print(f"a run raised or the server hung up: {error}")
                return 1
            alive = all(process.poll() is None for process in cluster.processes)
    for check, said, stored, passed in found:
        print(f"{'ok ' if passed else 'BAD'} {check}: page said {said!r}; database: {stored}")
    print(f"server still up: {alive}; load average at the end {os.getloadavg()[0]:.2f}")
    return 0 if alive and all(passed for *_, passed in found) else 1


if __name__ == "__main__":
    sys.exit(main())
