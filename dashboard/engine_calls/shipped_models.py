"""The one door to the shipped RNN, GRU and LSTM: each is loaded from `lstm_engine/memory/models/` once per server
process and shared, read-only, by every page and session (Why LSTM's predictions, Gates, Data Flow, RNN vs LSTM).

    model = shipped_model("lstm")       # raises FileNotFoundError while the weights are not shipped

Loaded once per process in a plain module-level table, not in `st.cache_resource`: any browser can send
Streamlit's `clear_cache` message, which empties every st.cache_* for all users, and reloading the models would make
everyone's next click slow. This table survives it; it holds at most one model per kind, featured run and loader.

`load_shipped` is looked up at call time and the table is keyed by it, so a test that patches
`lstm_engine.memory.shipped.load_shipped` gets its stand-in at once (clearing Streamlit's caches as before is
harmless); `clear_loaded_models()` empties the table for a test that needs a fresh load of the same loader.
"""

from __future__ import annotations

import threading

from lstm_engine.memory import shipped

_LOADED: dict[tuple[object, str, str], object] = {}  # (loader, kind, run) -> model; written once, then read-only
_LOADING = threading.Lock()                        # two sessions opening a page at once load a model once


def shipped_model(kind: str, run: str = "typical"):
    """The shipped model of `kind`: its typical training run, or the featured "best" or "worst" run."""
    loader = shipped.load_shipped
    key = (loader, kind, run)
    model = _LOADED.get(key)
    if model is None:
        with _LOADING:
            model = _LOADED.get(key)
            if model is None:                      # a missing file raises and is not remembered
                model = loader(kind) if run == "typical" else loader(kind, run)
                _LOADED[key] = model
    return model


def clear_loaded_models() -> None:
    """Empty the table (tests only; the server never needs to)."""
    with _LOADING:
        _LOADED.clear()
