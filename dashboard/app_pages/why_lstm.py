"""Why LSTM? The lesson's memory problem on the shipped RNN, GRU and LSTM: ten training runs of each, the typical
one featured, and what the runs show about memory, learning and the gradient."""

from functools import partial

import streamlit as st

from dashboard.charts.memory_runs import LEARNING_TITLE, RETENTION_TITLE, gradient_reach, retention_runs
from dashboard.charts.theme import MODEL_LABELS
from dashboard.controls import url_state
from dashboard.controls.shared import shared_controls
from dashboard.controls.url_params import BoolControl, ChoiceControl, IntControl, TextControl
from dashboard.engine_calls.memory_measurements import PAIRS, accuracy_at, memory_tables
from dashboard.figures.why_lstm import answer_bars, runs_figures
from dashboard.text.exports import runs_csv
from dashboard.text.memory_insight import (
    COUNT_GAP,
    gradient_words,
    keeping_line,
    key_insight,
    learning_caption,
    no_country_note,
    run_phrase,
    yours_compared,
)
from dashboard.text.tables import Table
from dashboard.training.train_yourself import collect_finished, train_yourself_panel
from lstm_engine.memory.memory_task import lesson_sentence, tokenize
from lstm_engine.memory.shipped import RUNS, SHIPPED_KINDS

PAGE = "why"
RUN = ChoiceControl("run", "Training run shown", RUNS, ("Typical", "Best", "Worst"), default="typical",
                    help="Each model was trained ten times from different random starting weights. Typical: the "
                         "run with the median accuracy on held-out sentences. Best and worst: the extremes.")
COUNTRY = ChoiceControl("country", "Country", tuple(c.lower() for c, _ in PAIRS), tuple(c for c, _ in PAIRS),
                        default="france", help="Where the speaker grew up: the fact the model must remember.")
GAP = IntControl("gap", "Words in between", 0, 400, default=100,
                 help="Filler words between the country and “so I speak fluent ___”.")
TEXT = TextControl("text", "Type your own sentence", max_chars=2000,
                   placeholder="e.g. I grew up in Japan. We lived by the sea. So I speak fluent",
                   help="Any text: words the models never saw are read as the unknown word <unk>.")
FLOW = BoolControl("flow", "Show how much training signal reaches the country", default=False,
                   help="Measured by backpropagation on the shown training runs when they were trained.")


def show_predictions(text, kinds, run, title, subtitle, own=False):
    """Bars for `text`, or a plain message when there is nothing the models can read; for a typed sentence that
    names no known country, a note that the answer is a guess."""
    tokens = tokenize(text)
    if not tokens:
        st.info("There are no words to read in this text (emoji, symbols and spaces are skipped). "
                "Type a sentence such as “I grew up in Spain. So I speak fluent”.", icon=":material/info:")
        return
    figure, unknown, answer, tops = answer_bars(text, kinds, run, title, subtitle)
    if own and answer is None:
        st.warning(no_country_note(PAIRS), icon=":material/help:")
    st.plotly_chart(figure, width="stretch")
    read = ("Top answers: " + ", ".join(f"{MODEL_LABELS[k]} {language} {p:.0%}" for k, (language, p) in tops.items())
            + f". The models read {len(tokens):,} words.")
    if unknown:
        distinct = list(dict.fromkeys(unknown))
        listed = ", ".join(f"`{word}`" for word in distinct[:12]) + (" …" if len(distinct) > 12 else "")
        read += f" {len(unknown):,} they never saw are read as <unk>: {listed}"
    st.caption(read)


def data_table(label, spreads, x_title, chart_title):
    """The text alternative of a runs chart: median and middle half per kind at each x."""
    with st.expander(label, icon=":material/table:"):
        columns = (x_title, *(f"{MODEL_LABELS[kind]} {what}" for kind in spreads for what in ("median", "middle half")))
        rows = tuple((x, *(cell for spread in spreads.values()
                           for cell in (f"{spread.median[k]:.0%}", f"{spread.q1[k]:.0%}–{spread.q3[k]:.0%}")))
                     for k, x in enumerate(next(iter(spreads.values())).x))
        st.html(Table(columns, rows).html(f"{chart_title}: the data", max_height=400))


@st.fragment
def memory_problem(kinds, run, total):
    """Country, gap, the shown runs' accuracy at that gap and their answers: a gap change reruns only this."""
    numbers, controls = st.columns([3, 2], gap="large")       # a phone stacks them: the numbers come first
    with controls:
        country = COUNTRY.label_of(url_state.control(COUNTRY))
        gap = url_state.control(GAP)
    points = {kind: accuracy_at(kind, run, gap) for kind in kinds}
    with numbers:
        st.markdown(f"**I grew up in {country}.** … *{gap} words* … **So I speak fluent ___**")
        st.header("Right answers: " + " · ".join(f"{MODEL_LABELS[k]} {points[k].accuracy:.0%}" for k in kinds),
                   anchor=False)
        samples = next(iter(points.values())).samples
        intervals = ", ".join(f"{MODEL_LABELS[k]} {points[k].low:.0%}–{points[k].high:.0%}" for k in kinds)
        st.caption(f"On {samples:,} fresh sentences with exactly {gap} words in between (95% intervals: "
                   f"{intervals}), for {run_phrase(run, total)}.")
    sentence = lesson_sentence(country, gap)
    show_predictions(sentence, kinds, run, "What each model answers for the blank",
                     f"{country}, {gap} words in between · {run} runs")
    with st.expander(f"Read the {gap} words in between" if gap else "Read the whole sentence"):
        st.write(sentence)


shared = shared_controls(uses=("models",), acts_on="the answers, accuracies and curves on this page")
kinds = tuple(kind for kind in SHIPPED_KINDS if kind in shared.models)
st.title("Why LSTM? The problem with RNNs")
st.markdown("The lesson: *“I grew up in France… [100 words later] …so I speak fluent ___”* — a plain RNN "
            "forgets France before it must say French. Three models trained on exactly that task (same data, "
            "size and budget) try it here.")
try:
    tables = memory_tables()
except FileNotFoundError as missing:
    st.error(f"The trained models are not shipped with this copy of the app yet, so nothing can be measured "
             f"here. ({missing})", icon=":material/report:")
    st.stop()

total = max(len(tables.runs[kind]) for kind in SHIPPED_KINDS)
run = url_state.control(RUN)
memory_problem(kinds, run, total)

st.header("Memory Retention Comparison (measured)")
trained = tuple(collect_finished())
chance = tables.runs["lstm"][0].retention.chance
retention_figure, learning_figure = runs_figures(kinds)
if trained:                    # curves trained in this session join the chart: drawn for this student only
    retention_figure = retention_runs({k: tables.retention[k] for k in kinds}, {k: tables.runs[k] for k in kinds},
                                      chance, trained)
st.plotly_chart(retention_figure, width="stretch")
st.markdown("**" + keeping_line({k: tables.runs[k] for k in kinds}) + "**")
data_table("Show the data", {k: tables.retention[k] for k in kinds}, "Gap (words)", RETENTION_TITLE)
insight = key_insight({k: tables.retention[k] for k in kinds}, {k: tables.runs[k] for k in kinds})
(st.success if insight.holds else st.warning)(f"**Key insight: {insight.headline}**\n\n{insight.evidence}",
                                              icon=":material/key:")
for label, curve in trained:
    st.caption(yours_compared(label, curve, tables.retention[curve.kind], tables.runs[curve.kind]))

st.header("How fast each model learns")
st.plotly_chart(learning_figure, width="stretch")
st.caption(learning_caption({k: tables.learning[k] for k in kinds}))
data_table("Show the learning data", {k: tables.learning[k] for k in kinds}, "Training step", LEARNING_TITLE)

st.header("The vanishing gradient, measured")
if url_state.control(FLOW):
    flows = {kind: tables.flows[(kind, run)] for kind in kinds}
    st.plotly_chart(gradient_reach(flows), width="stretch")
    st.caption(gradient_words(flows) + f" Shown: {run_phrase(run, total)}.")
else:
    st.caption("The lesson says the LSTM “solves” vanishing gradients. Switch on the chart to see how much of the "
               "training signal really reaches the country.")

st.subheader("Try your own sentence")
typed = url_state.control(TEXT)
if typed.strip():
    if len(typed) >= TEXT.max_chars:
        st.caption(f"Only the first {TEXT.max_chars:,} characters are read.")
    show_predictions(typed, kinds, run, "What each model answers after your sentence", f"{run} runs", own=True)
else:
    st.caption("Type any sentence; the models answer as if a blank came after its last word.")

st.download_button("Download every training run's retention (CSV)", partial(runs_csv, tables.runs),
                   file_name="retention_runs.csv", mime="text/csv", icon=":material/download:")
st.caption(f"Check a number yourself: `python -m lstm_engine.retention --model rnn --run {run} --gaps 5 100 "
           f"{COUNT_GAP} --samples 400 --json` measures the {run} RNN run on sentences it never saw.")

st.header("The cell-state highway")
st.markdown("An LSTM keeps a second memory, the **cell state C**, that runs along the sequence with only small, "
            "gated changes: C(t) = f(t) · C(t-1) + i(t) · c̃(t). While the forget gate f stays near 1, what the "
            "cell stored (France) rides this highway past the filler, and the gradient travels back along it, "
            "multiplied by f at each step instead of being squeezed through tanh and the recurrent weights. "
            "The RNN has no such lane: its memory is rewritten through tanh at every word.")
st.page_link("app_pages/gates.py", label="See the forget, input and output gates at work", icon=":material/tune:")

with st.expander("Train it yourself", icon=":material/model_training:"):
    train_yourself_panel()
