"""The classes' training worker: one thread per server process that trains the runs students queue in the class
experiment (dashboard/classroom's queue), each in a child process at low priority.

    start_training_worker()      # once per process (serving.after_page); later calls do nothing

The thread claims a job only while it holds one of the machine's training slots (dashboard/training/
training_jobs.py: file locks shared with the solo "Train it yourself"), so solo and class trainings together
never exceed K on a machine; the queue's own K (worker_slots in the database) bounds the jobs across machines.
Training happens in a fresh interpreter at nice 10: the thread only waits on it, so the server's interpreter lock
stays with the students' reruns. A database outage or a failed child costs the thread a pause, never the server.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from functools import cache

from streamlit.logger import get_logger

from dashboard.classroom import ClassroomError, train_with_engine, work_one
from dashboard.classroom.run_worker import worker_name
from dashboard.classroom.shared_store import classroom_store
from dashboard.training.training_jobs import ROOT, child_env, machine_slot
from lstm_engine.command_line import use_one_blas_thread

IDLE_S = 2.0                   # with nothing queued (or no free slot), the thread looks again this often
CHILD_TIMEOUT_S = 30 * 60.0    # a class run takes seconds; one stuck this long is killed and failed
CHILD = "from dashboard.serving.training_worker import child_main; child_main()"
LOG = get_logger(__name__)


def train_in_child(kind: str, config: dict) -> dict:
    """train_with_engine(kind, config) in a child process; its result dict, or RuntimeError with its last words."""
    done = subprocess.run([sys.executable, "-c", CHILD], input=json.dumps({"kind": kind, "config": config}),
                          capture_output=True, text=True, timeout=CHILD_TIMEOUT_S, cwd=ROOT, env=child_env())
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or [f"exit code {done.returncode}"])[-1]
        raise RuntimeError(f"the training process failed: {last[:300]}")
    return json.loads(done.stdout)


def child_main() -> None:
    """In the child: read {"kind", "config"} from stdin, train, write the result as JSON to stdout."""
    os.nice(10)                                  # the students' clicks first
    use_one_blas_thread()
    out = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)                                # a stray print cannot spoil the result
    job = json.load(sys.stdin)
    out.write(json.dumps(train_with_engine(job["kind"], job["config"])))
    out.flush()


def work_once(worker: str, train=train_in_child) -> bool:
    """Train one queued run if a machine slot is free; True when one was trained (or failed)."""
    return work_one(classroom_store(), train=train, worker=worker, hold=machine_slot)


def _work_forever(worker: str) -> None:
    while True:
        try:
            trained = work_once(worker)
        except ClassroomError:                   # the database is away: the queue waits for it
            trained = False
        except Exception as error:               # the thread outlives anything one attempt does
            LOG.warning("class training worker: %s: %s", type(error).__name__, error)
            trained = False
        if not trained:
            time.sleep(IDLE_S)


@cache
def start_training_worker() -> threading.Thread:
    thread = threading.Thread(target=_work_forever, args=(worker_name(),), name="class-training-worker", daemon=True)
    thread.start()
    return thread
