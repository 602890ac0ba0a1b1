"""Data Flow page (placeholder until its owner lands it)."""

import streamlit as st

st.title("Data Flow")
st.write("This page is being built.")
