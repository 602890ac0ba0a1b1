"""Each page's figures: engine-call results (dashboard/engine_calls) drawn by the pure builders in dashboard/charts,
cached. Figures are cached as objects (st.cache_resource): unpickling a Plotly figure re-validates it, which costs
more than a rerun may take; they are never modified after they are built, so each is serialised for the browser
once (`shared_figures`). Big ones are also kept by the session that shows them (dashboard/serving/figure_keeping.py),
so a class looking at different words does not rebuild each other's."""

from __future__ import annotations

import functools

import plotly.graph_objects as go
import streamlit as st

from dashboard.serving.streamlit_internals import serialised_once


def shared_figures(max_entries: int):
    """st.cache_resource for a builder of figures shown to every session as built: each go.Figure it returns (alone
    or in a tuple) is serialised once and kept as bytes (serving/streamlit_internals.serialised_once)."""

    def decorate(build):
        @functools.wraps(build)
        def built(*args):
            result = build(*args)
            if isinstance(result, tuple):
                return tuple(serialised_once(part) if isinstance(part, go.Figure) else part for part in result)
            return serialised_once(result) if isinstance(result, go.Figure) else result

        return st.cache_resource(show_spinner=False, max_entries=max_entries)(built)

    return decorate
