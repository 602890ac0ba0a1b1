"""The live class's charts: built without Plotly's validation like every chart, so each must pass Plotly's
validating constructor and serialise the same; a question's bars follow the counts in the question's order."""

import json

import plotly.graph_objects as go
import plotly.io as pio
import pytest

from dashboard.charts.class_counts import answer_counts
from dashboard.classroom import ClassRun
from dashboard.figures.class_experiment import class_counts, class_learned_figure, hashable_counts

RUNS = (ClassRun(1, True, "lstm", 50, 0, "done", 0.97, (0, 50), (1.0, 0.9)),
        ClassRun(2, False, "lstm", 50, 1, "done", 0.62, (0, 50), (1.0, 0.4)),
        ClassRun(3, False, "rnn", 200, 0, "queued", None, (), ()))


@pytest.mark.parametrize("figure", [
    answer_counts({"About 2×": 3, "About 4×": 12, "About 8×": 0}, correct="About 4×"),
    answer_counts({"Forget gate": 0, "Input gate": 0}),
    class_learned_figure(hashable_counts(class_counts(RUNS)), "hidden size 32"),
], ids=["answers", "no answers yet", "class runs"])
def test_the_class_charts_are_the_charts_plotly_validates(figure):
    drawn = json.loads(pio.to_json(figure, validate=False))
    validated = go.Figure(figure.to_dict())
    assert drawn == json.loads(pio.to_json(validated, validate=False))


def test_the_bars_follow_the_options_and_name_the_measured_answer_in_words():
    bars = answer_counts({"About 2×": 3, "About 4×": 12, "About 8×": 0}, correct="About 4×").to_dict()["data"][0]
    assert list(bars["x"]) == [3, 12, 0] and list(bars["text"]) == ["3 (20%)", "12 (80%)", "0 (0%)"]
    assert bars["y"][1] == "About 4× ✓ measured" and "measured" not in bars["y"][0]


def test_only_finished_runs_count_and_learned_means_ninety_percent_held_out():
    assert class_counts(RUNS) == {"lstm": {50: (1, 2)}}
