"""The memory figures draw exactly the engine's numbers: bars = probabilities; every training run thin, the
median bold and the quartile band over runs; learning curves; gradient shares on a log axis with nothing a log
axis can't show."""

import math
import re

import numpy as np
import pytest
from chart_reading import split_runs

from dashboard.charts.memory import prediction_bars
from dashboard.charts.memory_runs import gradient_reach, learning_runs, retention_runs
from dashboard.charts.theme import MODEL_COLOURS
from lstm_engine.memory.memory_task import PAIRS
from lstm_engine.memory.model import Prediction
from lstm_engine.memory.retention import RetentionCurve, wilson_interval
from lstm_engine.memory.run_spread import learning_spread, retention_spread
from lstm_engine.memory.shipped import TrainingRun

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


def _runs(kind="rnn"):
    correct = ((176, 160, 150), (196, 198, 190), (200, 146, 30), (120, 60, 25))
    return [TrainingRun(seed, 0.5, 1.0, _curve(kind, [5, 200, 400], c, seed=3), seed == 1,
                        (0, 100, 200), (0.1, 0.2 + 0.1 * seed, 0.3 + 0.2 * seed), 200)
            for seed, c in enumerate(correct)]


def test_retention_runs_draw_every_run_thin_and_the_median_and_quartiles_of_the_runs():
    runs = _runs()
    figure = retention_runs({"rnn": retention_spread("rnn", runs)}, {"rnn": runs}, 0.125)
    (thin,) = [trace for trace in figure.data if trace.legendgroup == "rnn-runs"]
    assert [y for _, _, y in split_runs(thin)] == [run.retention.accuracy for run in runs]
    assert [number for number, _, _ in split_runs(thin)] == [1, 2, 3, 4]
    assert "training run %{customdata}" in thin.hovertemplate
    (median,) = _traces(figure, "RNN median of 4 runs")
    at_200 = sorted([0.8, 0.99, 0.73, 0.3])                          # 160, 198, 146, 60 of 200
    assert list(median.x) == [5, 200, 400]
    assert median.y[1] == pytest.approx((at_200[1] + at_200[2]) / 2)
    assert thin.line.width < median.line.width
    (band,) = _traces(figure, "RNN middle half of runs")
    q1, q3 = np.percentile(at_200, [25, 75])
    assert band.y[1] == pytest.approx(q3) and band.y[-2] == pytest.approx(q1)
    assert _traces(figure, "chance (12.5%)") and figure.layout.shapes[0].y0 == 0.125


def test_models_trained_on_the_page_are_drawn_dashed_in_their_colour():
    runs = _runs("lstm")
    mine = _curve("lstm", [5, 400], [150, 40])
    figure = retention_runs({"lstm": retention_spread("lstm", runs)}, {"lstm": runs}, 0.125, [("Your LSTM", mine)])
    (line,) = _traces(figure, "Your LSTM")
    assert line.line.dash == "dash" and line.line.color == MODEL_COLOURS["lstm"] and list(line.y) == [0.75, 0.2]


def test_learning_curves_are_every_runs_accuracy_during_training():
    runs = _runs()
    figure = learning_runs({"rnn": learning_spread("rnn", runs)}, {"rnn": runs}, 0.125)
    (thin,) = [trace for trace in figure.data if trace.legendgroup == "rnn-runs"]
    assert [y for _, _, y in split_runs(thin)] == [list(run.learning_accuracy) for run in runs]
    assert all(x == [0, 100, 200] for _, x, _ in split_runs(thin))
    (median,) = _traces(figure, "RNN median of 4 runs")
    assert list(median.x) == [0, 100, 200] and median.y[2] == pytest.approx((0.5 + 0.7) / 2)
    assert "gap 200" in figure.layout.title.text


def _flow(h, c=None):
    return {"distance": [1, 50, 100, 150], "h_ratio": h, "c_ratio": c, "gap": 140, "country_distance": 145,
            "samples": 32, "seed": 0}


def test_gradient_chart_is_log_scaled_and_drops_what_it_cannot_show():
    figure = gradient_reach({"rnn": _flow([1.0, 1e-10, 0.0, float("nan")]),
                             "lstm": _flow([1.0, 1e-2, 1e-4, 1e-300], [1.0, 0.5, 0.2, 0.1])})
    assert figure.layout.yaxis.type == "log"
    rnn, lstm_h, lstm_c = (_traces(figure, name)[0] for name in
                           ("RNN (hidden state h)", "LSTM (hidden state h)", "LSTM (cell state C)"))
    assert list(rnn.x) == [1, 50] and list(rnn.y) == [1.0, 1e-10]
    assert list(lstm_h.y) == [1.0, 1e-2, 1e-4] and list(lstm_c.y) == [1.0, 0.5, 0.2, 0.1]
    assert figure.layout.yaxis.range[0] <= -10 and figure.layout.shapes[0].x0 == 145


def test_every_figure_has_a_title_and_axis_titles():
    runs = _runs()
    figures = [prediction_bars({"rnn": _prediction([1, 2, 3, 4])}, "French", "What the models answer"),
               retention_runs({"rnn": retention_spread("rnn", runs)}, {"rnn": runs}, 0.125),
               learning_runs({"rnn": learning_spread("rnn", runs)}, {"rnn": runs}, 0.125),
               gradient_reach({"rnn": _flow([1.0, 0.1, 0.01, 0.001])})]
    for figure in figures:
        assert figure.layout.title.text
        assert figure.layout.xaxis.title.text and figure.layout.yaxis.title.text
        assert all(math.isfinite(v) for trace in figure.data if trace.type == "scatter" and trace.y is not None
                   for v in trace.y if v is not None)
