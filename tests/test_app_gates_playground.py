"""Gates playground: the lesson's two examples play out as presets, and "Copy link to this view" carries every
playground value (only those that differ from the preset), so the link reopens the playground exactly; a bad link
value is clamped with a notice, never a traceback."""

from urllib.parse import parse_qs, urlparse

import numpy as np
import pytest
from lstm_page_support import (
    charts,
    copied_link,
    fresh_caches,  # noqa: F401  (an autouse fixture: importing it turns it on)
    link_notices,
    link_query,
    missing,
)
from lstm_page_support import open_page as open_app_page

from dashboard.controls.cell_sliders import STORE
from lstm_engine.layers.cell_walkthrough import PRESET_INFO, PRESET_LABELS, preset_inputs, preset_lesson, run_one_step

PAGE = "app_pages/gates.py"
BOUND = ("size", "xsize", "preset", "cell_unit", "weights")


@pytest.fixture
def open_page(monkeypatch):
    return lambda query=None: open_app_page(PAGE, monkeypatch, missing, query)


def shown_gates(at):
    """(H, 6) f, i, c̃, o, C, h per unit as the bar chart draws them."""
    return np.array([trace["y"] for trace in charts(at)["Gates and new states, per unit"]["data"]])


def engine_step(preset, hidden, inputs, x=None):
    lesson = {name: np.round(value, 2) for name, value in preset_lesson(preset, hidden, inputs).items()}
    start_x, h_prev, c_prev = preset_inputs(preset, hidden, inputs)
    return run_one_step(lesson, start_x if x is None else x, h_prev, c_prev)


def as_rows(step):
    return np.stack([step.f, step.i, step.c_tilde, step.o, step.c, step.h], axis=1)


def lesson_box(at) -> str:
    return " ".join(box.value for box in at.info if "The lesson" in box.value)


def markdown_text(at) -> str:
    return " ".join(element.value for element in at.markdown)


def playground_state(at) -> dict:
    """Every playground value: the bound controls and every slider's kept value."""
    return {**{key: at.session_state[key] for key in BOUND if key in at.session_state}, **at.session_state[STORE]}


@pytest.mark.parametrize("hidden,inputs", [(1, 1), (3, 2)])
def test_new_subject_forgets_the_old_gender_and_stores_the_new(open_page, hidden, inputs):
    at = open_page({"size": str(hidden), "xsize": str(inputs)})
    at.radio(key="preset").set_value("new_subject").run()
    for line in PRESET_INFO["new_subject"].lesson:                       # the lesson's words, next to the controls
        assert f"“{line}”" in lesson_box(at)
    x, _, c_prev = preset_inputs("new_subject", hidden, inputs)
    assert at.slider(key="gates_x_0").value == x[0] and at.slider(key="gates_c_0").value == c_prev[0]
    step = engine_step("new_subject", hidden, inputs)
    np.testing.assert_allclose(shown_gates(at), as_rows(step), atol=1e-12)
    assert step.f[0] < 0.05 and step.i[0] > 0.95 and np.sign(step.c[0]) != np.sign(c_prev[0])   # the example plays out
    assert (f"Forget gate shut (f = {step.f[0]:.3f}): the old value, C(t−1) = {c_prev[0]:.2f}, is dropped. "
            f"Input gate open (i = {step.i[0]:.3f})") in markdown_text(at)
    sizes = {"size": str(hidden), "xsize": str(inputs)} if hidden > 1 else {}          # 1 and 1 are the defaults
    assert link_query(at) == {"preset": PRESET_LABELS["new_subject"], **sizes}        # nothing differs from the preset

    at.slider(key="gates_x_0").set_value(0.0).run()                      # no new subject: the old gender stays
    kept = engine_step("new_subject", hidden, inputs, x=(0.0,) * inputs)
    np.testing.assert_allclose(shown_gates(at), as_rows(kept), atol=1e-12)
    assert f"Forget gate open (f = {kept.f[0]:.3f})" in markdown_text(at) and "is kept" in markdown_text(at)


def test_verb_coming_next_opens_the_output_gate(open_page):
    at = open_page({"preset": "verb_next"})
    assert "“Verb coming next? Output singular/plural info.”" in lesson_box(at)
    step = engine_step("verb_next", 1, 1)
    np.testing.assert_allclose(shown_gates(at), as_rows(step), atol=1e-12)
    assert step.o[0] > 0.95 and abs(step.h[0]) > 0.5
    assert f"Output gate open (o = {step.o[0]:.3f}): h(t) = {step.h[0]:.2f} shows" in markdown_text(at)
    at.slider(key="gates_x_0").set_value(0.0).run()                      # no verb yet: the number stays hidden
    hidden = engine_step("verb_next", 1, 1, x=(0.0,))
    assert f"Output gate shut (o = {hidden.o[0]:.3f}): h(t) = {hidden.h[0]:.2f} hides" in markdown_text(at)


def test_a_gate_preset_says_what_it_does_and_quotes_no_lesson(open_page):
    at = open_page({"preset": "forget"})
    assert not lesson_box(at)
    assert any(PRESET_INFO["forget"].does in box.value for box in at.info)


def test_reset_puts_weights_and_inputs_back_to_the_preset(open_page):
    at = open_page({"preset": "new_subject"})
    at.slider(key="gates_x_0").set_value(-2.0).run()
    at.slider(key="gates_b_f_0").set_value(1.0).run()
    assert link_query(at)["x"] == "-2" and link_query(at)["b_f"] == "1"
    at.button[0].click().run()
    assert at.slider(key="gates_x_0").value == 1.0 and at.slider(key="gates_b_f_0").value == 4.0
    assert set(link_query(at)) == {"preset"}


def test_the_copied_link_reopens_the_playground_exactly(open_page):
    at = open_page({"size": "3", "xsize": "2", "preset": "write"})
    at.radio(key="cell_unit").set_value("2").run()
    at.radio(key="weights").set_value("i").run()
    at.slider(key="gates_W_i_1_3").set_value(2.3).run()                 # unit 2's weight on x1
    at.slider(key="gates_b_i_1").set_value(-1.2).run()
    at.slider(key="gates_x_1").set_value(-0.7).run()
    at.slider(key="gates_h_1").set_value(0.35).run()
    at.slider(key="gates_c_1").set_value(2.5).run()
    at.radio(key="cell_unit").set_value("3").run()
    at.slider(key="gates_c_2").set_value(-1.1).run()                    # unit 3's C(t-1)
    at.radio(key="weights").set_value("o").run()
    query = {name: values[-1] for name, values in parse_qs(urlparse(copied_link(at)).query).items()}
    assert query["W_i"].split(",") == [""] * 8 + ["2.3"]               # only what differs from the preset, in place
    assert query["b_i"] == ",-1.2" and query["c_prev"] == ",2.5,-1.1" and "W_f" not in query

    again = open_page(query)
    assert not link_notices(again)
    assert playground_state(again) == playground_state(at)
    np.testing.assert_array_equal(shown_gates(again), shown_gates(at))
    assert again.radio(key="cell_unit").value == "3" and again.radio(key="weights").value == "o"
    assert copied_link(again) == copied_link(at)


def test_a_fresh_view_has_a_bare_link(open_page):
    at = open_page()
    assert link_query(at) == {}
    at.slider(key="gates_b_f_0").set_value(6.0).run()                    # moved back to the preset's own value
    assert link_query(at) == {}


@pytest.mark.parametrize("query,key,value,notice", [
    ({"b_f": "99"}, "gates_b_f_0", 8.0, "above the maximum"),
    ({"x": "abc"}, "gates_x_0", 1.0, "is not a number"),
    ({"size": "2", "c_prev": "1,2,3"}, "gates_c_1", 2.0, "3 values for 2 places"),
    ({"W_i": "0.123,-inf"}, "gates_W_i_0_1", -8.0, "below the minimum"),
    ({"W_i": "0.123"}, "gates_W_i_0_0", 0.12, "more than 2 decimals"),
    ({"h_prev": ["0.1", "0.2"]}, "gates_h_0", 0.2, "appears 2 times"),
    ({"b_o": "1" * 200}, "gates_b_o_0", 6.0, "too long to read"),
    ({"weights": "<script>alert(1)</script>"}, "weights", "f", "not one of"),
    ({"size": "2", "cell_unit": "9"}, "cell_unit", "1", "not one of"),
])
def test_bad_playground_values_in_a_link_are_clamped_with_a_notice(open_page, query, key, value, notice):
    at = open_page(query)
    assert not at.exception
    assert notice in link_notices(at)
    kept = at.session_state[STORE]
    assert (kept[key] if key in kept else at.session_state[key]) == value
    hidden = at.session_state["size"]
    assert shown_gates(at).shape == (hidden, 6)
