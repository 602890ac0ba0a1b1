"""Data Flow's figures: the animations (one step stage by stage, or token by token) and the gate heatmap."""

from __future__ import annotations

from dashboard.charts.animation import time_animation, walkthrough_animation
from dashboard.charts.gates import gate_heatmap
from dashboard.engine_calls.lstm_reading import display_tokens, forget_story_of, read_with_lstm
from dashboard.figures import shared_figures
from dashboard.serving.figure_keeping import kept_for_session

SHARED = 8                     # the views most students open; an animation is 0.3-0.4 MB


@shared_figures(SHARED)
def _walkthrough(text, trained, token, unit):
    reading = read_with_lstm(text, trained)
    return walkthrough_animation(reading.steps[token], unit, display_tokens(reading.tokens)[token])


@shared_figures(SHARED)
def _time(text, trained, token, unit, quantity):
    reading = read_with_lstm(text, trained)
    return time_animation(reading.steps, list(display_tokens(reading.tokens)), unit, quantity, start=token)


@shared_figures(SHARED)
def _heatmap(text, trained, quantity, token):
    reading, countries = read_with_lstm(text, trained), forget_story_of(text, trained).country_positions
    return gate_heatmap(reading.arrays[quantity], display_tokens(reading.tokens), quantity, highlight=token,
                        keys=countries)


def walkthrough_figure(text, trained, token, unit):
    """One step at `token`, stage by stage, for the diagram's `unit`."""
    return kept_for_session("flow_step_figure", _walkthrough, text, trained, token, unit)


def time_figure(text, trained, token, unit, quantity):
    """The sentence token by token from `token`, with `quantity` of every unit as bars."""
    return kept_for_session("flow_time_figure", _time, text, trained, token, unit, quantity)


def heatmap_figure(text, trained, quantity, token):
    """`quantity` for every token and unit, `token`'s column marked; it and the countries always labelled."""
    return kept_for_session("flow_heatmap_figure", _heatmap, text, trained, quantity, token)
