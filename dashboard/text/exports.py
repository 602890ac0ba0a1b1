"""CSV downloads for the pages whose data are engine records: plain tables, one row per measured value."""

from __future__ import annotations

from dashboard.charts.theme import MODEL_LABELS
from dashboard.text.tables import csv_text


def retention_csv(curves) -> str:
    """One row per model and gap of `curves` ({kind: lstm_engine RetentionCurve}), with its 95% interval."""
    rows = [(MODEL_LABELS[kind], gap, accuracy, low, high, curve.chance, curve.samples, curve.seed)
            for kind, curve in curves.items()
            for gap, accuracy, low, high in zip(curve.gaps, curve.accuracy, curve.low, curve.high)]
    return csv_text(("model", "gap", "accuracy", "ci95_low", "ci95_high", "chance", "sentences", "seed"), rows)


def forget_story_csv(story, units) -> str:
    """One row per token of a `ForgetStory`: the answer's probabilities and, for each of `units`, f, i, C and o."""
    columns = ["position", "token", *(f"P({language})" for language in story.languages),
               *(f"{name}_unit{unit + 1}" for unit in units for name in ("f", "i", "c", "o"))]
    rows = [(t + 1, token, *story.probs[t].tolist(),
             *(float(getattr(story, name)[t, unit]) for unit in units for name in ("f", "i", "c", "o")))
            for t, token in enumerate(story.tokens)]
    return csv_text(columns, rows)


def runs_csv(runs) -> str:
    """One row per kind, training run and gap ({kind: TrainingRun sequence}): each run's measured retention."""
    rows = [(MODEL_LABELS[kind], number + 1, run.seed, " ".join(run.roles), run.held_out_accuracy, gap, accuracy,
             run.retention.chance, run.retention.samples)
            for kind, kind_runs in runs.items() for number, run in enumerate(kind_runs)
            for gap, accuracy in zip(run.retention.gaps, run.retention.accuracy)]
    return csv_text(("model", "run", "seed", "featured", "held_out_accuracy", "gap", "accuracy", "chance",
                     "sentences"), rows)
