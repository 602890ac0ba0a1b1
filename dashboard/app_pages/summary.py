"""Summary page (placeholder until its owner lands it)."""

import streamlit as st

st.title("Summary")
st.write("This page is being built.")
