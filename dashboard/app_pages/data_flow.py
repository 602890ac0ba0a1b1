"""Data Flow: one time step of the shipped LSTM played stage by stage (or token by token) in the browser, and the
gates of every unit for every token of the student's sentence."""

from functools import partial

import numpy as np
import streamlit as st

from dashboard.charts.cell_equations import LESSON_FLOW
from dashboard.charts.gates import SYMBOLS, token_categories
from dashboard.charts.theme import GATE_LABELS
from dashboard.class_ui import ask
from dashboard.controls import url_state
from dashboard.controls.url_params import ChoiceControl, IntControl, TextControl
from dashboard.engine_calls.gate_moments import carrying
from dashboard.engine_calls.lstm_reading import (
    DEFAULT_SENTENCE,
    MAX_CHARS,
    MAX_TOKENS,
    TRACE_QUANTITIES,
    display_tokens,
    forget_story_of,
    limit_sentence,
    read_with_lstm,
    shipped_lstm,
    unknown_words_note,
)
from dashboard.figures.data_flow import heatmap_figure, time_figure, walkthrough_figure
from dashboard.text.gate_story import highway_sentence
from dashboard.text.tables import Table

PAGE = "flow"
SENTENCE = TextControl("sentence", "Your sentence", max_chars=MAX_CHARS, default=DEFAULT_SENTENCE,
                       help=f"Any text. The model reads up to {MAX_TOKENS} words and stops (“.”).")
GATE = ChoiceControl("gate", "Quantity", TRACE_QUANTITIES, tuple(GATE_LABELS[q] for q in TRACE_QUANTITIES),
                     default="c", help="Which of the lesson's quantities the heatmap and the token-by-token bars show.")
MODE = ChoiceControl("mode", "Animation", ("step", "time"), ("One step, stage by stage", "Token by token"),
                     default="step", help="Walk through the cell's equations at one token, or through the sentence.")


def values_table(text, trained, quantity):
    """One quantity of the trace as a table: a row per token, a column per unit."""
    reading = read_with_lstm(text, trained)
    columns = ("position", "token", *(f"unit_{u + 1}" for u in range(reading.steps[0].hidden_size)))
    return Table(columns, tuple((t + 1, token, *values) for t, (token, values)
                                in enumerate(zip(reading.tokens, reading.arrays[quantity].tolist()))))


def values_csv(text, trained, quantity):
    """`values_table` as CSV (made when the button is clicked)."""
    return values_table(text, trained, quantity).csv()


def choose_token(tokens, default):
    """The token slider (1-based, bound to ?token=), its bounds following the sentence's length."""
    spec = IntControl("token", "Token to open up", 1, len(tokens), default=default,
                      help="Which word of the sentence the step-by-step animation walks through.")
    key = spec.param
    if st.session_state.get(key, 1) > len(tokens):          # a shorter sentence than the last one
        st.session_state[key] = len(tokens)
    return url_state.control(spec) - 1


def pick_clicked_token(labels):
    """A click on the heatmap opens that token in the animation (the click reports the column's label)."""
    points = st.session_state[f"{PAGE}_heatmap"].selection.points
    if points and points[0].get("x") in labels:
        st.session_state["token"] = labels.index(points[0]["x"]) + 1


def animation_caption(reading, words, token, unit):
    """The animation's text alternative: every number of the open token for the diagram's unit."""
    step = reading.steps[token]
    return (f"At “{words[token]}” (token {token + 1}), unit {unit + 1}: f = {step.f[unit]:.3f}, "
            f"i = {step.i[unit]:.3f}, c̃ = {step.c_tilde[unit]:.3f}, o = {step.o[unit]:.3f}; C goes from "
            f"{step.c_prev[unit]:.3f} to {step.c[unit]:.3f}; h(t) = {step.h[unit]:.3f}.")


def heatmap_caption(values, words, quantity):
    """The heatmap's text alternative: its range and where the largest value sits."""
    t, u = np.unravel_index(int(np.argmax(np.abs(values))), values.shape)
    return (f"{SYMBOLS[quantity]} over {values.shape[0]} tokens and {values.shape[1]} units ranges from "
            f"{values.min():.3f} to {values.max():.3f}; the largest in size is {values[t, u]:.3f}, unit {u + 1} at "
            f"“{words[t]}” (token {t + 1}).")


@st.fragment
def explore(text, trained, reading, story):
    """Token, unit, animation and heatmap rerun on their own: a click here never re-reads the sentence."""
    default_unit = story.carrier_units[0]
    first_country = story.country_positions[0] if story.country_positions else None
    tokens, words = reading.tokens, display_tokens(reading.tokens)
    hidden = reading.steps[0].hidden_size
    token_column, unit_column = st.columns([3, 2])
    with token_column:
        token = choose_token(tokens, 1 if first_country is None else first_country + 1) if len(tokens) > 1 else 0
        st.markdown(f"Token {token + 1} of {len(tokens)}: **“{words[token]}”**")
    with unit_column:
        if st.session_state.get("unit", 1) > hidden:
            st.session_state["unit"] = hidden
        spec = IntControl("unit", "Unit shown in the diagram", 1, hidden, default=default_unit + 1,
                          help="The diagram follows one unit of the hidden state; the default is the unit that "
                               "changes most at the country words. The bars under it show all units.")
        unit = url_state.control(spec) - 1

    mode = url_state.control(MODE)
    animation = st.container()             # drawn after the heatmap's controls, which it also uses

    st.header("Gate heatmap for your sentence")
    quantity = url_state.control(GATE)
    st.caption("Hover for exact values. Click a column to open that token in the animation above.")
    labels = token_categories(words)
    heatmap = heatmap_figure(text, trained, quantity, token)
    st.plotly_chart(heatmap, width="stretch", key=f"{PAGE}_heatmap",
                    on_select=partial(pick_clicked_token, labels), selection_mode="points",
                    config={"displayModeBar": False})
    st.caption(heatmap_caption(reading.arrays[quantity], words, quantity))
    if st.toggle("Show the data as a table", key=f"{PAGE}_table"):
        st.html(values_table(text, trained, quantity).html(f"{SYMBOLS[quantity]} for every token and unit",
                                                           max_height=300))
    st.download_button(f"Download {SYMBOLS[quantity]} for every token and unit (CSV)",
                       partial(values_csv, text, trained, quantity), file_name=f"lstm_{quantity}.csv",
                       mime="text/csv", icon=":material/download:")

    with animation:
        if mode == "step":
            figure = walkthrough_figure(text, trained, token, unit)
            st.caption("Play runs the seven stages in the order of the equations; drag the slider to step by hand.")
        else:
            figure = time_figure(text, trained, token, unit, quantity)
            st.caption(f"Play walks through the sentence from token {token + 1}; the bars show "
                       f"{GATE_LABELS[quantity]} of every unit at each token (pick it above the heatmap).")
        st.plotly_chart(figure, width="stretch", key=f"{PAGE}_animation", config={"displayModeBar": False})
        st.caption(animation_caption(reading, words, token, unit))
        st.markdown(highway_sentence(carrying(text, unit, trained), words))


st.title("Data Flow")
st.write("Press **Play** to watch data flow through each gate of the LSTM cell, one equation at a time, with the "
         "trained model's real numbers. Pick any word of your sentence; the heatmap below shows the same gates for "
         "every word and every unit.")
ask("data-flow.cell-update")
for column, formulas in zip(st.columns(2), LESSON_FLOW):
    column.latex(formulas)

trained = shipped_lstm() is not None
if not trained:
    st.warning("The trained LSTM is not in this copy of the app yet (lstm_engine/memory/models/lstm.npz). Until it is, "
               "this page runs an **untrained** LSTM of the same size (random weights, seed 0): the flow of the "
               "numbers is real, but they mean nothing about language yet.", icon=":material/warning:")

read = limit_sentence(url_state.control(SENTENCE))
if read.notice:
    st.warning(read.notice, icon=":material/content_cut:")
reading = read_with_lstm(read.text, trained)
if note := unknown_words_note(reading.unknown):
    st.caption(note)
explore(read.text, trained, reading, forget_story_of(read.text, trained))
