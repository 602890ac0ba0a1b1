"""Teacher view: a live class's answers with Reveal and Ask again, where the class is, what students may change,
and the class's experiment. Opened with the teacher link only (dashboard/class_ui/session.py)."""

import streamlit as st

from dashboard.class_ui.session import current
from dashboard.class_ui.teacher_view import (
    class_header,
    experiment_overview,
    experiment_settings,
    live_answers,
    steering,
)

st.title("Teacher view")
context = current()
if context is None or not context.teacher:
    st.warning("The teacher view opens with the teacher link of a class (it ends in `?class=…&teacher=…`); this "
               "session has none.", icon=":material/lock:")
    st.stop()

class_header(context)
st.header("Answers", anchor=False)
live_answers(context)
st.header("Steer the class", anchor=False)
steering(context)
st.header("The class's experiment", anchor=False)
experiment_settings(context)
experiment_overview(context)
