"""The Why LSTM page's engine calls: shipped measurements loaded once per process, live predictions cached.

Everything a slider can ask for was measured when the models were trained and ships in
`lstm_engine/memory/models/<kind>.json`: every training run's retention and learning curve, and for the three
featured runs (typical, best, worst) the accuracy at EVERY gap 0-400 and the gradient flow. `memory_tables()`
reads it once per process with `functools.cache` (not `st.cache_*`, which any client can clear), so a gap
change costs a table lookup. The live predictions for the shown sentence are one forward pass of each model,
kept in a bounded `functools.lru_cache`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from types import SimpleNamespace

from dashboard.charts.memory import prediction_bars
from dashboard.charts.memory_runs import learning_runs, retention_runs
from dashboard.engine_calls.shipped_models import shipped_model
from dashboard.text.memory_insight import expected_language
from lstm_engine.memory import shipped
from lstm_engine.memory.memory_task import TaskConfig, tokenize
from lstm_engine.memory.retention import wilson_interval
from lstm_engine.memory.run_spread import learning_spread, retention_spread
from lstm_engine.memory.shipped import RUNS, SHIPPED_KINDS, shipped_retention, training_runs

PAIRS = TaskConfig().pairs
# Kept per process, sized from tracemalloc: a prediction (3 models) 13 kB and ~16 ms to make, its bar chart 42 kB and
# ~15 ms; together at most ~6 MB, so what a class leaves behind stays within a few percent of the idle server.
PREDICTIONS_KEPT = 256                  # (sentence, run) pairs whose predictions stay cached
FIGURES_KEPT = 64                       # (sentence, run, titles) bar charts


@dataclass(frozen=True)
class MemoryTables:
    """Read-only, per process: kind -> its runs, spreads; (kind, run) -> seed, every-gap table, gradient flow."""
    runs: dict
    retention: dict
    learning: dict
    featured: dict            # kind -> {run: seed}
    every_gap: dict           # (kind, run) -> lstm_engine.memory.shipped.EveryGap
    flows: dict               # (kind, run) -> stored gradient flow dict


@cache
def memory_tables() -> MemoryTables:
    """Raises FileNotFoundError while the shipped models (or their measurements) are missing."""
    runs = {kind: training_runs(kind) for kind in SHIPPED_KINDS}
    return MemoryTables(
        runs=runs,
        retention={kind: retention_spread(kind, runs[kind]) for kind in SHIPPED_KINDS},
        learning={kind: learning_spread(kind, runs[kind]) for kind in SHIPPED_KINDS},
        featured={kind: shipped.featured_seeds(kind) for kind in SHIPPED_KINDS},
        every_gap={(kind, run): shipped.every_gap(kind, run) for kind in SHIPPED_KINDS for run in RUNS},
        flows={(kind, run): shipped.shipped_flow(kind, run) for kind in SHIPPED_KINDS for run in RUNS})


@dataclass(frozen=True)
class AtGap:
    kind: str
    run: str
    gap: int
    accuracy: float
    low: float
    high: float
    samples: int


def accuracy_at(kind: str, run: str, gap: int) -> AtGap:
    """The featured run's shipped accuracy at `gap` (0..400) with its Wilson 95% interval."""
    table = memory_tables().every_gap[(kind, run)]
    correct = table.correct[int(gap)]
    low, high = wilson_interval(correct, table.samples)
    return AtGap(kind, run, int(gap), correct / table.samples, low, high, table.samples)


@lru_cache(maxsize=PREDICTIONS_KEPT)
def predictions_for(text: str, kinds: tuple, run: str = "typical") -> dict:
    return {kind: shipped_model(kind, run).predict(text) for kind in kinds}


# ---- what other pages ask for (RNN vs LSTM's Memory and Gradients rows) ----------------------------------------
@cache
def shipped_curves():
    """The typical runs' retention curves measured when they were trained (their .json)."""
    return {kind: shipped_retention(kind) for kind in SHIPPED_KINDS}


def all_training_runs():
    """Every training run of each kind, in seed order."""
    return memory_tables().runs


def shipped_flows(kinds=SHIPPED_KINDS, run: str = "typical") -> dict:
    """The gradient flow measured when the models were shipped (the one Why LSTM draws), per kind, with the
    fields of `lstm_engine.memory.gradient_flow.GradientFlow` as attributes: read from the shipped tables, so
    a page pays no backpropagation on its first paint."""
    tables = memory_tables()
    return {kind: SimpleNamespace(**tables.flows[(kind, run)]) for kind in kinds}


@lru_cache(maxsize=FIGURES_KEPT)
def bars_figure(text: str, kinds: tuple, run: str, title: str, subtitle: str = ""):
    """(figure, unknown words, right answer or None, {kind: (top language, probability)}) for `text`;
    st.plotly_chart copies a figure, never changes it."""
    predictions = predictions_for(text, kinds, run)
    answer = expected_language(tokenize(text), PAIRS)
    figure = prediction_bars(predictions, answer, title, subtitle)
    tops = {kind: prediction.top(1)[0] for kind, prediction in predictions.items()}
    return figure, next(iter(predictions.values())).unknown, answer, tops


@lru_cache(maxsize=8)
def runs_figures(kinds: tuple):
    """(retention chart, learning chart) of every training run of `kinds`, with no curve trained in a session:
    the same for every student, so built once per process and reused (st.plotly_chart copies a figure)."""
    tables = memory_tables()
    chance = tables.runs["lstm"][0].retention.chance
    runs = {kind: tables.runs[kind] for kind in kinds}
    return (retention_runs({kind: tables.retention[kind] for kind in kinds}, runs, chance),
            learning_runs({kind: tables.learning[kind] for kind in kinds}, runs, chance))

