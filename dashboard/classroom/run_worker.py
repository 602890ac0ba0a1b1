"""Training the queued runs: `work_one` claims a job, trains it with the `train` callable it is given while a thread
keeps the job's heartbeat, and hands in the result. `train_with_engine` is the real training (lstm_engine).

    python -m dashboard.classroom work       # a worker process beside the server (K of them at most do work)
"""
from __future__ import annotations

import os
import socket
import threading

from dashboard.classroom.errors import ClassroomUnavailable, InvalidInput
from dashboard.classroom.training_queue import claim, fail, finish, heartbeat, work_waiting
from lstm_engine.memory.training import TrainConfig
from lstm_engine.memory.training_runs import train_run

BEATS_PER_STALE_PERIOD = 6      # a busy machine may delay a beat or two without the job being taken back


def train_with_engine(kind: str, config: dict) -> dict:
    """One run of lstm_engine: held-out accuracy and accuracy per gap (memory/training_runs.py)."""
    _, record = train_run(kind, TrainConfig.from_dict(config))
    return {"held_out_accuracy": record["held_out_accuracy"], "gaps": record["retention"]["gaps"],
            "accuracy": record["retention"]["accuracy"]}


def worker_name() -> str:
    return f"{socket.gethostname()}-{os.getpid()}"[-64:]


def _keep_alive(store, job, stop: threading.Event) -> None:
    while not stop.wait(store.limits.stale_after_s / BEATS_PER_STALE_PERIOD):
        try:
            if not heartbeat(store, job):
                return
        except ClassroomUnavailable:
            continue                    # the database may be back before the job counts as dead


def work_one(store, train=train_with_engine, worker: str | None = None, hold=None) -> bool:
    """Claim one job and train it with `train(kind, config_dict) -> result dict`; False when nothing was claimed.
    A training that raises is stored as the job's failure (its message), and the worker goes on. `hold()`, if given,
    takes one of the machine's training slots (an object with `release()`, or None when all are taken: then nothing
    is claimed), held while the job trains. With nothing waiting, no slot is taken: a worker that polls an empty
    queue must not make a student's own training find the machine busy."""
    if hold is not None and not work_waiting(store):
        return False
    slot = hold() if hold is not None else None
    if hold is not None and slot is None:
        return False
    try:
        return _claim_and_train(store, train, worker)
    finally:
        if slot is not None:
            slot.release()


def _claim_and_train(store, train, worker: str | None) -> bool:
    job = claim(store, worker or worker_name())
    if job is None:
        return False
    stop = threading.Event()
    beating = threading.Thread(target=_keep_alive, args=(store, job, stop), daemon=True)
    beating.start()
    try:
        result, error = train(job.kind, job.config), None
    except Exception as raised:         # the worker outlives one bad job; the failure is kept with the job
        result, error = None, f"{type(raised).__name__}: {raised}"
    finally:
        stop.set()
        beating.join()
    if error is None:
        try:
            finish(store, job, result)
        except InvalidInput as refused:
            error = str(refused)
    if error is not None:
        fail(store, job, error)
    return True
