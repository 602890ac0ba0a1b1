"""The floor for bench/load_test.py: the least a Streamlit page with one control and one chart can cost.
Five pages with the dashboard's url paths, each one slider and one Plotly line chart of 200 points."""

import numpy as np
import plotly.graph_objects as go
import streamlit as st


def _page() -> None:
    value = st.slider("Value", 0, 400, 100, key="floor_value")
    x = np.arange(200)
    figure = go.Figure(go.Scatter(x=x, y=np.sin(x / (1 + value / 40)), mode="lines"))
    figure.update_layout(title="Floor", xaxis_title="x", yaxis_title="y")
    st.plotly_chart(figure)
    st.markdown(f"value={value}")


def _named(path: str):
    """One function per page: Streamlit tells pages apart by their callable's name."""
    def page() -> None:
        _page()
    page.__name__ = page.__qualname__ = "floor_" + path.replace("-", "_")
    return page


PATHS = ("why-lstm", "gates", "data-flow", "rnn-vs-lstm", "summary")
st.navigation([st.Page(_named(path), title=path, url_path=path, default=(path == PATHS[0]))
               for path in PATHS]).run()
