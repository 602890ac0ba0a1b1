"""Training jobs: a finished job carries a measured curve, stop ends training early, the server says busy
when its slots are taken, and a failing job gives its slot back."""

import time

import pytest

from dashboard.training import training_jobs
from dashboard.training.training_jobs import JobSettings, start_training
from lstm_engine.memory.memory_task import TaskConfig

TINY = dict(max_gap=5, hidden_size=8, time_budget_s=120.0)
ENDLESS = dict(max_gap=5, hidden_size=8, steps=10**7, time_budget_s=600.0)


def _wait_for(condition, timeout=60.0):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail("the job did not get there in time")
        time.sleep(0.02)


def test_a_job_trains_then_measures_its_retention():
    job = start_training(JobSettings("lstm", steps=20, **TINY))
    assert job is not None and job.join(timeout=120)
    progress = job.progress()
    assert progress.phase == "done" and progress.fraction == 1.0 and job.error is None
    assert job.result.steps == progress.step == 20
    assert job.config.task.gap_range == (1, 5) and job.config.hidden_size == 8
    assert job.curve.kind == "lstm" and job.curve.gaps == list(training_jobs.MEASURE_GAPS)
    assert job.curve.samples == training_jobs.MEASURE_SAMPLES
    assert job.curve.chance == 1 / TaskConfig().countries


def test_stop_ends_training_and_still_measures_what_was_learnt():
    job = start_training(JobSettings("rnn", **ENDLESS))
    _wait_for(lambda: job.progress().step >= 3)
    job.stop()
    assert job.join(timeout=120)
    assert job.result.stopped_because == "should_stop" and job.result.steps < ENDLESS["steps"]
    assert job.progress().phase == "done" and job.curve is not None


def test_the_server_is_busy_when_every_slot_is_taken():
    running = [start_training(JobSettings("rnn", **ENDLESS)) for _ in range(training_jobs.MAX_RUNNING)]
    assert all(job is not None for job in running)
    assert start_training(JobSettings("lstm", **TINY)) is None
    for job in running:
        job.stop()
        assert job.join(timeout=120)
    again = start_training(JobSettings("lstm", steps=2, **TINY))
    assert again is not None and again.join(timeout=120)


def test_a_failing_job_reports_and_frees_its_slot():
    job = start_training(JobSettings("transformer", steps=2, **TINY))
    assert job.join(timeout=60)
    assert job.progress().phase == "failed" and "unknown model" in job.error
    for _ in range(training_jobs.MAX_RUNNING):
        other = start_training(JobSettings("lstm", steps=2, **TINY))
        assert other is not None and other.join(timeout=120)


def test_progress_follows_steps_before_the_end():
    job = start_training(JobSettings("rnn", **ENDLESS))
    _wait_for(lambda: job.progress().step >= 2)
    progress = job.progress()
    assert progress.phase == "training" and 0 < progress.fraction < 1
    assert progress.loss is not None and 0 <= progress.accuracy <= 1
    job.stop()
    assert job.join(timeout=120)


HOLD_A_SLOT = """
import sys, time
from dashboard.training.training_jobs import JobSettings, start_training
job = start_training(JobSettings("rnn", max_gap=5, hidden_size=8, steps=10**7, time_budget_s=600.0))
print("busy" if job is None else "holding", flush=True)
time.sleep(600)
"""


def test_another_process_holding_every_slot_makes_this_one_busy_until_it_dies(training_slots):
    import os
    import signal
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    env = dict(os.environ, WHY_LSTM_TRAINING_SLOTS=str(training_slots), PYTHONPATH=str(root))
    others = [subprocess.Popen([sys.executable, "-c", HOLD_A_SLOT], env=env, stdout=subprocess.PIPE, text=True,
                               start_new_session=True) for _ in range(training_jobs.MAX_RUNNING)]
    try:
        assert [other.stdout.readline().strip() for other in others] == ["holding"] * training_jobs.MAX_RUNNING
        assert start_training(JobSettings("lstm", **TINY)) is None
        assert 500 < training_jobs.seconds_until_free() <= 600     # the other job's 600 s budget, just begun
    finally:
        for other in others:                    # the holder and the training process it started
            os.killpg(other.pid, signal.SIGKILL)
            other.wait()
    # The kernel drops a dead process's lock once no process shares its open file (a training process that was
    # being forked as its holder died shares it until it starts): at once, or within moments on a busy machine.
    deadline, job = time.monotonic() + 30, None
    while job is None and time.monotonic() < deadline:
        job = start_training(JobSettings("lstm", steps=2, **TINY))
        time.sleep(0 if job else 0.2)
    assert job is not None and job.join(timeout=120)
