"""RNN vs LSTM: the lesson's comparison with measurements beside each claim, and the parameter counts."""

from functools import partial

import streamlit as st

from dashboard.charts.theme import MODEL_LABELS
from dashboard.class_ui import ask
from dashboard.controls import url_state
from dashboard.controls.metric_cards import CARD_PX, fit_values
from dashboard.controls.shared import HIDDEN, INPUT, KINDS, MODELS, SharedControls
from dashboard.controls.url_params import BoolControl, ChoiceControl, IntControl
from dashboard.engine_calls.memory_measurements import findings
from dashboard.engine_calls.parameter_counts import counts_at, step_times_at, timing_work
from dashboard.figures.rnn_vs_lstm import bars_figure, curve_figure
from dashboard.text.lesson_comparison import comparison_table, gradient_sentence, gru_answer, memory_sentence
from dashboard.text.tables import csv_text

PAGE = "rvl"
LAYERS = IntControl("layers", "Layers", 1, 4, default=1, help="Recurrent layers stacked on top of each other.")
BIDIRECTIONAL = BoolControl("bidirectional", "Bidirectional", default=False,
                            help="A second copy of every layer reads the sequence backwards.")
CONVENTION = ChoiceControl("convention", "Count as", ("pytorch", "keras"), ("PyTorch", "Keras"), default="pytorch",
                           help="PyTorch keeps two bias vectors per gate (bias_ih and bias_hh); Keras keeps one "
                                "(two for GRU with reset_after=True).")
LOG_SCALE = BoolControl("log", "Log scale", default=False, help="Log axes show small and large sizes together.")
# Timed without asking up to about the page's own cost per click (hidden ≤ ~150 at input 64); larger sizes, which
# would cost a class moving the slider a fraction of a second each, wait for a button (docs/performance.md).
AUTO_TIMING_FLOPS = 1e9


def shipped_findings():
    """The shipped measurements Why LSTM reads, or None while the trained models are not shipped."""
    try:
        return findings()
    except FileNotFoundError:
        return None


def describe_counts(shown, input_size, hidden_size):
    """The bars' text alternative: each model's total and the ratio, as the engine counted them."""
    totals = " · ".join(f"{MODEL_LABELS[kind]} {count.total:,}" for kind, count in shown.items())
    return (f"Parameters in total at input size {input_size}, hidden size {hidden_size}: {totals}. "
            "Hover a bar for its formula; the CSV below lists every weight group.")


def describe_growth(input_size, hidden_size, layers, bidirectional, convention):
    """The curve's text alternative: what doubling the hidden size does to the LSTM's count (from the engine)."""
    now = counts_at(input_size, hidden_size, layers, bidirectional, convention)["lstm"].total
    if 2 * hidden_size > HIDDEN.max_value:
        return f"The LSTM has {now:,} parameters at hidden size {hidden_size}."
    doubled = counts_at(input_size, 2 * hidden_size, layers, bidirectional, convention)["lstm"].total
    return (f"The LSTM has {now:,} parameters at hidden size {hidden_size} and {doubled:,} at {2 * hidden_size} "
            f"({doubled / now:.1f}× for twice the units: the recurrent weights grow with the square of H).")


def counts_csv(counts) -> str:
    """The parameter counts as CSV, made when the button is clicked."""
    return csv_text(
        ("model", "convention", "input_size", "hidden_size", "layers", "bidirectional", "input_weights",
         "recurrent_weights", "biases", "total", "formula"),
        [(MODEL_LABELS[kind], c.convention, c.input_size, c.hidden_size, c.num_layers, c.bidirectional,
          c.input_weights, c.recurrent_weights, c.biases, c.total, c.formula) for kind, c in counts.items()])


st.title("RNN vs LSTM")
st.write("An RNN keeps one hidden state and rewrites it at every step; an LSTM adds a cell state that gates "
         "protect. The price is four blocks of weights instead of one, counted here by the engine.")

ask("rnn-vs-lstm.parameter-ratio")
st.header("Parameter counts")
size_column, input_column = st.columns(2)
shared = SharedControls(hidden=url_state.control(HIDDEN, where=size_column),
                        input=url_state.control(INPUT, where=input_column))
st.caption("These two sizes act on every count, chart and table on this page.")
count_slot = st.container()

left, middle, right = st.columns(3)
with left:
    layers = url_state.control(LAYERS)
with middle:
    convention = url_state.control(CONVENTION)
with right:
    bidirectional = url_state.control(BIDIRECTIONAL)
models = url_state.control(MODELS) or KINDS

counts = counts_at(shared.input, shared.hidden, layers, bidirectional, convention)
shown = {kind: counts[kind] for kind in models}
# Right under the sizes, in rows that wrap (two cards a row on a phone), so slider and counts are seen together.
values = {kind: f"{count.total:,}" for kind, count in shown.items()}
fit_values(values.values())
with count_slot.container(horizontal=True, wrap=True):
    for kind, count in shown.items():
        st.metric(f"{MODEL_LABELS[kind]} parameters", values[kind], help=count.formula, border=True, width=CARD_PX)
    st.metric("LSTM ÷ RNN", f"{counts['lstm'].ratio_to(counts['rnn']):.2f}×", border=True, width=CARD_PX,
              help="The lesson says “more parameters (4x RNN)”: this is the measured ratio.")
sizes_and_options = (shared.input, shared.hidden, layers, bidirectional, convention, models)
st.plotly_chart(bars_figure(*sizes_and_options), width="stretch")
st.caption(describe_counts(shown, shared.input, shared.hidden))

log_scale = url_state.control(LOG_SCALE)
st.plotly_chart(curve_figure(*sizes_and_options, log_scale), width="stretch")
st.caption(describe_growth(shared.input, shared.hidden, layers, bidirectional, convention)
           + ("" if log_scale else " The curve is zoomed to hidden sizes up to twice the chosen one; "
                                   "Log scale shows 1–1,024."))

st.header("The lesson's comparison, measured")
requested = st.session_state.setdefault(f"{PAGE}_timing_requests", set())
sizes = (shared.input, shared.hidden)
if timing_work(*sizes) <= AUTO_TIMING_FLOPS or sizes in requested:
    step_times = step_times_at(*sizes)
else:
    step_times = None
found = shipped_findings()
table = comparison_table(counts, step_times, found and memory_sentence(found), found and gradient_sentence(found))
st.html(table.html("The lesson's comparison, measured"))
if step_times is None and st.button("Measure time per training step", help="Takes a few seconds at large sizes."):
    requested.add(sizes)
    st.rerun()

download_counts, download_table = st.columns(2)
download_counts.download_button("Download parameter counts (CSV)", partial(counts_csv, counts),
                                file_name="parameter_counts.csv", mime="text/csv", icon=":material/download:")
download_table.download_button("Download the comparison table (CSV)", table.csv(),
                               file_name="rnn_vs_lstm.csv", mime="text/csv", icon=":material/download:")

st.header("So why LSTM, and not GRU?")
if found is None:
    st.caption("Measured once the trained models are shipped.")
else:
    st.write("The GRU (2014) is the LSTM's (1997) younger cousin: gates too, but no separate cell state. Both are in "
             "every chart of this app; here is what they measured side by side.")
    st.markdown("\n".join(f"- {line}" for line in gru_answer(found, counts, step_times)))
    st.caption("In this task the GRU keeps pace with the LSTM for fewer parameters. The lesson's case is for gated "
               "memory, which both have; it teaches the LSTM because its separate cell state makes the mechanism "
               "easiest to see (Gates, Data Flow).")
