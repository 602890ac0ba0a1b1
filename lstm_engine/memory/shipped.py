"""The trained RNN, GRU and LSTM shipped in `lstm_engine/memory/models/` (same data, hidden size and training budget).

Each kind was trained ten times (seeds 0-9, memory/training_runs.py). `<kind>.npz` holds the weights of its
typical run (median held-out accuracy), `<kind>_best.npz` and `<kind>_worst.npz` the best and worst run;
`<kind>.json` holds the TrainConfig, every run's record (held-out accuracy, retention curve, training seconds,
learning curve, gradient reach) of every training setting, and for the three featured runs the accuracy at every
gap 0-400.
Regenerate everything with the command in `REGENERATE` (docs/measurements.md).
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
REGENERATE = "python -m lstm_engine.train --regenerate-shipped"
RUNS = ("typical", "best", "worst")           # the featured training runs of each kind; typical is the default
# Every kind is trained ten times at each longest training gap (its "training distance"), in two ways: on every gap
# from 0 up to it (short, easy sentences included), and on long sentences only (from half the distance up). A
# setting is (shortest, longest) gap; the shipped weights and the featured runs come from FEATURED_SETTING, the
# others ship their runs' records only.
TRAINING_DISTANCES = (10, 25, 50, 100, 200)
FEATURED_DISTANCE = 200
FROM_ZERO, LONG_ONLY = "from_zero", "long_only"


def setting_of(distance: int, sentences: str = FROM_ZERO) -> tuple[int, int]:
    """(shortest, longest) training gap of a training distance, with short sentences or long ones only."""
    return (0 if sentences == FROM_ZERO else distance // 2, distance)


FEATURED_SETTING = setting_of(FEATURED_DISTANCE)
SETTINGS = tuple(setting_of(d, s) for s in (FROM_ZERO, LONG_ONLY) for d in TRAINING_DISTANCES)


def _check(kind) -> str:
    if kind not in SHIPPED_KINDS:
        raise ValueError(f"unknown model {kind!r}; choose one of {', '.join(SHIPPED_KINDS)}")
    return kind


def check_run(run) -> str:
    if run not in RUNS:
        raise ValueError(f"unknown training run {run!r}; choose one of {', '.join(RUNS)}")
    return run


def shipped_path(kind: str, run: str = "typical") -> Path:
    suffix = "" if check_run(run) == "typical" else f"_{run}"
    return MODELS_DIR / f"{_check(kind)}{suffix}.npz"


def load_shipped(kind: str, run: str = "typical") -> Classifier:
    """A fresh Classifier with the shipped weights of that featured run (callers may cache it)."""
    path = shipped_path(kind, run)
    if not path.is_file():
        raise FileNotFoundError(f"shipped {kind} model missing at {path}; regenerate it with: "
                                + REGENERATE.format(kind=kind))
    return load_classifier(path)


def shipped_metadata(kind: str) -> dict:
    """Config, seeds, training_seconds and the measured retention curve written when the model was trained."""
    path = MODELS_DIR / f"{_check(kind)}.json"
    if not path.is_file():
        raise FileNotFoundError(f"metadata of the shipped {kind} model missing at {path}")
    with open(path) as handle:
        return json.load(handle)



def shipped_retention(kind: str) -> RetentionCurve:
    """The retention curve measured on fresh sentences right after training, of the typical run."""
    return RetentionCurve(**shipped_metadata(kind)["retention"])


@dataclass(frozen=True)
class TrainingRun:
    """One of the training runs of a kind (same data and budget, its own starting weights)."""
    seed: int                   # the seed of the starting weights
    held_out_accuracy: float
    training_seconds: float
    retention: RetentionCurve   # measured right after this run (its own sentences: see retention.samples/seed)
    shipped: bool               # the typical run of the featured distance: the weights in <kind>.npz
    learning_steps: tuple = ()  # training steps at which the learning curve was measured
    learning_accuracy: tuple = ()   # accuracy there on held-out sentences at the longest training gap
    learning_gap: int = 0
    roles: tuple = ()           # which featured runs this is ("typical", "best", "worst"), maybe none
    setting: tuple = FEATURED_SETTING   # (shortest, longest) gap it was trained on
    reach: dict | None = None   # its gradient reach as stored (memory/gradient_flow.py: distance, h_ratio, c_ratio…)


def training_runs(kind: str, setting: tuple[int, int] = FEATURED_SETTING) -> tuple[TrainingRun, ...]:
    """Every training run of `kind` trained on gaps setting[0]..setting[1], in seed order (for FEATURED_SETTING the
    featured ones included)."""
    metadata = shipped_metadata(kind)
    setting = tuple(setting)
    featured = featured_seeds(kind) if setting == FEATURED_SETTING else {}
    if setting == FEATURED_SETTING:
        records = metadata.get("seed_search", ())
    else:
        records = (metadata.get("training_settings") or {}).get(f"{setting[0]}-{setting[1]}")
        if records is None:
            raise FileNotFoundError(f"the shipped {kind} metadata has no runs trained on gaps {setting[0]}-"
                                    f"{setting[1]}; regenerate with: {REGENERATE}")
    runs = []
    for run in records:
        seed, learning = int(run["seed"]), run.get("learning_curve") or {}
        runs.append(TrainingRun(seed, float(run["held_out_accuracy"]), float(run["training_seconds"]),
                                RetentionCurve(**run["retention"]), featured.get("typical") == seed,
                                tuple(learning.get("steps", ())), tuple(learning.get("accuracy", ())),
                                int(learning.get("gap", 0)), tuple(r for r in RUNS if featured.get(r) == seed),
                                setting, run.get("gradient_reach")))
    return tuple(sorted(runs, key=lambda run: run.seed))


def featured_seeds(kind: str) -> dict:
    """{"typical": seed, "best": seed, "worst": seed} (only "typical" for a metadata file without featured runs)."""
    metadata = shipped_metadata(kind)
    featured = metadata.get("featured") or {"typical": {"seed": metadata["seed"]}}
    return {role: int(entry["seed"]) for role, entry in featured.items()}


@dataclass(frozen=True)
class EveryGap:
    """A featured run's accuracy at every gap 0..max: correct[g] of `samples` fresh sentences (memory/every_gap.py)."""
    kind: str
    run: str
    seed: int
    correct: tuple
    samples: int
    chance: float

    def accuracy(self, gap: int) -> float:
        return self.correct[gap] / self.samples


def every_gap(kind: str, run: str = "typical") -> EveryGap:
    entry = (shipped_metadata(kind).get("featured") or {}).get(check_run(run))
    if entry is None:
        raise FileNotFoundError(f"the shipped {kind} metadata has no measurements of its {run} run; "
                                f"regenerate with: {REGENERATE}")
    data = entry["every_gap"]
    return EveryGap(kind, run, int(entry["seed"]), tuple(int(k) for k in data["correct"]), int(data["samples"]),
                    float(shipped_metadata(kind)["retention"]["chance"]))
