"""The memory experiment's measurements, for every page: one table per process, and live answers for a sentence.

Everything a control can ask for was measured when the models were trained and ships in
`lstm_engine/memory/models/<kind>.json`; `findings()` reads it once per process (`functools.cache`, not
`st.cache_*`, which any client can clear) into `lstm_engine.memory.findings.Findings`, the one place every quoted
figure is computed. A page, a caption and a table asking for the same quantity at the same setting get the same
number. The live answers for a shown sentence are one forward pass of each model, cached per sentence.
"""

from __future__ import annotations

from functools import cache

import streamlit as st

from dashboard.engine_calls.shipped_models import shipped_model
from lstm_engine.memory.findings import Findings, load_findings
from lstm_engine.memory.memory_task import TaskConfig

PAIRS = TaskConfig().pairs
PREDICTIONS_KEPT = 256                  # (sentence, run) pairs, ~13 kB each


@cache
def findings() -> Findings:
    """Raises FileNotFoundError while the shipped models (or their measurements) are missing."""
    return load_findings()


@st.cache_data(show_spinner=False, max_entries=PREDICTIONS_KEPT)
def predictions_for(text: str, kinds: tuple, run: str = "typical") -> dict:
    """{kind: Prediction} of the featured `run` of each kind for `text`."""
    return {kind: shipped_model(kind, run).predict(text) for kind in kinds}
