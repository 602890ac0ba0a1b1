"""RNN vs LSTM page (placeholder until its owner lands it)."""

import streamlit as st

st.title("RNN vs LSTM")
st.write("This page is being built.")
