"""The guided lesson's steps, in the seed's order: the France sentence, retention, the cell, its gates, the animation,
the comparison, the summary. Each is a short heading, a sentence or two, one chart and at most one control.

A step draws the pages' own figures (dashboard/figures, dashboard/charts) from the pages' engine calls
(dashboard/engine_calls), so it shows what the page shows; every number in its words comes from those calls or the
shipped measurements. Its control has the page's URL name, range and default (tests/test_lesson.py compares them),
so a value set in the lesson is there on the whole page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import streamlit as st

from dashboard.charts.cell_equations import LATEX
from dashboard.charts.theme import GATE_LABELS
from dashboard.controls import url_state
from dashboard.controls.shared import HIDDEN, INPUT
from dashboard.controls.url_params import ChoiceControl, IntControl
from dashboard.engine_calls.gate_moments import story_moments
from dashboard.engine_calls.lstm_reading import (
    DEFAULT_SENTENCE,
    TRACE_QUANTITIES,
    display_tokens,
    forget_story_of,
    limit_sentence,
    playground_step,
    read_with_lstm,
    shipped_lstm,
)
from dashboard.engine_calls.memory_measurements import findings
from dashboard.engine_calls.parameter_counts import counts_at
from dashboard.figures.data_flow import heatmap_figure, walkthrough_figure
from dashboard.figures.gates import playground_figures, story_figures
from dashboard.figures.rnn_vs_lstm import bars_figure
from dashboard.figures.why_lstm import answer_bars, learned_figure, reach_figure
from dashboard.text.gate_story import drop_sentence, wait_sentence
from dashboard.text.memory_insight import contrast, long_only_phrase, of, power
from lstm_engine.layers.cell_walkthrough import PRESET_LABELS, PRESETS, preset_lesson
from lstm_engine.layers.param_count import GATES
from lstm_engine.memory.memory_task import lesson_sentence
from lstm_engine.memory.shipped import FEATURED_DISTANCE, FEATURED_SETTING

KINDS = ("rnn", "lstm")           # the lesson's two models; the GRU waits on the whole page
RUN = "typical"
GAP = IntControl("gap", "Words in between", 0, 400, default=100,
                 help="Filler words between the country and “so I speak fluent ___”.")
PRESET = ChoiceControl("preset", "Start from", PRESETS, tuple(PRESET_LABELS[p] for p in PRESETS), default="remember",
                       help="Sets every weight of the cell; the inputs stay as they are.")
QUANTITY = ChoiceControl("gate", "Quantity", TRACE_QUANTITIES, tuple(GATE_LABELS[q] for q in TRACE_QUANTITIES),
                         default="c", help="Which of the lesson's quantities the heatmap shows.")
CELL_INPUTS = dict(x=(1.0,), h_prev=(0.0,), c_prev=(0.8,))      # the cell step's inputs: a word arrives, C holds 0.8
NO_MODEL = "The trained LSTM is not in this copy of the app yet (lstm_engine/memory/models/lstm.npz)."


@dataclass(frozen=True)
class Step:
    page: str                      # the url_path of the page the step belongs to
    heading: str
    draw: Callable[[], None]       # its words, its chart and its control


def _chart(figure) -> None:
    st.plotly_chart(figure, width="stretch", config={"displayModeBar": False})


def france_sentence() -> None:
    said = st.container()
    gap = url_state.control(GAP)
    points = {kind: findings().accuracy(kind, gap, RUN) for kind in KINDS}
    said.markdown(f"*“I grew up in France… [{gap} words later] …so I speak fluent ___”*. On "
                  f"{points['lstm'].samples:,} new sentences with {gap} words in between, the RNN names the right "
                  f"language in **{points['rnn'].accuracy:.0%}**, the LSTM in **{points['lstm'].accuracy:.0%}**.")
    _chart(answer_bars(lesson_sentence("France", gap), KINDS, RUN, "What each model answers for the blank",
                       f"France, {gap} words in between · {RUN} runs")[0])


def retention() -> None:
    found = findings()
    distance = contrast(found) or FEATURED_DISTANCE
    easy = found.learned("rnn", FEATURED_SETTING)
    st.markdown(f"Each model was trained many times. Measured: {long_only_phrase(found, distance)}; with short "
                f"sentences in the mix, {of(easy)} RNN runs learned it even {FEATURED_DISTANCE} words apart.")
    _chart(learned_figure(KINDS))


def preset_weights(name: str) -> tuple:
    """The preset's weights (from the engine) in the form the Gates page's figures take, rounded as its sliders."""
    lesson = preset_lesson(name, 1, 1)
    return (tuple((f"W_{g}", tuple(tuple(round(float(v), 2) for v in row) for row in lesson[f"W_{g}"])) for g in "fico")
            + tuple((f"b_{g}", tuple(round(float(v), 2) for v in lesson[f"b_{g}"])) for g in "fico"))


def the_cell() -> None:
    said = st.container()
    weights = preset_weights(url_state.control(PRESET))
    step = playground_step(weights, **CELL_INPUTS)
    said.markdown(f"Two memories: the **cell state C**, a highway for long-term memory (here from "
                  f"{step.c_prev[0]:.2f} to **{step.c[0]:.2f}**), and the **hidden state h** = {step.h[0]:.2f}, what "
                  f"the cell shows. Three gates between 0 and 1 decide: forget f = {step.f[0]:.2f}, input "
                  f"i = {step.i[0]:.2f}, output o = {step.o[0]:.2f}.")
    _chart(playground_figures(weights, *CELL_INPUTS.values(), 0)[0])


def _story():
    """The Gates page's sentence read by the shipped LSTM, as the page draws it by default: (text, story, units shown,
    languages drawn, the moments the page points at, the units of the output chart)."""
    text = limit_sentence(DEFAULT_SENTENCE).text
    story = forget_story_of(text)
    units = tuple(story.carrier_units[:2])
    named = [story.languages[k] for k in story.country_languages]
    final = story.languages[int(np.argmax(story.probs[-1]))]
    moments = story_moments(text, units)
    output_units = tuple(dict.fromkeys([*([moments.wait.unit] if moments.wait else []), *units]))
    return text, story, units, tuple(dict.fromkeys([*named, final])), moments, output_units


def _figures(text, units, languages, moments, output_units):
    drop = moments.drop
    return story_figures(text, units, languages, drop and (drop.position, drop.unit), output_units)


def forget_and_input() -> None:
    if shipped_lstm() is None:
        st.info(NO_MODEL, icon=":material/info:")
        return
    text, story, units, languages, moments, output_units = _story()
    words = display_tokens(story.tokens)
    said = "New subject? Forget the old one, store the new."
    if moments.drop is not None:
        said += " " + drop_sentence(moments.drop, moments.gone, words, story.languages)
    st.markdown(said)
    _chart(_figures(text, units, languages, moments, output_units)[0])


def output_gate() -> None:
    if shipped_lstm() is None:
        st.info(NO_MODEL, icon=":material/info:")
        return
    text, story, units, languages, moments, output_units = _story()
    st.markdown("Verb coming next? Output what it needs: here what comes next is the question. "
                + wait_sentence(moments.wait, display_tokens(story.tokens)))
    _chart(_figures(text, units, languages, moments, output_units)[1])


def _country_token(text: str) -> tuple[int, int]:
    """(the first country word, the unit that carries the country): where Data Flow opens by default."""
    story = forget_story_of(text, shipped_lstm() is not None)
    return (story.country_positions[0] if story.country_positions else 0), story.carrier_units[0]


def animation() -> None:
    trained = shipped_lstm() is not None
    text = limit_sentence(DEFAULT_SENTENCE).text
    token, unit = _country_token(text)
    step = read_with_lstm(text, trained).steps[token]
    word = display_tokens(read_with_lstm(text, trained).tokens)[token]
    st.markdown(f"Press **Play**: at “{word}” unit {unit + 1} computes f, i and c̃, updates C from "
                f"{step.c_prev[unit]:.2f} to **{step.c[unit]:.2f}**, then o and h = {step.h[unit]:.2f}: the "
                "equations in their order, with the trained model's numbers.")
    _chart(walkthrough_figure(text, trained, token, unit))


def heatmap() -> None:
    trained = shipped_lstm() is not None
    text = limit_sentence(DEFAULT_SENTENCE).text
    said = st.container()
    quantity = url_state.control(QUANTITY)
    values = read_with_lstm(text, trained).arrays[quantity]
    said.markdown(f"Every word (columns) through every unit (rows): the {GATE_LABELS[quantity]} of "
                  f"{values.shape[1]} units over {values.shape[0]} words, from {values.min():.2f} to "
                  f"{values.max():.2f}.")
    _chart(heatmap_figure(text, trained, quantity, _country_token(text)[0]))


def parameters() -> None:
    said = st.container()
    hidden = url_state.control(HIDDEN)
    counts = counts_at(INPUT.default, hidden, 1, False, "pytorch")
    rnn, lstm = counts["rnn"], counts["lstm"]
    said.markdown(f"The price of the gates: {len(GATES['lstm'])} blocks of weights instead of "
                  f"{len(GATES['rnn'])}. At hidden size {hidden}: RNN **{rnn.total:,}** parameters, LSTM "
                  f"**{lstm.total:,}**, {lstm.ratio_to(rnn):.2f}× as many.")
    _chart(bars_figure(INPUT.default, hidden, 1, False, "pytorch", KINDS))


def gradient() -> None:
    rnn, lstm = (findings().reach_at_country(kind) for kind in ("rnn", "lstm"))
    st.markdown(f"What the gates buy: of the training signal at the blank, the share that reaches the country "
                f"{lstm.words_back} words back is **{rnn.typical_h:.1e}** in the RNN and **{lstm.typical_h:.1e}** in "
                "the LSTM. The gates ease the vanishing gradient; they do not abolish it.")
    _chart(reach_figure(KINDS))


def summary() -> None:
    found = findings()
    distance = contrast(found) or FEATURED_DISTANCE
    counts = counts_at(INPUT.default, HIDDEN.default, 1, False, "pytorch")
    st.markdown(f"The gates let the LSTM keep what matters and forget the rest. Measured here: "
                f"{long_only_phrase(found, distance)}, for {counts['lstm'].ratio_to(counts['rnn']):.1f}× the "
                f"parameters; {power(found.reach_at_country('lstm').typical_h)} of the LSTM's training signal reaches "
                "that far back.")
    for stage in ("c", "h"):
        st.latex(LATEX[stage])


STEPS = (
    Step("why-lstm", "I grew up in France… so I speak fluent ___", france_sentence),
    Step("why-lstm", "How far apart can France and French be?", retention),
    Step("gates", "Inside the LSTM cell", the_cell),
    Step("gates", "Forget gate and input gate", forget_and_input),
    Step("gates", "Output gate", output_gate),
    Step("data-flow", "One time step, stage by stage", animation),
    Step("data-flow", "Every word, every unit", heatmap),
    Step("rnn-vs-lstm", "RNN vs LSTM: the price", parameters),
    Step("rnn-vs-lstm", "RNN vs LSTM: the signal that reaches back", gradient),
    Step("summary", "Summary", summary),
)
