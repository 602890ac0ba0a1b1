"""The memory figures draw exactly the engine's numbers: bars = probabilities; every training run thin, the
median bold and the quartile band over runs; learning curves; gradient shares on a log axis with nothing a log
axis can't show."""

import math
import re

import numpy as np
import pytest
from chart_reading import split_runs

from dashboard.charts.memory import prediction_bars
from dashboard.charts.memory_runs import gradient_reach, learned_runs, learning_runs, retention_runs
from dashboard.charts.theme import MODEL_COLOURS
from lstm_engine.memory.findings import ReachCurves
from lstm_engine.memory.memory_task import PAIRS
from lstm_engine.memory.model import Prediction
from lstm_engine.memory.retention import RetentionCurve, wilson_interval
from lstm_engine.memory.run_spread import Spread

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
    assert "no country the models know" in figure.layout.title.text
    with_subtitle = prediction_bars({"rnn": _prediction([1, 1, 1, 1])}, "Spanish", "Blank", subtitle="Spain, 3 words")
    lines = with_subtitle.layout.title.text.split("<br>")
    assert lines[0] == "Blank" and ">Spain, 3 words<" in lines[1] and ">right answer: Spanish" in lines[2]
    # each subtitle line fits a 390 px phone at 12 px (about 55 characters of text)
    assert all(len(re.sub("<[^>]+>", "", line)) <= 55 for line in lines[1:])


def _retention(kind="rnn"):
    """(Spread, per-run curves) as Findings.retention returns them: 4 runs at gaps 5, 200, 400."""
    curves = ((0.88, 0.8, 0.75), (0.98, 0.99, 0.95), (1.0, 0.73, 0.15), (0.6, 0.3, 0.125))
    q1, median, q3 = np.percentile(np.array(curves), [25, 50, 75], axis=0)
    return Spread(kind, (5, 200, 400), tuple(median), tuple(q1), tuple(q3), 4), curves


def _learning(kind="rnn"):
    curves = tuple((0.1, 0.2 + 0.1 * seed, 0.3 + 0.2 * seed) for seed in range(4))
    q1, median, q3 = np.percentile(np.array(curves), [25, 50, 75], axis=0)
    return Spread(kind, (0, 100, 200), tuple(median), tuple(q1), tuple(q3), 4), curves


def test_retention_runs_draw_every_run_thin_and_the_median_and_quartiles_of_the_runs():
    spread, curves = _retention()
    figure = retention_runs({"rnn": (spread, curves)}, 0.125, "4 runs each")
    (thin,) = _traces(figure, "RNN training runs")
    assert [y for _, _, y in split_runs(thin)] == [list(c) for c in curves]
    assert [number for number, _, _ in split_runs(thin)] == [1, 2, 3, 4]
    assert "training run %{customdata}" in thin.hovertemplate
    (median,) = _traces(figure, "RNN: median of 4 runs")
    at_200 = sorted([0.8, 0.99, 0.73, 0.3])
    assert list(median.x) == [5, 200, 400]
    assert median.y[1] == pytest.approx((at_200[1] + at_200[2]) / 2)
    assert thin.line.width < median.line.width
    (band,) = _traces(figure, "RNN middle half of runs")
    q1, q3 = np.percentile(at_200, [25, 75])
    assert band.y[1] == pytest.approx(q3) and band.y[-2] == pytest.approx(q1)
    assert _traces(figure, "guessing (12.5%)") and figure.layout.shapes[0].y0 == 0.125
    assert "4 runs each" in figure.layout.title.text


def test_models_trained_on_the_page_are_drawn_dotted_in_their_colour():
    mine = _curve("lstm", [5, 400], [150, 40])
    figure = retention_runs({"lstm": _retention("lstm")}, 0.125, "note", [("Your LSTM", mine)])
    (line,) = _traces(figure, "Your LSTM")
    assert line.line.dash == "dot" and line.line.color == MODEL_COLOURS["lstm"] and list(line.y) == [0.75, 0.2]


def test_learning_curves_are_every_runs_accuracy_during_training():
    spread, curves = _learning()
    figure = learning_runs({"rnn": (spread, curves)}, 200, 0.125)
    (thin,) = _traces(figure, "RNN training runs")
    assert [y for _, _, y in split_runs(thin)] == [list(c) for c in curves]
    assert all(x == [0, 100, 200] for _, x, _ in split_runs(thin))
    (median,) = _traces(figure, "RNN: median of 4 runs")
    assert list(median.x) == [0, 100, 200] and median.y[2] == pytest.approx((0.5 + 0.7) / 2)
    assert "gap 200" in figure.layout.title.text


def _reach(kind, h, c=None):
    return ReachCurves(kind, (1, 50, 100, 150), tuple(h), tuple(v / 2 for v in h), tuple(h), tuple(v * 2 for v in h),
                       None if c is None else tuple(c), 145, 140, 10)


def test_gradient_chart_is_log_scaled_and_drops_what_it_cannot_show():
    figure = gradient_reach({"rnn": _reach("rnn", [1.0, 1e-10, 0.0, float("nan")]),
                             "lstm": _reach("lstm", [1.0, 1e-2, 1e-4, 1e-300], [1.0, 0.5, 0.2, 0.1])})
    assert figure.layout.yaxis.type == "log"
    rnn, lstm_h, lstm_c = (_traces(figure, name)[0] for name in (
        "RNN, typical run (through h)", "LSTM, typical run (through h)",
        "LSTM, typical run (through the cell state C)"))
    assert list(rnn.x) == [1, 50] and list(rnn.y) == [1.0, 1e-10]
    assert list(lstm_h.y) == [1.0, 1e-2, 1e-4] and list(lstm_c.y) == [1.0, 0.5, 0.2, 0.1]
    (band,) = _traces(figure, "RNN middle half of runs")
    assert list(band.y) == [2.0, 2e-10, 5e-11, 0.5]                   # q3 forward, then q1 back
    assert figure.layout.yaxis.range[0] <= -10 and figure.layout.shapes[0].x0 == 145
    assert figure.layout.annotations[0].text == "<b>France</b>"


def test_the_learned_chart_puts_each_count_at_its_distance_in_its_panel():
    counts = {"rnn": {"a": {10: (10, 10), 200: (0, 5)}, "b": {10: (9, 10), 200: (9, 10)}},
              "lstm": {"a": {10: (10, 10), 200: (5, 5)}, "b": {10: (10, 10), 200: (10, 10)}}}
    figure = learned_runs(counts, (("a", "first"), ("b", "second")))
    rnn_a = next(t for t in figure.data if t.name == "RNN" and t.yaxis == "y")
    assert list(rnn_a.y) == [1.0, 0.0] and [list(c) for c in rnn_a.customdata] == [[10, 10, 10], [200, 0, 5]]
    lstm_a = next(t for t in figure.data if t.name == "LSTM" and t.yaxis == "y")
    assert list(lstm_a.x) != list(rnn_a.x)                           # set apart so equal shares stay visible
    assert {t.yaxis for t in figure.data} == {"y", "y2"} and figure.layout.xaxis2.title.text
    assert [a.text for a in figure.layout.annotations] == ["<b>first</b>", "<b>second</b>"]


def test_every_figure_has_a_title_and_axis_titles():
    figures = [prediction_bars({"rnn": _prediction([1, 2, 3, 4])}, "French", "What the models answer"),
               retention_runs({"rnn": _retention()}, 0.125, "note"),
               learning_runs({"rnn": _learning()}, 200, 0.125),
               gradient_reach({"rnn": _reach("rnn", [1.0, 0.1, 0.01, 0.001])})]
    for figure in figures:
        assert figure.layout.title.text
        assert figure.layout.xaxis.title.text and figure.layout.yaxis.title.text
        assert all(math.isfinite(v) for trace in figure.data if trace.type == "scatter" and trace.y is not None
                   for v in trace.y if v is not None)
