"""The teacher's writes to the class's settings: where everyone goes, what students may change, the experiment.

    line = bring_everyone_to(context, "gates")      # None when saved, else the one line to show
    line = save_settings_of(context, hidden=("gap",), locked=(), values={"gap": ["40"]})

Each reads the class's settings fresh (another tab of the teacher may have changed them), changes what it names,
and saves with the token; the process's copy of the class (session.class_state) is dropped, so the teacher sees
the change at once and every student within a second of the next refresh.
"""
from __future__ import annotations

from dataclasses import replace

from dashboard.class_ui.session import ClassContext, class_state
from dashboard.classroom import LESSON_QUESTIONS, ClassroomError, save_settings, teacher_info
from dashboard.classroom.shared_store import class_call
from dashboard.controls.url_state import known_params

LESSON_PAGES = tuple(dict.fromkeys(question.page for question in LESSON_QUESTIONS))   # every page asks one


def save_settings_of(context: ClassContext, **changes) -> str | None:
    """Change the named ClassSettings fields (`values` as {control: [texts]}); None when saved, else why not."""
    if "values" in changes:
        changes["values"] = tuple((name, tuple(texts)) for name, texts in sorted(changes["values"].items()))
    try:
        settings = replace(class_call(teacher_info, context.code, context.token).settings, **changes)
        class_call(save_settings, context.code, context.token, settings, controls=known_params(), pages=LESSON_PAGES)
    except ClassroomError as error:
        return str(error)
    class_state.clear()
    return None


def bring_everyone_to(context: ClassContext, url_path: str | None) -> str | None:
    return save_settings_of(context, page=url_path)
