"""Gates page (placeholder until its owner lands it)."""

import streamlit as st

st.title("Gates")
st.write("This page is being built.")
