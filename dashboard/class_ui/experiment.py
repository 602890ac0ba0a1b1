"""The class's own experiment, in "Train it yourself" during a live class: each student trains one run and every
finished run joins the class chart, beside the app's own runs.

    class_experiment_panel(context)      # the expander's content in a live class (dashboard/training/train_yourself)

A run is CLASS_RUN at the kind and longest gap the student picks (or the teacher set), with the next seed the
class has not used for that setting (dashboard/classroom/run_requests.py), queued for the training workers
(dashboard/serving/training_worker.py). A setting any class already trained is reused at once. While a student's
runs wait or train, their place and expected wait refresh every POLL_S seconds; when the last one finishes the
page redraws once, with the run on the chart.
"""
from __future__ import annotations

from dataclasses import replace

import streamlit as st

from dashboard.charts.theme import MODEL_LABELS
from dashboard.classroom import ClassroomError, enqueue_run, list_runs, run_place
from dashboard.classroom.limits import TRAINING_KINDS, TRAINING_MAX_GAPS
from dashboard.classroom.shared_store import class_call
from dashboard.figures.class_experiment import class_counts, class_learned_figure, hashable_counts
from lstm_engine.memory.findings import LEARNED
from lstm_engine.train import PRESETS

# The shipped runs' task and schedule, smaller and shorter: a class run takes seconds, not minutes.
CLASS_RUN = replace(PRESETS["shipped"], hidden_size=32, steps=1000)
RUN_NOTE = f"hidden size {CLASS_RUN.hidden_size}, {CLASS_RUN.steps:,} training steps"
POLL_S = 5.0                    # a run takes minutes to come round: its place needs no faster refresh
DEFAULT_GAP = 50
IN_FLIGHT = ("queued", "running")


def _wait_words(seconds: float | None) -> str:
    if seconds is None:
        return "the first runs are still timing the machine"
    return f"about {max(1, round(seconds)):,} s" if seconds < 90 else f"about {seconds / 60:.0f} min"


def _run_line(run, place) -> str:
    setting = f"{MODEL_LABELS[run.kind]}, gaps up to {run.max_gap}, seed {run.seed}"
    if run.status == "done":
        verdict = "learned the link" if run.held_out_accuracy >= LEARNED else "did not learn the link"
        return f"Your run ({setting}): **{run.held_out_accuracy:.0%}** right on held-out sentences — {verdict}."
    if run.status == "failed":
        return f"Your run ({setting}) failed to train; ask for it again."
    if place is not None and place.status == "queued":
        return f"Your run ({setting}): number **{place.place}** in the queue, {_wait_words(place.expected_wait_s)}."
    return f"Your run ({setting}) is training now ({_wait_words(None if place is None else place.expected_wait_s)})."


def _my_runs(code: str, student_id: str, polling: bool) -> None:
    """My runs with their place in the queue; when none is in flight any more, one full redraw (the chart)."""
    try:
        runs = class_call(list_runs, code, student_id)
        mine = [run for run in runs if run.mine]
        places = {run.run_id: class_call(run_place, code, run.run_id) for run in mine if run.status in IN_FLIGHT}
    except ClassroomError as error:
        st.warning(str(error), icon=":material/cloud_off:")
        return
    for run in mine:
        st.markdown(_run_line(run, places.get(run.run_id)))
    if polling and not places:
        st.rerun()


def _choice(fixed, label: str, options, key: str, where, label_of=str, default=None):
    """The teacher's fixed value (said in words), or the student's pick."""
    if fixed is not None:
        where.markdown(f"{label}: **{label_of(fixed)}** (set by your teacher)")
        return fixed
    index = options.index(default) if default in options else 0
    return where.radio(label, options, index=index, key=key, horizontal=True, format_func=label_of)


def class_experiment_panel(context) -> None:
    settings = context.info.settings
    st.write("Your class's experiment: each of you trains one run, a model and the longest gap it sees in "
             "training, from starting weights the class hands out. Every run that finishes joins the class's chart, "
             "beside the app's own runs: which settings learn the link?")
    left, right = st.columns(2)
    kind = _choice(settings.experiment_kind, "Model", TRAINING_KINDS, "class_ui:run_kind", left, MODEL_LABELS.get)
    max_gap = _choice(settings.experiment_max_gap, "Longest gap in training (words)", TRAINING_MAX_GAPS,
                      "class_ui:run_gap", right, default=DEFAULT_GAP)
    if st.button("Train my run", key="class_ui:train", icon=":material/model_training:"):
        try:
            place = class_call(enqueue_run, context.code, context.student_id, kind, max_gap, CLASS_RUN)
        except ClassroomError as error:
            st.warning(str(error), icon=":material/block:")
        else:
            st.toast("Already trained for another class: its result is on the chart." if place.reused
                     else f"Queued: number {place.place}.", icon=":material/model_training:")
    try:
        runs = class_call(list_runs, context.code, context.student_id)
    except ClassroomError as error:
        st.warning(str(error), icon=":material/cloud_off:")
        return
    polling = any(run.mine and run.status in IN_FLIGHT for run in runs)
    st.fragment(_my_runs, run_every=POLL_S if polling else None)(context.code, context.student_id, polling)
    finished = sum(run.status == "done" for run in runs)
    st.caption(f"The class asked for {len(runs)} runs; {finished} finished. Each run: {RUN_NOTE}, trained on "
               "sentences with gaps from 0 up to its longest gap.")
    st.plotly_chart(class_learned_figure(hashable_counts(class_counts(runs)), RUN_NOTE), width="stretch",
                    key="class_ui:experiment_chart")
