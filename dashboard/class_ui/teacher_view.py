"""The teacher view's parts, drawn in this order by dashboard/app_pages/teacher.py (teacher link only).

    class_header(context)          the code, the students' link, how long it stays open, the teacher link, Close
    live_answers(context)          every question's counts as a chart, how many answered, Reveal / Ask again, who
                                   joined: refreshes itself every POLL_S seconds
    steering(context)              bring everyone to a page; the controls students may not change
    experiment_settings(context)   the model and longest gap every student trains, or the students' choice
    experiment_overview(context)   the class's runs: the queue, the finished ones, the class chart (refreshing)

Nicknames are students' text: shown escaped, as text. Student ids are never shown (they let their holder answer
as that student).
"""
from __future__ import annotations

import time
from html import escape

import streamlit as st

from dashboard.charts.class_counts import answer_counts
from dashboard.charts.theme import MODEL_LABELS
from dashboard.class_ui.experiment import RUN_NOTE
from dashboard.class_ui.frame import PAGE_TITLES_KEY
from dashboard.class_ui.measured import measured_answer
from dashboard.class_ui.session import TOKEN_PARAM, class_state, current
from dashboard.class_ui.teacher_actions import LESSON_PAGES, bring_everyone_to, save_settings_of
from dashboard.classroom import LESSON_QUESTIONS, ClassroomError, close_class, list_runs, reset, reveal, roster, tally
from dashboard.classroom.limits import TRAINING_KINDS, TRAINING_MAX_GAPS
from dashboard.classroom.shared_store import class_call
from dashboard.controls.copy_field import copy_field_html
from dashboard.controls.url_state import known_params
from dashboard.figures.class_experiment import class_counts, class_learned_figure, hashable_counts

POLL_S = 1.5                   # the teacher sees an answer within this (under 2 s)
RUNS_POLL_S = 5.0              # the experiment's queue moves in training runs, not clicks
TEACHER_PATH = "teacher"
STUDENTS_CHOOSE = "Students choose"


def app_root() -> str:
    """The app's address without this page's path ('' when unknown: links are then relative)."""
    url = (st.context.url or "").split("?")[0].removesuffix("/")
    return url.removesuffix("/" + TEACHER_PATH)


def _page_title(url_path: str | None) -> str:
    return st.session_state.get(PAGE_TITLES_KEY, {}).get(url_path, url_path or "none")


def _open_for(info) -> str:
    if info.closed:
        return "closed: students can no longer answer; you can read it until it expires"
    left = info.expires_at - time.time()
    if left <= 0:
        return "over (expired)"
    ends = time.strftime("%H:%M UTC", time.gmtime(info.expires_at))
    return f"open for another {int(left // 3600)} h {int(left % 3600 // 60)} min (it ends by itself at {ends})"


def class_header(context) -> None:
    root = app_root()
    st.header(f"Class {context.code}", anchor=False)
    st.caption(f"The class is {_open_for(context.info)}.")
    st.html(copy_field_html(f"{root}/?class={context.code}", "Students open this link", "class-student-link"),
            unsafe_allow_javascript=True)
    with st.expander("Your teacher link: keep it private", icon=":material/key:"):
        teacher_link = f"{root}/{TEACHER_PATH}?class={context.code}&{TOKEN_PARAM}={context.token}"
        st.html(copy_field_html(teacher_link, "Teacher link", "class-teacher-link"), unsafe_allow_javascript=True)
        st.caption("It opens this view again (after a reload too). Anyone holding it can reveal, reset and close "
                   "the class, so it is never in the students' links or pages.")
    if context.info.open:
        with st.popover("Close the class", icon=":material/stop_circle:"):
            st.write("Students can no longer answer or train; the answers stay readable here until the class "
                     "expires.")
            if st.button("Close it now", key="class_ui:close", type="primary"):
                _act(close_class, context)


def _act(action, context, *args) -> None:
    try:
        class_call(action, context.code, context.token, *args)
    except ClassroomError as error:
        st.warning(str(error), icon=":material/error:")
        return
    class_state.clear()
    st.rerun()


def _question_box(context, question, entry) -> None:
    with st.container(border=True):
        st.caption(_page_title(question.page))
        st.markdown(f"**{question.prompt}**")
        correct = measured_answer(question.id).correct if entry.revealed else None
        st.plotly_chart(answer_counts(entry.counts, correct), key=f"class_ui:counts:{question.id}",
                        config={"displayModeBar": False}, width="stretch")
        left, right = st.columns([3, 2], vertical_alignment="center")
        left.caption(f"{entry.answered} answered" + (" · revealed to the class" if entry.revealed else ""))
        if entry.revealed:
            if right.button("Ask again", key=f"class_ui:t_reset:{question.id}", icon=":material/replay:"):
                _act(reset, context, question.id)
        elif right.button("Reveal", key=f"class_ui:t_reveal:{question.id}", icon=":material/visibility:",
                          type="primary"):
            _act(reveal, context, question.id)
        with st.expander("The measured answer (for you)"):
            st.markdown(measured_answer(question.id).text)


def _live_answers() -> None:
    context = current()
    try:
        tallies = class_call(tally, context.code, context.token)
        people = class_call(roster, context.code, context.token)
    except ClassroomError as error:
        st.warning(str(error), icon=":material/cloud_off:")
        return
    names = [person.nickname for person in people if person.nickname]
    joined = f"{len(people)} student{'' if len(people) == 1 else 's'}"
    st.html(f"<p><strong>{joined}</strong> joined" + (": " + escape(", ".join(names)) if names else "") + ".</p>")
    questions = [q for page in LESSON_PAGES for q in LESSON_QUESTIONS if q.page == page]      # in the lesson's order
    for start in range(0, len(questions), 2):                   # two a row (a phone stacks them)
        for column, question in zip(st.columns(2), questions[start:start + 2]):
            with column:
                _question_box(context, question, tallies[question.id])


def live_answers(context) -> None:
    st.fragment(_live_answers, run_every=POLL_S)()


def _setting(label: str, options, current_value, key: str, label_of=str):
    choices = (None, *options)
    return st.radio(label, choices, index=choices.index(current_value) if current_value in choices else 0,
                    key=key, horizontal=True, format_func=lambda value: STUDENTS_CHOOSE if value is None else
                    label_of(value))


def _say(line: str | None, done: str) -> None:
    (st.warning(line, icon=":material/error:") if line else st.toast(done, icon=":material/check:"))


def steering(context) -> None:
    settings = context.info.settings
    st.subheader("Bring everyone to a page", anchor=False)
    st.caption("Students see a one-line banner with a link to it; nothing moves by force.")
    left, right = st.columns([3, 2], vertical_alignment="bottom")
    page = left.selectbox("Page", (None, *LESSON_PAGES), index=(None, *LESSON_PAGES).index(settings.page),
                          format_func=lambda path: "No banner" if path is None else _page_title(path),
                          key="class_ui:bring_page")
    if right.button("Bring everyone there", key="class_ui:bring", icon=":material/campaign:"):
        _say(bring_everyone_to(context, page), "The banner is on its way.")

    st.subheader("What students may change", anchor=False)
    st.caption("Held for every student whatever their address bar says: a hidden control is not drawn, a locked one "
               "is greyed out; both keep the value you held them at (on a lesson page, set teacher mode in your "
               "own link, then “Hold my view for the class” in the sidebar), else their default.")
    names = sorted(known_params())
    hide, lock = st.columns(2)
    hidden = hide.multiselect("Hidden", names, default=list(settings.hidden), key="class_ui:hold_hidden")
    locked = lock.multiselect("Locked", names, default=list(settings.locked), key="class_ui:hold_locked")
    if st.button("Hold these for the class", key="class_ui:hold"):
        kept = {name: list(texts) for name, texts in settings.values if name in hidden or name in locked}
        _say(save_settings_of(context, hidden=tuple(hidden), locked=tuple(locked), values=kept), "Held.")


def experiment_settings(context) -> None:
    settings = context.info.settings
    kind = _setting("Model every student trains", TRAINING_KINDS, settings.experiment_kind, "class_ui:exp_kind",
                    MODEL_LABELS.get)
    gap = _setting("Longest gap in training", TRAINING_MAX_GAPS, settings.experiment_max_gap, "class_ui:exp_gap")
    if st.button("Set the experiment", key="class_ui:experiment"):
        _say(save_settings_of(context, experiment_kind=kind, experiment_max_gap=gap), "Set.")


def _experiment_overview() -> None:
    context = current()
    try:
        runs = class_call(list_runs, context.code)
    except ClassroomError as error:
        st.warning(str(error), icon=":material/cloud_off:")
        return
    states = {state: sum(run.status == state for run in runs) for state in ("queued", "running", "done", "failed")}
    counts = class_counts(runs)
    learned = sum(k for by_gap in counts.values() for k, _ in by_gap.values())
    st.caption(f"{len(runs)} runs asked for: {states['queued']} waiting, {states['running']} training, "
               f"{states['done']} finished ({learned} learned the link), {states['failed']} failed. "
               f"Each run: {RUN_NOTE}.")
    st.plotly_chart(class_learned_figure(hashable_counts(counts), RUN_NOTE), width="stretch",
                    key="class_ui:teacher_experiment", config={"displayModeBar": False})


def experiment_overview(context) -> None:
    st.fragment(_experiment_overview, run_every=RUNS_POLL_S)()
