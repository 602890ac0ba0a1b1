"""Gates page: presets and sliders give the gate values a direct call of the engine's LSTM gives, the formulas
carry those numbers, the trained-model section draws forget_story, and hostile links or text never raise."""

import re

import numpy as np
import pytest
from html_tables import html_tables, shown_tables
from lstm_page_support import (
    charts,
    fresh_caches,  # noqa: F401  (an autouse fixture: importing it turns it on)
    link_notices,
    link_query,
    missing,
    small_model,
    warnings,
)
from lstm_page_support import open_page as open_app_page

from dashboard.engine_calls.lstm_reading import DEFAULT_SENTENCE, display_tokens
from lstm_engine import LSTM
from lstm_engine.layers.cell_walkthrough import PRESET_LABELS, preset_lesson
from lstm_engine.layers.lesson_view import from_lesson
from lstm_engine.memory.forget_story import forget_story
from lstm_engine.memory.gate_moments import output_wait
from lstm_engine.memory.shipped import load_shipped, shipped_path

C_PREV = (0.8, -0.5, 0.3, -0.9)        # the page's C(t-1) sliders start here


@pytest.fixture
def with_model(monkeypatch):
    """The page's trained-model section reads this small LSTM instead of the shipped one."""
    model = small_model()
    return lambda query=None: open_app_page("app_pages/gates.py", monkeypatch, lambda kind: model, query), model


@pytest.fixture
def open_page(monkeypatch):
    """The page as it is while the shipped LSTM is missing."""
    return lambda query=None: open_app_page("app_pages/gates.py", monkeypatch, missing, query)


def shown_gates(at):
    """(H, 6) values of f, i, c̃, o, C, h per unit as the bar chart draws them."""
    bars = charts(at)["Gates and new states, per unit"]["data"]
    return np.array([trace["y"] for trace in bars])


def engine_gates(lesson, x, h_prev, c_prev):
    """A direct call of the engine's LSTM, loaded through load_state_dict."""
    H, I = lesson["b_f"].shape[0], len(x)
    layer = LSTM(I, H)
    layer.load_state_dict(from_lesson(lesson))
    _, trace = layer.forward(np.array(x, float).reshape(1, 1, I), h0=np.array([h_prev], float),
                             c0=np.array([c_prev], float))
    return np.stack([getattr(trace, name)[0, 0] for name in ("f", "i", "c_tilde", "o", "c", "h")], axis=1)


def formula_text(at) -> str:
    """The text of the formulas with numbers (st.html), as a reader sees it: tags dropped, <sub>x</sub> -> x."""
    bodies = [element.proto.body for element in at.get("html") if 'class="formulas"' in element.proto.body]
    assert len(bodies) == 2
    text = re.sub(r"<style>.*?</style>", "", " ".join(bodies), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text.replace("<sub>", "_").replace("</sub>", "")))


def test_default_cell_is_the_remember_preset_computed_by_the_engine(open_page):
    at = open_page()
    expected = engine_gates(preset_lesson("remember", 1, 1), [1.0], [0.0], [0.8])
    np.testing.assert_allclose(shown_gates(at), expected, atol=1e-12)
    assert expected[0, 4] == pytest.approx(0.8, abs=0.01)                    # memory kept
    formulas = formula_text(at)
    assert f"f(t) = σ(W_f·[h(t−1), x(t)] + b_f) = σ([0.00, 0.00]·[0.00, 1.00] + 6.00) = σ(6.00) = " \
           f"{expected[0, 0]:.3f}" in formulas                                 # the student's weights, b_f = 6
    assert f"C(t) = f(t)·C(t−1) + i(t)·c̃(t) = {expected[0, 0]:.3f} × 0.800 + " in formulas
    assert f"= {expected[0, 4]:.3f}" in formulas
    assert any("not in this copy of the app" in box.value for box in at.info)


@pytest.mark.parametrize("preset", ["forget", "write", "silent", "random"])
def test_presets_set_the_sliders_and_the_gates_follow(open_page, preset):
    at = open_page()
    at.radio(key="preset").set_value(preset).run()
    lesson = {name: np.round(value, 2) for name, value in preset_lesson(preset, 1, 1).items()}
    assert at.slider(key="gates_b_f_0").value == pytest.approx(lesson["b_f"][0])
    at.radio(key="weights").set_value("c").run()                          # the candidate's weights
    assert at.slider(key="gates_W_c_0_1").value == pytest.approx(lesson["W_c"][0, 1])
    np.testing.assert_allclose(shown_gates(at), engine_gates(lesson, [1.0], [0.0], [0.8]), atol=1e-12)
    assert link_query(at)["preset"] == PRESET_LABELS[preset]     # Streamlit writes the label


def test_moving_sliders_changes_the_gates_to_the_engines_values(open_page):
    at = open_page()
    at.slider(key="gates_b_f_0").set_value(-1.5).run()
    at.radio(key="weights").set_value("i").run()
    at.slider(key="gates_W_i_0_1").set_value(2.0).run()
    at.slider(key="gates_x_0").set_value(-0.7).run()
    at.slider(key="gates_c_0").set_value(2.5).run()
    lesson = preset_lesson("remember", 1, 1)
    lesson["b_f"][0], lesson["W_i"][0, 1] = -1.5, 2.0
    expected = engine_gates(lesson, [-0.7], [0.0], [2.5])
    np.testing.assert_allclose(shown_gates(at), expected, atol=1e-12)
    assert 0.1 < expected[0, 0] < 0.9                                        # the forget gate now half open
    diagram = charts(at)["The LSTM cell with your numbers"]
    boxes = next(trace for trace in diagram["data"] if trace["name"] == "gates")["text"]
    assert boxes[0].endswith(f"{expected[0, 0]:.3f}")


def test_reset_puts_the_weights_back_to_the_preset(open_page):
    at = open_page()
    at.radio(key="weights").set_value("o").run()
    at.slider(key="gates_b_o_0").set_value(-3.0).run()
    at.button[0].click().run()
    assert at.slider(key="gates_b_o_0").value == pytest.approx(6.0)


def test_weights_outlive_their_sliders_across_gates_and_pages(open_page):
    at = open_page()
    at.slider(key="gates_b_f_0").set_value(-2.5).run()
    at.radio(key="weights").set_value("o").run()                          # the f sliders are no longer drawn
    at.slider(key="gates_b_o_0").set_value(1.5).run()
    at.switch_page("app_pages/summary.py").run()
    at.switch_page("app_pages/gates.py").run()
    assert at.radio(key="weights").value == "o" and at.slider(key="gates_b_o_0").value == pytest.approx(1.5)
    at.radio(key="weights").set_value("f").run()
    assert at.slider(key="gates_b_f_0").value == pytest.approx(-2.5)
    lesson = preset_lesson("remember", 1, 1)
    lesson["b_f"][0], lesson["b_o"][0] = -2.5, 1.5
    np.testing.assert_allclose(shown_gates(at), engine_gates(lesson, [1.0], [0.0], [0.8]), atol=1e-12)


def test_a_bigger_cell_has_a_row_of_weights_per_unit_and_one_bar_per_unit(open_page):
    at = open_page({"size": "3", "xsize": "2", "preset": "write"})
    assert shown_gates(at).shape == (3, 6)
    at.radio(key="cell_unit").set_value("3").run()                           # unit 3: its row of W_f
    assert at.slider(key="gates_W_f_2_4").value == 0.0                       # column x2 (3 h + 2 x)
    kept = at.session_state["gates_kept"]
    h_prev = [kept[f"gates_h_{k}"] for k in range(3)]
    x = [at.slider(key=f"gates_x_{k}").value for k in range(2)]
    lesson = {name: np.round(value, 2) for name, value in preset_lesson("write", 3, 2).items()}
    np.testing.assert_allclose(shown_gates(at), engine_gates(lesson, x, h_prev, C_PREV[:3]), atol=1e-12)
    formulas = formula_text(at)
    assert "C_3(t) = f_3(t)·C_3(t−1)" in formulas                             # unit 3's subscripts
    assert "σ([" + ", ".join(f"{v:.2f}" for v in lesson["W_f"][2]).replace("-", "−") + "]·[" in formulas


def test_cell_size_4_shows_one_units_row_not_a_wall_of_sliders(open_page):
    at = open_page({"size": "4", "xsize": "2"})
    keys = {slider.key for slider in at.slider if slider.key.startswith("gates_") or slider.key in ("size", "xsize")}
    # size, input size (bound to the URL, so keyed by their URL names), x1, x2, h(t-1) and C(t-1) of one unit,
    # its 6 weights on [h, x] and its bias
    assert len(keys) == 13, sorted(keys)
    assert {f"gates_W_f_0_{k}" for k in range(6)} <= keys and "gates_W_f_1_0" not in keys
    at.radio(key="cell_unit").set_value("2").run()
    at.slider(key="gates_b_f_1").set_value(-4.0).run()                      # unit 2's forget bias
    at.slider(key="gates_c_1").set_value(2.0).run()                         # unit 2's C(t-1)
    at.radio(key="cell_unit").set_value("4").run()                           # unit 2's sliders leave the page
    lesson = {name: np.round(value, 2) for name, value in preset_lesson("remember", 4, 2).items()}
    lesson["b_f"][1] = -4.0
    c_prev = list(C_PREV)
    c_prev[1] = 2.0
    x = [at.slider(key=f"gates_x_{k}").value for k in range(2)]
    np.testing.assert_allclose(shown_gates(at), engine_gates(lesson, x, [0.0] * 4, c_prev), atol=1e-12)
    bars = charts(at)["Gates and new states, per unit"]
    assert len({trace["marker"]["color"] for trace in bars["data"]}) == 4    # a legend swatch per unit
    table = shown_tables(at)[0]
    assert table.columns == ("Quantity", "unit 1", "unit 2", "unit 3", "unit 4")
    shown = np.array([[float(cell) for cell in row[1:]] for row in table.rows])
    np.testing.assert_allclose(shown.T, shown_gates(at), atol=5e-4)            # printed to 3 decimals


@pytest.mark.parametrize("query,key,value,notice", [
    ({"size": "99"}, "size", 4, "above the maximum"),
    ({"size": "abc"}, "size", 1, "not a number"),
    ({"xsize": "-1"}, "xsize", 1, "below the minimum"),
    ({"preset": "<script>alert(1)</script>"}, "preset", "remember", "not one of"),
])
def test_hostile_links_are_clamped_with_a_notice(open_page, query, key, value, notice):
    at = open_page(query)
    assert at.session_state[key] == value
    assert notice in link_notices(at)
    assert shown_gates(at).shape[0] == at.session_state["size"]


def test_trained_section_draws_the_forget_story_of_the_sentence(with_model):
    open_page, model = with_model
    at = open_page()
    text = at.text_area(key="story").value
    story = forget_story(model, text)
    spec = charts(at)["Forget and input gates on your sentence"]
    lines = {trace["name"]: trace["y"] for trace in spec["data"]}
    first, second = story.carrier_units[:2]
    np.testing.assert_allclose(lines[f"f unit {first + 1}"], story.f[:, first])
    np.testing.assert_allclose(lines[f"i unit {second + 1}"], story.i[:, second])
    np.testing.assert_allclose(lines[f"C unit {first + 1}"], story.c[:, first])
    np.testing.assert_allclose(lines["P(French)"], story.probs[:, 0])
    assert f"f unit {story.carrier_units[2] + 1}" not in lines                # two units by default
    last = story.country_positions[-1]
    caption = " ".join(c.value for c in at.caption if c.value.startswith("At “"))
    assert f"unit {first + 1}: f = {story.f[last, first]:.2f}, i = {story.i[last, first]:.2f}" in caption

    at.slider(key="carriers").set_value(3).run()
    assert f"f unit {story.carrier_units[2] + 1}" in {t["name"] for t in charts(at)[
        "Forget and input gates on your sentence"]["data"]}
    run = model.run(text)
    output = {t["name"]: t["y"] for t in charts(at)["Output gate on your sentence"]["data"]}
    np.testing.assert_allclose(output[f"h unit {first + 1}"], run.trace.h[0, :, first])


def test_the_story_table_shows_the_charts_numbers_when_asked(with_model):
    open_page, model = with_model
    at = open_page()
    story = forget_story(model, at.text_area(key="story").value)
    before = len(shown_tables(at))
    at.toggle(key="gates_story_table").set_value(True).run()
    assert len(shown_tables(at)) == before + 1
    table, region = next((t, r) for t, r in html_tables(at) if t.columns[1] == "word")
    first = story.carrier_units[0]
    np.testing.assert_allclose([float(v) for v in table.column(f"f u{first + 1}")], story.f[:, first], atol=5e-4)
    np.testing.assert_allclose([float(v) for v in table.column(f"C u{first + 1}")], story.c[:, first], atol=5e-4)
    assert table.column("#") == [str(t + 1) for t in range(len(story.tokens))]
    assert region["aria-label"] == "Every word's gates and answer" and region["tabindex"] == "0"


def test_editing_the_sentence_redraws_the_story(with_model):
    open_page, model = with_model
    at = open_page()
    at.text_area(key="story").set_value("I grew up in Italy . so I speak fluent").run()
    spec = charts(at)["Forget and input gates on your sentence"]
    story = forget_story(model, "i grew up in italy . so i speak fluent")
    assert spec["layout"]["xaxis3"]["categoryarray"][4] == "<b>Italy</b>"      # shown with its capital
    lines = {trace["name"]: trace["y"] for trace in spec["data"]}
    np.testing.assert_allclose(lines[f"C unit {story.carrier_units[0] + 1}"], story.c[:, story.carrier_units[0]])
    assert link_query(at)["story"] == "I grew up in Italy . so I speak fluent"


@pytest.mark.parametrize("text,message", [
    ("@#$% ^&*", "no words to read"),
    ("!!! ??? ...", ""),
    ("word " * 120, "only the first 80 are read"),
    ("\u0000\u202e<b>zürich</b> 東京 🙂 " * 3, ""),
])
def test_odd_sentences_give_a_message_never_a_traceback(with_model, text, message):
    open_page, _ = with_model
    at = open_page()
    at.text_area(key="story").set_value(text).run()
    assert not at.exception
    assert message in warnings(at)
    spec = charts(at)["Forget and input gates on your sentence"]
    assert len(spec["layout"]["xaxis3"]["categoryarray"]) <= 80


def test_a_link_with_a_huge_sentence_is_cut_with_a_notice(with_model):
    open_page, _ = with_model
    at = open_page({"story": "spain " * 400})
    assert "only the first 600 are read" in link_notices(at)
    assert "only the first 80 are read" in warnings(at)


@pytest.mark.skipif(not shipped_path("lstm").is_file(),
                    reason="the shipped LSTM is not in lstm_engine/memory/models/ yet")
def test_the_shipped_lstm_switches_from_french_to_spanish_on_the_lessons_sentence(monkeypatch):
    at = open_app_page("app_pages/gates.py", monkeypatch, load_shipped)
    story = forget_story(load_shipped("lstm"), DEFAULT_SENTENCE)
    lines = {t["name"]: t["y"] for t in charts(at)["Forget and input gates on your sentence"]["data"]}
    np.testing.assert_allclose(lines["P(Spanish)"], story.probs[:, story.languages.index("Spanish")])
    assert list(lines)[-3:] == ["P(French)", "P(Spanish)", "other languages"]
    if story.switch_index is not None:                       # what the page claims is what the model did
        assert any(f"switches to **Spanish** at word {story.switch_index + 1}" in box.value for box in at.success)
    else:
        assert not at.success


def markdown_text(at) -> str:
    return " ".join(element.value for element in at.markdown)


@pytest.mark.parametrize("shown", [2, 3])
def test_the_page_points_at_the_word_and_unit_where_the_forget_gate_drops(with_model, shown):
    open_page, model = with_model
    at = open_page({"carriers": str(shown)})
    story = forget_story(model, at.text_area(key="story").value)
    words, units = display_tokens(story.tokens), story.carrier_units[:shown]
    first, new = story.country_positions[:2]                               # France, then Spain
    between = story.f[first + 1:new + 1][:, units]                         # (words after France up to Spain, units)
    t, k = np.unravel_index(int(np.argmin(between)), between.shape)
    position, unit = first + 1 + t, units[k]
    where = f"at “{words[new]}” itself" if position == new else f"at “{words[position]}”, "
    assert f"The forget gate of unit {unit + 1} drops to {between[t, k]:.2f} {where}" in markdown_text(at)
    assert f"from {story.c[position - 1, unit]:.2f} to {story.c[position, unit]:.2f}" in markdown_text(at)
    spec = charts(at)["Forget and input gates on your sentence"]
    labels = spec["layout"]["xaxis3"]["categoryarray"]
    (marker,) = [trace for trace in spec["data"] if trace["name"] == f"f drops (unit {unit + 1})"]
    assert marker["x"] == [labels[position]] and marker["y"] == [pytest.approx(between[t, k])]
    assert {labels[first], labels[new], labels[position]} <= set(spec["layout"]["xaxis3"]["tickvals"])


def test_the_output_gate_text_shows_a_waiting_unit_or_says_there_is_none(with_model):
    open_page, model = with_model
    at = open_page()
    story = forget_story(model, at.text_area(key="story").value)
    wait = output_wait(story)
    output = {trace["name"]: trace["y"] for trace in charts(at)["Output gate on your sentence"]["data"]}
    if wait is None:
        assert "On this sentence no unit that keeps its cell state away from 0" in markdown_text(at)
        return
    assert f"Unit {wait.unit + 1} keeps a value in its cell" in markdown_text(at)
    np.testing.assert_allclose(output[f"o unit {wait.unit + 1}"], story.o[:, wait.unit])


@pytest.mark.skipif(not shipped_path("lstm").is_file(),
                    reason="the shipped LSTM is not in lstm_engine/memory/models/ yet")
def test_on_the_shipped_lstm_the_output_gate_text_matches_its_chart(monkeypatch):
    at = open_app_page("app_pages/gates.py", monkeypatch, load_shipped)
    story = forget_story(load_shipped("lstm"), DEFAULT_SENTENCE)
    words, wait = display_tokens(story.tokens), output_wait(story)
    if wait is None:
        assert "On this sentence no unit" in markdown_text(at)
        return
    start, end = story.country_positions[-1] + 1, len(story.tokens) - 5    # after Spain, before "so I speak fluent"
    assert (wait.start, wait.end) == (start, end)
    holding = np.abs(story.c[start:end + 1]).min(axis=0) >= 1.0            # (H,) units that keep a value there
    rise = np.where(holding, story.o[-1] - story.o[start:end + 1].mean(axis=0), -np.inf)
    assert wait.unit == int(np.argmax(rise)) and rise[wait.unit] >= 0.3
    o = story.o[start:end + 1, wait.unit]
    assert (f"o averages {o.mean():.2f} (lowest {o.min():.2f}, at “{words[wait.start + int(np.argmin(o))]}”). "
            f"At “{words[-1]}”, where the answer is read, o = {story.o[-1, wait.unit]:.2f} and "
            f"h = {story.h[-1, wait.unit]:.2f}.") in markdown_text(at)
    output = {trace["name"]: trace["y"] for trace in charts(at)["Output gate on your sentence"]["data"]}
    np.testing.assert_allclose(output[f"h unit {wait.unit + 1}"], story.h[:, wait.unit])
