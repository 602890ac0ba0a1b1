"""How the training runs of one kind spread: median and quartiles over runs at each gap and training step,
and plain counts. Pure statistics over measured records (lstm_engine.memory.shipped.TrainingRun).

Quartiles use numpy's default (linear) interpolation: with 10 runs, the median is the mean of the 5th and
6th value, the lower quartile lies between the 3rd and 4th.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

REMEMBERS = 0.9           # a run "keeps" the country at a gap when at least this share is right


@dataclass(frozen=True)
class Spread:
    kind: str
    x: tuple                  # gaps (retention) or training steps (learning curves)
    median: tuple
    q1: tuple
    q3: tuple
    runs: int


def _spread(kind: str, x, rows) -> Spread:
    values = np.array(rows, dtype=float)                                    # (runs, len(x))
    q1, median, q3 = np.percentile(values, [25, 50, 75], axis=0)
    return Spread(kind, tuple(int(v) for v in x), tuple(map(float, median)), tuple(map(float, q1)),
                  tuple(map(float, q3)), len(values))


def retention_spread(kind: str, runs) -> Spread:
    """Median and quartiles over runs of the accuracy at each gap (every run must measure the same gaps)."""
    runs = list(runs)
    if not runs:
        raise ValueError(f"no training runs of {kind}")
    gaps = list(runs[0].retention.gaps)
    if any(list(run.retention.gaps) != gaps for run in runs):
        raise ValueError(f"the {kind} runs were measured at different gaps")
    return _spread(kind, gaps, [run.retention.accuracy for run in runs])


def learning_spread(kind: str, runs) -> Spread:
    """Median and quartiles over runs of the learning curve (accuracy at the longest gap vs training step)."""
    runs = [run for run in runs if run.learning_steps]
    if not runs:
        raise ValueError(f"no learning curves recorded for {kind}")
    steps = list(runs[0].learning_steps)
    if any(list(run.learning_steps) != steps for run in runs):
        raise ValueError(f"the {kind} learning curves were measured at different steps")
    return _spread(kind, steps, [run.learning_accuracy for run in runs])


def first_step_reaching(spread: Spread, threshold: float = REMEMBERS) -> int | None:
    """The first training step at which the median run is at least `threshold` right (None if never)."""
    return next((step for step, value in zip(spread.x, spread.median) if value >= threshold), None)
