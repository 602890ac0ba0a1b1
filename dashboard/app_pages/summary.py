"""Summary: the lesson's four parts of the LSTM, the key takeaway, and a short self-check."""

import streamlit as st

from dashboard.controls import url_state
from dashboard.controls.shared import HIDDEN, INPUT
from dashboard.engine_calls.memory_measurements import findings
from dashboard.text.memory_insight import takeaway
from dashboard.text.summary_quiz import NumberQuestion, check, quiz
from dashboard.text.tables import csv_text

PAGE = "sum"
# (part, what it does, equation, page that shows it) — the lesson's summary in its own words.
PARTS = (
    ("Forget Gate", "Decides what to remove from memory", r"f(t) = \sigma(W_f \cdot [h(t-1), x(t)] + b_f)",
     "app_pages/gates.py", "Gates"),
    ("Input Gate", "Decides what new info to store", r"i(t) = \sigma(W_i \cdot [h(t-1), x(t)] + b_i)",
     "app_pages/gates.py", "Gates"),
    ("Candidate", "Creates new candidate values", r"\tilde{c}(t) = \tanh(W_c \cdot [h(t-1), x(t)] + b_c)",
     "app_pages/data_flow.py", "Data Flow"),
    ("Output Gate", "Decides what to output", r"o(t) = \sigma(W_o \cdot [h(t-1), x(t)] + b_o)",
     "app_pages/gates.py", "Gates"),
)


@st.cache_data(show_spinner=False, max_entries=256)      # a quiz of a few questions per (input, hidden) size
def questions(input_size, hidden_size):
    return quiz(input_size, hidden_size)


st.title("LSTM Summary")

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



@st.fragment
def check_yourself(input_size, hidden_size):
    """The questions: an answer reruns only this part of the page."""
    score = 0
    for number, question in enumerate(questions(input_size, hidden_size), start=1):
        key = f"{PAGE}_{question.key}"
        if isinstance(question, NumberQuestion):
            response = st.number_input(f"{number}. {question.prompt}", min_value=0, max_value=10**9, value=None,
                                       step=1, key=key, placeholder="Type a whole number")
        else:
            response = st.radio(f"{number}. {question.prompt}", question.options, index=None, key=key)
        feedback = check(question, response)
        if feedback is not None:
            (st.success if feedback.correct else st.error)(feedback.message)
            score += feedback.correct
    st.progress(score / (number or 1), text=f"{score} of {number} right")


st.header("Check yourself")
st.caption("The answers are computed by the engine. The two sizes below act on the last question's numbers "
           "(and on the RNN vs LSTM page, which shares them).")
size_column, input_column = st.columns(2)
hidden = url_state.control(HIDDEN, where=size_column)
input_size = url_state.control(INPUT, where=input_column)
check_yourself(input_size, hidden)



def summary_csv() -> str:
    """The four parts as CSV, made when the button is clicked."""
    return csv_text(("part", "role", "equation", "shown_on"),
                    [(part, role, equation, page_title) for part, role, equation, _, page_title in PARTS])


st.download_button("Download the summary (CSV)", summary_csv, file_name="lstm_summary.csv",
                   mime="text/csv", icon=":material/download:")
