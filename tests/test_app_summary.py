"""Summary page: the four parts link to their pages, and the quiz's answers are the engine's counts."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.text.summary_quiz import ChoiceQuestion, NumberQuestion, check, quiz

torch = pytest.importorskip("torch")
torch.set_num_threads(1)

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "streamlit_app.py")


def open_page(query=None):
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(query or {})
    at.switch_page("app_pages/summary.py").run()        # a fresh session opened at the link (a new tab)
    assert not at.exception, [e.value for e in at.exception]
    return at


def torch_total(module):
    return sum(p.numel() for p in module.parameters())


def test_lesson_parts_link_to_their_pages_keeping_teacher_mode():
    # Bound controls keep their values through Streamlit's session; a link carries only what no widget holds:
    # the teacher flags and the values of the controls they hide or lock.
    at = open_page({"hidden": "30", "hide": "hidden", "lock": "input"})
    links = {(e.proto.label, e.proto.page, e.proto.query_string) for e in at.get("page_link")}
    assert ("See it on Gates", "gates", "hide=hidden&lock=input&hidden=30") in links
    assert ("See it on Data Flow", "data-flow", "hide=hidden&lock=input&hidden=30") in links
    assert {page for _, page, _ in links} >= {"gates", "data-flow", "why-lstm", "rnn-vs-lstm"}
    assert "Key takeaway" in " ".join(m.value for m in at.markdown)


def test_lesson_quiz_answer_is_what_torch_reports():
    at = open_page()
    answer = torch_total(torch.nn.LSTM(10, 20))
    at.number_input[0].set_value(answer).run()
    assert at.success[0].value.startswith("Right") and f"{answer:,}" in at.success[0].value
    at.number_input[0].set_value(answer + 1).run()
    assert at.error[0].value.startswith("Not quite")


def test_keras_count_gets_a_specific_hint():
    at = open_page()
    I, H = 10, 20
    at.number_input[0].set_value(4 * (I * H + H * H + H)).run()
    assert "Keras" in at.error[0].value


def test_the_cell_and_hidden_state_equations_are_two_lines_so_a_phone_shows_them_whole():
    at = open_page()
    formulas = [element.value.strip("$\n") for element in at.latex]
    assert any(f.startswith("C(t) =") for f in formulas) and any(f.startswith("h(t) =") for f in formulas)
    assert not any("C(t) =" in f and "h(t) =" in f for f in formulas)


def test_last_question_follows_the_sizes_beside_it():
    at = open_page({"hidden": "7", "input": "5"})
    assert "input 5, hidden 7" in at.number_input[1].label
    at.number_input[1].set_value(torch_total(torch.nn.GRU(5, 7))).run()
    assert len(at.success) == 1
    at.slider(key="hidden").set_value(8).run()          # new sizes: the old answer is now wrong
    assert "hidden 8" in at.number_input[1].label and at.error


def test_choice_questions_and_score():
    at = open_page()
    questions = quiz(64, 128)
    choices = [q for q in questions if isinstance(q, ChoiceQuestion)]
    for radio, question in zip(at.radio, choices):
        radio.set_value(question.answer)
    at.run()
    assert len(at.success) == len(choices)
    assert f"{len(choices)} of {len(questions)} right" in at.get("progress")[0].proto.text


def test_ratio_answer_is_the_measured_ratio():
    ratio_question = next(q for q in quiz(3, 3) if q.key == "ratio")
    expected = torch_total(torch.nn.LSTM(10, 20)) / torch_total(torch.nn.RNN(10, 20))
    assert ratio_question.answer == f"{expected:g}×" and ratio_question.answer in ratio_question.options


def test_check_without_response_gives_no_feedback():
    number = next(q for q in quiz(3, 3) if isinstance(q, NumberQuestion))
    assert check(number, None) is None
    assert check(number, number.answer).correct


def test_csv_download_is_offered():
    at = open_page()
    assert [e.proto.label for e in at.get("download_button")] == ["Download the summary (CSV)"]
