"""The Why LSTM page's cached engine calls on the shipped models, and the figures drawn from them.

Every function takes plain values (text, kinds tuple, gap, seed, ...), so Streamlit can cache it: models are
loaded once per server (`st.cache_resource`), measurements are cached by their arguments (`st.cache_data`),
and the figures by the same arguments (`st.cache_resource`; st.plotly_chart copies a figure, never changes
it), so scrubbing the gap slider back over values already seen costs no measuring and no Plotly validation.
"""

from __future__ import annotations

import streamlit as st

from dashboard.charts.memory import prediction_bars, retention_comparison
from dashboard.engine_calls.shipped_models import shipped_model
from dashboard.text.memory_insight import expected_language
from lstm_engine.memory.gradient_flow import gradient_flow
from lstm_engine.memory.memory_task import TaskConfig, tokenize
from lstm_engine.memory.retention import retention_curve
from lstm_engine.memory.shipped import SHIPPED_KINDS, shipped_retention, training_runs

PAIRS = TaskConfig().pairs
MARK_SAMPLES = 200                    # fresh sentences measured at the student's own gap (seed 1)
FLOW_GAP, FLOW_SAMPLES = 200, 32      # the gradient flow: sentences with 200 words in between (seed 0)


def shipped_models():
    return {kind: shipped_model(kind) for kind in SHIPPED_KINDS}


@st.cache_data(show_spinner=False, max_entries=1000)
def predictions_for(text, kinds):
    models = shipped_models()
    return {kind: models[kind].predict(text) for kind in kinds}


@st.cache_data(show_spinner=False)
def shipped_curves():
    """The retention curves measured when the models were trained (their .json), for the first paint."""
    return {kind: shipped_retention(kind) for kind in SHIPPED_KINDS}


@st.cache_data(show_spinner=False)
def all_training_runs():
    """Every training run of each kind (seed-tagged retention curves from the .json), in seed order."""
    return {kind: training_runs(kind) for kind in SHIPPED_KINDS}


@st.cache_data(show_spinner="Measuring every model on fresh sentences…", max_entries=20)
def measured_curves(gaps, samples, seed):
    return {kind: retention_curve(model, gaps, samples, seed) for kind, model in shipped_models().items()}


def current_curves(seed, samples):
    """The shipped curves, or the same gaps measured again with another seed or sample count."""
    shipped = shipped_curves()
    defaults = next(iter(shipped.values()))
    if (seed, samples) == (defaults.seed, defaults.samples):
        return shipped
    return measured_curves(tuple(defaults.gaps), samples, seed)


@st.cache_data(show_spinner=False, max_entries=1000)
def measured_at_gap(gap):
    return {kind: retention_curve(model, (gap,), MARK_SAMPLES, seed=1) for kind, model in shipped_models().items()}


@st.cache_data(show_spinner="Measuring the gradient flow by backpropagation…", max_entries=4)
def measured_flows(gap=FLOW_GAP, kinds=SHIPPED_KINDS):
    models = shipped_models()
    return {kind: gradient_flow(models[kind], gap, FLOW_SAMPLES, seed=0) for kind in kinds}


@st.cache_resource(show_spinner=False, max_entries=200)
def bars_figure(text, kinds, title, subtitle=""):
    """The bars for `text`, and the words the models did not know (read as <unk>)."""
    predictions = predictions_for(text, kinds)
    answer = expected_language(tokenize(text), PAIRS)
    return prediction_bars(predictions, answer, title, subtitle), next(iter(predictions.values())).unknown


@st.cache_resource(show_spinner=False, max_entries=200)
def retention_figure(kinds, gap, seed, samples, show_flow, trained, show_runs=False):
    """trained: (label, RetentionCurve) pairs of models trained in this session; show_runs: draw every
    training run of each kind under its shipped curve."""
    curves = current_curves(seed, samples)
    at_gap = measured_at_gap(gap)
    flows = measured_flows() if show_flow else None
    runs = all_training_runs() if show_runs else None
    return retention_comparison({k: curves[k] for k in kinds}, gap, {k: at_gap[k] for k in kinds},
                                {k: flows[k] for k in kinds} if flows else None, trained,
                                {k: runs[k] for k in kinds} if runs else None)
