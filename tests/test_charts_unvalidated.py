"""Every chart is built without Plotly's validation (dashboard/charts/figure.py, for speed): built from the real
engine's numbers, each one must pass Plotly's validating constructor and serialise to exactly the JSON that
constructor makes, so a mistyped or misplaced property fails here instead of reaching a student."""

import json
import logging
from dataclasses import replace

import plotly.graph_objects as go
import plotly.io as pio
import pytest

from dashboard.charts.animation import time_animation, walkthrough_animation
from dashboard.charts.cell_diagram import cell_diagram
from dashboard.charts.gates import forget_story_lines, gate_bars, gate_heatmap, output_gate_lines
from dashboard.charts.params import count_vs_hidden, parameter_bars
from dashboard.engine_calls.lstm_reading import DEFAULT_SENTENCE, display_tokens, forget_story_of, read_with_lstm
from dashboard.figures import why_lstm as why_lstm_figures
from lstm_engine import count_parameters
from lstm_engine.layers.cell_walkthrough import PRESETS, preset_lesson, run_one_step

logging.getLogger("streamlit").setLevel(logging.ERROR)        # cached engine calls outside a server warn once


def _charts():
    """(name, figure) for every chart function, with the inputs the pages give them."""
    reading = read_with_lstm(DEFAULT_SENTENCE, True)
    tokens, steps = list(display_tokens(reading.tokens)), reading.steps
    story = forget_story_of(DEFAULT_SENTENCE, True)
    shown = replace(story, tokens=list(display_tokens(story.tokens)))
    playground = run_one_step(preset_lesson(PRESETS[0], hidden=2, inputs=2), x=(0.5, -1.0),
                              h_prev=(0.1, -0.2), c_prev=(0.8, -0.5))
    counts = {kind: count_parameters(kind, 64, 128) for kind in ("rnn", "gru", "lstm")}
    sizes = [1, 16, 128, 512]
    kinds = ("rnn", "gru", "lstm")
    return [
        ("stage by stage", walkthrough_animation(steps[5], unit=3, token=tokens[5])),
        ("token by token", time_animation(steps, tokens, unit=3, quantity="c", start=4)),
        ("cell diagram", cell_diagram(steps[5], 3, "c", tokens[5])),
        ("playground diagram", cell_diagram(playground, 1, title="The LSTM cell with your numbers")),
        ("playground bars", gate_bars(playground)),
        ("bars of 64 units", gate_bars(steps[5])),
        ("heatmap", gate_heatmap(reading.arrays["f"], tokens, "f", highlight=3)),
        ("forget story", forget_story_lines(shown, [0, 1], list(story.languages)[:2])),
        ("output gate", output_gate_lines(tokens, reading.arrays["o"], reading.arrays["h"], [0, 1], [len(tokens) - 1])),
        ("answers", why_lstm_figures.answer_bars(DEFAULT_SENTENCE, kinds, "typical", "Answers", "subtitle")[0]),
        ("runs that learned", why_lstm_figures.learned_figure(kinds)),
        ("retention runs", why_lstm_figures.retention_figure(kinds, (0, 200))),
        ("learning runs", why_lstm_figures.learning_figure(kinds, (0, 200))),
        ("gradient reach", why_lstm_figures.reach_figure(kinds)),
        ("parameter bars", parameter_bars(counts)),
        ("parameters vs hidden size", count_vs_hidden(
            {kind: (sizes, [count_parameters(kind, 64, h).total for h in sizes]) for kind in kinds}, 128,
            {kind: counts[kind].total for kind in kinds}, log_scale=True)),
    ]


CHARTS = _charts()


@pytest.mark.parametrize("name, figure", CHARTS, ids=[name for name, _ in CHARTS])
def test_the_unvalidated_chart_is_the_chart_plotly_validates(name, figure):
    drawn = json.loads(pio.to_json(figure, validate=False))
    validated = go.Figure(figure.to_dict())                   # raises on any property Plotly does not know
    assert drawn == json.loads(pio.to_json(validated, validate=False))
    assert drawn["data"] and drawn["layout"]["title"]["text"]  # something drawn, and titled


def test_a_mistyped_property_is_caught_by_that_check():
    from dashboard.charts.figure import figure
    wrong = figure([{"type": "bar", "x": [1], "y": [2], "colour": "red"}], {"title": {"text": "t"}})
    with pytest.raises(ValueError):
        go.Figure(wrong.to_dict())
