"""The class's training experiment: seeds per setting, caps, a queue that never runs more than K jobs across
claimers, dead workers' jobs put back, results reused instead of retrained, and real (tiny) lstm_engine training —
on SQLite and on a real PostgreSQL (the `store` fixture, tests/conftest.py, has K = 2)."""
import json
import os
import threading
import time
from dataclasses import replace

import pytest
from sqlalchemy import func, select

from dashboard.classroom import (
    InvalidInput,
    LimitReached,
    Limits,
    claim,
    enqueue_run,
    fail,
    finish,
    heartbeat,
    list_runs,
    new_class,
    new_student_id,
    open_store,
    purge_expired,
    run_place,
    train_with_engine,
    work_one,
)
from dashboard.classroom.schema import trainings, worker_slots
from dashboard.training import training_jobs
from lstm_engine.memory.training import TrainConfig

TINY = TrainConfig(steps=20, hidden_size=8, batch_size=8)         # a real run of the engine in under a second
RESULT = {"held_out_accuracy": 0.5, "gaps": [0, 10], "accuracy": [0.9, 0.4]}


def busy_slots(store) -> int:
    with store.read() as connection:
        return connection.scalar(select(func.count()).select_from(worker_slots)
                                 .where(worker_slots.c.training_id.is_not(None)))


def training_rows(store):
    with store.read() as connection:
        return connection.execute(select(trainings).order_by(trainings.c.id)).all()


def test_each_request_gets_the_next_unused_seed_of_its_setting(store):
    ticket, student = new_class(store), new_student_id()
    places = [enqueue_run(store, ticket.code, student, "lstm", 50, TINY) for _ in range(3)]
    assert [place.seed for place in places] == [0, 1, 2]
    assert [place.place for place in places] == [1, 2, 3] and not any(place.reused for place in places)
    assert enqueue_run(store, ticket.code, student, "rnn", 50, TINY).seed == 0       # another setting
    assert enqueue_run(store, ticket.code, student, "lstm", 10, TINY).seed == 0
    assert enqueue_run(store, new_class(store).code, new_student_id(), "lstm", 50, TINY).seed == 0   # another class
    stored = training_rows(store)
    assert len(stored) == 5                               # the other class's lstm/50/seed 0 is the same training
    assert TrainConfig.from_dict(json.loads(stored[1].config)).seed == 1


@pytest.mark.parametrize("kind, max_gap, config", [
    ("transformer", 50, TINY), ("lstm", 51, TINY), ("lstm", 50, replace(TINY, time_budget_s=10.0)),
    ("lstm", 50, TINY.to_dict()),
])
def test_a_run_outside_the_experiments_choices_is_refused(store, kind, max_gap, config):
    with pytest.raises(InvalidInput):
        enqueue_run(store, new_class(store).code, new_student_id(), kind, max_gap, config)
    assert training_rows(store) == []


def test_run_requests_stop_at_the_students_and_the_classs_caps(database_url, clock):
    store = open_store(database_url, clock=clock, limits=Limits(runs_per_student=2, runs_per_class=3, max_running=1))
    ticket, first, second = new_class(store), new_student_id(), new_student_id()
    for _ in range(2):
        enqueue_run(store, ticket.code, first, "lstm", 50, TINY)
    with pytest.raises(LimitReached, match="per student"):
        enqueue_run(store, ticket.code, first, "gru", 50, TINY)
    enqueue_run(store, ticket.code, second, "lstm", 50, TINY)
    with pytest.raises(LimitReached, match="its 3 runs"):
        enqueue_run(store, ticket.code, second, "lstm", 50, TINY)
    assert len(list_runs(store, ticket.code)) == 3 and len(training_rows(store)) == 3
    store.close()


def test_several_claimers_never_run_more_than_k_jobs_at_once(store, database_url, clock):
    ticket, student = new_class(store), new_student_id()
    for kind in ("rnn", "gru", "lstm"):
        for max_gap in (10, 25):
            enqueue_run(store, ticket.code, student if kind != "lstm" else new_student_id(), kind, max_gap, TINY)
    running, peak, done, lock = [0], [0], [], threading.Lock()

    def claimer(name):
        replica = open_store(database_url, clock=clock, limits=store.limits)     # as another process would
        while len(done) < 6:
            job = claim(replica, name)
            if job is None:
                time.sleep(0.01)
                continue
            with lock:
                running[0] += 1
                peak[0] = max(peak[0], running[0], busy_slots(replica))
            time.sleep(0.1)
            with lock:
                running[0] -= 1
                done.append(job.training_id)
            finish(replica, job, RESULT)
        replica.close()

    threads = [threading.Thread(target=claimer, args=(f"worker-{k}",)) for k in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(done) == [row.id for row in training_rows(store)] and len(done) == 6     # each job once
    assert peak[0] == store.limits.max_running == 2
    assert {row.status for row in training_rows(store)} == {"done"} and busy_slots(store) == 0


def test_a_dead_workers_job_goes_back_to_the_queue(store, clock):
    ticket = new_class(store)
    enqueue_run(store, ticket.code, new_student_id(), "lstm", 50, TINY)
    dead = claim(store, "worker-that-dies")
    assert claim(store, "another") is None                       # nothing else is queued
    clock.advance(store.limits.stale_after_s - 1)
    assert claim(store, "another") is None                       # not dead yet
    clock.advance(2)
    taken_over = claim(store, "another")
    assert (taken_over.training_id, taken_over.attempt, dead.attempt) == (dead.training_id, 2, 1)
    assert not heartbeat(store, dead)                             # the first worker learns it lost the job
    fail(store, dead, "it came back, too late")                   # ... and its report changes nothing
    assert training_rows(store)[0].status == "running"
    finish(store, taken_over, RESULT)
    finish(store, dead, RESULT)                                   # deterministic: a late result is the same result
    assert training_rows(store)[0].status == "done" and busy_slots(store) == 0


def test_a_heartbeat_keeps_a_long_job(store, clock):
    ticket = new_class(store)
    enqueue_run(store, ticket.code, new_student_id(), "lstm", 50, TINY)
    job = claim(store, "slow-worker")
    for _ in range(5):
        clock.advance(store.limits.stale_after_s * 0.9)
        assert heartbeat(store, job)
        assert claim(store, "another") is None
    finish(store, job, RESULT)
    assert list_runs(store, ticket.code)[0].status == "done"


def test_work_one_keeps_its_job_alive_while_it_trains(database_url):
    limits = Limits(stale_after_s=2.0, max_running=2)            # real time: beats every 1/3 s
    store, other = open_store(database_url, limits=limits), open_store(database_url, limits=limits)
    enqueue_run(store, new_class(store).code, new_student_id(), "lstm", 50, TINY)
    taken = []

    def slow_train(kind, config):
        deadline = time.monotonic() + 3 * limits.stale_after_s / 2
        while time.monotonic() < deadline:
            taken.append(claim(other, "would-take-a-dead-job"))
            time.sleep(0.2)
        return RESULT

    assert work_one(store, slow_train)
    assert len(taken) >= 10 and not any(taken) and training_rows(store)[0].attempts == 1
    store.close()
    other.close()


def test_a_worker_claims_only_while_it_holds_one_of_the_machines_training_slots(store):
    ticket = new_class(store)
    enqueue_run(store, ticket.code, new_student_id(), "lstm", 50, TINY)
    taken = [training_jobs.machine_slot() for _ in range(training_jobs.MAX_RUNNING)]       # solo trainings, say
    assert not work_one(store, hold=training_jobs.machine_slot)
    assert training_rows(store)[0].status == "queued"
    for slot in taken:
        slot.release()
    assert work_one(store, hold=training_jobs.machine_slot)
    assert training_rows(store)[0].status == "done"
    again = training_jobs.machine_slot()                      # the worker gave its slot back
    assert again is not None
    again.release()


class CountingHold:
    """A machine slot that counts how often a worker asked for it."""

    def __init__(self):
        self.taken = 0

    def __call__(self):
        self.taken += 1
        return training_jobs.machine_slot()


def test_a_worker_polling_an_empty_queue_never_takes_a_machine_slot(store, clock):
    hold = CountingHold()
    assert not work_one(store, hold=hold)
    new_class(store)
    assert not work_one(store, hold=hold) and hold.taken == 0
    enqueue_run(store, new_class(store).code, new_student_id(), "lstm", 50, TINY)
    dead = claim(store, "worker-that-dies")
    assert not work_one(store, hold=hold) and hold.taken == 0     # its job runs, alive: nothing waits
    clock.advance(store.limits.stale_after_s + 1)
    assert work_one(store, hold=hold) and hold.taken == 1         # a dead worker's job is work: put back and trained
    assert not heartbeat(store, dead) and training_rows(store)[0].status == "done"


def test_a_malformed_worker_count_is_one_clear_refusal(monkeypatch):
    monkeypatch.setenv("WHY_LSTM_TRAINING_WORKERS", "many")
    with pytest.raises(InvalidInput, match="WHY_LSTM_TRAINING_WORKERS must be a whole number"):
        Limits()
    monkeypatch.setenv("WHY_LSTM_TRAINING_WORKERS", "3")
    assert Limits().max_running == 3
    monkeypatch.delenv("WHY_LSTM_TRAINING_WORKERS")
    assert Limits().max_running == max(1, os.cpu_count() - 1)


def test_a_job_whose_worker_keeps_dying_is_failed(store, clock):
    ticket = new_class(store)
    enqueue_run(store, ticket.code, new_student_id(), "lstm", 50, TINY)
    for attempt in range(1, store.limits.attempts_per_training + 1):
        assert claim(store, f"worker-{attempt}").attempt == attempt
        clock.advance(store.limits.stale_after_s + 1)
    assert claim(store, "last") is None
    row = training_rows(store)[0]
    assert row.status == "failed" and "stopped answering 3 times" in row.error and busy_slots(store) == 0


def test_real_training_runs_once_and_is_reused_by_another_class(store):
    calls = []

    def counting_train(kind, config):
        calls.append((kind, config["seed"], config["task"]["gap_range"]))
        return train_with_engine(kind, config)

    first, student = new_class(store), new_student_id()
    enqueue_run(store, first.code, student, "lstm", 10, TINY)
    assert work_one(store, counting_train) and not work_one(store, counting_train)
    assert calls == [("lstm", 0, [1, 10])]
    run = list_runs(store, first.code, student)[0]
    assert run.mine and run.status == "done" and 0 <= run.held_out_accuracy <= 1
    assert run.gaps[:3] == (0, 5, 10) and len(run.accuracy) == len(run.gaps)

    second = new_class(store)
    place = enqueue_run(store, second.code, new_student_id(), "lstm", 10, TINY)
    assert place.reused and (place.status, place.place, place.seed) == ("done", 0, 0)
    assert not work_one(store, counting_train) and len(calls) == 1
    reused = list_runs(store, second.code)[0]
    assert not reused.mine and (reused.held_out_accuracy, reused.accuracy) == (run.held_out_accuracy, run.accuracy)


def test_a_training_that_raises_fails_its_job_and_a_new_request_queues_it_again(store):
    def broken_train(kind, config):
        raise MemoryError("no room for the weights")

    ticket = new_class(store)
    enqueue_run(store, ticket.code, new_student_id(), "gru", 25, TINY)
    assert work_one(store, broken_train)
    row = training_rows(store)[0]
    assert row.status == "failed" and row.error == "MemoryError: no room for the weights" and busy_slots(store) == 0
    assert list_runs(store, ticket.code)[0].status == "failed"
    again = enqueue_run(store, new_class(store).code, new_student_id(), "gru", 25, TINY)
    assert (again.status, again.seed, again.reused) == ("queued", 0, False)
    assert work_one(store, lambda kind, config: RESULT) and training_rows(store)[0].status == "done"


@pytest.mark.parametrize("result", [{}, {"held_out_accuracy": 2.0, "gaps": [], "accuracy": []},
                                    {"held_out_accuracy": 0.5, "gaps": [1, 2], "accuracy": [0.5]},
                                    {"held_out_accuracy": "nan", "gaps": [], "accuracy": []}])
def test_a_malformed_result_is_refused(store, result):
    enqueue_run(store, new_class(store).code, new_student_id(), "lstm", 50, TINY)
    job = claim(store, "worker")
    with pytest.raises(InvalidInput):
        finish(store, job, result)
    assert work_one(store, lambda kind, config: result) is False        # the job is still the first worker's
    assert training_rows(store)[0].status == "running"


def test_the_queue_place_and_expected_wait_follow_recent_run_times(store, clock):
    ticket = new_class(store)
    first = enqueue_run(store, ticket.code, new_student_id(), "lstm", 50, TINY)
    assert first.expected_wait_s is None                                # no run has finished yet
    job = claim(store, "worker")
    clock.advance(30)
    finish(store, job, RESULT)
    places = [enqueue_run(store, ticket.code, new_student_id(), "lstm", 50, TINY) for _ in range(3)]
    assert [place.place for place in places] == [1, 2, 3]
    assert [place.expected_wait_s for place in places] == [30, 30, 60]  # K = 2 at a time, 30 s each
    claim(store, "worker")                                              # the first of them starts
    now = [run_place(store, ticket.code, place.run_id) for place in places]
    assert [(place.status, place.place) for place in now] == [("running", 0), ("queued", 1), ("queued", 2)]
    with pytest.raises(InvalidInput):
        run_place(store, new_class(store).code, places[0].run_id)        # another class's run: nothing said


def test_the_runs_of_a_purged_class_are_not_trained(store, clock):
    ticket = new_class(store, ttl_hours=1)
    enqueue_run(store, ticket.code, new_student_id(), "lstm", 50, TINY)
    clock.advance(3601)
    assert purge_expired(store) == 1
    assert claim(store, "worker") is None and training_rows(store)[0].status == "queued"
