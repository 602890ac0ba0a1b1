"""RNN vs LSTM: the lesson's comparison with measurements beside each claim, and the parameter counts."""

import pandas as pd
import streamlit as st

from dashboard.charts.params import count_vs_hidden, parameter_bars
from dashboard.charts.theme import MODEL_LABELS
from dashboard.controls import url_state
from dashboard.controls.sidebar import HIDDEN, shared_controls
from dashboard.controls.url_params import BoolControl, ChoiceControl, IntControl
from dashboard.engine_calls.memory_measurements import all_training_runs, measured_flows, shipped_curves
from dashboard.text.lesson_comparison import comparison_table, gradient_sentence, memory_sentence
from lstm_engine import count_parameters
from lstm_engine.layers.training_cost import compare_step_times, step_flops

PAGE = "rvl"
LAYERS = IntControl("layers", "Layers", 1, 4, default=1, help="Recurrent layers stacked on top of each other.")
BIDIRECTIONAL = BoolControl("bidirectional", "Bidirectional", default=False,
                            help="A second copy of every layer reads the sequence backwards.")
CONVENTION = ChoiceControl("convention", "Count as", ("pytorch", "keras"), ("PyTorch", "Keras"), default="pytorch",
                           help="PyTorch keeps two bias vectors per gate (bias_ih and bias_hh); Keras keeps one "
                                "(two for GRU with reset_after=True).")
LOG_SCALE = BoolControl("log", "Log scale", default=False, help="Log axes show small and large sizes together.")
TIMING = dict(batch=16, seq_len=25, repeats=7)      # one training step as timed on this page (best of 7)
AUTO_TIMING_FLOPS = 6e9                               # measure without asking below this much work


@st.cache_data(show_spinner=False)
def counts_at(input_size, hidden_size, layers, bidirectional, convention):
    return {kind: count_parameters(kind, input_size, hidden_size, layers, bidirectional, convention)
            for kind in ("rnn", "gru", "lstm")}


@st.cache_data(show_spinner=False)
def count_curves(input_size, layers, bidirectional, convention):
    sizes = sorted({round(HIDDEN.max_value ** (k / 119)) for k in range(120)})   # 1 … 1024, log-spaced
    return {kind: (sizes, [count_parameters(kind, input_size, h, layers, bidirectional, convention).total
                           for h in sizes]) for kind in ("rnn", "gru", "lstm")}


@st.cache_data(show_spinner="Timing one training step of the engine's RNN and LSTM…", max_entries=200)
def step_times_at(input_size, hidden_size):
    return compare_step_times(("rnn", "lstm"), input_size, hidden_size, **TIMING)


# Figures are shared read-only (st.plotly_chart only serialises them): building one costs ~20 ms of Plotly.
@st.cache_resource(show_spinner=False, max_entries=512)
def bars_figure(input_size, hidden_size, layers, bidirectional, convention, models):
    counts = counts_at(input_size, hidden_size, layers, bidirectional, convention)
    return parameter_bars({kind: counts[kind] for kind in models})


@st.cache_resource(show_spinner=False, max_entries=512)
def curve_figure(input_size, hidden_size, layers, bidirectional, convention, models, log_scale):
    counts = counts_at(input_size, hidden_size, layers, bidirectional, convention)
    curves = count_curves(input_size, layers, bidirectional, convention)
    return count_vs_hidden({kind: curves[kind] for kind in models}, hidden_size,
                           {kind: counts[kind].total for kind in models}, log_scale)


def timing_work(input_size, hidden_size):
    return TIMING["repeats"] * sum(step_flops(kind, input_size, hidden_size, TIMING["batch"], TIMING["seq_len"])
                                   for kind in ("rnn", "lstm"))


@st.cache_resource(show_spinner="Measuring the gradient flow of the shipped models…")
def memory_measurements():
    """Sentences for the Memory and Gradients rows, or (None, None) while the trained models are not shipped."""
    try:        # the Why LSTM page's cached loads and measurements: one of each per server
        memory = memory_sentence(shipped_curves(), runs=all_training_runs())
        return memory, gradient_sentence(measured_flows(100, ("rnn", "lstm")))
    except FileNotFoundError:
        return None, None


shared = shared_controls()
st.title("RNN vs LSTM")
st.write("An RNN keeps one hidden state and rewrites it at every step; an LSTM adds a cell state that gates "
         "protect. The price is four blocks of weights instead of one. Every number below is computed by the "
         "engine at the sizes you choose in the sidebar.")

left, middle, right = st.columns(3)
with left:
    layers = url_state.control(LAYERS, page=PAGE)
with middle:
    convention = url_state.control(CONVENTION, page=PAGE)
with right:
    bidirectional = url_state.control(BIDIRECTIONAL, page=PAGE)

counts = counts_at(shared.input, shared.hidden, layers, bidirectional, convention)
shown = {kind: counts[kind] for kind in shared.models}

st.subheader("Parameter count comparison")
metric_columns = st.columns(len(shown) + 1)
for column, (kind, count) in zip(metric_columns, shown.items()):
    column.metric(f"{MODEL_LABELS[kind]} parameters", f"{count.total:,}", help=count.formula, border=True)
metric_columns[-1].metric("LSTM ÷ RNN", f"{counts['lstm'].ratio_to(counts['rnn']):.2f}×", border=True,
                          help="The lesson says “more parameters (4x RNN)”: this is the measured ratio.")
sizes_and_options = (shared.input, shared.hidden, layers, bidirectional, convention, shared.models)
st.plotly_chart(bars_figure(*sizes_and_options), width="stretch")

log_scale = url_state.control(LOG_SCALE, page=PAGE)
st.plotly_chart(curve_figure(*sizes_and_options, log_scale), width="stretch")

st.subheader("The lesson's comparison, measured")
requested = st.session_state.setdefault(f"{PAGE}_timing_requests", set())
sizes = (shared.input, shared.hidden)
if timing_work(*sizes) <= AUTO_TIMING_FLOPS or sizes in requested:
    step_times = step_times_at(*sizes)
else:
    step_times = None
memory, gradients = memory_measurements()
table = comparison_table(counts, step_times, memory, gradients)
st.table(table.set_index("Aspect"))
if step_times is None and st.button("Measure time per training step", help="Takes a few seconds at large sizes."):
    requested.add(sizes)
    st.rerun()

counts_frame = pd.DataFrame([
    dict(model=MODEL_LABELS[kind], convention=c.convention, input_size=c.input_size, hidden_size=c.hidden_size,
         layers=c.num_layers, bidirectional=c.bidirectional, input_weights=c.input_weights,
         recurrent_weights=c.recurrent_weights, biases=c.biases, total=c.total, formula=c.formula)
    for kind, c in counts.items()])
download_counts, download_table = st.columns(2)
download_counts.download_button("Download parameter counts (CSV)", counts_frame.to_csv(index=False),
                                file_name="parameter_counts.csv", mime="text/csv", icon=":material/download:")
download_table.download_button("Download the comparison table (CSV)", table.to_csv(index=False),
                               file_name="rnn_vs_lstm.csv", mime="text/csv", icon=":material/download:")
