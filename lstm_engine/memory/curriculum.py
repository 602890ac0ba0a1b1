"""Which batch comes next: a fixed, seeded stream so RNN, GRU and LSTM can be trained on exactly the same data.

Curriculum over the gap: the largest gap allowed grows linearly from `start_gap` to the task's maximum over
the first `ramp_fraction` of the steps. It depends only on the step number (not on how well a model does),
so every kind sees the same batches. Each batch has ONE gap (all its sequences have the same length, no
padding): most batches draw it log-uniformly (many short, cheap sequences that keep short-range skills sharp),
a share `uniform_share` uniformly (more long sequences, to learn to hold the country across them).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from lstm_engine.memory.memory_task import Batch, TaskConfig, Vocabulary, batch_for_gap


@dataclass(frozen=True)
class Curriculum:
    steps: int
    start_gap: int = 5
    ramp_fraction: float = 0.5          # 0 = no curriculum: the full gap range from the first step
    uniform_share: float = 0.25         # share of batches whose gap is drawn uniformly (the rest log-uniformly)

    def max_gap(self, step: int, task: TaskConfig) -> int:
        low, high = task.gap_range
        start = min(max(self.start_gap, low), high)
        ramp_steps = self.ramp_fraction * self.steps
        progress = 1.0 if ramp_steps <= 0 else min(1.0, step / ramp_steps)
        return int(round(start + (high - start) * progress))


def draw_gap(rng: np.random.Generator, low: int, high: int, uniform_share: float = 0.25) -> int:
    if high <= low:
        return int(low)
    if rng.random() >= uniform_share:
        value = math.exp(rng.uniform(math.log(low + 1), math.log(high + 2))) - 1     # log-uniform on [low, high+1)
        return int(min(high, max(low, math.floor(value))))
    return int(rng.integers(low, high + 1))


def batch_stream(task: TaskConfig, vocab: Vocabulary, batch_size: int, curriculum: Curriculum):
    """Yields (step, max_gap, Batch) forever; deterministic from task.seed."""
    rng = np.random.default_rng(task.seed)
    step = 0
    while True:
        high = curriculum.max_gap(step, task)
        low = min(task.gap_range[0], high)
        two_country = task.variant == "two_country" or (
            task.variant == "mixed" and rng.random() < task.two_country_share)
        gap = draw_gap(rng, low, high, curriculum.uniform_share)
        if two_country:
            gap1 = draw_gap(rng, low, high, curriculum.uniform_share)
            batch: Batch = batch_for_gap(task, vocab, batch_size, gap, rng, "two_country", gap1=gap1)
        else:
            batch = batch_for_gap(task, vocab, batch_size, gap, rng, "single")
        yield step, high, batch
        step += 1
