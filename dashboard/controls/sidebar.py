"""The controls every page shares, drawn once in the sidebar by the entry file and read by the pages.

    from dashboard.controls.sidebar import shared_controls
    shared = shared_controls()        # SharedControls(hidden=128, input=64, models=("rnn", "gru", "lstm"))
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from dashboard.charts.theme import MODEL_LABELS
from dashboard.controls import url_state
from dashboard.controls.url_params import IntControl, MultiChoiceControl

KINDS = ("rnn", "gru", "lstm")

HIDDEN = IntControl("hidden", "Hidden size", 1, 1024, default=128,
                    help="Number of units in the hidden state h (and the cell state C of an LSTM).")
INPUT = IntControl("input", "Input size", 1, 1024, default=64,
                   help="Length of each input vector x(t), e.g. the size of a word embedding.")
MODELS = MultiChoiceControl("models", "Models to compare", KINDS, tuple(MODEL_LABELS[k] for k in KINDS),
                            default=KINDS, help="Which recurrent layers the pages draw side by side.")
SHARED = (HIDDEN, INPUT, MODELS)


@dataclass(frozen=True)
class SharedControls:
    hidden: int
    input: int
    models: tuple[str, ...]      # never empty: an empty pick means all three


def render_sidebar() -> SharedControls:
    """Draw the shared controls in the sidebar (called once per run by the entry file)."""
    with st.sidebar:
        st.subheader("Model sizes")
        hidden = url_state.control(HIDDEN, where=st.sidebar)
        input_size = url_state.control(INPUT, where=st.sidebar)
        models = url_state.control(MODELS, where=st.sidebar)
        if not models:
            st.caption("No model picked, so the pages show all three.")
    return SharedControls(hidden=hidden, input=input_size, models=models or KINDS)


def shared_controls() -> SharedControls:
    """The shared values of this run, for pages (the sidebar has already been drawn)."""
    state = st.session_state
    return SharedControls(hidden=state[url_state.state_key(HIDDEN.param)],
                          input=state[url_state.state_key(INPUT.param)],
                          models=tuple(state[url_state.state_key(MODELS.param)]) or KINDS)
