"""The guided lesson (`?lesson=k`): the steps of dashboard/lesson/steps.py one at a time, each at its own page's address
and in larger type for a projector. Next and Back (or the → and ← keys) move between steps and pages; every step
has its own link (`/gates?lesson=4`, in "Copy link to this view"); the whole page stays one click away, folded under
"More on this page". A bad step number (`?lesson=99`, `?lesson=abc`) is clamped with a one-line notice.

The entry file reads `requested_step()` after url_state.begin_run() and, when it is a number, calls `show` instead of
running the page; `sidebar_entry` starts or leaves the lesson.
"""

from __future__ import annotations

import streamlit as st

from dashboard.controls import url_state
from dashboard.controls.url_params import IntControl
from dashboard.lesson.steps import STEPS

LESSON = IntControl("lesson", "Guided lesson step", 1, len(STEPS), default=1)
_NOTICE = "lesson:notice"          # a notice about the link's step, kept across the move to the step's page
_CHOSEN = "lesson:chosen"          # the step a button asked for, read by the run the click starts
_LEAVE = "lesson:leave"            # "Leave the guided lesson" or "Open the whole page" was pressed
# Streamlit documents a keyed container's CSS class (st-key-<key>): larger type inside the step, sized to the screen.
LESSON_CSS = """<style>
.st-key-lesson-step :is(p, li, label) {font-size: clamp(1.05rem, 0.9rem + 0.6vw, 1.5rem); line-height: 1.5;}
.st-key-lesson-step h1 {font-size: clamp(2rem, 1.5rem + 1.8vw, 3.25rem);}
</style>"""


def page_file(url_path: str) -> str:
    """The page script of `url_path`, relative to the entry file (`data-flow` -> app_pages/data_flow.py)."""
    return f"app_pages/{url_path.replace('-', '_')}.py"


def requested_step() -> int | None:
    """The step the link asks for (clamped, with a notice), or None outside the lesson."""
    if notice := st.session_state.pop(_NOTICE, None):
        url_state.notify(notice)
    if chosen := st.session_state.pop(_CHOSEN, None):
        return chosen
    if st.session_state.pop(_LEAVE, False):
        if LESSON.param in st.query_params:
            del st.query_params[LESSON.param]
        return None
    raw = st.query_params.get_all(LESSON.param)
    if not raw:
        return None
    parsed = LESSON.parse(raw)
    if parsed.notice:
        url_state.notify(parsed.notice)
        st.session_state[_NOTICE] = parsed.notice        # shown again if the step lives on another page
    return parsed.value


def _step_to(number: int) -> None:
    """A button's callback: the run the click starts shows step `number`, moving to its page first when it is
    another. (Buttons, not page links: Streamlit's link to the page it is on does nothing.)"""
    st.session_state[_CHOSEN] = number


def _leave() -> None:
    """A button's callback: the run the click starts shows the whole page."""
    st.session_state[_LEAVE] = True


def show(number: int, page_url_path: str) -> None:
    """Step `number`, or a move to its page when this is another."""
    step = STEPS[number - 1]
    if step.page != page_url_path:
        st.switch_page(page_file(step.page), query_params={**url_state.carried_params(), LESSON.param: str(number)})
    st.session_state.pop(_NOTICE, None)
    # Written in every run: a clamped `?lesson=99`, a step chosen on this page, and a move from another page (whose
    # address the browser took before the move, and then left out).
    st.query_params[LESSON.param] = str(number)
    url_state.also_in_link(LESSON.param, [str(number)])
    st.set_page_config(initial_sidebar_state="collapsed")            # the projector gets the whole width
    st.html(LESSON_CSS)
    with st.container(key="lesson-step"):
        st.progress(number / len(STEPS), text=f"Guided lesson · step {number} of {len(STEPS)}")
        st.title(step.heading, anchor=False)
        step.draw()
        with st.container(horizontal=True):
            st.button("Back", icon=":material/arrow_back:", shortcut="Left", disabled=number == 1, key="lesson-back",
                      on_click=_step_to, args=(number - 1,))
            st.button("Next", icon=":material/arrow_forward:", shortcut="Right", type="primary",
                      disabled=number == len(STEPS), key="lesson-next", on_click=_step_to, args=(number + 1,))
        with st.expander("More on this page", icon=":material/unfold_more:"):
            st.button("Open the whole page: every control, the data, the details", icon=":material/open_in_full:",
                      on_click=_leave, key="lesson-whole-page")


def sidebar_entry(number: int | None) -> None:
    """In the sidebar: start the guided lesson, or leave it for the whole page."""
    with st.sidebar:
        if number is None:
            st.button("Guided lesson", icon=":material/school:", on_click=_step_to, args=(1,), key="lesson-start")
        else:
            st.button("Leave the guided lesson", icon=":material/close:", on_click=_leave, key="lesson-leave")
