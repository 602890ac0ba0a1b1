"""Pure functions that build Plotly figures for the dashboard pages.

Each submodule serves one subject; every builder takes plain values (numbers, arrays, dataclasses from
lstm_engine) and returns a `plotly.graph_objects.Figure` with a title and labelled axes.
"""
