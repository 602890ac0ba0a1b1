"""The classroom from the server's shell: start a class, read its answers, close it, purge old ones, run a worker.

    python -m dashboard.classroom new [--hours 4] [--base-url https://why-lstm.example]
    python -m dashboard.classroom tally CODE [--json]        # the teacher token from --token or WHY_LSTM_TEACHER_TOKEN
    python -m dashboard.classroom close CODE
    python -m dashboard.classroom purge                      # delete the expired classes' data
    python -m dashboard.classroom work [--once]              # train the queued runs (K at most across workers, and
                                                             # within the machine's training slots)

The database is the app's (WHY_LSTM_DATABASE_URL, else the local SQLite file: dashboard/classroom/database.py).
The operator runs these on the server, so the token may come from the environment instead of the command line,
where other users of the machine could read it in the process list. Bad input is one line and exit 1.
"""
from __future__ import annotations

import json
import os
import sys
import time
from datetime import datetime, timezone
from urllib.parse import urlencode

from dashboard.classroom.answers import tally
from dashboard.classroom.classes import close_class, new_class, purge_expired
from dashboard.classroom.database import open_store
from dashboard.classroom.errors import ClassroomError
from dashboard.classroom.run_worker import work_one, worker_name
from dashboard.training.training_jobs import machine_slot
from lstm_engine.command_line import ArgumentParser, use_one_blas_thread

TOKEN_VARIABLE = "WHY_LSTM_TEACHER_TOKEN"
DEFAULT_BASE_URL = "http://localhost:8501"
IDLE_POLL_S = 2.0                  # a worker with nothing to do looks at the queue this often


def build_parser() -> ArgumentParser:
    parser = ArgumentParser(prog="python -m dashboard.classroom",
                            description="Start, read and close a live class of the Why LSTM? dashboard.")
    commands = parser.add_subparsers(dest="command", required=True)
    new = commands.add_parser("new", help="start a class; prints its code and the student and teacher links")
    new.add_argument("--hours", type=float, help="how long the class lasts (default 4)")
    new.add_argument("--base-url", default=DEFAULT_BASE_URL, help=f"the app's address (default {DEFAULT_BASE_URL})")
    for name, help_text in (("tally", "every question's answer counts"), ("close", "stop the class taking answers")):
        command = commands.add_parser(name, help=help_text)
        command.add_argument("code")
        command.add_argument("--token", default=os.environ.get(TOKEN_VARIABLE),
                             help=f"the teacher token (default: ${TOKEN_VARIABLE})")
        if name == "tally":
            command.add_argument("--json", action="store_true", help="print JSON instead of lines")
    commands.add_parser("purge", help="delete the data of every expired class")
    work = commands.add_parser("work", help="train the class runs in the queue")
    work.add_argument("--once", action="store_true", help="train at most one run, then stop")
    return parser


TEACHER_PAGE = "teacher"            # the app's teacher view (dashboard/app_pages/teacher.py)


def links(base_url: str, code: str, token: str) -> tuple[str, str]:
    """(student link, teacher link): the lesson's first page for the class, the teacher view with the token."""
    base = base_url.rstrip("/") + "/"
    return (f"{base}?{urlencode({'class': code})}",
            f"{base}{TEACHER_PAGE}?{urlencode({'class': code, 'teacher': token})}")


def _tally_lines(code: str, tallies) -> list[str]:
    lines = [f"class {code}"]
    for entry in tallies.values():
        counts = ", ".join(f"{option}: {count}" for option, count in entry.counts.items())
        lines.append(f"{entry.question_id}{' (revealed)' if entry.revealed else ''}: {entry.answered} answered"
                     f" — {counts}")
    return lines


def _work(store, once: bool) -> int:
    use_one_blas_thread()
    name = worker_name()
    while True:
        trained = work_one(store, worker=name, hold=machine_slot)      # the machine's one training limit
        if once:
            print("trained one run" if trained else "no run was waiting")
            return 0
        if not trained:
            time.sleep(IDLE_POLL_S)


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    if args.command in ("tally", "close") and not args.token:
        raise ClassroomError(f"give the teacher token with --token or ${TOKEN_VARIABLE}")
    store = open_store()
    if args.command == "new":
        ticket = new_class(store, args.hours)
        student_link, teacher_link = links(args.base_url, ticket.code, ticket.token)
        until = datetime.fromtimestamp(ticket.expires_at, timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        print(f"class code: {ticket.code} (open until {until})\nstudents: {student_link}\n"
              f"teacher (keep it private): {teacher_link}")
    elif args.command == "tally":
        tallies = tally(store, args.code, args.token)
        if args.json:
            print(json.dumps({"code": args.code.strip().upper(), "questions": [
                {"id": entry.question_id, "counts": entry.counts, "answered": entry.answered,
                 "revealed": entry.revealed} for entry in tallies.values()]}, indent=1))
        else:
            print("\n".join(_tally_lines(args.code.strip().upper(), tallies)))
    elif args.command == "close":
        close_class(store, args.code, args.token)
        print(f"class {args.code.strip().upper()} is closed")
    elif args.command == "purge":
        print(f"deleted {purge_expired(store)} expired classes")
    else:
        return _work(store, args.once)
    return 0


def run(argv=None) -> int:
    """main() with every expected failure as one line on stderr and a non-zero exit, never a traceback."""
    try:
        return main(argv)
    except ClassroomError as error:
        sys.stderr.write(f"error: {error}\n")
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(run())
