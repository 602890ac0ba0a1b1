"""RNN vs LSTM: the lesson's comparison with measurements beside each claim, and the parameter counts."""

from functools import partial

import streamlit as st

from dashboard.charts.params import count_vs_hidden, parameter_bars
from dashboard.charts.theme import MODEL_LABELS
from dashboard.controls import url_state
from dashboard.controls.shared import HIDDEN, INPUT, KINDS, MODELS, SharedControls
from dashboard.controls.url_params import BoolControl, ChoiceControl, IntControl
from dashboard.engine_calls.memory_measurements import all_training_runs, shipped_curves, shipped_flows
from dashboard.text.lesson_comparison import comparison_table, gradient_sentence, memory_sentence
from dashboard.text.tables import csv_text
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
TIMING = dict(batch=16, seq_len=25, repeats=3)      # one training step as timed on this page (best of 3)
# Timed without asking below this much work: ~30 ms of server CPU (hidden ≤ ~150 at input 64), the cost of the page's
# other work per click; a class moving the slider would otherwise time 0.1-0.4 s per new size. Larger: a button.
AUTO_TIMING_FLOPS = 1e9
METRIC_PX = 36                         # Streamlit's metric font (2.25rem)
VALUE_ROOM_PX = 130                    # room for the value in a 165 px card (Streamlit's padding takes the rest)


def value_font_px(values):
    """Font size that fits the longest count into its card. Streamlit cuts a value wider than its card with "…"
    (1,116,160 showed as "1,116,…"); widening the cards would put one a row on a phone, below the slider's screen.
    Measured in Chromium at 36 px: a digit is 0.508 em wide, a comma 0.206 em."""
    widest = max(sum(0.508 if character.isdigit() else 0.206 for character in value) for value in values)
    return min(METRIC_PX, int(VALUE_ROOM_PX / widest))


@st.cache_data(show_spinner=False, max_entries=256)      # three counts, ~2 kB
def counts_at(input_size, hidden_size, layers, bidirectional, convention):
    return {kind: count_parameters(kind, input_size, hidden_size, layers, bidirectional, convention)
            for kind in ("rnn", "gru", "lstm")}


@st.cache_data(show_spinner=False, max_entries=256)
def count_curves(input_size, layers, bidirectional, convention, up_to=None):
    """Totals against hidden size: 1 … 1024 log-spaced, or (zoomed) every size up to `up_to` (~200 points)."""
    if up_to is None:
        sizes = sorted({round(HIDDEN.max_value ** (k / 119)) for k in range(120)})
    else:
        sizes = list(range(1, up_to + 1, max(1, up_to // 200))) + [up_to]
    return {kind: (sizes, [count_parameters(kind, input_size, h, layers, bidirectional, convention).total
                           for h in sizes]) for kind in ("rnn", "gru", "lstm")}


@st.cache_data(show_spinner="Timing one training step of the engine's RNN and LSTM…", max_entries=200)
def step_times_at(input_size, hidden_size):
    return compare_step_times(("rnn", "lstm"), input_size, hidden_size, **TIMING)


# Figures are shared read-only (st.plotly_chart only serialises them). Building one costs 3-5 ms and keeping one
# 31 kB (bars) or 49 kB (curve, measured with tracemalloc), so a few dozen are kept: a class's memory comes back.
FIGURES_KEPT = 32


@st.cache_resource(show_spinner=False, max_entries=FIGURES_KEPT)
def bars_figure(input_size, hidden_size, layers, bidirectional, convention, models):
    counts = counts_at(input_size, hidden_size, layers, bidirectional, convention)
    return parameter_bars({kind: counts[kind] for kind in models})


@st.cache_resource(show_spinner=False, max_entries=FIGURES_KEPT)
def curve_figure(input_size, hidden_size, layers, bidirectional, convention, models, log_scale):
    counts = counts_at(input_size, hidden_size, layers, bidirectional, convention)
    zoom = None if log_scale else min(HIDDEN.max_value, max(2 * hidden_size, 16))    # hidden=20 stays readable
    curves = count_curves(input_size, layers, bidirectional, convention, zoom)
    return count_vs_hidden({kind: curves[kind] for kind in models}, hidden_size,
                           {kind: counts[kind].total for kind in models}, log_scale)


def timing_work(input_size, hidden_size):
    return TIMING["repeats"] * sum(step_flops(kind, input_size, hidden_size, TIMING["batch"], TIMING["seq_len"])
                                   for kind in ("rnn", "lstm"))


def memory_measurements():
    """Sentences for the Memory and Gradients rows, or (None, None) while the trained models are not shipped."""
    try:        # the shipped measurements Why LSTM reads, loaded once per process
        memory = memory_sentence(shipped_curves(), runs=all_training_runs())
        return memory, gradient_sentence(shipped_flows(("rnn", "lstm")))
    except FileNotFoundError:
        return None, None


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

st.header("Parameter counts")
size_column, input_column = st.columns(2)
shared = SharedControls(hidden=url_state.control(HIDDEN, page=PAGE, where=size_column),
                        input=url_state.control(INPUT, page=PAGE, where=input_column))
st.caption("These two sizes act on every count, chart and table on this page.")
count_slot = st.container()

left, middle, right = st.columns(3)
with left:
    layers = url_state.control(LAYERS, page=PAGE)
with middle:
    convention = url_state.control(CONVENTION, page=PAGE)
with right:
    bidirectional = url_state.control(BIDIRECTIONAL, page=PAGE)
models = url_state.control(MODELS, page=PAGE) or KINDS

counts = counts_at(shared.input, shared.hidden, layers, bidirectional, convention)
shown = {kind: counts[kind] for kind in models}
# Right under the sizes, in rows that wrap (two cards a row on a phone), so slider and counts are seen together.
values = {kind: f"{count.total:,}" for kind, count in shown.items()}
if (font_px := value_font_px(values.values())) < METRIC_PX:
    st.html(f'<style>[data-testid="stMetricValue"] {{font-size: {font_px}px;}}</style>')
with count_slot.container(horizontal=True, wrap=True):
    for kind, count in shown.items():
        st.metric(f"{MODEL_LABELS[kind]} parameters", values[kind], help=count.formula, border=True, width=165)
    st.metric("LSTM ÷ RNN", f"{counts['lstm'].ratio_to(counts['rnn']):.2f}×", border=True, width=165,
              help="The lesson says “more parameters (4x RNN)”: this is the measured ratio.")
sizes_and_options = (shared.input, shared.hidden, layers, bidirectional, convention, models)
st.plotly_chart(bars_figure(*sizes_and_options), width="stretch")
st.caption(describe_counts(shown, shared.input, shared.hidden))

log_scale = url_state.control(LOG_SCALE, page=PAGE)
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
memory, gradients = memory_measurements()
table = comparison_table(counts, step_times, memory, gradients)
st.html(table.html("The lesson's comparison, measured"))
if step_times is None and st.button("Measure time per training step", help="Takes a few seconds at large sizes."):
    requested.add(sizes)
    st.rerun()

download_counts, download_table = st.columns(2)
download_counts.download_button("Download parameter counts (CSV)", partial(counts_csv, counts),
                                file_name="parameter_counts.csv", mime="text/csv", icon=":material/download:")
download_table.download_button("Download the comparison table (CSV)", table.csv(),
                               file_name="rnn_vs_lstm.csv", mime="text/csv", icon=":material/download:")
