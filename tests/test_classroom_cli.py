"""`python -m dashboard.classroom` run as the operator runs it, on a SQLite file and on a real PostgreSQL: links to
share, the tally as text and JSON, closing, and bad input as one line with a non-zero exit and no traceback."""
import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from dashboard.classroom import (
    LESSON_QUESTIONS,
    answer,
    class_info,
    enqueue_run,
    list_runs,
    new_class,
    new_student_id,
    open_store,
    reveal,
    work_one,
)
from lstm_engine.memory.training import TrainConfig

ROOT = Path(__file__).resolve().parents[1]


def classroom(database_url, *args, token=None):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "WHY_LSTM_DATABASE_URL": database_url, "OPENBLAS_NUM_THREADS": "1"}
    env.pop("WHY_LSTM_TEACHER_TOKEN", None)
    if token is not None:
        env["WHY_LSTM_TEACHER_TOKEN"] = token
    return subprocess.run([sys.executable, "-m", "dashboard.classroom", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def refused(result, message: str) -> bool:
    return (result.returncode != 0 and result.stdout == "" and result.stderr.strip() == message
            and "Traceback" not in result.stderr)


@pytest.fixture
def started(database_url):
    """A class started by `new`: (code, token, its output)."""
    result = classroom(database_url, "new", "--hours", "2", "--base-url", "https://lesson.example/")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    student_link, teacher_link = lines[1].split(": ", 1)[1], lines[2].split(": ", 1)[1]
    code = parse_qs(urlsplit(student_link).query)["class"][0]
    token = parse_qs(urlsplit(teacher_link).query)["teacher"][0]
    return code, token, result.stdout


def test_new_prints_the_code_and_both_links(database_url, started):
    code, token, output = started
    assert output.startswith(f"class code: {code} (open until ")
    assert f"students: https://lesson.example/?class={code}\n" in output
    assert f"teacher (keep it private): https://lesson.example/teacher?class={code}&teacher={token}\n" in output
    store = open_store(database_url)
    info = class_info(store, code)
    assert info.open and info.expires_at - info.created_at == pytest.approx(2 * 3600)
    store.close()


def test_tally_prints_every_questions_counts(database_url, started):
    code, token, _ = started
    store = open_store(database_url)
    for option in ("Forget gate", "Forget gate", "Input gate"):
        answer(store, code, new_student_id(), "gates.lets-go-of-france", option)
    reveal(store, code, token, "gates.lets-go-of-france")
    store.close()

    text = classroom(database_url, "tally", code.lower(), "--token", token)
    assert text.returncode == 0, text.stderr
    assert ("gates.lets-go-of-france (revealed): 3 answered — Forget gate: 2, Input gate: 1, Output gate: 0"
            in text.stdout.splitlines())
    assert "rnn-vs-lstm.parameter-ratio: 0 answered — About 2×: 0, About 4×: 0, About 8×: 0" in text.stdout

    as_json = classroom(database_url, "tally", code, "--json", token=token)      # the token from the environment
    assert as_json.returncode == 0, as_json.stderr
    report = json.loads(as_json.stdout)
    questions = {question["id"]: question for question in report["questions"]}
    assert report["code"] == code and len(questions) == len(LESSON_QUESTIONS)
    assert questions["gates.lets-go-of-france"] == {
        "id": "gates.lets-go-of-france", "counts": {"Forget gate": 2, "Input gate": 1, "Output gate": 0},
        "answered": 3, "revealed": True}


def test_close_stops_the_class(database_url, started):
    code, token, _ = started
    result = classroom(database_url, "close", code, "--token", token)
    assert result.returncode == 0 and result.stdout == f"class {code} is closed\n"
    store = open_store(database_url)
    assert not class_info(store, code).open
    store.close()


def test_bad_input_is_one_line_and_a_non_zero_exit(tmp_path):
    url = f"sqlite:///{tmp_path / 'class.db'}"             # the same code paths as on PostgreSQL, tested above
    store = open_store(url)
    ticket = new_class(store)
    store.close()
    assert refused(classroom(url, "tally", "ZZZZZZ", "--token", ticket.token), "error: no class ZZZZZZ")
    assert refused(classroom(url, "tally", ticket.code, "--token", "guess"),
                   f"error: wrong teacher token for class {ticket.code}")
    assert refused(classroom(url, "close", ticket.code),
                   "error: give the teacher token with --token or $WHY_LSTM_TEACHER_TOKEN")
    assert refused(classroom(url, "new", "--hours", "0"), "error: a class lasts more than 0 and at most 168 hours")
    assert refused(classroom(url, "new", "--hours", "soon"),
                   "python -m dashboard.classroom new: error: argument --hours: invalid float value: 'soon'")


def test_an_unreachable_database_is_one_line():
    result = classroom("postgresql://nobody@127.0.0.1:1/class", "new")
    assert result.returncode == 1 and result.stderr.startswith("error: the classroom database is unavailable: ")
    assert len(result.stderr.splitlines()) == 1


def test_work_once_trains_a_queued_run(database_url, started):
    code, _, _ = started
    store = open_store(database_url)
    enqueue_run(store, code, new_student_id(), "rnn", 10, TrainConfig(steps=20, hidden_size=8, batch_size=8))
    result = classroom(database_url, "work", "--once")
    assert result.returncode == 0 and result.stdout == "trained one run\n", result.stderr
    assert list_runs(store, code)[0].status == "done" and not work_one(store)
    assert classroom(database_url, "work", "--once").stdout == "no run was waiting\n"
    store.close()
