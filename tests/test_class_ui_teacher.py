"""Who may do what in a live class, through AppTest on a real classroom database: the teacher view opens with the
teacher link only, its token leaves the address bar and never reaches a student's page or link, the teacher's
buttons reveal, reset, bring everyone to a page and hold controls, a wrong code or token or an unreachable
database is one line and no data, and "Start a class" starts one."""

import json
import socket

from class_ui_support import everything_sent, install, open_page, uninstall
from lstm_page_support import copied_link

from dashboard.class_ui.session import CODE_KEY
from dashboard.classroom import (
    ClassSettings,
    Store,
    answer,
    class_info,
    new_class,
    new_student_id,
    roster,
    save_settings,
    tally,
)
from dashboard.controls.url_state import known_params

TEACHER, RVL = "app_pages/teacher.py", "app_pages/rnn_vs_lstm.py"
QUESTION = "rnn-vs-lstm.parameter-ratio"


def teacher_view(ticket):
    return open_page(TEACHER, {"class": ticket.code, "teacher": ticket.token})


def counts_chart(at, option):
    """The teacher view's bars whose labels include `option` (one question's chart)."""
    specs = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    return next(spec for spec in specs if any(label.startswith(option) for label in spec["data"][0].get("y", [])))


def test_the_teacher_sees_the_counts_reveals_and_asks_again(class_store):
    ticket = new_class(class_store)
    for option in ("About 4×", "About 4×", "About 2×"):
        answer(class_store, ticket.code, new_student_id(), QUESTION, option)
    at = teacher_view(ticket)
    bars = counts_chart(at, "About 4×")["data"][0]
    assert bars["x"] == [1, 2, 0] and "3 answered" in " ".join(c.value for c in at.caption)
    at.button(key=f"class_ui:t_reveal:{QUESTION}").click().run()
    assert tally(class_store, ticket.code, ticket.token)[QUESTION].revealed
    assert "✓ measured" in counts_chart(at, "About 4×")["data"][0]["y"][1]            # About 4× marked after the reveal
    at.button(key=f"class_ui:t_reset:{QUESTION}").click().run()
    entry = tally(class_store, ticket.code, ticket.token)[QUESTION]
    assert not entry.revealed and entry.answered == 0


def test_on_a_lesson_page_the_teacher_sees_how_many_answered_and_reveals_there(class_store):
    ticket = new_class(class_store)
    answer(class_store, ticket.code, new_student_id(), QUESTION, "About 2×")
    at = open_page(RVL, {"class": ticket.code, "teacher": ticket.token})
    assert at.radio(key=f"class_ui:teacher:{QUESTION}").disabled                    # the teacher does not answer
    assert f"1 answered in class {ticket.code}." in [c.value for c in at.caption]
    at.button(key=f"class_ui:reveal:{QUESTION}").click().run()
    assert tally(class_store, ticket.code, ticket.token)[QUESTION].revealed
    at.run()
    assert "Measured answer: **About 4×**" in " ".join(s.value for s in at.success)


def test_the_token_leaves_the_address_bar_and_reaches_no_students_page_or_link(class_store):
    ticket = new_class(class_store)
    at = teacher_view(ticket)
    assert dict(at.query_params) == {"class": ticket.code}
    assert ticket.token not in copied_link(at)
    student = open_page(RVL, {"class": ticket.code})
    assert ticket.token not in everything_sent(student) and ticket.token not in copied_link(student)
    assert ticket.code in copied_link(student)


def test_a_wrong_token_is_one_line_and_no_data(class_store):
    ticket = new_class(class_store)
    answer(class_store, ticket.code, new_student_id(), QUESTION, "About 8×")
    at = open_page(TEACHER, {"class": ticket.code, "teacher": "guessed-token"})
    lines = [w.value for w in at.warning]
    assert f"This teacher link does not open class `{ticket.code}`: the teacher view stays closed." in lines
    assert not at.get("plotly_chart") and "About 8×" not in everything_sent(at)
    assert not [button for button in at.button if button.key.startswith("class_ui:t_")]     # no Reveal, no Reset
    assert "teacher" not in at.query_params


def test_a_wrong_code_is_one_line_and_the_lesson_goes_on(class_store):
    at = open_page(RVL, {"class": "nope**x"})
    assert [w.value for w in at.warning] == ["There is no class `NOPE**X`: check the code with your teacher. The "
                                             "lesson works without it."]
    assert "class" not in at.query_params and CODE_KEY not in at.session_state
    assert at.radio(key=f"class_ui:own:{QUESTION}")                   # the question as outside a class


def test_an_unreachable_database_is_one_line_and_the_lesson_goes_on():
    with socket.socket() as probe:                 # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    previous = install(Store(f"postgresql://nobody@127.0.0.1:{port}/class"))
    try:
        at = open_page(RVL, {"class": "ABCDEF"})
    finally:
        uninstall(previous)
    lines = [w.value for w in at.warning]
    assert len(lines) == 1 and lines[0].startswith("The live class is unavailable right now (the classroom "
                                                   "database is unavailable:")
    assert at.title[0].value == "RNN vs LSTM" and at.get("plotly_chart")        # the lesson's charts are there


def test_bring_everyone_shows_students_a_banner_with_a_link(class_store):
    ticket = new_class(class_store)
    at = teacher_view(ticket)
    page_choice = at.selectbox(key="class_ui:bring_page")
    page_choice.select_index(page_choice.options.index("Gates"))
    at.button(key="class_ui:bring").click().run()
    assert class_info(class_store, ticket.code).settings.page == "gates"
    student = open_page(RVL, {"class": ticket.code})
    assert any("Your teacher is on **Gates**" in m.value for m in student.markdown)
    assert [link.proto.page for link in student.get("page_link") if "Go to" in link.proto.label] == ["gates"]


def test_held_controls_hold_whatever_the_students_link_says(class_store):
    ticket = new_class(class_store)
    save_settings(class_store, ticket.code, ticket.token,
                  ClassSettings(hidden=("models",), locked=("hidden", "layers"), values=(("hidden", ("20",)),)),
                  controls=known_params(), pages=("gates",))
    at = open_page(RVL, {"class": ticket.code, "hidden": "500", "layers": "3", "hide": "", "lock": ""})
    locked = next(s for s in at.slider if s.label == "Hidden size")
    assert locked.disabled and locked.value == 20                           # the class's value, not the link's 500
    layers = next(s for s in at.slider if s.label == "Layers")
    assert layers.disabled and layers.value == 1                            # held at its default
    assert "models" not in [m.key for m in at.multiselect]
    assert "hidden=20" in copied_link(at) and "lock=hidden%2Clayers" in copied_link(at)


def test_the_teacher_holds_the_teacher_mode_of_their_own_view_for_the_class(class_store):
    ticket = new_class(class_store)
    at = open_page(RVL, {"class": ticket.code, "teacher": ticket.token, "hidden": "20", "lock": "hidden"})
    at.button(key="class_ui:hold_view").click().run()
    settings = class_info(class_store, ticket.code).settings
    assert settings.locked == ("hidden",) and settings.values == (("hidden", ("20",)),)
    assert "Held for the class: hidden" in " ".join(c.value for c in at.sidebar.caption)
    student = open_page(RVL, {"class": ticket.code})
    held = next(s for s in student.slider if s.label == "Hidden size")
    assert held.disabled and held.value == 20


def test_a_megabyte_nickname_is_cut_to_a_nickname_and_markup_is_shown_as_text(class_store):
    ticket = new_class(class_store)
    at = open_page(RVL, {"class": ticket.code})
    at.text_input(key="class_ui:nickname").set_value("x" * 1_000_000).run()      # as a forged message would
    assert not at.exception
    assert [entry.nickname for entry in roster(class_store, ticket.code, ticket.token)] == ["x" * 40]
    at.text_input(key="class_ui:nickname").input("<b>Ada</b>").run()
    assert [entry.nickname for entry in roster(class_store, ticket.code, ticket.token)] == ["<b>Ada</b>"]
    teacher = teacher_view(ticket)
    joined = next(h.value for h in teacher.get("html") if "</strong> joined" in h.value)
    assert "&lt;b&gt;Ada&lt;/b&gt;" in joined and "<b>Ada" not in joined          # shown as text


def test_start_a_class_opens_the_teacher_view_of_a_new_class(class_store):
    at = open_page("app_pages/summary.py")
    at.button(key="class_ui:start").click().run()
    code = at.session_state[CODE_KEY]
    assert class_info(class_store, code).open
    assert at.header[0].value == f"Class {code}"
    assert dict(at.query_params).get("class") == code and "teacher" not in at.query_params
