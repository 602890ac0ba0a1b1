"""The class's training experiment as the class sees it: ask for a run, see where it stands, chart the class's runs.

    place = enqueue_run(store, code, student_id, "lstm", 50, CONFIG)   # RunPlace: seed, queue place, expected wait
    list_runs(store, code, student_id)         # every run the class asked for, with its result once trained
    run_place(store, code, run_id)             # RunPlace of one run now: its place in the queue, expected wait

A run is (kind, longest training gap, seed, TrainConfig). The class gives each request the next seed it has not
used for that kind, gap and config, so twenty students asking for "LSTM, 50" get twenty different starting weights.
Training is deterministic (a config with a time budget is refused: its result would depend on the machine's
speed), so a run already trained, for any class, is reused at once instead of trained again.
"""
from __future__ import annotations

import hashlib
import json
import math
import statistics
from dataclasses import dataclass, replace

from sqlalchemy import exists, func, select, update

from dashboard.classroom.classes import class_row, normalise_code
from dashboard.classroom.errors import InvalidInput, LimitReached
from dashboard.classroom.limits import TRAINING_KINDS, TRAINING_MAX_GAPS
from dashboard.classroom.schema import class_runs, trainings, worker_slots
from dashboard.classroom.students import admit, check_student_id
from lstm_engine.memory.training import TrainConfig, with_max_gap

RECENT_RUNS = 20          # the expected wait uses the median training time of this many recent runs


@dataclass(frozen=True)
class RunPlace:
    run_id: int
    seed: int
    status: str                        # queued | running | done | failed
    place: int                         # 1 = next to be trained; 0 once it is running or done
    expected_wait_s: float | None      # until its result, roughly; None before any run has finished
    reused: bool                       # already trained (by this class or another): its result is there at once


@dataclass(frozen=True)
class ClassRun:
    run_id: int
    mine: bool                         # asked for by the student the list is for (ids are never shown)
    kind: str
    max_gap: int
    seed: int
    status: str
    held_out_accuracy: float | None
    gaps: tuple[int, ...]              # accuracy per gap, once trained
    accuracy: tuple[float, ...]


def config_key(config: TrainConfig) -> str:
    """What a setting's runs share: the trained config with its seed left out."""
    text = json.dumps(replace(config, seed=0).to_dict(), sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def _checked(kind, max_gap, config) -> None:
    if kind not in TRAINING_KINDS:
        raise InvalidInput(f"a class trains one of {', '.join(TRAINING_KINDS)}")
    if max_gap not in TRAINING_MAX_GAPS:
        raise InvalidInput(f"the longest training gap is one of {', '.join(map(str, TRAINING_MAX_GAPS))}")
    if not isinstance(config, TrainConfig) or config.time_budget_s is not None:
        raise InvalidInput("a class's runs take a TrainConfig without a time budget (runs must be reproducible)")


def _caps(connection, store, code: str, student_id: str) -> None:
    in_class = select(func.count()).select_from(class_runs).where(class_runs.c.class_code == code)
    if connection.scalar(in_class) >= store.limits.runs_per_class:
        raise LimitReached(f"class {code} has asked for its {store.limits.runs_per_class} runs")
    if connection.scalar(in_class.where(class_runs.c.student_id == student_id)) >= store.limits.runs_per_student:
        raise LimitReached(f"at most {store.limits.runs_per_student} training runs per student in a class")


def _next_seed(connection, code: str, kind: str, max_gap: int, key: str) -> int:
    used = connection.scalar(select(func.max(trainings.c.seed)).join(class_runs).where(
        class_runs.c.class_code == code, trainings.c.kind == kind, trainings.c.max_gap == max_gap,
        trainings.c.config_key == key))
    return 0 if used is None else used + 1


def _training(connection, store, kind: str, max_gap: int, key: str, trained: TrainConfig):
    """The training row for this run, added to the queue if new, queued again if it had failed."""
    identity = dict(kind=kind, max_gap=max_gap, seed=trained.seed, config_key=key)
    connection.execute(store.insert(trainings).values(
        **identity, config=json.dumps(trained.to_dict()), status="queued", queued_at=store.now(), attempts=0,
    ).on_conflict_do_nothing())
    where = [getattr(trainings.c, name) == value for name, value in identity.items()]
    connection.execute(update(trainings).where(*where, trainings.c.status == "failed").values(
        status="queued", queued_at=store.now(), attempts=0, error=None))
    return connection.execute(select(trainings.c.id, trainings.c.status).where(*where)).one()


def _typical_seconds(connection, kind: str) -> float | None:
    recent = select(trainings.c.seconds).where(trainings.c.status == "done").order_by(
        trainings.c.finished_at.desc()).limit(RECENT_RUNS)
    seconds = list(connection.scalars(recent.where(trainings.c.kind == kind))) or list(connection.scalars(recent))
    return statistics.median(seconds) if seconds else None


def _place(connection, store, kind: str, training_id: int, status: str) -> tuple[int, float | None]:
    """(queue place, expected seconds until the result): the jobs in front of it and its own, K at a time."""
    if status == "done":
        return 0, 0.0
    typical = _typical_seconds(connection, kind)
    running = connection.scalar(select(func.count()).select_from(worker_slots)
                                .where(worker_slots.c.training_id.is_not(None)))
    if status == "running":
        return 0, typical
    requested = exists().where(class_runs.c.training_id == trainings.c.id)
    ahead = connection.scalar(select(func.count()).select_from(trainings).where(
        trainings.c.status == "queued", trainings.c.id < training_id, requested))
    rounds = math.ceil((running + ahead + 1) / store.limits.max_running)
    return ahead + 1, None if typical is None else rounds * typical


def enqueue_run(store, code, student_id, kind: str, max_gap: int, config: TrainConfig) -> RunPlace:
    """Ask for the class's next run of (kind, max_gap); LimitReached past the student's or the class's cap."""
    code, student_id = normalise_code(code), check_student_id(student_id)
    _checked(kind, max_gap, config)
    with store.write() as connection:
        admit(connection, store, code, student_id, alone=True)
        _caps(connection, store, code, student_id)
        setting = with_max_gap(config, max_gap)
        key = config_key(setting)
        seed = _next_seed(connection, code, kind, max_gap, key)
        training = _training(connection, store, kind, max_gap, key, replace(setting, seed=seed))
        run_id = connection.execute(class_runs.insert().values(
            class_code=code, student_id=student_id, training_id=training.id, requested_at=store.now()),
        ).inserted_primary_key[0]
        place, wait = _place(connection, store, kind, training.id, training.status)
    return RunPlace(run_id, seed, training.status, place, wait, training.status == "done")


def run_place(store, code, run_id) -> RunPlace:
    """Where one of the class's runs stands now (UnknownClass, or InvalidInput for a run of no such class)."""
    code = normalise_code(code)
    with store.read() as connection:
        class_row(connection, code)
        row = connection.execute(select(trainings.c.id, trainings.c.kind, trainings.c.seed, trainings.c.status)
                                 .join(class_runs).where(class_runs.c.class_code == code,
                                                         class_runs.c.id == run_id)).one_or_none()
        if row is None:
            raise InvalidInput(f"class {code} asked for no run {str(run_id)[:20]}")
        place, wait = _place(connection, store, row.kind, row.id, row.status)
    return RunPlace(run_id, row.seed, row.status, place, wait, False)


def list_runs(store, code, student_id=None) -> tuple[ClassRun, ...]:
    """The class's runs in the order asked, for its chart; `mine` marks those of `student_id`."""
    code = normalise_code(code)
    query = (select(class_runs.c.id, class_runs.c.student_id, trainings.c.kind, trainings.c.max_gap,
                    trainings.c.seed, trainings.c.status, trainings.c.result)
             .join(trainings).where(class_runs.c.class_code == code).order_by(class_runs.c.id))
    with store.read() as connection:
        class_row(connection, code)
        rows = connection.execute(query).all()
    runs = []
    for run_id, asker, kind, max_gap, seed, status, result in rows:
        result = json.loads(result) if result else {}
        runs.append(ClassRun(run_id, asker == student_id, kind, max_gap, seed, status,
                             result.get("held_out_accuracy"), tuple(result.get("gaps", ())),
                             tuple(result.get("accuracy", ()))))
    return tuple(runs)
