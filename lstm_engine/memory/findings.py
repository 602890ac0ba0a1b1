"""Every figure the lesson quotes about the shipped training runs, computed in one place from the shipped tables.

Words mean one thing each:
  typical run     the run with the median held-out accuracy among the runs of one kind and training distance
                  (the lower middle of an even count; memory/training_runs.featured_seeds)
  median          a median over the runs, called so ("the median of 10 runs")
  learned         held-out accuracy of at least LEARNED: the run answers the task's sentences right (the
                  held-out check mixes short, middle and the longest training gaps, and two-country sentences)
  reach           the share of the training signal at the blank that gets back d words (memory/gradient_flow.py)

A run's accuracy at a gap is the featured runs' every-gap table (8,000 sentences a gap) where one exists, and the
run's own retention curve (200 sentences at RUN_GAPS) otherwise, so a number never has two values on screen.

A setting is the (shortest, longest) gap a run was trained on (lstm_engine/memory/shipped.py: SETTINGS).

    findings = load_findings()
    findings.accuracy("rnn", 100)                    # the typical RNN of the featured setting at gap 100 (AtGap)
    findings.learned("rnn", (0, 50))                 # (runs that learned, runs) among those trained on gaps 0-50
    findings.curve("rnn", (0, 10), seed)             # one run's accuracy at RUN_GAPS, as every chart draws it
    findings.reach_at_country("lstm")                # ReachAt: typical run's share, median and quartiles of runs
"""
from __future__ import annotations

import functools
import inspect
from dataclasses import dataclass, field

import numpy as np

from lstm_engine.memory.retention import wilson_interval
from lstm_engine.memory.run_spread import Spread
from lstm_engine.memory.shipped import (
    FEATURED_SETTING,
    FROM_ZERO,
    RUNS,
    SETTINGS,
    SHIPPED_KINDS,
    TRAINING_DISTANCES,
    EveryGap,
    TrainingRun,
    every_gap,
    setting_of,
    training_runs,
)
from lstm_engine.memory.training_runs import RUN_GAPS

LEARNED = 0.9


def _memoized(method):
    """Compute once per Findings and arguments: the tables never change once read, and every page rerun asks for
    the same medians and quartiles (the results are immutable: frozen dataclasses, tuples, floats). Only for
    summaries of a kind and setting, a bounded few (`summarise_all` computes them all)."""

    signature = inspect.signature(method)

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        bound = signature.bind(self, *args, **kwargs)
        bound.apply_defaults()                     # f(kind) and f(kind, FEATURED_SETTING) are one entry
        key = (method.__name__, *(tuple(a) if isinstance(a, list) else a for a in list(bound.arguments.values())[1:]))
        if key not in self._memo:
            self._memo[key] = method(self, *args, **kwargs)
        return self._memo[key]

    return wrapper


@dataclass(frozen=True)
class AtGap:
    """A run's accuracy at one gap: correct of samples, with the Wilson 95% interval."""
    kind: str
    seed: int
    gap: int
    accuracy: float
    low: float
    high: float
    samples: int


@dataclass(frozen=True)
class ReachAt:
    """The share of the training signal reaching `words_back` words before the blank: the typical run's, and the
    median and quartiles over `runs` runs (through h; for the LSTM also through the cell state C)."""
    kind: str
    words_back: int
    typical_h: float
    median_h: float
    q1_h: float
    q3_h: float
    typical_c: float | None
    median_c: float | None
    runs: int


@dataclass(frozen=True)
class ReachCurves:
    """The reach of every run of a kind and setting against words back: the typical run's, and the quartiles."""
    kind: str
    distance: tuple           # words back from the blank
    typical_h: tuple
    q1_h: tuple
    median_h: tuple
    q3_h: tuple
    typical_c: tuple | None   # LSTM only: through the cell state C
    country_distance: int
    gap: int                  # the reach sentences' gap
    runs: int


@dataclass(frozen=True)
class Findings:
    runs: dict            # (kind, setting) -> tuple[TrainingRun, ...] in seed order
    tables: dict          # (kind, role) -> EveryGap of the featured setting's typical, best and worst runs
    chance: float
    _memo: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def summarise_all(self) -> int:
        """Every per-setting summary computed now (a server does it as it starts, so a class's clicks add no
        long-lived objects to the process); how many there are."""
        for kind, setting in self.runs:
            self.typical(kind, setting), self.retention(kind, setting), self.learning(kind, setting)
            self.first_step_learned(kind, setting), self.learned(kind, setting)
            if self.runs[(kind, setting)][0].reach:
                self.reach_curves(kind, setting), self.reach_at_country(kind, setting)
        return len(self._memo)

    # ---- runs and the typical one -----------------------------------------------------------------------------
    @_memoized
    def typical(self, kind: str, setting: tuple = FEATURED_SETTING) -> TrainingRun:
        """The run with the median held-out accuracy (ties and even counts: the lower middle, smaller seed)."""
        ranked = sorted(self.runs[(kind, tuple(setting))], key=lambda run: (run.held_out_accuracy, run.seed))
        return ranked[(len(ranked) - 1) // 2]

    def featured(self, kind: str, role: str) -> TrainingRun:
        """The featured setting's typical, best or worst run."""
        seed = self.tables[(kind, role)].seed
        return next(run for run in self.runs[(kind, FEATURED_SETTING)] if run.seed == seed)

    # ---- accuracy ---------------------------------------------------------------------------------------------
    def _table_of(self, kind: str, setting: tuple, seed: int) -> EveryGap | None:
        if tuple(setting) != FEATURED_SETTING:
            return None
        return next((table for (k, _), table in self.tables.items() if k == kind and table.seed == seed), None)

    def accuracy(self, kind: str, gap: int, role: str = "typical") -> AtGap:
        """A featured run's accuracy at any gap 0..400 (its every-gap table)."""
        table = self.tables[(kind, role)]
        correct = table.correct[int(gap)]
        low, high = wilson_interval(correct, table.samples)
        return AtGap(kind, table.seed, int(gap), correct / table.samples, low, high, table.samples)

    def curve(self, kind: str, setting: tuple, seed: int) -> tuple[float, ...]:
        """One run's accuracy at RUN_GAPS: from the every-gap table when it has one, else its own curve."""
        table = self._table_of(kind, setting, seed)
        if table is not None:
            return tuple(table.accuracy(gap) for gap in RUN_GAPS)
        run = next(run for run in self.runs[(kind, tuple(setting))] if run.seed == seed)
        return tuple(run.retention.accuracy[list(run.retention.gaps).index(gap)] for gap in RUN_GAPS)

    def curves(self, kind: str, setting: tuple = FEATURED_SETTING) -> np.ndarray:
        """(runs, len(RUN_GAPS)) every run's curve, in seed order."""
        return np.array([self.curve(kind, setting, run.seed) for run in self.runs[(kind, tuple(setting))]])

    def median_accuracy(self, kind: str, gap: int, setting: tuple = FEATURED_SETTING) -> float:
        """The median over the runs of `kind` trained in `setting`, at `gap` (one of RUN_GAPS)."""
        return float(np.median(self.curves(kind, setting)[:, RUN_GAPS.index(gap)]))

    def quartiles(self, kind: str, setting: tuple = FEATURED_SETTING) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(q1, median, q3) over the runs at each of RUN_GAPS."""
        q1, median, q3 = np.percentile(self.curves(kind, setting), [25, 50, 75], axis=0)
        return q1, median, q3

    @_memoized
    def retention(self, kind: str, setting: tuple = FEATURED_SETTING) -> tuple[Spread, tuple]:
        """(median and quartiles over runs at RUN_GAPS, every run's curve in seed order): what the chart draws."""
        curves = self.curves(kind, setting)
        q1, median, q3 = np.percentile(curves, [25, 50, 75], axis=0)
        spread = Spread(kind, RUN_GAPS, tuple(map(float, median)), tuple(map(float, q1)), tuple(map(float, q3)),
                        len(curves))
        return spread, tuple(tuple(map(float, row)) for row in curves)

    @_memoized
    def learning(self, kind: str, setting: tuple = FEATURED_SETTING) -> tuple[Spread, tuple]:
        """Accuracy at the longest training gap against training step: (median and quartiles, every run's curve)."""
        runs = [run for run in self.runs[(kind, tuple(setting))] if run.learning_steps]
        values = np.array([run.learning_accuracy for run in runs], dtype=float)
        q1, median, q3 = np.percentile(values, [25, 50, 75], axis=0)
        spread = Spread(kind, tuple(runs[0].learning_steps), tuple(map(float, median)), tuple(map(float, q1)),
                        tuple(map(float, q3)), len(runs))
        return spread, tuple(tuple(map(float, row)) for row in values)

    @_memoized
    def first_step_learned(self, kind: str, setting: tuple = FEATURED_SETTING) -> int | None:
        """The first training step at which the median run is at least LEARNED right (None if never)."""
        spread, _ = self.learning(kind, setting)
        return next((step for step, value in zip(spread.x, spread.median) if value >= LEARNED), None)

    # ---- learning the task ------------------------------------------------------------------------------------
    @_memoized
    def learned(self, kind: str, setting: tuple) -> tuple[int, int]:
        """(runs whose held-out accuracy is at least LEARNED, runs) among those trained in `setting`."""
        runs = self.runs[(kind, tuple(setting))]
        return sum(run.held_out_accuracy >= LEARNED for run in runs), len(runs)

    def learned_by_distance(self, kind: str, sentences: str = FROM_ZERO) -> dict[int, tuple[int, int]]:
        """training distance -> (runs that learned, runs), for one way of choosing the training sentences."""
        return {d: self.learned(kind, setting_of(d, sentences)) for d in TRAINING_DISTANCES
                if (kind, setting_of(d, sentences)) in self.runs}

    # ---- the training signal's reach --------------------------------------------------------------------------
    @_memoized
    def reach_at(self, kind: str, words_back: int, setting: tuple = FEATURED_SETTING) -> ReachAt:
        """Shares at the measured distance nearest `words_back` (every run is measured on the same sentences)."""
        runs = self.runs[(kind, tuple(setting))]
        reach = runs[0].reach
        k = int(np.argmin([abs(d - words_back) for d in reach["distance"]]))
        h = np.array([run.reach["h_ratio"][k] for run in runs])
        typical = self.typical(kind, setting).reach
        c = None if reach.get("c_ratio") is None else np.array([run.reach["c_ratio"][k] for run in runs])
        q1, median, q3 = np.percentile(h, [25, 50, 75])
        return ReachAt(kind, int(reach["distance"][k]), float(typical["h_ratio"][k]), float(median), float(q1),
                       float(q3), None if c is None else float(typical["c_ratio"][k]),
                       None if c is None else float(np.median(c)), len(runs))

    @_memoized
    def reach_curves(self, kind: str, setting: tuple = FEATURED_SETTING) -> ReachCurves:
        runs = self.runs[(kind, tuple(setting))]
        first, typical = runs[0].reach, self.typical(kind, setting).reach
        h = np.array([run.reach["h_ratio"] for run in runs], dtype=float)
        q1, median, q3 = np.percentile(h, [25, 50, 75], axis=0)
        c = typical.get("c_ratio")
        return ReachCurves(kind, tuple(first["distance"]), tuple(map(float, typical["h_ratio"])),
                           tuple(map(float, q1)), tuple(map(float, median)), tuple(map(float, q3)),
                           None if c is None else tuple(map(float, c)), int(first["country_distance"]),
                           int(first["gap"]), len(runs))

    def country_distance(self, kind: str = "lstm") -> int:
        """How many words before the blank the country is in the reach sentences."""
        return int(self.runs[(kind, FEATURED_SETTING)][0].reach["country_distance"])

    def reach_at_country(self, kind: str, setting: tuple = FEATURED_SETTING) -> ReachAt:
        return self.reach_at(kind, self.country_distance(kind), setting)


def load_findings(kinds=SHIPPED_KINDS) -> Findings:
    """Read every kind's shipped runs and featured tables (raises FileNotFoundError while they are missing)."""
    runs, tables = {}, {}
    for kind in kinds:
        for setting in SETTINGS:
            runs[(kind, setting)] = training_runs(kind, setting)
        for role in RUNS:
            tables[(kind, role)] = every_gap(kind, role)
    chance = next(iter(tables.values())).chance
    return Findings(runs, tables, chance)


def markdown_report(findings: Findings, gaps=(0, 100, 200, 400)) -> str:
    """docs/measurements.md's tables: runs that learned per kind and setting, and per setting the median run's
    accuracy at `gaps` with the middle half of the runs."""
    kinds = sorted({kind for kind, _ in findings.runs}, key=SHIPPED_KINDS.index)
    lines = ["| runs that learned (held-out ≥ 90%) | " + " | ".join(f"{low}–{high}" for low, high in SETTINGS) + " |",
             "|---|" + "---:|" * len(SETTINGS)]
    lines += [f"| {kind.upper()} | " + " | ".join("{} of {}".format(*findings.learned(kind, setting))
                                                for setting in SETTINGS) + " |" for kind in kinds]
    lines += ["", "| setting | model | " + " | ".join(f"gap {g}: median (middle half)" for g in gaps) + " |",
              "|---|---|" + "---|" * len(gaps)]
    for setting in SETTINGS:
        for kind in kinds:
            q1, median, q3 = findings.quartiles(kind, setting)
            cells = [f"{median[RUN_GAPS.index(g)]:.0%} ({q1[RUN_GAPS.index(g)]:.0%}–{q3[RUN_GAPS.index(g)]:.0%})"
                     for g in gaps]
            lines.append(f"| gaps {setting[0]}–{setting[1]} | {kind.upper()} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
