"""Measured memory: accuracy on fresh sequences as a function of the gap, with a Wilson 95% interval.

Wilson score interval for k successes in n trials, z = 1.96:
  centre = (p + z²/2n) / (1 + z²/n)     half = z·sqrt(p(1-p)/n + z²/4n²) / (1 + z²/n)

Command line: `python -m lstm_engine.retention` (lstm_engine/retention.py).
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np

from lstm_engine.memory.memory_task import PAIRS, TaskConfig, batch_for_gap
from lstm_engine.memory.model import Classifier

Z_95 = 1.959963984540054
EVAL_CHUNK = 100          # sequences per forward pass: bounds the trace's memory at long gaps


def wilson_interval(successes: int, n: int, z: float = Z_95) -> tuple[float, float]:
    if n <= 0:
        raise ValueError("a confidence interval needs at least one sample")
    p = successes / n
    denominator = 1.0 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    low = 0.0 if successes == 0 else max(0.0, centre - half)        # exact ends (no rounding residue)
    high = 1.0 if successes == n else min(1.0, centre + half)
    return low, high


@dataclass(frozen=True)
class RetentionCurve:
    kind: str
    gaps: list
    accuracy: list
    low: list                  # Wilson 95% interval
    high: list
    chance: float
    samples: int
    seed: int
    variant: str = "single"

    def to_dict(self) -> dict:
        return asdict(self)


def runs_remembering(curves, gap: int, threshold: float = 0.9) -> tuple[int, int]:
    """(how many of `curves` are at least `threshold` right at `gap`, how many curves). Each must measure `gap`."""
    curves = list(curves)
    missing = [curve.kind for curve in curves if gap not in list(curve.gaps)]
    if missing:
        raise ValueError(f"gap {gap} was not measured for {', '.join(missing)}")
    remembering = sum(curve.accuracy[list(curve.gaps).index(gap)] >= threshold for curve in curves)
    return int(remembering), len(curves)


def task_of(model: Classifier) -> TaskConfig:
    """The task a model answers: its (country, language) pairs are the first ones of PAIRS."""
    n = len(model.pairs)
    if [tuple(p) for p in PAIRS[:n]] != model.pairs:
        raise ValueError("this model's languages are not the memory task's pairs")
    return TaskConfig(countries=n, gap_range=(0, 0))


def correct_at_gap(model: Classifier, gap: int, samples: int, rng: np.random.Generator,
                   variant: str = "single", gap1: int | None = None) -> int:
    """How many of `samples` fresh sequences with exactly `gap` filler words the model answers right."""
    task, correct, left = task_of(model), 0, samples
    while left > 0:
        batch = batch_for_gap(task, model.vocab, min(EVAL_CHUNK, left), gap, rng, variant,
                              gap1=gap if (variant == "two_country" and gap1 is None) else gap1)
        correct += int(np.sum(model.predict_ids(batch.ids) == batch.labels))
        left -= len(batch.labels)
    return correct


def retention_curve(model: Classifier, gaps=(5, 10, 20, 50, 100, 200, 400), samples: int = 500, seed: int = 1,
                    variant: str = "single") -> RetentionCurve:
    """Accuracy vs gap on sequences generated fresh from `seed` (each gap has its own stream, so adding a gap
    does not change the others). two_country: the filler between the countries equals the gap."""
    gaps = [int(g) for g in gaps]
    if not gaps or min(gaps) < 0:
        raise ValueError(f"gaps must be whole numbers >= 0, got {gaps}")
    if isinstance(samples, bool) or int(samples) != samples or samples < 1:
        raise ValueError(f"samples must be a whole number >= 1, got {samples}")
    samples = int(samples)
    accuracy, low, high = [], [], []
    for gap in gaps:
        k = correct_at_gap(model, gap, samples, np.random.default_rng([seed, gap]), variant)
        accuracy.append(k / samples)
        lo, hi = wilson_interval(k, samples)
        low.append(lo)
        high.append(hi)
    return RetentionCurve(model.kind, gaps, accuracy, low, high, 1.0 / len(model.pairs), samples, int(seed), variant)
