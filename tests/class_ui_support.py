"""Shared by the live-class AppTests: a class database installed as the app's (tests/conftest.py's `class_store`
uses it), and pages opened as a student or the teacher would open them."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

from dashboard.class_ui.session import STUDENT_KEY, class_state
from dashboard.classroom.shared_store import door

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "streamlit_app.py")
# Before its first run AppTest finds a page by file name; these open first, the others after one run of Gates.
FIRST_RUN_PAGES = ("app_pages/gates.py", "app_pages/summary.py", "app_pages/teacher.py")


def install(store):
    """Make `store` the app's database in this process (the door every page and the worker use); returns the
    door's previous state for `uninstall`."""
    previous = (door().store, door().down_until)
    door().store, door().down_until = store, 0.0
    class_state.clear()
    return previous


def uninstall(previous) -> None:
    door().store, door().down_until = previous
    class_state.clear()


def open_page(page: str, query: dict | None = None, student_id: str | None = None) -> AppTest:
    """A new browser session at `page` with the link's `query`; `student_id` as if its cookie were there (a reload
    of a student who answered before)."""
    at = AppTest.from_file(APP, default_timeout=120)
    if student_id is not None:
        at.session_state[STUDENT_KEY] = student_id
    if page not in FIRST_RUN_PAGES:
        at.switch_page(FIRST_RUN_PAGES[0]).run()
    at.query_params.update(query or {})
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def everything_sent(at) -> str:
    """Every element the session was sent, as text (the protobufs): what a student's browser could read."""
    nodes = [node for root in (at.main, at.sidebar) for node in _walk(root)]
    return "\n".join(str(node.proto) for node in nodes if getattr(node, "proto", None) is not None)


def _walk(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _walk(child)
