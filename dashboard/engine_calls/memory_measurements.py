"""The Why LSTM page's engine calls: shipped measurements loaded once per process, live predictions cached.

Everything a slider can ask for was measured when the models were trained and ships in
`lstm_engine/memory/models/<kind>.json`: every training run's retention and learning curve, and for the three
featured runs (typical, best, worst) the accuracy at EVERY gap 0-400 and the gradient flow. `memory_tables()`
reads it once per process with `functools.cache` (not `st.cache_*`, which any client can clear), so a gap
change costs a table lookup. The live predictions for the shown sentence are one forward pass of each model,
cached per sentence (`st.cache_data`, bounded).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from types import SimpleNamespace

import streamlit as st

from dashboard.engine_calls.shipped_models import shipped_model
from lstm_engine.memory import shipped
from lstm_engine.memory.memory_task import TaskConfig
from lstm_engine.memory.retention import wilson_interval
from lstm_engine.memory.run_spread import learning_spread, retention_spread
from lstm_engine.memory.shipped import RUNS, SHIPPED_KINDS, shipped_retention, training_runs

PAIRS = TaskConfig().pairs
PREDICTIONS_KEPT = 256                  # (sentence, run) pairs, ~13 kB each


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


@st.cache_data(show_spinner=False, max_entries=PREDICTIONS_KEPT)
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
