"""Predict, then reveal: the question a page asks before it shows the answer.

    ask("why-lstm.rnn-at-100")         # one line in the page, where the question belongs
    ask(*SUMMARY_QUESTIONS)             # several, on one timer

Outside a class: pick an option and see at once what was measured (dashboard/class_ui/measured.py).
In a live class, a student's pick is stored once (dashboard/classroom/answers.py: an upsert, so a resend counts
once) and can change until the teacher reveals; the question refreshes itself every POLL_S seconds and after the
reveal shows the class's counts beside the measured answer. A pick the database did not take stays on screen and
is sent again at the next refresh. The teacher sees how many answered, with Reveal and Ask again.
Each question is a fragment: a pick reruns the question, not the page.
"""
from __future__ import annotations

import streamlit as st

from dashboard.class_ui.measured import measured_answer
from dashboard.class_ui.session import current
from dashboard.classroom import (
    LESSON_QUESTIONS,
    ClassroomError,
    ClassroomUnavailable,
    answer,
    reset,
    reveal,
    student_view,
    tally,
)
from dashboard.classroom.shared_store import class_call
from dashboard.serving.streamlit_internals import PRINTED_QUESTION
from dashboard.text.class_counts import counts_html

# A reveal or a reset reaches the students' screens within this. A refresh costs the server ~8 ms (mostly
# Streamlit's own fragment rerun), so the timers set what a class costs: docs/classroom.md has the measured share.
POLL_S = 5.0
_UNSEEN = object()


def ask(*question_ids: str) -> None:
    """The lesson's questions `question_ids`, each in a bordered box, in one fragment: a page asking several (the
    Summary quiz) refreshes them on one timer."""
    for question_id in question_ids:                       # an unknown id fails here, in the page that asks it
        LESSON_QUESTIONS.question(question_id)
    context = current()
    if context is not None and context.live:
        st.fragment(_class_questions, run_every=POLL_S)(question_ids)
    else:
        st.fragment(_own_questions)(question_ids)


def _box(question_id: str):
    """A question's bordered box; its key names it for the print layout, which prints its options as a worksheet."""
    return st.container(border=True, key=f"{PRINTED_QUESTION}{question_id.replace('.', '-')}")


def _own_questions(question_ids) -> None:
    for question_id in question_ids:
        with _box(question_id):
            _own_question(question_id)


def _class_questions(question_ids) -> None:
    context = current()
    if context is None or not context.live:                # the class closed since the page was drawn
        _own_questions(question_ids)
        return
    tallies = _teacher_tallies(context) if context.teacher else None
    for question_id in question_ids:
        with _box(question_id):
            if context.teacher:
                _teacher_question(context, question_id, tallies)
            else:
                _student_question(context, question_id)


def _measured_lines(question_id: str, choice: str | None) -> None:
    measured = measured_answer(question_id)
    if measured.correct is None:
        st.info(measured.text, icon=":material/science:")
    elif choice is None:
        st.success(f"Measured answer: **{measured.correct}**. {measured.text}", icon=":material/science:")
    elif choice == measured.correct:
        st.success(f"Right: **{measured.correct}**. {measured.text}", icon=":material/check_circle:")
    else:
        st.error(f"Not quite: the measured answer is **{measured.correct}**. {measured.text}", icon=":material/close:")


def _own_question(question_id: str) -> None:
    question = LESSON_QUESTIONS.question(question_id)
    choice = st.radio(f"**Predict:** {question.prompt}", question.options, index=None,
                      key=f"class_ui:own:{question_id}")
    if choice is None:
        st.caption("Pick one, then see what was measured.")
    else:
        _measured_lines(question_id, choice)


def _sync(key: str, stored_key: str, view) -> None:
    """Make the session agree with the database before the radio is drawn: on the first look, after a reset or an
    answer from another tab (the stored answer changed), and after the reveal (the counted answer is shown)."""
    known = st.session_state.get(stored_key, _UNSEEN)
    if known is _UNSEEN or view.my_answer != known or (view.revealed and st.session_state.get(key) != known):
        st.session_state[stored_key] = view.my_answer
        st.session_state[key] = view.my_answer


def _send(context, question_id: str, choice: str, stored_key: str, refused_key: str) -> str | None:
    """Store `choice`; None when stored, else the one line saying why not (a refusal is not retried)."""
    if st.session_state.get(refused_key, (None,))[0] == choice:
        return st.session_state[refused_key][1]
    try:
        class_call(answer, context.code, context.student_id, question_id, choice)
    except ClassroomUnavailable as error:
        return f"Not sent yet ({error}); it is sent again in a few seconds."
    except ClassroomError as error:
        st.session_state[refused_key] = (choice, str(error))
        return str(error)
    st.session_state[stored_key] = choice
    return None


def _student_question(context, question_id: str) -> None:
    question = LESSON_QUESTIONS.question(question_id)
    key, stored_key, refused_key = (f"class_ui:{part}:{question_id}" for part in ("ask", "stored", "refused"))
    view, trouble = None, None
    try:
        view = class_call(student_view, context.code, context.student_id, question_id)
        _sync(key, stored_key, view)
    except ClassroomError as error:
        trouble = str(error)
    revealed = view is not None and view.revealed
    choice = st.radio(f"**Predict:** {question.prompt}", question.options, index=None, key=key, disabled=revealed)
    stored = st.session_state.get(stored_key)
    if choice is not None and choice != stored and not revealed:
        trouble = _send(context, question_id, choice, stored_key, refused_key)
        stored = st.session_state.get(stored_key)
    if trouble:
        st.warning(trouble, icon=":material/cloud_off:")
    if revealed:
        st.html(counts_html(view.counts, measured_answer(question_id).correct, stored))
        st.caption(f"{sum(view.counts.values())} in the class answered.")
        _measured_lines(question_id, stored)
    elif stored is not None:
        st.success(f"Your answer is in: **{stored}**. You can change it until your teacher reveals the answers.",
                   icon=":material/how_to_vote:")
    else:
        st.caption("Pick one: your teacher reveals the class's answers and what was measured.")


def _teacher_tallies(context):
    """Every question's tally for the teacher, or the one line saying why not."""
    try:
        return class_call(tally, context.code, context.token)
    except ClassroomError as error:
        return str(error)


def _teacher_question(context, question_id: str, tallies) -> None:
    question = LESSON_QUESTIONS.question(question_id)
    st.radio(f"**Predict:** {question.prompt}", question.options, index=None, disabled=True,
             key=f"class_ui:teacher:{question_id}", help="Your students answer here; you reveal.")
    if isinstance(tallies, str):
        st.warning(tallies, icon=":material/cloud_off:")
        return
    entry = tallies[question_id]
    left, right = st.columns([3, 2], vertical_alignment="center")
    left.caption(f"{entry.answered} answered in class {context.code}.")
    if entry.revealed:
        if right.button("Ask again", key=f"class_ui:reset:{question_id}", icon=":material/replay:"):
            _teacher_action(reset, context, question_id)
        st.html(counts_html(entry.counts, measured_answer(question_id).correct))
        _measured_lines(question_id, None)
    elif right.button("Reveal the answers", key=f"class_ui:reveal:{question_id}", icon=":material/visibility:"):
        _teacher_action(reveal, context, question_id)


def _teacher_action(action, context, question_id: str) -> None:
    try:
        class_call(action, context.code, context.token, question_id)
    except ClassroomError as error:
        st.warning(str(error), icon=":material/error:")
        return
    st.rerun(scope="fragment")
