"""The one door to the shipped RNN, GRU and LSTM: each is loaded from `lstm_engine/memory/models/` once per server
and shared, read-only, by every page and session (Why LSTM's predictions, Gates, Data Flow, RNN vs LSTM).

    model = shipped_model("lstm")       # raises FileNotFoundError while the weights are not shipped

`load_shipped` is looked up at call time, so tests can stand in a model by patching
`lstm_engine.memory.shipped.load_shipped` and clearing Streamlit's caches.
"""

from __future__ import annotations

import streamlit as st

from lstm_engine.memory import shipped


@st.cache_resource(show_spinner="Loading the trained models…")
def shipped_model(kind: str):
    return shipped.load_shipped(kind)
