"""The class around every page: the sidebar's class panel, the line or banner on top, the teacher view's entry.

    context = begin()                                  # session.py, in the router before navigation
    page = st.navigation([..., teacher_page(context)]) # listed for the class's teacher only
    url_state.begin_run(link_rules(context))           # the class code in every link; the teacher's holds
    frame(context, page, pages)                        # sidebar panel + one line or the "bring everyone" banner

Students see a one-line banner with a link when the teacher brings the class to another page (nothing moves by
force); it refreshes itself every BANNER_POLL_S seconds from the class's settings (one read per class per second
per process: session.class_state).
"""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard.class_ui.session import CODE_KEY, CODE_PARAM, ClassContext, class_state, current, join, leave
from dashboard.class_ui.teacher_actions import bring_everyone_to, save_settings_of
from dashboard.classroom import ClassroomError, join_class, new_class
from dashboard.classroom.shared_store import class_call
from dashboard.classroom.students import NICKNAME_LENGTH
from dashboard.controls.url_params import LinkRules
from dashboard.controls.url_state import teacher_choices

TEACHER_SCRIPT = Path(__file__).resolve().parents[1] / "app_pages" / "teacher.py"
TEACHER_URL_PATH = "teacher"
BANNER_POLL_S = 15.0           # "bring everyone" is no race (the teacher says it aloud too): a slow, cheap timer
CLASSES_PER_SESSION = 3        # "Start a class" presses a session may make: a stuck finger, not a flood
STARTED_KEY, HOLD_LINE_KEY = "class_ui:started", "class_ui:hold_line"
PAGE_TITLES_KEY = "class_ui:page_titles"            # {url path: title}: the teacher view names pages with them


def teacher_page(context: ClassContext | None):
    """The teacher view: in the navigation for the class's teacher; for anyone else a hidden page that says, in one
    line, that it needs the teacher link."""
    shown = "visible" if context is not None and context.teacher else "hidden"
    return st.Page(TEACHER_SCRIPT, title="Teacher view", icon=":material/co_present:", url_path=TEACHER_URL_PATH,
                   visibility=shown)


def link_rules(context: ClassContext | None) -> LinkRules:
    """What every link of this session keeps: the class code and, for a student of a live class, the teacher's
    hidden and locked controls with their values."""
    if context is None or not st.session_state.get(CODE_KEY):        # no class, or one this session left
        return LinkRules()
    carried = {CODE_PARAM: [context.code]}                            # also while the database is away
    if context.teacher or not context.live:
        return LinkRules(carried)
    settings = context.info.settings
    return LinkRules(carried, settings.hidden, settings.locked, {name: list(texts) for name, texts in settings.values})


def frame(context: ClassContext | None, page, pages) -> None:
    """The sidebar's class panel, then on top of the page the class's one line or the students' banner."""
    st.session_state[PAGE_TITLES_KEY] = {candidate.url_path: candidate.title for candidate in pages}
    with st.sidebar:
        if context is not None and context.info is not None and (context.live or context.teacher):
            _class_panel(context, page)
        else:
            _start_panel(pages)
    if context is not None and context.problem:
        st.warning(context.problem, icon=":material/groups:")
    elif context is not None and context.live and not context.teacher:
        st.fragment(_banner, run_every=BANNER_POLL_S)(page.url_path, tuple(pages))


def _banner(url_path: str, pages: tuple) -> None:
    context = current()
    if context is None:
        return
    info, _, _ = class_state(context.code)
    wanted = info.settings.page if info is not None else None
    target = next((candidate for candidate in pages if candidate.url_path == wanted), None)
    if target is not None and wanted != url_path:
        with st.container(horizontal=True, vertical_alignment="center"):
            st.markdown(f":material/campaign: Your teacher is on **{target.title}**.")
            st.page_link(target, label=f"Go to {target.title}", icon=":material/arrow_forward:")


def _class_panel(context: ClassContext, page) -> None:
    with st.expander(f"Live class {context.code}", icon=":material/groups:", expanded=True):
        if context.teacher:
            st.caption("You are this class's teacher.")
            if page.url_path not in ("", TEACHER_URL_PATH):
                st.button("Bring everyone to this page", key="class_ui:bring_here", icon=":material/campaign:",
                          on_click=bring_everyone_to, args=(context, page.url_path))
                st.button("Hold my view for the class", key="class_ui:hold_view", icon=":material/lock:",
                          on_click=_hold_view, args=(context,),
                          help="The controls your link hides or locks (?hide=…&lock=…), at the values they have "
                               "here, are held for every student.")
        else:
            st.caption("You are in a live class: your answers are anonymous. A nickname is shown to your teacher "
                       "only.")
            nickname = st.text_input("Nickname (optional)", max_chars=NICKNAME_LENGTH, key="class_ui:nickname")
            if nickname and st.session_state.get("class_ui:sent_nickname") != nickname:
                try:
                    class_call(join_class, context.code, context.student_id, nickname)
                    st.session_state["class_ui:sent_nickname"] = nickname
                except ClassroomError as error:
                    st.warning(str(error))
        if (line := st.session_state.pop(HOLD_LINE_KEY, None)) is not None:
            st.caption(line)
        st.button("Leave the class", key="class_ui:leave", on_click=leave, icon=":material/logout:")


def _hold_view(context: ClassContext) -> None:
    """The teacher mode of the view just shown, held for the class (a callback: url_state still has that run)."""
    hidden, locked, values = teacher_choices()
    line = save_settings_of(context, hidden=hidden, locked=locked, values=values)
    st.session_state[HOLD_LINE_KEY] = line or "Held for the class: " + (", ".join((*hidden, *locked)) or "nothing")


def _start_panel(pages) -> None:
    with st.expander("Teach it as a live class", icon=":material/co_present:"):
        st.caption("Start a class: students open one link and answer each page's question; you see their answers "
                   "and reveal them. No accounts; it ends by itself after a few hours.")
        if st.button("Start a class", key="class_ui:start", icon=":material/play_arrow:"):
            started = st.session_state.get(STARTED_KEY, 0)
            if started >= CLASSES_PER_SESSION:
                st.warning(f"You started {started} classes in this session already; reload the page to start more.")
                return
            try:
                ticket = class_call(new_class)
            except ClassroomError as error:
                st.warning(str(error), icon=":material/cloud_off:")
                return
            st.session_state[STARTED_KEY] = started + 1
            st.session_state["class_ui:new_token"] = ticket.token      # shown once on the teacher view
            join(ticket.code, ticket.token)
            st.switch_page(TEACHER_SCRIPT)
