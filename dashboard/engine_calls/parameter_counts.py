"""RNN vs LSTM's engine calls: parameter counts at a size, against the hidden size, and a timed training step."""

from __future__ import annotations

import streamlit as st

from lstm_engine import count_parameters
from lstm_engine.layers.training_cost import compare_step_times, step_flops

KINDS = ("rnn", "gru", "lstm")
LARGEST_HIDDEN = 1024
TIMING = dict(batch=16, seq_len=25, repeats=3)      # one training step as timed on the page (best of 3)


@st.cache_data(show_spinner=False, max_entries=256)      # three counts, ~2 kB
def counts_at(input_size, hidden_size, layers, bidirectional, convention):
    return {kind: count_parameters(kind, input_size, hidden_size, layers, bidirectional, convention) for kind in KINDS}


@st.cache_data(show_spinner=False, max_entries=256)
def count_curves(input_size, layers, bidirectional, convention, up_to=None):
    """Totals against hidden size: 1 … 1024 log-spaced, or (zoomed) every size up to `up_to` (~200 points)."""
    if up_to is None:
        sizes = sorted({round(LARGEST_HIDDEN ** (k / 119)) for k in range(120)})
    else:
        sizes = list(range(1, up_to + 1, max(1, up_to // 200))) + [up_to]
    return {kind: (sizes, [count_parameters(kind, input_size, h, layers, bidirectional, convention).total
                           for h in sizes]) for kind in KINDS}


@st.cache_data(show_spinner="Timing one training step of the engine's RNN, GRU and LSTM…", max_entries=200)
def step_times_at(input_size, hidden_size):
    return compare_step_times(KINDS, input_size, hidden_size, **TIMING)


def timing_work(input_size, hidden_size) -> float:
    """Floating-point operations `step_times_at` would spend (the page asks before timing large sizes)."""
    return TIMING["repeats"] * sum(step_flops(kind, input_size, hidden_size, TIMING["batch"], TIMING["seq_len"])
                                   for kind in KINDS)
