"""A live class on one link, in the app: the question each page asks, the class around every page, the teacher
view and the class's experiment, over the data layer in dashboard/classroom (its shared_store.py is the process's
way in).

    session.py          this browser session in a class: code, student id (a session cookie), teacher token
    frame.py            the router's hooks: teacher page, the link's class rules, the sidebar panel, the banner
    question.py         ask(question_id): predict, then reveal (a page's one line)
    measured.py         each question's measured answer, from the pages' own engine calls
    teacher_view.py     the teacher page's parts; teacher_actions.py their writes to the class's settings
    experiment.py       "Train it yourself" as the class's one shared experiment

The router calls `begin()` before its navigation, `link_rules(context)` into url_state and `frame(...)` before
the page; a page calls `ask(...)` where its question belongs. docs/classroom.md says how a teacher runs a class.
"""
from dashboard.class_ui.frame import frame, link_rules, teacher_page
from dashboard.class_ui.question import ask
from dashboard.class_ui.session import begin, current

__all__ = [
    "ask", "begin", "current", "frame", "link_rules", "teacher_page",
]
