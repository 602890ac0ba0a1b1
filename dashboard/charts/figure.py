"""How every chart becomes a Plotly figure: from plain trace, layout and frame dicts, without Plotly's
property-by-property validation (several times cheaper per figure; the constructor lives with the other private
names of Plotly and Streamlit in dashboard/serving/streamlit_internals.py). tests/test_charts_unvalidated.py builds
every chart and checks that Plotly's validating constructor accepts it and serialises it to the same JSON.
"""
from __future__ import annotations

import plotly.graph_objects as go

from dashboard.serving.streamlit_internals import unvalidated_figure


def figure(data: list, layout: dict, frames: list | None = None) -> go.Figure:
    """go.Figure(data, layout, frames) as validation would make it."""
    return unvalidated_figure(data, layout, frames)


def figure_with(traces: list[dict], layout: dict, **changes) -> go.Figure:
    """One figure from trace dicts and a base layout; `changes` update top-level layout keys (dicts are merged one
    level deep, so `xaxis=dict(range=...)` keeps the axis title)."""
    for name, value in changes.items():
        layout[name] = {**layout[name], **value} if isinstance(value, dict) and name in layout else value
    return figure(traces, layout)
