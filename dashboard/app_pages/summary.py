"""Summary: the lesson's four parts of the LSTM, the key takeaway, and a self-check about the lesson: why the RNN
fails and what each gate does, each answer measured (dashboard/class_ui/measured.py)."""

import streamlit as st

from dashboard.class_ui import ask
from dashboard.classroom import LESSON_QUESTIONS
from dashboard.classroom.questions import GATE_ROLES
from dashboard.controls import url_state
from dashboard.engine_calls.memory_measurements import findings
from dashboard.text.memory_insight import takeaway
from dashboard.text.tables import csv_text

PAGE = "sum"
SUMMARY_QUESTIONS = tuple(question.id for question in LESSON_QUESTIONS if question.page == "summary")
# (part, what it does, equation, page that shows it) — the lesson's summary in its own words (the quiz's too).
PARTS = (
    ("Forget Gate", GATE_ROLES[0], r"f(t) = \sigma(W_f \cdot [h(t-1), x(t)] + b_f)",
     "app_pages/gates.py", "Gates"),
    ("Input Gate", GATE_ROLES[1], r"i(t) = \sigma(W_i \cdot [h(t-1), x(t)] + b_i)",
     "app_pages/gates.py", "Gates"),
    ("Candidate", GATE_ROLES[3], r"\tilde{c}(t) = \tanh(W_c \cdot [h(t-1), x(t)] + b_c)",
     "app_pages/data_flow.py", "Data Flow"),
    ("Output Gate", GATE_ROLES[2], r"o(t) = \sigma(W_o \cdot [h(t-1), x(t)] + b_o)",
     "app_pages/gates.py", "Gates"),
)


st.title("LSTM Summary")
st.header("Check yourself first")
st.caption("About the lesson, not arithmetic: pick an answer, then see what the app measured (in a live class, when "
           "your teacher reveals it). The summary follows.")
ask(*SUMMARY_QUESTIONS)

st.header("The four parts of the cell")

for index, (part, role, equation, page, page_title) in enumerate(PARTS):
    if index % 2 == 0:
        columns = st.columns(2)
    with columns[index % 2].container(border=True):
        st.markdown(f"**{part}**")
        st.write(role)
        st.latex(equation)
        url_state.page_link(page, f"See it on {page_title}", icon=":material/arrow_forward:")

# Two lines, not one: a phone (390 px) cut the joined pair at "h(".
st.latex(r"C(t) = f(t) \odot C(t-1) + i(t) \odot \tilde{c}(t)")
st.latex(r"h(t) = o(t) \odot \tanh(C(t))")
with st.container(border=True):
    st.markdown("**Key takeaway** (the lesson's words): *“LSTM's gates allow it to selectively remember important "
                "information and forget irrelevant details, solving the vanishing gradient problem!”*")
    try:
        st.markdown(takeaway(findings()))
    except FileNotFoundError:
        st.caption("What this app measured appears once the trained models are shipped.")
    left, right = st.columns(2)
    with left:
        url_state.page_link("app_pages/why_lstm.py", "Why LSTM: the memory problem", icon=":material/help:")
    with right:
        url_state.page_link("app_pages/rnn_vs_lstm.py", "RNN vs LSTM: the measured comparison",
                            icon=":material/compare_arrows:")



def summary_csv() -> str:
    """The four parts as CSV, made when the button is clicked."""
    return csv_text(("part", "role", "equation", "shown_on"),
                    [(part, role, equation, page_title) for part, role, equation, _, page_title in PARTS])


st.download_button("Download the summary (CSV)", summary_csv, file_name="lstm_summary.csv",
                   mime="text/csv", icon=":material/download:")
