"""The Streamlit dashboard: `streamlit_app.py` routes to one thin file per page in `app_pages/`; pages read
`engine_calls/` (cached calls into lstm_engine), draw `figures/` (engine results drawn by the pure builders in
`charts/`), take their widgets from `controls/` and their words from `text/`; `lesson/` shows the same figures one
step at a time as the guided lesson; `serving/` tunes the server and is the one place that touches Streamlit's or
Plotly's internals (docs/architecture.md)."""
