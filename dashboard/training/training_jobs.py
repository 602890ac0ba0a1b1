"""Training a small model from a page without blocking anyone: one background process per job (watched by a
thread of the server), a time budget, a stop button, and at most MAX_RUNNING trainings at once on the whole
machine: across every session, every replica (cluster/ starts several Streamlit processes) AND the class's
training worker (dashboard/serving/training_worker.py), because the slots are file locks that all of them take.

    job = start_training(JobSettings("lstm", max_gap=50))   # None when the machine is busy: "try again"
    seconds_until_free()                                     # ~when a running job's budget ends
    job.progress()      # Progress(phase, step, steps, loss, accuracy, fraction): read by the page's timer
    job.stop()          # the student's stop button: training ends, what it learnt is still measured
    job.curve           # RetentionCurve once phase == "done"
    slot = machine_slot()                                    # a slot for a class run's worker (release() it)

MAX_RUNNING is K of the class queue too (dashboard/classroom/limits.py: WHY_LSTM_TRAINING_WORKERS, else the cores
but one), so one number bounds the machine: solo trainings and class runs together never exceed it.
The training runs in its own process at a lower priority (nice 10), not in a thread of the server, where it would
take the server's interpreter lock from the other students' reruns (docs/performance.md). The page keeps its job in
its own session state. A slot is an exclusive `flock` on `SLOTS_DIR/slot-<k>`, held by
the job's open file until the job ends; the kernel drops it if the process dies, so a crashed replica never keeps
a slot. The file holds the wall-clock time the job's budget ends, for the "try again in ~N s" message. On several
machines or containers, give them one shared SLOTS_DIR volume for one limit, or each keeps its own (MAX_RUNNING
per container). The thread never touches Streamlit.
"""

from __future__ import annotations

import fcntl
import os
import pickle
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path

from dashboard.classroom.limits import machine_trainings
from lstm_engine.command_line import use_one_blas_thread
from lstm_engine.memory.retention import retention_curve
from lstm_engine.memory.training import TrainConfig, train, with_max_gap

MAX_RUNNING = machine_trainings()    # training jobs at once on the machine, solo and class runs together
TIME_BUDGET_S = 60.0                 # training plus measuring, per job
MEASURE_RESERVE_S = 10.0             # of the budget, kept for measuring the trained model
CLASS_RUN_BUDGET_S = 60.0            # a class run holds a slot about this long ("try again in ~N s")
MEASURE_GAPS = (5, 10, 20, 50, 100, 200, 400)
MEASURE_SAMPLES = 200
PHASES = ("training", "measuring", "done", "failed")
ROOT = Path(__file__).resolve().parents[2]
# The training process: a fresh interpreter (not multiprocessing: Streamlit swaps sys.modules["__main__"] for the
# page being run, and a spawned child would run that page) that reads its settings from stdin.
CHILD = "from dashboard.training.training_jobs import _training_process; _training_process()"
SLOTS_DIR = Path(os.environ.get("WHY_LSTM_TRAINING_SLOTS", Path(tempfile.gettempdir()) / "why-lstm-training-slots"))


class _Slot:
    """One of the MAX_RUNNING training slots, held as an exclusive flock until `release()`."""

    def __init__(self, fd: int):
        self._fd = fd

    def release(self) -> None:
        if self._fd >= 0:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = -1


def child_env() -> dict[str, str]:
    """The environment of a training process: this one's, with the repository importable (a plain
    `pip install -r requirements.txt` has not installed the project)."""
    return dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))


def take_slot(budget_s: float) -> _Slot | None:
    """One of the machine's MAX_RUNNING slots, held until `release()`; None when all are taken."""
    SLOTS_DIR.mkdir(parents=True, exist_ok=True)
    for k in range(MAX_RUNNING):
        fd = os.open(SLOTS_DIR / f"slot-{k}", os.O_RDWR | os.O_CREAT, 0o666)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{time.time() + budget_s:.1f}".encode(), 0)
        return _Slot(fd)
    return None


def machine_slot() -> _Slot | None:
    """A slot for a class run (dashboard/classroom's workers): its file tells a solo trainer to wait about a minute."""
    return take_slot(CLASS_RUN_BUDGET_S)


def seconds_until_free() -> int:
    """About when the first running job's time budget ends (at least 1 s), read from the slot files."""
    ends = []
    for k in range(MAX_RUNNING):
        try:
            ends.append(float((SLOTS_DIR / f"slot-{k}").read_text()))
        except (OSError, ValueError):
            continue
    return max(1, round(min(ends) - time.time())) if ends else 1


@dataclass(frozen=True)
class JobSettings:
    kind: str                        # "rnn" | "gru" | "lstm"
    max_gap: int                     # longest gap in the training sentences
    steps: int = 1500
    hidden_size: int = 32
    seed: int = 0
    time_budget_s: float = TIME_BUDGET_S

    def train_config(self) -> TrainConfig:
        budget = max(1.0, self.time_budget_s - MEASURE_RESERVE_S)
        return replace(with_max_gap(TrainConfig(), self.max_gap), steps=self.steps, hidden_size=self.hidden_size,
                       seed=self.seed, early_stop_accuracy=0.98, time_budget_s=budget)


@dataclass(frozen=True)
class Progress:
    phase: str
    step: int
    steps: int
    loss: float | None
    accuracy: float | None
    seconds: float
    fraction: float                  # 0..1 for the progress bar: steps done or time spent, whichever is further


class TrainingJob:
    """One training run in its own thread; everything the page reads goes through `progress()` and `curve`."""

    def __init__(self, settings: JobSettings):
        self.settings = settings
        self.config = settings.train_config()
        self.curve = None
        self.result = None
        self.error: str | None = None
        self._stop = threading.Event()
        self._process: subprocess.Popen | None = None
        self._lock = threading.Lock()
        self._phase, self._step, self._loss, self._accuracy = "training", 0, None, None
        self._started = time.monotonic()
        self._finished: float | None = None
        self._thread = threading.Thread(target=self._run, name=f"train-{settings.kind}", daemon=True)
        self._slot: _Slot | None = None

    def stop(self) -> None:
        with self._lock:
            self._stop.set()
            self._tell_stop()

    def _tell_stop(self) -> None:
        """Any byte on the training process's stdin stops it (called with the lock held)."""
        if self._process is not None and self._stop.is_set():
            try:
                self._process.stdin.write(b"s")
                self._process.stdin.flush()
            except (OSError, ValueError):
                pass                         # it has already finished

    @property
    def stopped(self) -> bool:
        return self._stop.is_set()

    def join(self, timeout: float | None = None) -> bool:
        """Wait for the thread (tests and shutdown); True when it has finished."""
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def progress(self) -> Progress:
        with self._lock:
            phase, step, loss, accuracy = self._phase, self._step, self._loss, self._accuracy
            seconds = (self._finished or time.monotonic()) - self._started
        if phase in ("done", "failed"):
            fraction = 1.0
        else:
            fraction = min(1.0, max(step / self.config.steps, seconds / self.settings.time_budget_s))
        return Progress(phase, step, self.config.steps, loss, accuracy, seconds, fraction)

    def _on_step(self, step: int, loss: float, accuracy: float) -> None:
        with self._lock:
            self._step, self._loss, self._accuracy = step, loss, accuracy

    def _set_phase(self, phase: str) -> None:
        with self._lock:
            self._phase = phase
            if phase in ("done", "failed"):
                self._finished = time.monotonic()

    def _run(self) -> None:
        """The watching thread: start the training process, follow its messages, give the slot back."""
        env = child_env()
        process = None
        try:
            process = subprocess.Popen([sys.executable, "-c", CHILD], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                       cwd=ROOT, env=env)
            pickle.dump((self.settings, self.config), process.stdin)
            process.stdin.flush()
            with self._lock:
                self._process = process
                self._tell_stop()            # the button may have been pressed before the process started
            while True:
                try:
                    message = pickle.load(process.stdout)
                except EOFError:
                    raise RuntimeError(f"the training process ended without a result (exit code "
                                       f"{process.wait()})") from None
                if message[0] == "step":
                    self._on_step(*message[1:])
                elif message[0] == "measuring":
                    self._set_phase("measuring")
                elif message[0] == "done":
                    self.result, self.curve = message[1], message[2]
                    self._set_phase("done")
                    return
                else:
                    raise RuntimeError(message[1])
        except Exception as error:          # the page shows the message; the server keeps running
            self.error = str(error) if isinstance(error, RuntimeError) else f"{type(error).__name__}: {error}"
            self._set_phase("failed")
        finally:
            if process is not None:
                for stream in (process.stdin, process.stdout):
                    try:
                        stream.close()
                    except OSError:
                        pass
                try:
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
            self._slot.release()


def _training_process() -> None:
    """In the training process (CHILD): read (settings, config) from stdin, train, measure, and write pickled
    ("step", step, loss, accuracy), ("measuring",), then ("done", result, curve) or ("failed", message) to
    stdout. A byte on stdin, or stdin closing, stops the training (what was learnt is still measured)."""
    os.nice(10)                              # the students' clicks first
    use_one_blas_thread()
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)                            # a stray print cannot break the message stream
    settings, config = pickle.load(sys.stdin.buffer)
    stop = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.buffer.read(1), stop.set()), daemon=True).start()

    def send(message) -> None:
        pickle.dump(message, out)
        out.flush()

    try:
        model, result = train(settings.kind, config, progress=lambda *step: send(("step", *step)),
                              should_stop=stop.is_set)
        send(("measuring",))
        send(("done", result, retention_curve(model, MEASURE_GAPS, samples=MEASURE_SAMPLES, seed=1)))
    except Exception as error:
        send(("failed", f"{type(error).__name__}: {error}"))


def start_training(settings: JobSettings) -> TrainingJob | None:
    """Start a job in the background, or return None at once when MAX_RUNNING jobs are already running on this
    machine (in any session of any replica)."""
    job = TrainingJob(settings)              # validates the settings before a slot is taken
    job._slot = take_slot(settings.time_budget_s)
    if job._slot is None:
        return None
    job._thread.start()
    return job
