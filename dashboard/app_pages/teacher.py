"""Teacher view: a live class's answers with Reveal and Ask again, where the class is, what students may change,
and the class's experiment. Opened with the teacher link only (dashboard/class_ui/session.py)."""

import streamlit as st

from dashboard.class_ui.session import current
from dashboard.class_ui.teacher_view import class_header, class_settings, experiment_overview, live_answers

st.title("Teacher view")
context = current()
if context is None or not context.teacher:
    st.warning("The teacher view opens with the teacher link of a class (it ends in `?class=…&teacher=…`); this "
               "session has none.", icon=":material/lock:")
    st.stop()

class_header(context)
st.divider()
live_answers(context)
st.divider()
class_settings(context)
st.divider()
st.header("The class's experiment", anchor=False)
experiment_overview(context)
