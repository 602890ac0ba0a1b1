"""The Why LSTM page's "Train it yourself" expander: pick a model and a gap range, train for about a minute in
the background (dashboard.training.training_jobs), watch the progress, stop it, and add its measured curve to the chart.
In a live class the expander holds the class's shared experiment instead (dashboard/class_ui/experiment.py).

    trained = collect_finished()          # before drawing the chart: (label, RetentionCurve) pairs of this session
    train_yourself_panel()                # inside the expander

Session keys: why_train_*.
"""

from __future__ import annotations

import streamlit as st

from dashboard.charts.theme import MODEL_LABELS
from dashboard.class_ui.experiment import class_experiment_panel
from dashboard.class_ui.session import current as current_class
from dashboard.training.training_jobs import MAX_RUNNING, TIME_BUDGET_S, JobSettings, seconds_until_free, start_training

JOB_KEY = "why_train_job"
CURVES_KEY = "why_train_curves"
NEWS_KEY = "why_train_news"
KEEP = 3                               # trained curves kept on the chart per session


def collect_finished() -> list:
    """Move a finished job's curve into this session's list; return the (label, curve) pairs to draw."""
    job = st.session_state.get(JOB_KEY)
    if job is not None:
        progress = job.progress()
        if progress.phase in ("done", "failed"):
            st.session_state[JOB_KEY] = None
            if job.curve is not None:
                settings, result = job.settings, job.result
                label = f"Your {MODEL_LABELS[settings.kind]} (gaps ≤ {settings.max_gap}, {result.steps} steps)"
                curves = st.session_state.get(CURVES_KEY, [])
                st.session_state[CURVES_KEY] = [*curves, (label, job.curve)][-KEEP:]
                why = {"early_stop": "it reached 98% on its longest gap", "steps": "it finished its steps",
                       "time_budget": "the time budget ran out", "should_stop": "you stopped it"}
                st.session_state[NEWS_KEY] = ("success", f"{label} trained in {result.seconds:.0f} s "
                                              f"({why.get(result.stopped_because, result.stopped_because)}); "
                                              "its measured curve is on the chart, dashed.")
            else:
                st.session_state[NEWS_KEY] = ("error", f"Training failed: {job.error}")
    return list(st.session_state.get(CURVES_KEY, []))


def _status() -> None:
    """Redrawn every second while a job runs; a finished job triggers a full rerun that draws its curve."""
    job = st.session_state.get(JOB_KEY)
    if job is None:
        return
    progress = job.progress()
    if progress.phase in ("done", "failed"):
        st.rerun()
    if progress.phase == "measuring":
        text = f"Measuring the trained model on fresh sentences… ({progress.seconds:.0f} s)"
    else:
        text = f"Training: step {progress.step} of {progress.steps}, {progress.seconds:.0f} s"
        if progress.loss is not None:
            text += f", loss {progress.loss:.3f}, batch accuracy {progress.accuracy:.0%}"
    st.progress(progress.fraction, text=text)
    st.button("Stop training", key="why_train_stop", on_click=job.stop, disabled=job.stopped,
              icon=":material/stop_circle:")


def train_yourself_panel() -> None:
    context = current_class()
    if context is not None and context.live:              # in a live class: the class's one shared experiment
        class_experiment_panel(context)
        return
    st.write(f"Train a small model (hidden size 32) on sentences whose gaps go up to the length you pick, for at "
             f"most about {TIME_BUDGET_S:.0f} seconds. It is then measured like the shipped models, on gaps up to "
             "400 words, and its curve joins the chart above: does its memory reach past what it was trained on?")
    left, middle, right = st.columns(3)
    kind = left.radio("Model", ("rnn", "lstm"), format_func=MODEL_LABELS.get, horizontal=True, key="why_train_kind")
    max_gap = middle.slider("Longest gap in training (words)", 5, 200, 50, step=5, key="why_train_gap")
    steps = right.select_slider("Training steps (batches of 32)", (250, 500, 1000, 1500, 3000), 1500,
                                key="why_train_steps")
    news = st.session_state.pop(NEWS_KEY, None)
    if news is not None:
        (st.success if news[0] == "success" else st.error)(news[1])
    if st.session_state.get(JOB_KEY) is not None:
        st.fragment(_status, run_every=1.0)()
        return
    if st.button("Train", key="why_train_start", icon=":material/model_training:"):
        job = start_training(JobSettings(kind, max_gap=max_gap, steps=steps))
        if job is None:
            st.warning(f"The server is busy: {MAX_RUNNING} model(s) already training for other students. "
                       f"Try again in ~{seconds_until_free()} s.", icon=":material/hourglass_top:")
        else:
            st.session_state[JOB_KEY] = job
            st.rerun()
    if st.session_state.get(CURVES_KEY) and st.button("Remove my trained curves", key="why_train_clear"):
        st.session_state[CURVES_KEY] = []
        st.rerun()
