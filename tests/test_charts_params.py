"""The parameter figures carry the engine's counts, one fixed colour per model, titles and labelled axes."""

import pytest

from dashboard.charts.params import count_vs_hidden, parameter_bars
from dashboard.charts.theme import MODEL_COLOURS
from lstm_engine import count_parameters


def _counts(**kwargs):
    return {kind: count_parameters(kind, **kwargs) for kind in ("rnn", "gru", "lstm")}


def test_bars_hold_each_weight_group_and_the_total():
    counts = _counts(input_size=10, hidden_size=20)
    figure = parameter_bars(counts)
    assert [trace.name for trace in figure.data] == ["RNN", "GRU", "LSTM"]
    lstm = figure.data[2]
    assert list(lstm.y) == [4 * 10 * 20, 4 * 20 * 20, 4 * 2 * 20, 2560]    # W_ih, W_hh, biases, total
    assert lstm.marker.color == MODEL_COLOURS["lstm"]
    assert lstm.customdata[0][0] == counts["lstm"].formula                  # hover shows the formula
    assert "%{customdata[0]}" in lstm.hovertemplate


def test_bars_follow_the_counts_they_are_given():
    small = parameter_bars(_counts(input_size=4, hidden_size=8))
    large = parameter_bars(_counts(input_size=4, hidden_size=16, num_layers=2, bidirectional=True))
    assert small.data[0].y[-1] != large.data[0].y[-1]
    assert "bidirectional" in large.layout.title.text and "2 layers" in large.layout.title.text


def test_bars_for_a_subset_of_models():
    counts = _counts(input_size=4, hidden_size=8)
    figure = parameter_bars({"rnn": counts["rnn"]})
    assert [trace.name for trace in figure.data] == ["RNN"]


@pytest.mark.parametrize("log_scale", [False, True])
def test_curve_marks_the_current_hidden_size(log_scale):
    sizes = [1, 2, 4, 8, 16]
    curves = {"rnn": (sizes, [count_parameters("rnn", 3, h).total for h in sizes])}
    figure = count_vs_hidden(curves, current_hidden=8, current_totals={"rnn": 99}, log_scale=log_scale)
    line, marker = figure.data
    assert list(line.x) == sizes and list(marker.x) == [8] and list(marker.y) == [99]
    assert figure.layout.xaxis.type == figure.layout.yaxis.type == ("log" if log_scale else "linear")
    assert figure.layout.shapes[0].x0 == 8                                   # the dashed marker line
    assert "Hidden size" in figure.layout.xaxis.title.text and "count" in figure.layout.yaxis.title.text


def test_every_figure_has_a_title_and_axis_titles():
    for figure in (parameter_bars(_counts(input_size=2, hidden_size=3)),
                   count_vs_hidden({"gru": ([1, 2], [1, 2])}, 1, {"gru": 1})):
        assert figure.layout.title.text
        assert figure.layout.xaxis.title.text and figure.layout.yaxis.title.text


def test_bar_labels_are_short_and_small_bars_carry_none():
    counts = _counts(input_size=64, hidden_size=128)
    figure = parameter_bars(counts)
    labels = {trace.name: list(trace.text) for trace in figure.data}
    assert labels["LSTM"][-1] == "99.3k" and labels["RNN"][-1] == "24.8k"          # totals 99,328 and 24,832
    assert labels["RNN"][2] == labels["GRU"][2] == labels["LSTM"][2] == ""         # biases 256, 768, 1,024
    small = parameter_bars(_counts(input_size=2, hidden_size=3))
    assert [trace.text[-1] for trace in small.data] == [str(c.total)
                                                         for c in _counts(input_size=2, hidden_size=3).values()]
