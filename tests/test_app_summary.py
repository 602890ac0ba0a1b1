"""Summary page: the quiz comes first and asks about the lesson (why the RNN fails, what each gate does), each
answer settled on what the engine measured; then the four parts, linked to their pages."""

from pathlib import Path

import numpy as np
from streamlit.testing.v1 import AppTest

from dashboard.controls.shared import CARRIERS
from dashboard.engine_calls.lstm_reading import DEFAULT_SENTENCE, shipped_lstm
from lstm_engine.memory.forget_story import forget_story

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "streamlit_app.py")
# The lesson's own words for each gate (its summary slide), not the app's copy of them.
LESSON_ROLES = {"forget": "Decides what to remove from memory", "input": "Decides what new info to store",
                "output": "Decides what to output"}


def open_page(query=None):
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(query or {})
    at.switch_page("app_pages/summary.py").run()        # a fresh session opened at the link (a new tab)
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_lesson_parts_link_to_their_pages_keeping_teacher_mode():
    # Bound controls keep their values through Streamlit's session; a link carries only what no widget holds:
    # the teacher flags and the values of the controls they hide or lock.
    at = open_page({"hidden": "30", "hide": "hidden", "lock": "input"})
    links = {(e.proto.label, e.proto.page, e.proto.query_string) for e in at.get("page_link")}
    assert ("See it on Gates", "gates", "hide=hidden&lock=input&hidden=30") in links
    assert ("See it on Data Flow", "data-flow", "hide=hidden&lock=input&hidden=30") in links
    assert {page for _, page, _ in links} >= {"gates", "data-flow", "why-lstm", "rnn-vs-lstm"}
    assert "Key takeaway" in " ".join(m.value for m in at.markdown)


def test_the_quiz_asks_about_the_lesson_before_the_summary_answers_it():
    at = open_page()
    prompts = [radio.label for radio in at.main.radio]
    assert len(prompts) == 4 and not at.number_input                      # no arithmetic left
    assert "RNN" in prompts[0] and [p.split()[-3] for p in prompts[1:]] == ["forget", "input", "output"]
    order = [element.value for element in at.main if getattr(element, "type", "") == "header"]
    assert order.index("Check yourself first") < order.index("The four parts of the cell")


def test_each_gate_is_right_with_the_lessons_words_for_it():
    at = open_page()
    for gate, role in LESSON_ROLES.items():
        at.radio(key=f"class_ui:own:summary.{gate}-gate").set_value(role).run()
    assert len(at.success) == 3 and all(s.value.startswith("Right") for s in at.success)
    at.radio(key="class_ui:own:summary.output-gate").set_value(LESSON_ROLES["forget"]).run()
    assert at.error[0].value.startswith(f"Not quite: the measured answer is **{LESSON_ROLES['output']}**")


def test_the_forget_gates_answer_quotes_the_engines_lowest_forget_gate_between_the_countries():
    model = shipped_lstm()
    if model is None:
        return                                      # the page says "measured once…" (test_lesson_answers.py)
    story = forget_story(model, DEFAULT_SENTENCE)   # the engine directly, not the page's cached call
    first, new = story.country_positions[0], story.country_positions[-1]
    units = list(story.carrier_units[:CARRIERS.default])
    lowest = np.asarray(story.f)[first + 1:new + 1][:, units].min()
    at = open_page()
    at.radio(key="class_ui:own:summary.forget-gate").set_value(LESSON_ROLES["forget"]).run()
    assert f"drops to {lowest:.2f}" in at.success[0].value


def test_the_cell_and_hidden_state_equations_are_two_lines_so_a_phone_shows_them_whole():
    at = open_page()
    formulas = [element.value.strip("$\n") for element in at.latex]
    assert any(f.startswith("C(t) =") for f in formulas) and any(f.startswith("h(t) =") for f in formulas)
    assert not any("C(t) =" in f and "h(t) =" in f for f in formulas)


def test_csv_download_is_offered():
    at = open_page()
    assert [e.proto.label for e in at.get("download_button")] == ["Download the summary (CSV)"]
