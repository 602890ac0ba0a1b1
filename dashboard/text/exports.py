"""CSV downloads for the pages whose data are engine records: plain tables, one row per measured value."""

from __future__ import annotations

import pandas as pd

from dashboard.charts.theme import MODEL_LABELS


def retention_csv(curves) -> str:
    """One row per model and gap of `curves` ({kind: lstm_engine RetentionCurve}), with its 95% interval."""
    rows = [dict(model=MODEL_LABELS[kind], gap=gap, accuracy=accuracy, ci95_low=low, ci95_high=high,
                 chance=curve.chance, sentences=curve.samples, seed=curve.seed)
            for kind, curve in curves.items()
            for gap, accuracy, low, high in zip(curve.gaps, curve.accuracy, curve.low, curve.high)]
    return pd.DataFrame(rows).to_csv(index=False)


def forget_story_csv(story, units) -> str:
    """One row per token of a `ForgetStory`: the answer's probabilities and, for each of `units`, f, i, C and o."""
    table = pd.DataFrame({"position": range(1, len(story.tokens) + 1), "token": story.tokens})
    for column, language in enumerate(story.languages):
        table[f"P({language})"] = story.probs[:, column]
    for unit in units:
        for name in ("f", "i", "c", "o"):
            table[f"{name}_unit{unit + 1}"] = getattr(story, name)[:, unit]
    return table.to_csv(index=False)


def runs_csv(runs) -> str:
    """One row per kind, training run and gap ({kind: TrainingRun sequence}): each run's measured retention."""
    rows = [dict(model=MODEL_LABELS[kind], run=number + 1, seed=run.seed, featured=" ".join(run.roles),
                 held_out_accuracy=run.held_out_accuracy, gap=gap, accuracy=accuracy, chance=run.retention.chance,
                 sentences=run.retention.samples)
            for kind, kind_runs in runs.items() for number, run in enumerate(kind_runs)
            for gap, accuracy in zip(run.retention.gaps, run.retention.accuracy)]
    return pd.DataFrame(rows).to_csv(index=False)
