"""Why LSTM? page (placeholder until its owner lands it)."""

import streamlit as st

st.title("Why LSTM?")
st.write("This page is being built.")
