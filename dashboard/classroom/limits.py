"""What a class may ask for and how much: the caps that keep one class's data, and one student's session, bounded.

Everything stored about a class is bounded: students by `students_per_class`, answers by one per
(student, question) with questions from a fixed bank, answer writes by `answer_writes_per_student`, training
requests by `runs_per_student` and `runs_per_class`. Nothing personal is kept but the optional nickname.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field

from dashboard.classroom.errors import InvalidInput
from lstm_engine.memory.shipped import SHIPPED_KINDS, TRAINING_DISTANCES

TRAINING_KINDS = SHIPPED_KINDS                  # what a class may train: the lesson's three kinds ...
TRAINING_MAX_GAPS = TRAINING_DISTANCES          # ... up to one of the shipped runs' longest training gaps
WORKERS_VARIABLE = "WHY_LSTM_TRAINING_WORKERS"


def workers_from_environment() -> int:
    """K, the training jobs running at once across every process: WHY_LSTM_TRAINING_WORKERS, else the cores but
    one (the server keeps one for the pages), at least 1."""
    value = os.environ.get(WORKERS_VARIABLE, "").strip()
    if value:
        if not value.isdigit() or int(value) < 1:
            raise InvalidInput(f"{WORKERS_VARIABLE} must be a whole number >= 1, got {value!r}")
        return int(value)
    return max(1, (os.cpu_count() or 1) - 1)


def machine_trainings() -> int:
    """K for a server that must start whatever the environment says: a malformed WHY_LSTM_TRAINING_WORKERS counts
    as 1 here (the class's Store refuses it in one line, where the operator sees it)."""
    try:
        return workers_from_environment()
    except InvalidInput:
        return 1


@dataclass(frozen=True)
class Limits:
    class_hours: float = 4.0                 # a class expires by itself after this: a lesson with slack
    max_class_hours: float = 24.0 * 7        # the longest a teacher may ask for
    students_per_class: int = 300
    answer_writes_per_student: int = 200     # per class: ~20 questions changed ten times over, not a flood
    runs_per_student: int = 5
    runs_per_class: int = 200
    max_running: int = field(default_factory=workers_from_environment)   # K
    stale_after_s: float = 60.0              # a claimed job with no heartbeat for this long goes back to the queue
    attempts_per_training: int = 3           # a job whose worker died this many times is failed, not retried

    def __post_init__(self):
        for name in ("students_per_class", "answer_writes_per_student", "runs_per_student", "runs_per_class",
                     "max_running", "attempts_per_training"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"{name} must be a whole number >= 1, got {value!r}")
        if not 0 < self.class_hours <= self.max_class_hours or not self.stale_after_s > 0:
            raise ValueError("class_hours must be in (0, max_class_hours] and stale_after_s positive")
