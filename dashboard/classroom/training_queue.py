"""The training queue's worker side: claim the next job, keep it alive, hand in its result.

    job = claim(store, worker="host-1234")      # None when nothing is queued or K jobs already run
    heartbeat(store, job)                        # every few seconds while training; False: the job was taken back
    finish(store, job, {"held_out_accuracy": 0.93, "gaps": [5, 50], "accuracy": [1.0, 0.9]})
    fail(store, job, "MemoryError: ...")

At most K = Limits.max_running jobs run at once across every process: a running job holds one of the K rows of
worker_slots. A claim takes a free slot and the oldest queued training that some class still asks for, each with
SELECT … FOR UPDATE SKIP LOCKED on PostgreSQL (claimers pass each other's rows instead of waiting), and inside
BEGIN IMMEDIATE on SQLite (one claimer at a time). A slot whose heartbeat is older than Limits.stale_after_s
belongs to a dead worker: the next claim puts its job back in the queue, or fails it after
Limits.attempts_per_training tries. Locks are taken slot first, then training, everywhere.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass

from sqlalchemy import exists, func, select, update

from dashboard.classroom.errors import InvalidInput
from dashboard.classroom.schema import class_runs, trainings, worker_slots

ERROR_LENGTH = 500
FREE_SLOT = dict(training_id=None, worker=None, claimed_at=None, heartbeat_at=None)


@dataclass(frozen=True)
class Job:
    training_id: int
    slot: int
    worker: str
    kind: str
    max_gap: int
    seed: int
    config: dict                  # TrainConfig.to_dict() of exactly what to train
    started_at: float
    attempt: int


def _ensure_slots(connection, store) -> None:
    count = store.limits.max_running
    present = connection.scalar(select(func.count()).select_from(worker_slots).where(worker_slots.c.slot < count))
    if present < count:
        connection.execute(store.insert(worker_slots).values([{"slot": k} for k in range(count)])
                           .on_conflict_do_nothing())


def _dead(store) -> tuple:
    """A slot whose worker has not beaten for Limits.stale_after_s: its job goes back to the queue."""
    return (worker_slots.c.training_id.is_not(None),
            worker_slots.c.heartbeat_at < store.now() - store.limits.stale_after_s)


def _queued() -> tuple:
    """A queued training that some class still asks for."""
    return trainings.c.status == "queued", exists().where(class_runs.c.training_id == trainings.c.id)


def _requeue_dead(connection, store) -> None:
    stale = connection.execute(select(worker_slots).where(*_dead(store)).with_for_update(skip_locked=True)).all()
    for slot in stale:
        attempts = connection.scalar(select(trainings.c.attempts).where(
            trainings.c.id == slot.training_id, trainings.c.status == "running").with_for_update())
        if attempts is not None:
            gave_up = attempts >= store.limits.attempts_per_training
            connection.execute(update(trainings).where(trainings.c.id == slot.training_id).values(
                status="failed" if gave_up else "queued",
                error=f"its worker stopped answering {attempts} times" if gave_up else None))
        connection.execute(update(worker_slots).where(worker_slots.c.slot == slot.slot).values(**FREE_SLOT))


def work_waiting(store) -> bool:
    """Whether a claim could find work: a queued training some class asks for, or a dead worker's job to put back.
    Read-only, so a worker can ask before it takes one of the machine's training slots."""
    with store.read() as connection:
        return bool(connection.scalar(select(exists().where(*_queued()) | exists().where(*_dead(store)))))


def claim(store, worker: str) -> Job | None:
    """The oldest queued training, now running in a free slot for `worker`; None if there is no job or no slot."""
    with store.write() as connection:
        _ensure_slots(connection, store)
        _requeue_dead(connection, store)
        slot = connection.scalar(select(worker_slots.c.slot).where(
            worker_slots.c.slot < store.limits.max_running, worker_slots.c.training_id.is_(None),
        ).order_by(worker_slots.c.slot).limit(1).with_for_update(skip_locked=True))
        if slot is None:
            return None
        row = connection.execute(select(trainings).where(*_queued())
                                 .order_by(trainings.c.id).limit(1)
                                 .with_for_update(skip_locked=True, of=trainings)).one_or_none()
        if row is None:
            return None
        now = store.now()
        connection.execute(update(trainings).where(trainings.c.id == row.id).values(
            status="running", attempts=row.attempts + 1, started_at=now))
        connection.execute(update(worker_slots).where(worker_slots.c.slot == slot).values(
            training_id=row.id, worker=worker, claimed_at=now, heartbeat_at=now))
    return Job(row.id, slot, worker, row.kind, row.max_gap, row.seed, json.loads(row.config), now, row.attempts + 1)


def _its_slot(job: Job):
    return (worker_slots.c.slot == job.slot, worker_slots.c.training_id == job.training_id,
            worker_slots.c.worker == job.worker)


def heartbeat(store, job: Job) -> bool:
    """Say the job's worker is alive; False if the job was taken back (its worker was thought dead): stop it."""
    with store.write() as connection:
        return connection.execute(update(worker_slots).where(*_its_slot(job))
                                  .values(heartbeat_at=store.now())).rowcount == 1


def _holds_slot(connection, job: Job) -> bool:
    return connection.execute(select(worker_slots.c.slot).where(*_its_slot(job)).with_for_update()).first() is not None


def _checked_result(result) -> dict:
    try:
        held_out = float(result["held_out_accuracy"])
        gaps = [int(gap) for gap in result["gaps"]]
        accuracy = [float(value) for value in result["accuracy"]]
    except (TypeError, KeyError, ValueError) as error:
        raise InvalidInput(f"a training result has held_out_accuracy, gaps and accuracy ({error})") from error
    if len(gaps) != len(accuracy) or not all(0.0 <= value <= 1.0 for value in [held_out, *accuracy]):
        raise InvalidInput("a training result has one accuracy in [0, 1] per gap")
    if not math.isfinite(held_out):
        raise InvalidInput("a training result's held-out accuracy must be a number")
    return {"held_out_accuracy": held_out, "gaps": gaps, "accuracy": accuracy}


def finish(store, job: Job, result: dict) -> None:
    """Keep the result (held-out accuracy, accuracy per gap) for every class that asks for this run. A result
    handed in after the job was taken back still counts: training is deterministic."""
    stored = json.dumps(_checked_result(result))
    with store.write() as connection:
        held = _holds_slot(connection, job)
        now = store.now()
        connection.execute(update(trainings).where(trainings.c.id == job.training_id, trainings.c.status != "done")
                           .values(status="done", result=stored, finished_at=now, seconds=now - job.started_at,
                                   error=None))
        if held:
            connection.execute(update(worker_slots).where(*_its_slot(job)).values(**FREE_SLOT))


def fail(store, job: Job, error: str) -> None:
    """Mark the job failed (a later request of the same run queues it again), unless it was taken back."""
    with store.write() as connection:
        if not _holds_slot(connection, job):
            return
        connection.execute(update(trainings).where(trainings.c.id == job.training_id).values(
            status="failed", finished_at=store.now(), error=str(error)[:ERROR_LENGTH]))
        connection.execute(update(worker_slots).where(*_its_slot(job)).values(**FREE_SLOT))
