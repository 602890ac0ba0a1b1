"""Data Flow page: the animation's frames and the heatmap are the LSTM's trace for the chosen sentence, token and
gate; the controls live in the URL; hostile links and odd sentences end in a clamped value or a notice."""

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

from dashboard.charts.theme import GATE_LABELS
from dashboard.engine_calls.lstm_reading import DEFAULT_SENTENCE, MAX_TOKENS
from dashboard.text.gate_story import words_count
from lstm_engine.layers.cell_walkthrough import STAGES
from lstm_engine.memory.forget_story import forget_story
from lstm_engine.memory.memory_task import tokenize
from lstm_engine.memory.shipped import load_shipped, shipped_path

PAGE = "app_pages/data_flow.py"


@pytest.fixture
def model():
    return small_model()


@pytest.fixture
def open_page(monkeypatch, model):
    """The page with a small LSTM standing in for the shipped one."""
    return lambda query=None: open_app_page(PAGE, monkeypatch, lambda kind: model, query)


def animation(at):
    (spec,) = [spec for title, spec in charts(at).items() if "frames" in spec]
    return spec


def heatmap(at):
    (spec,) = [spec for spec in charts(at).values() if spec["data"][0]["type"] == "heatmap"]
    return spec


def bars(frame):
    return np.array(next(trace for trace in frame["data"] if trace["type"] == "bar")["y"])


def test_default_view_walks_the_first_country_word_through_the_cell(open_page, model):
    at = open_page()
    tokens = tokenize(DEFAULT_SENTENCE)
    assert at.slider(key="token").value == tokens.index("france") + 1
    trace = model.run(DEFAULT_SENTENCE).trace
    t = tokens.index("france")
    frames = {frame["name"]: frame for frame in animation(at)["frames"]}
    assert list(frames) == list(STAGES)
    np.testing.assert_array_equal(bars(frames["f"]), trace.f[0, t])
    np.testing.assert_array_equal(bars(frames["c"]), trace.c[0, t])
    np.testing.assert_array_equal(bars(frames["inputs"]), trace.h[0, t - 1])
    assert "“France”" in animation(at)["layout"]["title"]["text"]                # shown with its capital
    # default quantity: C
    np.testing.assert_allclose(np.array(heatmap(at)["data"][0]["z"]), trace.c[0].T, rtol=0, atol=5e-6)
    assert link_query(at) == {}


def test_moving_the_token_opens_that_step(open_page, model):
    at = open_page()
    at.slider(key="token").set_value(3).run()
    trace = model.run(DEFAULT_SENTENCE).trace
    frames = {frame["name"]: frame for frame in animation(at)["frames"]}
    np.testing.assert_array_equal(bars(frames["o"]), trace.o[0, 2])
    assert "“up”" in animation(at)["layout"]["title"]["text"]
    shape = heatmap(at)["layout"]["shapes"][0]
    assert shape["x0"] < 2 < shape["x1"]                    # the third column (category 2) is outlined
    assert link_query(at)["token"] == "3"
    step_caption = next(c.value for c in at.caption if c.value.startswith("At “"))
    unit = at.slider(key="unit").value - 1
    assert (f"unit {unit + 1}: f = {trace.f[0, 2, unit]:.3f}, i = {trace.i[0, 2, unit]:.3f}" in step_caption
            and f"h(t) = {trace.h[0, 2, unit]:.3f}" in step_caption)


def test_the_gate_picker_changes_the_heatmap_and_the_url(open_page, model):
    at = open_page()
    at.radio(key="gate").set_value("i").run()
    trace = model.run(DEFAULT_SENTENCE).trace
    heat = heatmap(at)["data"][0]
    np.testing.assert_allclose(np.array(heat["z"]), trace.i[0].T, rtol=0, atol=5e-6)
    assert (heat["zmin"], heat["zmax"]) == (0.0, 1.0)
    assert link_query(at)["gate"] == GATE_LABELS["i"]          # Streamlit writes the label


def test_token_by_token_mode_has_one_frame_per_token(open_page, model):
    at = open_page({"mode": "time", "gate": "h", "token": "7"})
    trace = model.run(DEFAULT_SENTENCE).trace
    spec = animation(at)
    assert len(spec["frames"]) == len(tokenize(DEFAULT_SENTENCE))
    np.testing.assert_array_equal(bars(spec["frames"][10]), trace.h[0, 10])
    assert spec["layout"]["sliders"][0]["active"] == 6
    play = next(b for b in spec["layout"]["updatemenus"][0]["buttons"] if "Play" in b["label"])
    assert play["args"][1]["frame"]["duration"] * len(spec["frames"]) <= 20_000     # a sentence in under 20 s


def test_the_charts_have_their_numbers_in_text(open_page, model):
    at = open_page({"gate": "f"})
    trace = model.run(DEFAULT_SENTENCE).trace
    words = DEFAULT_SENTENCE.replace(".", " .").split()
    f = trace.f[0]
    t, u = np.unravel_index(np.argmax(np.abs(f)), f.shape)
    heat_caption = next(c.value for c in at.caption if "ranges from" in c.value)
    assert f"from {f.min():.3f} to {f.max():.3f}" in heat_caption
    assert f"{f[t, u]:.3f}, unit {u + 1} at “{words[t]}” (token {t + 1})" in heat_caption
    assert not shown_tables(at)
    at.toggle(key="flow_table").set_value(True).run()
    (table, region), = html_tables(at)
    shown = [[float(table.row(str(t + 1))[f"unit_{k + 1}"]) for k in range(f.shape[1])]
             for t in range(f.shape[0])]
    np.testing.assert_allclose(shown, f, atol=5e-4)                             # printed to 3 decimals
    assert table.column("token") == list(tokenize(DEFAULT_SENTENCE))
    assert region["aria-label"] == "f(t) for every token and unit"


def test_a_link_reopens_the_sentence_token_and_gate(open_page, model):
    text = "I grew up in Japan . then we moved to Greece . so I speak fluent"
    at = open_page({"sentence": text, "token": "11", "gate": "o", "unit": "2"})
    assert at.text_area(key="sentence").value == text
    trace = model.run(text).trace
    frames = {frame["name"]: frame for frame in animation(at)["frames"]}
    np.testing.assert_array_equal(bars(frames["f"]), trace.f[0, 10])
    assert ("“Greece”" in animation(at)["layout"]["title"]["text"]
            and "unit 2 of 6" in animation(at)["layout"]["title"]["text"])
    np.testing.assert_allclose(np.array(heatmap(at)["data"][0]["z"]), trace.o[0].T, rtol=0, atol=5e-6)
    assert link_query(at)["sentence"] == text and link_query(at)["token"] == "11"


@pytest.mark.parametrize("query,key,value,notice", [
    ({"token": "9999"}, "token", len(tokenize(DEFAULT_SENTENCE)), "above the maximum"),
    ({"token": "-3"}, "token", 1, "below the minimum"),
    ({"token": "abc"}, "token", tokenize(DEFAULT_SENTENCE).index("france") + 1, "not a number"),
    ({"gate": "<img src=x onerror=alert(1)>"}, "gate", "c", "not one of"),
    ({"unit": "1e9"}, "unit", 6, "above the maximum"),
    ({"mode": "fast"}, "mode", "step", "not one of"),
])
def test_hostile_links_are_clamped_with_a_notice(open_page, query, key, value, notice):
    at = open_page(query)
    assert at.session_state[key] == value
    assert notice in link_notices(at)
    assert animation(at)["frames"]


def test_a_huge_link_sentence_is_cut_and_the_limit_is_stated(open_page):
    at = open_page({"sentence": "spain " * 400, "token": "80"})
    assert "only the first 600 are read" in link_notices(at)
    assert f"only the first {MAX_TOKENS} are read" in warnings(at)
    assert len(heatmap(at)["data"][0]["x"]) == MAX_TOKENS
    assert at.slider(key="token").value == 80


@pytest.mark.parametrize("text", ["@@@ ###", "", "\u0000\u202e<script>x</script> 東京 🙂", "fluent"])
def test_odd_sentences_never_raise(open_page, text):
    at = open_page()
    at.text_area(key="sentence").set_value(text).run()
    assert not at.exception
    spec = heatmap(at)
    assert len(spec["data"][0]["x"]) >= 1 and np.all(np.isfinite(np.array(spec["data"][0]["z"], dtype=float)))
    if not tokenize(text):
        assert "no words to read" in warnings(at)


def test_a_shorter_sentence_pulls_the_token_back_inside_it(open_page):
    at = open_page({"token": "30"})
    at.text_area(key="sentence").set_value("I grew up in Spain .").run()
    assert at.slider(key="token").value == 6
    assert not at.exception


def test_without_the_shipped_model_the_page_says_so_and_runs_an_untrained_lstm(monkeypatch):
    at = open_app_page(PAGE, monkeypatch, missing)
    assert "untrained" in warnings(at)
    assert [frame["name"] for frame in animation(at)["frames"]] == list(STAGES)


def test_the_sentence_limit_is_exact():
    from dashboard.engine_calls.lstm_reading import MAX_CHARS, limit_sentence
    at_limit = limit_sentence(" ".join(["dog"] * MAX_TOKENS))
    assert at_limit.notice is None and len(at_limit.tokens) == MAX_TOKENS
    over = limit_sentence(" ".join(["dog"] * (MAX_TOKENS + 1)))
    assert len(over.tokens) == MAX_TOKENS and f"{MAX_TOKENS + 1} words" in over.notice
    long_text = limit_sentence("a" * (MAX_CHARS + 5))
    assert f"only the first {MAX_CHARS} are read" in long_text.notice and long_text.tokens == ("a" * MAX_CHARS,)
    assert limit_sentence(None).tokens == tuple(tokenize(DEFAULT_SENTENCE))


@pytest.mark.skipif(not shipped_path("lstm").is_file(),
                    reason="the shipped LSTM is not in lstm_engine/memory/models/ yet")
def test_the_shipped_lstm_drives_the_page(monkeypatch):
    at = open_app_page(PAGE, monkeypatch, load_shipped)
    assert "untrained" not in warnings(at)
    model = load_shipped("lstm")
    trace = model.run(DEFAULT_SENTENCE).trace
    t = at.slider(key="token").value - 1
    frames = {frame["name"]: frame for frame in animation(at)["frames"]}
    np.testing.assert_array_equal(bars(frames["i"]), trace.i[0, t])
    assert at.slider(key="unit").value == forget_story(model, DEFAULT_SENTENCE).carrier_units[0] + 1


def highway_text(at) -> str:
    return next(element.value for element in at.markdown if element.value.startswith("Why LSTM says"))


@pytest.mark.parametrize("unit", [None, 2, 5])
def test_the_shown_units_forget_gate_is_measured_against_the_highway_claim(open_page, model, unit):
    at = open_page()
    if unit is not None:
        at.slider(key="unit").set_value(unit).run()
    u = at.slider(key="unit").value - 1
    story = forget_story(model, DEFAULT_SENTENCE)
    words = DEFAULT_SENTENCE.replace(".", " .").split()
    france, spain = story.country_positions[:2]
    f = story.f[france + 1:spain, u]                                        # while the unit carries France
    says = "does" if np.median(f) >= 0.9 else "does not"
    lowest = france + 1 + int(np.argmin(f))
    assert (f"Unit {u + 1} {says}: over the {words_count(len(f))} between “{words[france]}” and “{words[spain]}” its "
            f"forget gate has a median of {np.median(f):.2f}") in highway_text(at)
    assert f"its lowest is {f.min():.2f}, at “{words[lowest]}”" in highway_text(at)


@pytest.mark.parametrize("token", [3, 30])
def test_the_heatmap_always_labels_the_chosen_token_and_the_countries(open_page, model, token):
    at = open_page({"token": str(token)})
    axis = heatmap(at)["layout"]["xaxis"]
    labels = axis["categoryarray"]
    story = forget_story(model, DEFAULT_SENTENCE)
    for t in (token - 1, *story.country_positions):
        assert labels[t] in axis["tickvals"]
    assert axis["ticktext"][axis["tickvals"].index(labels[token - 1])] == f"<b>{labels[token - 1]}</b>"
    assert len(axis["tickvals"]) < len(labels)                               # the other words are thinned
