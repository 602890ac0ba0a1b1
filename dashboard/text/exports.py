"""CSV downloads for the pages whose data are engine records: plain tables, one row per measured value."""

from __future__ import annotations

from dashboard.charts.theme import MODEL_LABELS
from dashboard.text.tables import csv_text
from lstm_engine.memory.findings import LEARNED
from lstm_engine.memory.training_runs import RUN_GAPS


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


def runs_csv(findings) -> str:
    """One row per kind, training setting, run and gap: every run's accuracy as the page's charts draw it
    (lstm_engine.memory.findings.Findings.curve), whether it learned the task, and its held-out accuracy."""
    rows = []
    for (kind, setting), runs in sorted(findings.runs.items()):
        for number, run in enumerate(runs):
            curve = findings.curve(kind, setting, run.seed)
            rows += [(MODEL_LABELS[kind], setting[0], setting[1], number + 1, run.seed, " ".join(run.roles),
                      run.held_out_accuracy, run.held_out_accuracy >= LEARNED, gap, accuracy)
                     for gap, accuracy in zip(RUN_GAPS, curve)]
    return csv_text(("model", "shortest_training_gap", "longest_training_gap", "run", "seed", "featured",
                     "held_out_accuracy", "learned", "gap", "accuracy"), rows)
