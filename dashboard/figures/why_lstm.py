"""Why LSTM's figures: each model's answer for a sentence, and the charts of every training run."""

from __future__ import annotations

from dashboard.charts.memory import prediction_bars
from dashboard.charts.memory_runs import gradient_reach, learned_runs, learning_runs, retention_runs
from dashboard.engine_calls.memory_measurements import PAIRS, findings, predictions_for
from dashboard.figures import shared_figures
from dashboard.text.memory_insight import SENTENCES, expected_language, setting_phrase
from lstm_engine.memory.memory_task import tokenize
from lstm_engine.memory.shipped import FROM_ZERO, LONG_ONLY

ANSWERS_KEPT = 64              # (sentence, run, titles) bar charts, ~40 kB each
PANELS = ((FROM_ZERO, "Training sentences: " + SENTENCES[FROM_ZERO]),
          (LONG_ONLY, "Training sentences: " + SENTENCES[LONG_ONLY]))


@shared_figures(ANSWERS_KEPT)
def answer_bars(text: str, kinds: tuple, run: str, title: str, subtitle: str = ""):
    """(figure, unknown words, right answer or None, {kind: (top language, probability)}) for `text`."""
    predictions = predictions_for(text, kinds, run)
    answer = expected_language(tokenize(text), PAIRS)
    figure = prediction_bars(predictions, answer, title, subtitle)
    tops = {kind: prediction.top(1)[0] for kind, prediction in predictions.items()}
    return figure, next(iter(predictions.values())).unknown, answer, tops


# The run charts are the same for every student: a few settings' worth, built once per process.
@shared_figures(8)
def learned_figure(kinds: tuple):
    counts = {kind: {key: findings().learned_by_distance(kind, key) for key, _ in PANELS} for kind in kinds}
    return learned_runs(counts, PANELS)


def retention_figure(kinds: tuple, setting: tuple, extra: tuple = ()):
    """Accuracy against the gap for every run of one setting; with `extra` (label, RetentionCurve) pairs trained in
    this session, drawn for this student only."""
    return _retention(kinds, setting) if not extra else _retention.__wrapped__(kinds, setting, extra)


@shared_figures(32)
def _retention(kinds: tuple, setting: tuple, extra: tuple = ()):
    found = findings()
    return retention_runs({kind: found.retention(kind, setting) for kind in kinds}, found.chance,
                          f"{len(found.runs[(kinds[0], setting)])} runs each, {setting_phrase(setting)}", extra)


@shared_figures(32)
def learning_figure(kinds: tuple, setting: tuple):
    found = findings()
    return learning_runs({kind: found.learning(kind, setting) for kind in kinds}, setting[1], found.chance)


@shared_figures(8)
def reach_figure(kinds: tuple):
    return gradient_reach({kind: findings().reach_curves(kind) for kind in kinds})
