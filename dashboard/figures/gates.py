"""Gates' figures: the playground cell (diagram and bars) and the trained LSTM's gates on a sentence."""

from __future__ import annotations

from dataclasses import replace

from dashboard.charts.cell_diagram import cell_diagram
from dashboard.charts.gates import forget_story_lines, gate_bars, output_gate_lines
from dashboard.engine_calls.lstm_reading import display_tokens, forget_story_of, playground_step
from dashboard.figures import shared_figures
from dashboard.serving.figure_keeping import kept_for_session

SHARED = 16                    # a playground pair is ~80 kB, a story pair larger


@shared_figures(SHARED)
def _playground(weights, x, h_prev, c_prev, unit):
    step = playground_step(weights, x, h_prev, c_prev)
    return cell_diagram(step, unit, title="The LSTM cell with your numbers"), gate_bars(step)


def playground_figures(weights, x, h_prev, c_prev, unit):
    """(cell diagram of `unit`, bars of every unit) for one step with these weights and inputs."""
    return kept_for_session("gates_playground_figures", _playground, weights, x, h_prev, c_prev, unit)


@shared_figures(SHARED)
def _story(text, units, languages, drop, output_units):
    story = forget_story_of(text)
    marks = [t for t, token in enumerate(story.tokens) if token == "fluent"]
    shown = replace(story, tokens=list(display_tokens(story.tokens)))          # capitals on the axis
    return (forget_story_lines(shown, units, languages, title="Forget and input gates on your sentence", drop=drop),
            output_gate_lines(shown.tokens, story.o, story.h, output_units, marks, title="Output gate on your sentence",
                              keys=story.country_positions))


def story_figures(text, units, languages, drop, output_units):
    """(forget and input gates of `units`, with the (position, unit) where f drops marked; output gate of
    `output_units`) of the shipped LSTM on `text`."""
    return kept_for_session("gates_story_figures", _story, text, units, languages, drop, output_units)
