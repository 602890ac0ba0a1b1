"""Why LSTM's figures: each model's answer for a sentence, and the charts of every training run."""

from __future__ import annotations

import streamlit as st

from dashboard.charts.memory import prediction_bars
from dashboard.charts.memory_runs import learning_runs, retention_runs
from dashboard.engine_calls.memory_measurements import PAIRS, memory_tables, predictions_for
from dashboard.text.memory_insight import expected_language
from lstm_engine.memory.memory_task import tokenize

ANSWERS_KEPT = 64              # (sentence, run, titles) bar charts, ~40 kB each


@st.cache_resource(show_spinner=False, max_entries=ANSWERS_KEPT)
def answer_bars(text: str, kinds: tuple, run: str, title: str, subtitle: str = ""):
    """(figure, unknown words, right answer or None, {kind: (top language, probability)}) for `text`."""
    predictions = predictions_for(text, kinds, run)
    answer = expected_language(tokenize(text), PAIRS)
    figure = prediction_bars(predictions, answer, title, subtitle)
    tops = {kind: prediction.top(1)[0] for kind, prediction in predictions.items()}
    return figure, next(iter(predictions.values())).unknown, answer, tops


@st.cache_resource(show_spinner=False, max_entries=8)
def runs_figures(kinds: tuple):
    """(retention chart, learning chart) of every training run of `kinds`: the same for every student."""
    tables = memory_tables()
    chance = tables.runs["lstm"][0].retention.chance
    runs = {kind: tables.runs[kind] for kind in kinds}
    return (retention_runs({kind: tables.retention[kind] for kind in kinds}, runs, chance),
            learning_runs({kind: tables.learning[kind] for kind in kinds}, runs, chance))
