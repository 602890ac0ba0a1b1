"""Data Flow: one time step of the shipped LSTM played stage by stage (or token by token) in the browser, and the
gates of every unit for every token of the student's sentence."""

from functools import partial

import pandas as pd
import streamlit as st

from dashboard.charts.animation import time_animation, walkthrough_animation
from dashboard.charts.cell_equations import LESSON_FLOW
from dashboard.charts.gates import SYMBOLS, gate_heatmap
from dashboard.charts.theme import GATE_LABELS
from dashboard.controls import url_state
from dashboard.controls.url_params import ChoiceControl, IntControl, TextControl
from dashboard.engine_calls.lstm_reading import (
    DEFAULT_SENTENCE,
    MAX_CHARS,
    MAX_TOKENS,
    TRACE_QUANTITIES,
    forget_story_of,
    limit_sentence,
    read_with_lstm,
    shipped_lstm,
    unknown_words_note,
)

PAGE = "flow"
SENTENCE = TextControl("sentence", "Your sentence", max_chars=MAX_CHARS, default=DEFAULT_SENTENCE,
                       help=f"Any text. The model reads up to {MAX_TOKENS} words and stops (“.”).")
GATE = ChoiceControl("gate", "Quantity", TRACE_QUANTITIES, tuple(GATE_LABELS[q] for q in TRACE_QUANTITIES),
                     default="c", help="Which of the lesson's quantities the heatmap and the token-by-token bars show.")
MODE = ChoiceControl("mode", "Animation", ("step", "time"), ("One step, stage by stage", "Token by token"),
                     default="step", help="Walk through the cell's equations at one token, or through the sentence.")


@st.cache_resource(show_spinner=False, max_entries=64)
def walkthrough_figure(text, trained, token, unit):
    """Cached as the figure object itself (st.cache_resource): unpickling a Plotly figure re-validates it,
    which costs more than the page's whole rerun budget. The figure is never modified after it is built."""
    reading = read_with_lstm(text, trained)
    return walkthrough_animation(reading.steps[token], unit, reading.tokens[token])


@st.cache_resource(show_spinner=False, max_entries=64)
def time_figure(text, trained, token, unit, quantity):
    reading = read_with_lstm(text, trained)
    return time_animation(reading.steps, list(reading.tokens), unit, quantity, start=token)


@st.cache_resource(show_spinner=False, max_entries=64)
def heatmap_figure(text, trained, quantity, token):
    reading = read_with_lstm(text, trained)
    return gate_heatmap(reading.arrays[quantity], reading.tokens, quantity, highlight=token)


def values_csv(text, trained, quantity):
    """One quantity of the trace as a table: a row per token, a column per unit (made when the button is clicked)."""
    reading = read_with_lstm(text, trained)
    frame = pd.DataFrame(reading.arrays[quantity], columns=[f"unit_{u + 1}" for u in range(reading.steps[0].hidden_size)])
    frame.insert(0, "token", list(reading.tokens))
    frame.insert(0, "position", range(1, len(reading.tokens) + 1))
    return frame.to_csv(index=False)


def choose_token(tokens, default):
    """The token slider (1-based, bound to ?token=), its bounds following the sentence's length."""
    spec = IntControl("token", "Token to open up", 1, len(tokens), default=default,
                      help="Which word of the sentence the step-by-step animation walks through.")
    key = url_state.state_key(spec.param, PAGE)
    if st.session_state.get(key, 1) > len(tokens):          # a shorter sentence than the last one
        st.session_state[key] = len(tokens)
    return url_state.control(spec, page=PAGE) - 1


def pick_clicked_token():
    """A click on the heatmap opens that token in the animation."""
    points = st.session_state[f"{PAGE}_heatmap"].selection.points
    if points:
        st.session_state[url_state.state_key("token", PAGE)] = int(points[0]["x"])


st.title("Data Flow")
st.write("Press **Play** to watch data flow through each gate of the LSTM cell, one equation at a time, with the "
         "trained model's real numbers. Pick any word of your sentence; the heatmap below shows the same gates for "
         "every word and every unit.")
for column, formulas in zip(st.columns(2), LESSON_FLOW):
    column.latex(formulas)

trained = shipped_lstm() is not None
if not trained:
    st.warning("The trained LSTM is not in this copy of the app yet (lstm_engine/memory/models/lstm.npz). Until it is, "
               "this page runs an **untrained** LSTM of the same size (random weights, seed 0): the flow of the "
               "numbers is real, but they mean nothing about language yet.", icon=":material/warning:")

read = limit_sentence(url_state.control(SENTENCE, page=PAGE))
if read.notice:
    st.warning(read.notice, icon=":material/content_cut:")
reading = read_with_lstm(read.text, trained)
if note := unknown_words_note(reading.unknown):
    st.caption(note)
tokens = reading.tokens
hidden = reading.steps[0].hidden_size
story = forget_story_of(read.text, trained)
first_country = story.country_positions[0] + 1 if story.country_positions else 1

token_column, unit_column = st.columns([3, 2])
with token_column:
    token = choose_token(tokens, first_country) if len(tokens) > 1 else 0
    st.markdown(f"Token {token + 1} of {len(tokens)}: **“{tokens[token]}”**")
with unit_column:
    if st.session_state.get(url_state.state_key("unit", PAGE), 1) > hidden:
        st.session_state[url_state.state_key("unit", PAGE)] = hidden
    UNIT = IntControl("unit", "Unit shown in the diagram", 1, hidden, default=story.carrier_units[0] + 1,
                      help="The diagram follows one unit of the hidden state; the default is the unit that changes "
                           "most at the country words. The bars under it show all units.")
    unit = url_state.control(UNIT, page=PAGE) - 1

mode = url_state.control(MODE, page=PAGE)
animation = st.container()             # drawn after the heatmap's controls, which it also uses

st.subheader("Gate heatmap for your sentence")
quantity = url_state.control(GATE, page=PAGE)
st.caption("Hover for exact values. Click a column to open that token in the animation above.")
st.plotly_chart(heatmap_figure(read.text, trained, quantity, token), width="stretch", key=f"{PAGE}_heatmap",
                on_select=pick_clicked_token, selection_mode="points")
st.download_button(f"Download {SYMBOLS[quantity]} for every token and unit (CSV)",
                   partial(values_csv, read.text, trained, quantity), file_name=f"lstm_{quantity}.csv",
                   mime="text/csv", icon=":material/download:")

with animation:
    if mode == "step":
        figure = walkthrough_figure(read.text, trained, token, unit)
        st.caption("Play runs the seven stages in the order of the equations; drag the slider to step by hand.")
    else:
        figure = time_figure(read.text, trained, token, unit, quantity)
        st.caption(f"Play walks through the sentence from token {token + 1}; the bars show "
                   f"{GATE_LABELS[quantity]} of every unit at each token (pick it above the heatmap).")
    st.plotly_chart(figure, width="stretch", key=f"{PAGE}_animation", config={"displayModeBar": False})
