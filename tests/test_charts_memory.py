"""The memory figures draw exactly the engine's numbers: bars = probabilities, lines/bands = accuracy and Wilson
interval, the chance line, the student's gap, and gradient ratios on a log axis with nothing a log axis can't show."""

import math

import numpy as np
import pytest

from dashboard.charts.memory import prediction_bars, retention_comparison
from dashboard.charts.theme import MODEL_COLOURS
from lstm_engine.memory.gradient_flow import GradientFlow, gradient_flow
from lstm_engine.memory.memory_task import PAIRS, TaskConfig, build_vocabulary
from lstm_engine.memory.model import Classifier, Prediction
from lstm_engine.memory.retention import RetentionCurve, retention_curve, wilson_interval

LANGUAGES = [language for _, language in PAIRS[:4]]


def _prediction(probs):
    probs = np.asarray(probs, dtype=float)
    return Prediction(tokens=["so"], unknown=[], languages=LANGUAGES, probs=probs / probs.sum())


def _curve(kind, gaps, correct, samples=200, seed=1):
    bounds = [wilson_interval(k, samples) for k in correct]
    return RetentionCurve(kind, list(gaps), [k / samples for k in correct], [lo for lo, _ in bounds],
                          [hi for _, hi in bounds], 0.125, samples, seed)


def _traces(figure, name):
    return [trace for trace in figure.data if trace.name == name]


def test_bars_carry_each_models_probabilities_in_its_colour():
    rnn, lstm = _prediction([0.4, 0.3, 0.2, 0.1]), _prediction([0.97, 0.01, 0.01, 0.01])
    figure = prediction_bars({"rnn": rnn, "lstm": lstm}, answer="French", title="Blank")
    assert [trace.name for trace in figure.data] == ["RNN", "LSTM"]
    assert list(figure.data[0].y) == LANGUAGES
    assert np.allclose(figure.data[0].x, rnn.probs) and np.allclose(figure.data[1].x, lstm.probs)
    assert figure.data[1].marker.color == MODEL_COLOURS["lstm"]
    assert list(figure.data[1].text) == ["97%", "", "", ""]            # tiny bars carry no number


def test_bars_highlight_the_right_answer_and_only_it():
    figure = prediction_bars({"gru": _prediction([1, 2, 3, 4])}, answer="German", title="Blank")
    ticks = list(figure.layout.yaxis.ticktext)
    assert ticks[2] == "<b>German ✓</b>" and all("✓" not in tick for k, tick in enumerate(ticks) if k != 2)
    band = figure.layout.shapes[0]
    assert (band.y0, band.y1) == (1.5, 2.5)                             # the row of the third language
    assert "right answer: German" in figure.layout.title.text


def test_bars_without_a_known_answer_mark_nothing():
    figure = prediction_bars({"rnn": _prediction([1, 1, 1, 1])}, answer=None, title="Blank")
    assert not figure.layout.shapes
    assert not any("✓" in tick for tick in figure.layout.yaxis.ticktext)
    assert "no answer is marked" in figure.layout.title.text
    with_subtitle = prediction_bars({"rnn": _prediction([1, 1, 1, 1])}, "Spanish", "Blank", subtitle="Spain, 3 words")
    assert "'>Spain, 3 words · right answer: Spanish" in with_subtitle.layout.title.text


def test_retention_lines_and_bands_are_the_curves_numbers():
    rnn = _curve("rnn", [5, 50, 200], [190, 60, 26])
    lstm = _curve("lstm", [5, 50, 200], [200, 199, 197])
    figure = retention_comparison({"rnn": rnn, "lstm": lstm})
    for name, curve in (("RNN", rnn), ("LSTM", lstm)):
        (line,) = _traces(figure, name)
        (band,) = _traces(figure, f"{name} 95% interval")
        assert list(line.x) == [5, 50, 200] and list(line.y) == curve.accuracy
        assert list(band.y) == curve.high + curve.low[::-1] and band.fill == "toself" and band.mode == "lines"
    assert _traces(figure, "LSTM")[0].customdata[2][0] == pytest.approx(lstm.low[2])


def test_chance_line_is_labelled_at_the_curves_chance():
    figure = retention_comparison({"rnn": _curve("rnn", [5], [100])})
    (chance,) = [shape for shape in figure.layout.shapes if shape.y0 == shape.y1]
    assert chance.y0 == 0.125
    (entry,) = _traces(figure, "chance: 1 in 8 (12.5%)")
    assert entry.line.dash == chance.line.dash and entry.line.color == chance.line.color


def test_the_students_gap_is_marked_and_moves_with_it():
    curves = {"rnn": _curve("rnn", [5, 400], [150, 25])}
    figures = {gap: retention_comparison(curves, current_gap=gap, at_gap={"rnn": _curve("rnn", [gap], [k])})
               for gap, k in ((30, 120), (250, 40))}
    for gap, k in ((30, 120), (250, 40)):
        figure = figures[gap]
        (rule,) = [shape for shape in figure.layout.shapes if shape.x0 == shape.x1]
        assert rule.x0 == gap
        (point,) = _traces(figure, "RNN at your gap")
        assert list(point.x) == [gap] and point.y[0] == k / 200
        low, high = wilson_interval(k, 200)
        assert point.error_y.array[0] == pytest.approx(high - k / 200)
        assert point.error_y.arrayminus[0] == pytest.approx(k / 200 - low)
        assert any(f"your gap: {gap} words" in note.text for note in figure.layout.annotations)


def test_gradient_overlay_uses_a_log_axis_and_drops_what_it_cannot_show():
    flow = GradientFlow(kind="lstm", distance=np.array([1, 5, 20, 40]), h_norm=np.ones(4), c_norm=np.ones(4),
                        h_ratio=np.array([1.0, 0.1, 0.0, np.nan]), c_ratio=np.array([1.0, 0.9, 0.8, 0.7]),
                        trained=True, gap=30, country_distance=35, samples=4, seed=0)
    figure = retention_comparison({"lstm": _curve("lstm", [5], [200])}, flows={"lstm": flow})
    assert figure.layout.yaxis2.type == "log" and figure.layout.yaxis2.overlaying == "y"
    (h_line,) = _traces(figure, "LSTM ‖∂L/∂h‖")
    (c_line,) = _traces(figure, "LSTM ‖∂L/∂C‖")
    assert h_line.yaxis == c_line.yaxis == "y2"
    assert list(h_line.x) == [0] and list(h_line.y) == [0.1]     # d=1 sits before the gap (x<0); 0 and NaN dropped
    assert list(c_line.x) == [0, 15, 35] and list(c_line.y) == [0.9, 0.8, 0.7]
    assert list(figure.layout.yaxis2.range) == [-1.1, 0.1] and figure.layout.yaxis2.dtick == 1   # 0.1 .. 1


def test_gradient_axis_spans_whole_decades_with_few_ticks():
    flow = GradientFlow(kind="rnn", distance=np.arange(1, 5), h_norm=np.ones(4), c_norm=None,
                        h_ratio=np.array([1.0, 1e-3, 3e-12, 2e-25]), c_ratio=None, trained=True, gap=3,
                        country_distance=3, samples=1, seed=0)
    figure = retention_comparison({"rnn": _curve("rnn", [5], [20])}, flows={"rnn": flow})
    assert list(figure.layout.yaxis2.range) == [-25.1, 0.1] and figure.layout.yaxis2.dtick == 5


def test_models_trained_on_the_page_are_drawn_dashed_in_their_colour():
    mine = _curve("lstm", [5, 50], [199, 150])
    figure = retention_comparison({"rnn": _curve("rnn", [5, 50], [180, 30])}, extra=[("Your LSTM", mine)])
    (line,) = _traces(figure, "Your LSTM")
    assert line.line.dash == "dash" and line.line.color == MODEL_COLOURS["lstm"]
    assert list(line.y) == mine.accuracy


def test_real_engine_measurements_draw_finite_values():
    task = TaskConfig(countries=3)
    model = Classifier("rnn", build_vocabulary(task), task.pairs, embed_dim=4, hidden_size=6, seed=3)
    curve = retention_curve(model, gaps=(0, 3, 30), samples=20, seed=2)
    flow = gradient_flow(model, gap=30, samples=3, seed=1, points=12)
    figure = retention_comparison({"rnn": curve}, current_gap=3,
                                  at_gap={"rnn": retention_curve(model, (3,), samples=20, seed=2)},
                                  flows={"rnn": flow})
    assert figure.layout.shapes[0].y0 == pytest.approx(1 / 3)
    for trace in figure.data:
        if trace.name.startswith("chance"):
            continue                                                       # a legend entry, no data
        assert all(math.isfinite(v) for v in trace.y)
        if trace.yaxis == "y2":
            assert min(trace.y) > 0 and len(trace.y) >= 2


def test_every_figure_has_a_title_and_axis_titles():
    figures = [prediction_bars({"rnn": _prediction([1, 2, 3, 4])}, "French", "What the models answer"),
               retention_comparison({"rnn": _curve("rnn", [5], [100])}, current_gap=5)]
    for figure in figures:
        assert figure.layout.title.text
        assert figure.layout.xaxis.title.text and figure.layout.yaxis.title.text


def test_training_runs_are_thin_lines_under_the_shipped_curve_with_one_legend_entry():
    from lstm_engine.memory.shipped import TrainingRun

    runs = [TrainingRun(seed, 0.5, 1.0, _curve("rnn", [5, 400], correct, seed=3), seed == 1)
            for seed, correct in ((0, (176, 160)), (1, (196, 198)), (3, (200, 146)))]
    shipped = _curve("rnn", [5, 400], [485, 490], samples=500)
    figure = retention_comparison({"rnn": shipped}, runs={"rnn": runs})
    lines = _traces(figure, "RNN: all 3 training runs")
    assert len(lines) == 3 and [trace.showlegend for trace in lines] == [True, False, False]
    for trace, run in zip(lines, runs):
        assert list(trace.x) == [5, 400] and list(trace.y) == run.retention.accuracy
        assert trace.line.width < _traces(figure, "RNN")[0].line.width
        assert trace.line.color.startswith("rgba(") and trace.line.color.endswith(", 0.45)")
    assert "RNN run seed 3</b>: %{y:.0%} at gap %{x}" in lines[2].hovertemplate
    assert "seed 1 (shipped)" in lines[1].hovertemplate and "shipped" not in lines[0].hovertemplate
    names = [trace.name for trace in figure.data]
    assert names.index("RNN: all 3 training runs") < names.index("RNN 95% interval") < names.index("RNN")
    assert not _traces(retention_comparison({"rnn": shipped}), "RNN: all 3 training runs")
