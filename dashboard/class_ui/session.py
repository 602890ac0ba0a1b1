"""This browser session's place in a live class: which class, and whether as a student or as its teacher.

    context = begin()       # the router, at the start of every full run (before navigation: the teacher view
                            # is listed only for a teacher)
    context = current()     # later in the run and in fragment reruns: the same ClassContext, None outside a class

A class is named by `?class=CODE`, kept in the session and written back to the address bar each run (url_state
carries it), so page switches and copied links keep it. The teacher's token arrives once in `?teacher=…`: it is kept
in the session and taken out of the address bar at once, so it never reaches a link, the page or a projected
screen. A student is a random id per browser session, kept in a session cookie that the page sets and Streamlit
reads back (`st.context.cookies`), so after a reload, or a reconnect to another replica, the same student answers.

Session keys: class_ui:*.
"""
from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from dashboard.classroom import (
    ClassInfo,
    ClassroomError,
    UnknownClass,
    WrongToken,
    class_info,
    new_student_id,
    teacher_info,
)
from dashboard.classroom.shared_store import class_call
from dashboard.classroom.students import STUDENT_ID_PATTERN
from dashboard.controls.url_params import shown

CODE_PARAM, TOKEN_PARAM = "class", "teacher"
COOKIE = "why_lstm_student"
CODE_KEY, TOKEN_KEY = "class_ui:code", "class_ui:token"
STUDENT_KEY, CONTEXT_KEY = "class_ui:student", "class_ui:context"
CHECKED_KEY = "class_ui:checked"
INFO_TTL_S = 1.0           # a class's settings reach every page within a second; one read per class per second
LONGEST_CODE = 12          # a typed code longer than this is no code (shown cut in the one-line notice)


@dataclass(frozen=True)
class ClassContext:
    code: str                      # as typed (upper case once the class is found)
    student_id: str
    info: ClassInfo | None         # None: no such class, or the database is unreachable
    token: str | None = None       # the teacher's, checked against the class; never shown, never in a link
    problem: str | None = None     # one line for the page: unknown class, wrong token, closed, unavailable

    @property
    def teacher(self) -> bool:
        return self.token is not None and self.info is not None

    @property
    def live(self) -> bool:
        """The class takes answers and runs (open, reachable)."""
        return self.info is not None and self.info.open


@st.cache_data(ttl=INFO_TTL_S, max_entries=256, show_spinner=False)
def class_state(code: str) -> tuple[ClassInfo | None, bool, str | None]:
    """(the class's info, False, None), or (None, whether no such class exists, the line saying why not): a
    refusal is kept for the second too, so an outage costs one attempt per second, not one per page."""
    try:
        return class_call(class_info, code), False, None
    except UnknownClass as error:
        return None, True, str(error)
    except ClassroomError as error:
        return None, False, str(error)


def _student_id() -> str:
    """The id of this browser session's student: the cookie's, else a new one (the page then sets the cookie)."""
    if STUDENT_KEY not in st.session_state:
        kept = st.context.cookies.get(COOKIE)
        valid = isinstance(kept, str) and STUDENT_ID_PATTERN.fullmatch(kept)
        st.session_state[STUDENT_KEY] = kept if valid else new_student_id()
    return st.session_state[STUDENT_KEY]


def _keep_student_cookie(student_id: str) -> None:
    """Set the session cookie (only in a class: other visitors get none). Every full run until the browser sends it
    back: a run that switches page (the root's forward to Why LSTM) discards what it drew, the script included."""
    if st.context.cookies.get(COOKIE) != student_id:
        st.sidebar.html(f'<script>document.cookie = "{COOKIE}={student_id}; path=/; SameSite=Lax";</script>',
                        unsafe_allow_javascript=True)


def _take_token(code: str | None) -> str | None:
    """The teacher token from the address bar (then removed from it), checked against the class; else the
    session's for this class."""
    given = st.query_params.get(TOKEN_PARAM)
    if given is not None:
        del st.query_params[TOKEN_PARAM]
        if code is not None:
            st.session_state[TOKEN_KEY] = (code, given[:200])
    kept = st.session_state.get(TOKEN_KEY)
    return kept[1] if kept is not None and kept[0] == code else None


def _check_token(code: str, token: str) -> str | None:
    """None when `token` is the class's teacher token; else the line to show (and the session forgets it)."""
    checked = st.session_state.get(CHECKED_KEY)
    if checked == (code, token):
        return None
    try:
        class_call(teacher_info, code, token)
    except WrongToken:
        del st.session_state[TOKEN_KEY]
        return f"This teacher link does not open class `{shown(code)}`: the teacher view stays closed."
    except ClassroomError as error:
        return str(error)
    st.session_state[CHECKED_KEY] = (code, token)
    return None


def _class_line(code: str, info: ClassInfo | None, why: str | None, teacher: bool) -> str | None:
    if info is None:
        return f"The live class is unavailable right now ({why}); the lesson works as usual."
    if not info.open and not teacher:
        state = "closed" if info.closed else "over"
        return f"Class {info.code} is {state}: the lesson works as usual, without the class."
    return None


def begin() -> ClassContext | None:
    """Read the class from the link or the session, check a teacher token, and keep the context for this run."""
    given = st.query_params.get(CODE_PARAM)
    if given is not None:
        st.session_state[CODE_KEY] = given.strip().upper()[:LONGEST_CODE]
    code = st.session_state.get(CODE_KEY)
    token = _take_token(code)
    st.session_state[CONTEXT_KEY] = None
    if not code:
        return None
    info, unknown, why = class_state(code)
    student_id = _student_id()
    if unknown:                         # a wrong code is dropped: not carried to the next page or any link
        leave()
        context = ClassContext(code, student_id, None, problem=f"There is no class `{shown(code)}`: check the "
                                                               "code with your teacher. The lesson works without it.")
        st.session_state[CONTEXT_KEY] = context
        return context
    problem = _check_token(code, token) if token is not None and info is not None else None
    if problem is not None or info is None:
        token = None
    context = ClassContext(info.code if info else code, student_id, info, token,
                           problem or _class_line(code, info, why, token is not None))
    if info is not None and not info.open and token is None:      # said once; later pages are the plain lesson
        leave()
    if context.live and not context.teacher:
        _keep_student_cookie(student_id)
    st.session_state[CONTEXT_KEY] = context
    return context


def current() -> ClassContext | None:
    return st.session_state.get(CONTEXT_KEY)


def leave() -> None:
    """Forget the class in this session (the student's or teacher's choice); the address bar drops it next run."""
    for key in (CODE_KEY, TOKEN_KEY, CONTEXT_KEY, CHECKED_KEY):
        st.session_state.pop(key, None)
    if CODE_PARAM in st.query_params:
        del st.query_params[CODE_PARAM]


def join(code: str, token: str | None = None) -> None:
    """Enter a class in this session (a teacher who just started one: with the token)."""
    st.session_state[CODE_KEY] = code
    if token is not None:
        st.session_state[TOKEN_KEY] = (code, token)
        st.session_state[CHECKED_KEY] = (code, token)
