"""The trained RNN, GRU and LSTM shipped in `lstm_engine/memory/models/` (same data, hidden size and training budget).

Each kind has `<kind>.npz` (weights, vocabulary, languages) and `<kind>.json` (its TrainConfig, seeds, training
time and the retention curve measured after training), so pages can draw the curve without recomputing it.
Regenerate all three exactly with the command in `REGENERATE` (see README "## Measured memory").
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from lstm_engine.memory.model import Classifier
from lstm_engine.memory.model_file import load_classifier
from lstm_engine.memory.retention import RetentionCurve

SHIPPED_KINDS = ("rnn", "gru", "lstm")
MODELS_DIR = Path(__file__).resolve().parent / "models"
REGENERATE = "python -m lstm_engine.train --model {kind} --preset shipped --out lstm_engine/memory/models/{kind}.npz"


def _check(kind) -> str:
    if kind not in SHIPPED_KINDS:
        raise ValueError(f"unknown model {kind!r}; choose one of {', '.join(SHIPPED_KINDS)}")
    return kind


def shipped_path(kind: str) -> Path:
    return MODELS_DIR / f"{_check(kind)}.npz"


def load_shipped(kind: str) -> Classifier:
    """A fresh Classifier with the shipped weights (callers may cache it; it is never shared here)."""
    path = shipped_path(kind)
    if not path.is_file():
        raise FileNotFoundError(f"shipped {kind} model missing at {path}; regenerate it with: "
                                + REGENERATE.format(kind=kind))
    return load_classifier(path)


def shipped_metadata(kind: str) -> dict:
    """Config, seeds, training_seconds and the measured retention curve written when the model was trained."""
    path = shipped_path(kind).with_suffix(".json")
    if not path.is_file():
        raise FileNotFoundError(f"metadata of the shipped {kind} model missing at {path}")
    with open(path) as handle:
        return json.load(handle)



def shipped_retention(kind: str) -> RetentionCurve:
    """The retention curve measured on fresh sentences right after the shipped model was trained."""
    return RetentionCurve(**shipped_metadata(kind)["retention"])


@dataclass(frozen=True)
class TrainingRun:
    """One of the training runs behind a shipped model (same data and budget, its own starting weights)."""
    seed: int                   # the seed of the starting weights
    held_out_accuracy: float
    training_seconds: float
    retention: RetentionCurve   # measured right after this run (its own sentences: see retention.samples/seed)
    shipped: bool               # the best run: the weights in <kind>.npz


def training_runs(kind: str) -> tuple[TrainingRun, ...]:
    """Every training run recorded in the metadata's `seed_search`, in seed order (the shipped one included)."""
    metadata = shipped_metadata(kind)
    runs = (TrainingRun(int(run["seed"]), float(run["held_out_accuracy"]), float(run["training_seconds"]),
                        RetentionCurve(**run["retention"]), int(run["seed"]) == int(metadata["seed"]))
            for run in metadata.get("seed_search", ()))
    return tuple(sorted(runs, key=lambda run: run.seed))
