"""The cell diagram, its animations and the gate charts draw exactly the engine's trace, in the equations' order."""

import re

import numpy as np
import pytest

from dashboard.charts.animation import BARS, time_animation, walkthrough_animation
from dashboard.charts.cell_diagram import EDGE_WIDTH, FUTURE_COLOUR, cell_diagram
from dashboard.charts.cell_equations import formulas_html, html_with_numbers, text_with_numbers
from dashboard.charts.gates import (
    LABEL_PX,
    PHONE_HEATMAP_PX,
    PHONE_PLOT_PX,
    forget_story_lines,
    gate_bars,
    gate_heatmap,
    most_token_labels,
    output_gate_lines,
    token_categories,
    token_ticks,
)
from dashboard.charts.theme import GATE_COLOURS
from lstm_engine import LSTM
from lstm_engine.layers.cell_walkthrough import STAGES, cell_step, preset_lesson, run_one_step
from lstm_engine.layers.lesson_view import to_lesson
from lstm_engine.memory.forget_story import ForgetStory

# The lesson's equations, in the order a cell computes them: each stage only needs the ones before it.
EQUATION_ORDER = ["inputs", "f", "i", "c_tilde", "c", "o", "h"]
NEEDS = {"f": {"inputs"}, "i": {"inputs"}, "c_tilde": {"inputs"}, "c": {"f", "i", "c_tilde"}, "o": {"inputs"},
         "h": {"o", "c"}}


@pytest.fixture(scope="module")
def sentence():
    layer = LSTM(5, 6, seed=2)
    x = np.random.default_rng(3).standard_normal((1, 7, 5))
    _, trace = layer.forward(x)
    steps = [cell_step(trace, t, to_lesson(layer)) for t in range(7)]
    return trace, steps, [f"word{t}" for t in range(7)]


def by_name(traces, name):
    return next(trace for trace in traces if trace.get("name") == name)


def merged(drawn, change):
    """What Plotly draws after merging a frame's trace into a drawn one: dicts deeply, any other value replaced."""
    if not (isinstance(drawn, dict) and isinstance(change, dict)):
        return change
    return {**drawn, **{key: merged(drawn.get(key), value) for key, value in change.items()}}


def animate(data, frame):
    """The figure's traces after Plotly animates from `data` to `frame` (frames restyle only the traces listed)."""
    data = list(data)
    for index, change in zip(frame.get("traces", range(len(frame["data"]))), frame["data"]):
        data[index] = merged(data[index], change)
    return data


def shown(figure):
    """{frame name: the traces drawn at that frame}, reached from the figure as it opens."""
    return {frame["name"]: animate(figure["data"], frame) for frame in figure["frames"]}


def test_walkthrough_has_one_frame_per_stage_in_the_equations_order(sentence):
    _, steps, _ = sentence
    figure = walkthrough_animation(steps[3], unit=2, token="word3").to_dict()
    names = [frame["name"] for frame in figure["frames"]]
    assert names == EQUATION_ORDER
    for k, stage in enumerate(names):                       # nothing is used before it is computed
        assert NEEDS.get(stage, set()) <= set(names[:k])
    slider = figure["layout"]["sliders"][0]
    assert [step["args"][0][0] for step in slider["steps"]] == EQUATION_ORDER
    buttons = [button["label"] for button in figure["layout"]["updatemenus"][0]["buttons"]]
    assert any("Play" in label for label in buttons) and any("Pause" in label for label in buttons)


def test_walkthrough_frames_show_the_trace_values_and_hide_later_ones(sentence):
    trace, steps, _ = sentence
    t, unit = 3, 2
    frames = {frame["name"]: frame["data"] for frame in walkthrough_animation(steps[t], unit=unit).to_dict()["frames"]}
    engine = {"h_prev": trace.h[0, t - 1], "c_prev": trace.c[0, t - 1], "f": trace.f[0, t], "i": trace.i[0, t],
              "c_tilde": trace.c_tilde[0, t], "c": trace.c[0, t], "o": trace.o[0, t], "h": trace.h[0, t]}
    for stage, data in frames.items():
        bars = next(d for d in data if d["type"] == "bar")
        np.testing.assert_array_equal(bars["y"], engine[BARS[stage][0]])
    f_box = lambda data: by_name(data, "gates")["text"][0]                          # noqa: E731
    assert f_box(frames["inputs"]).endswith("?")
    assert f_box(frames["f"]).endswith(f"{trace.f[0, t, unit]:.3f}")
    h_label = lambda data: by_name(data, "values")["text"][-1]                      # noqa: E731
    assert "?" in h_label(frames["o"])
    assert f"{trace.h[0, t, unit]:.3f}".replace("-", "−") in h_label(frames["h"])
    assert f"{trace.c[0, t, unit]:.3f}".replace("-", "−") in by_name(frames["c"], "caption")["text"][0]


def test_the_active_stage_is_highlighted_and_later_paths_are_grey(sentence):
    _, steps, _ = sentence
    frames = shown(walkthrough_animation(steps[1]).to_dict())
    for k, stage in enumerate(EQUATION_ORDER):
        paths = {d["name"].removeprefix("path "): d["line"] for d in frames[stage] if d["name"].startswith("path ")}
        assert paths[stage]["width"] == 2 * EDGE_WIDTH[stage]
        for later in EQUATION_ORDER[k + 1:]:
            assert paths[later]["color"] == FUTURE_COLOUR
        for earlier in EQUATION_ORDER[:k]:
            assert paths[earlier]["width"] == EDGE_WIDTH[earlier] and paths[earlier]["color"] != FUTURE_COLOUR
    highlighted = [frames[s][EQUATION_ORDER.index(s)]["line"]["width"] for s in EQUATION_ORDER]
    assert len(set(map(str, [frames[s] for s in EQUATION_ORDER]))) == len(EQUATION_ORDER)   # every frame differs
    assert highlighted == [2 * EDGE_WIDTH[s] for s in EQUATION_ORDER]


@pytest.mark.parametrize("kind", ["walkthrough", "time"])
def test_every_frame_draws_what_opening_the_figure_there_draws_wherever_it_comes_from(sentence, kind):
    _, steps, tokens = sentence
    if kind == "walkthrough":
        opened_at = {stage: walkthrough_animation(steps[3], 2, "word3", start=stage).to_dict() for stage in STAGES}
    else:
        opened_at = {f"token {t + 1}": time_animation(steps, tokens, 4, "c", start=t).to_dict() for t in range(7)}
    for origin in opened_at.values():               # frames only restyle: they must not depend on where they start
        for frame in origin["frames"]:
            for before in opened_at.values():
                assert animate(before["data"], frame) == opened_at[frame["name"]]["data"]


def test_time_mode_has_one_frame_per_token_with_that_tokens_values(sentence):
    trace, steps, tokens = sentence
    figure = time_animation(steps, tokens, unit=4, quantity="f", start=2).to_dict()
    assert [frame["name"] for frame in figure["frames"]] == [f"token {t + 1}" for t in range(7)]
    assert figure["layout"]["sliders"][0]["active"] == 2
    for t, frame in enumerate(figure["frames"]):
        bars = next(d for d in frame["data"] if d["type"] == "bar")
        np.testing.assert_array_equal(bars["y"], trace.f[0, t])
        assert f"“{tokens[t]}”" in by_name(frame["data"], "caption")["text"][0]
        c_label = by_name(frame["data"], "values")["text"][3]
        assert f"{trace.c[0, t, 4]:.3f}".replace("-", "−") in c_label
    first_bars = next(d for d in figure["data"] if d["type"] == "bar")       # the figure opens at token 3
    np.testing.assert_array_equal(first_bars["y"], trace.f[0, 2])
    with pytest.raises(ValueError):
        time_animation(steps, tokens[:3])


def test_static_diagram_shows_every_value_of_the_chosen_unit():
    step = run_one_step(preset_lesson("random", 3, 2), [0.5, -1.0], [0.1, 0.2, -0.3], [0.8, -0.5, 1.5])
    data = cell_diagram(step, unit=1).to_dict()["data"]
    boxes = by_name(data, "gates")["text"][:4]
    for text, gate in zip(boxes, ("f", "i", "c_tilde", "o")):
        assert text.endswith(f"{step.value(gate)[1]:.3f}".replace("-", "−"))
    assert not any("?" in text for text in by_name(data, "values")["text"])
    with pytest.raises(IndexError):
        cell_diagram(step, unit=3)


def lines_of(html):
    """The lines of one formula paragraph as text: tags dropped, <sub>k</sub> written _k."""
    text = html.replace("<sub>", "_").replace("</sub>", "").replace('<span class="then">', "\n")
    return [re.sub(r"<[^>]+>", "", line).strip() for line in text.split("\n")]


def test_formulas_substitute_the_weights_and_end_with_the_engine_value():
    lesson = preset_lesson("random", 2, 1, seed=7)
    lesson["W_f"][1], lesson["b_f"][1] = [0.5, -1.25, 2.0], -3.0
    step = run_one_step(lesson, [0.9], [0.2, -0.6], [1.5, -0.5])
    f_lines = lines_of(html_with_numbers(step, "f", unit=1, lesson=lesson))
    assert f_lines == ["f_2(t) = σ(W_f·[h(t−1), x(t)] + b_f)",
                       "= σ([0.50, −1.25, 2.00]·[0.20, −0.60, 0.90] + (−3.00))",    # 0.1 + 0.75 + 1.8 - 3
                       f"= σ(−0.35) = {step.f[1]:.3f}"]
    c_lines = lines_of(html_with_numbers(step, "c", unit=0))
    assert c_lines[1].startswith(f"= {step.f[0]:.3f} × 1.500 + {step.i[0]:.3f} × ")
    assert c_lines[-1] == f"= {step.c[0]:.3f}".replace("-", "−")
    assert "× (−0.500)" in lines_of(html_with_numbers(step, "c", unit=1))[1]
    assert lines_of(html_with_numbers(step, "h", unit=0))[-1].endswith(f"= {step.h[0]:.3f}".replace("-", "−"))
    assert "σ(" in text_with_numbers(step, "o", unit=0)


def test_formulas_are_html_whose_every_number_is_the_engines_or_the_students():
    step = run_one_step(preset_lesson("remember", 1, 1), [1.0], [0.0], [0.8])
    block = formulas_html(step, ("f", "i", "c_tilde", "o", "c", "h"))
    assert block.count("<p>") == 6 and block.count("<b>") == 6              # one bold result per formula
    bold = [float(b.replace("−", "-")) for b in re.findall(r"<b>([^<]+)</b>", block)]
    np.testing.assert_allclose(bold, [step.f[0], step.i[0], step.c_tilde[0], step.o[0], step.c[0], step.h[0]],
                               atol=5e-4)
    assert "nan" not in block and "n/a" not in block
    tiny = preset_lesson("remember", 1, 1) | {"W_o": np.array([[-0.001, 0.0]])}      # a weight that rounds to 0
    assert "[0.00, 0.00]" in formulas_html(run_one_step(tiny, [1.0], [0.0], [0.8]), ("o",), lesson=tiny)
    with pytest.raises(ValueError):
        html_with_numbers(step, "x")


def test_gate_bars_draw_each_units_values():
    step = run_one_step(preset_lesson("write", 3, 1), [0.7], [0.0, 0.0, 0.0], [0.4, -0.4, 0.9])
    figure = gate_bars(step).to_dict()
    assert len(figure["data"]) == 3
    for unit, bars in enumerate(figure["data"]):
        expected = [step.f[unit], step.i[unit], step.c_tilde[unit], step.o[unit], step.c[unit], step.h[unit]]
        np.testing.assert_array_equal(bars["y"], expected)
        assert "text" not in bars                       # several units: values in the hover, not squeezed on bars
    colours = [bars["marker"]["color"] for bars in figure["data"]]
    assert len(set(colours)) == 3 and all(isinstance(c, str) for c in colours)   # a legend swatch per unit
    assert [bars["name"] for bars in figure["data"]] == ["unit 1", "unit 2", "unit 3"]
    legend = figure["layout"]["legend"]
    assert (legend["yref"], legend["y"], legend["yanchor"]) == ("container", 0, "bottom")     # at the foot
    assert "title" not in legend
    assert figure["layout"]["title"]["text"] and figure["layout"]["yaxis"]["title"]["text"]
    one = gate_bars(run_one_step(preset_lesson("write", 1, 1), [0.7], [0.0], [0.4])).to_dict()["data"][0]
    assert one["text"][0] == f"{one['y'][0]:.3f}" and not one["showlegend"]


def test_token_categories_keep_every_position_and_bold_the_marks():
    labels = token_categories([".", "a", ".", "b", "."], marks=[3])
    assert len(set(labels)) == 5
    assert [label.replace("\u200b", "") for label in labels] == [".", "a", ".", "<b>b</b>", "."]


@pytest.mark.parametrize("count", [1, 5, 15, 16, 38, 80])
def test_token_ticks_label_every_key_word_and_spread_the_others(count):
    rng, most = np.random.default_rng(count), 15
    keys = sorted(set(rng.integers(0, count, size=3).tolist()))
    ticks = token_ticks(count, keys, most)
    step = -(-count // most)
    assert set(keys) <= set(ticks) and ticks == sorted(set(ticks)) and all(0 <= t < count for t in ticks)
    others = [t for t in ticks if t not in keys]
    assert all(abs(t - k) >= step for t in others for k in keys)                # no label crowds a key word
    assert all(b - a >= step for a, b in zip(others, others[1:]))
    assert len(ticks) <= most + len(keys)
    if count <= most:
        assert ticks == list(range(count))                                       # a short sentence: every word
    stops = list(range(0, count, 2))
    assert set(token_ticks(count, keys, most, skip=stops)) & set(stops) <= set(keys)     # a stop only as a key


def test_labels_fit_a_phone_and_the_heatmap_labels_fewer():
    assert most_token_labels(PHONE_PLOT_PX) > most_token_labels(PHONE_HEATMAP_PX) >= 10
    # neighbours most_token_labels apart on the plot are at least LABEL_PX apart across the 60° slant
    for plot_px in (PHONE_PLOT_PX, PHONE_HEATMAP_PX):
        assert plot_px / most_token_labels(plot_px) * np.sin(np.radians(60)) >= LABEL_PX


def test_heatmap_is_tokens_by_units_with_the_chosen_token_outlined(sentence):
    trace, _, tokens = sentence
    figure = gate_heatmap(trace.c_tilde[0], tokens, "c_tilde", highlight=4).to_dict()
    heat = figure["data"][0]
    # rows = units, columns = tokens
    np.testing.assert_allclose(np.array(heat["z"]), trace.c_tilde[0].T, rtol=0, atol=5e-6)
    assert list(heat["x"]) == list(tokens) and list(heat["y"]) == list(range(1, 7))
    assert np.array(heat["customdata"])[0, 4] == 5                                  # hover names the position
    assert (heat["zmin"], heat["zmax"]) == (-1.0, 1.0)
    picks = figure["data"][1]                               # one invisible marker per token: click-to-pick
    assert list(picks["x"]) == list(tokens) and figure["layout"]["hovermode"] == "x"
    axis = figure["layout"]["xaxis"]
    assert axis["type"] == "category" and axis["tickmode"] == "array" and tokens[4] in axis["tickvals"]
    assert axis["ticktext"][list(axis["tickvals"]).index(tokens[4])] == f"<b>{tokens[4]}</b>"     # the chosen word
    shape = figure["layout"]["shapes"][0]
    assert shape["x0"] < 4 < shape["x1"] and shape["x1"] - shape["x0"] == 1
    gate = gate_heatmap(trace.f[0], tokens, "f").to_dict()
    assert (gate["data"][0]["zmin"], gate["data"][0]["zmax"]) == (0.0, 1.0) and "shapes" not in gate["layout"]


def story_with(switch):
    rng = np.random.default_rng(0)
    T, H = 9, 5
    probs = rng.dirichlet(np.ones(3), size=T)
    return ForgetStory(tokens=[f"t{k}" for k in range(T)], languages=["French", "Spanish", "German"], probs=probs,
                       f=rng.random((T, H)), i=rng.random((T, H)), c=rng.standard_normal((T, H)),
                       o=rng.random((T, H)), h=rng.uniform(-1, 1, (T, H)), carrier_units=[3, 1], switch_index=switch,
                       country_positions=[2, 6], unknown=[], country_languages=[0, 1])


def test_forget_story_lines_draw_the_story_for_the_carrier_units():
    story = story_with(switch=7)
    figure = forget_story_lines(story, units=[3, 1], shown_languages=["French", "Spanish"]).to_dict()
    lines = {trace["name"]: trace for trace in figure["data"]}
    np.testing.assert_array_equal(lines["f unit 4"]["y"], story.f[:, 3])
    np.testing.assert_array_equal(lines["i unit 2"]["y"], story.i[:, 1])
    np.testing.assert_array_equal(lines["C unit 4"]["y"], story.c[:, 3])
    np.testing.assert_array_equal(lines["P(Spanish)"]["y"], story.probs[:, 1])
    np.testing.assert_allclose(lines["other languages"]["y"], story.probs[:, 2])
    top = story.languages[int(np.argmax(story.probs[7]))]
    notes = [note["text"] for note in figure["layout"]["annotations"]]
    assert any(f"switches to {top}" in note for note in notes)
    words = figure["layout"]["xaxis3"]["categoryarray"]
    assert words[2] == "<b>t2</b>" and words[6] == "<b>t6</b>" and words[3] == "t3"
    assert lines["f unit 4"]["x"] == words and lines["f unit 4"]["customdata"][2] == "t2"
    no_switch = forget_story_lines(story_with(switch=None), [3], ["French"]).to_dict()
    assert not any("switches" in note["text"] for note in no_switch["layout"]["annotations"])
    assert not any("drops" in trace["name"] for trace in no_switch["data"])


def test_the_forget_drop_is_marked_on_its_units_f_line():
    story = story_with(switch=7)
    figure = forget_story_lines(story, units=[3, 1], shown_languages=["French"], drop=(5, 1)).to_dict()
    (marker,) = [trace for trace in figure["data"] if trace["name"] == "f drops (unit 2)"]
    assert marker["x"] == ["t5"] and marker["y"] == [float(story.f[5, 1])]
    assert marker["marker"]["color"] == GATE_COLOURS["f"] and marker["mode"] == "markers"


def test_output_gate_lines_draw_o_and_h():
    rng = np.random.default_rng(1)
    o, h = rng.random((6, 4)), rng.uniform(-1, 1, (6, 4))
    figure = output_gate_lines([f"w{k}" for k in range(6)], o, h, units=[2]).to_dict()
    lines = {trace["name"]: trace for trace in figure["data"]}
    np.testing.assert_array_equal(lines["o unit 3"]["y"], o[:, 2])
    np.testing.assert_array_equal(lines["h unit 3"]["y"], h[:, 2])


def test_forget_story_axis_spans_the_tokens_and_the_switch_label_covers_no_line():
    for story in (story_with(switch=7), story_with(switch=1)):
        layout = forget_story_lines(story, units=[3], shown_languages=["French"]).to_dict()["layout"]
        assert list(layout["xaxis"]["range"]) == [-0.5, len(story.tokens) - 0.5]
        assert all(layout[f"xaxis{k}"]["matches"] == "x" for k in (2, 3))
        label = next(note for note in layout["annotations"] if "switches" in note["text"])
        # In the third panel's title above the plot area, not on top of the lines.
        assert label["yref"] == "paper" and label["yanchor"] == "bottom"
        assert label["y"] >= layout["yaxis3"]["domain"][1]
