"""Why LSTM? The lesson's memory problem on the shipped RNN, GRU and LSTM, trained on exactly that task: what they
answer, how many training runs learn the link at each distance, how much training signal reaches the country, and
how far each one's memory reaches."""

from functools import partial

import streamlit as st

from dashboard.charts.memory_runs import LEARNING_TITLE, RETENTION_TITLE
from dashboard.charts.theme import MODEL_LABELS
from dashboard.class_ui import ask
from dashboard.controls import url_state
from dashboard.controls.shared import shared_controls
from dashboard.controls.url_params import ChoiceControl, IntControl, TextControl
from dashboard.engine_calls.memory_measurements import PAIRS, findings
from dashboard.figures.why_lstm import answer_bars, learned_figure, learning_figure, reach_figure, retention_figure
from dashboard.text.exports import runs_csv
from dashboard.text.memory_insight import (
    headline,
    intro_finding,
    key_insight,
    learned_caption,
    learning_caption,
    measured_cause,
    no_country_note,
    reach_words,
    run_phrase,
    setting_phrase,
    yours_compared,
)
from dashboard.text.tables import Table
from dashboard.training.train_yourself import collect_finished, train_yourself_panel
from lstm_engine.memory.memory_task import lesson_sentence, tokenize
from lstm_engine.memory.shipped import (
    FEATURED_DISTANCE,
    FEATURED_SETTING,
    FROM_ZERO,
    LONG_ONLY,
    RUNS,
    SHIPPED_KINDS,
    TRAINING_DISTANCES,
    setting_of,
)
from lstm_engine.memory.training_runs import RUN_GAPS

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
TRAINED = ChoiceControl("trained", "Longest gap in the training sentences", tuple(map(str, TRAINING_DISTANCES)),
                        tuple(f"{d} words" for d in TRAINING_DISTANCES), default=str(FEATURED_DISTANCE),
                        help="The curves below show the runs trained on sentences up to this many words apart.")
SENTENCES = ChoiceControl("sentences", "Training sentences", (FROM_ZERO, LONG_ONLY),
                          ("Every gap from 0", "Long ones only"), default=FROM_ZERO,
                          help="Every gap from 0 up to the longest, or only from half the longest up: then France is "
                               "always far from the blank.")


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
    found = findings()
    with numbers:
        st.markdown(f"**I grew up in {country}.** … *{gap} words* … **So I speak fluent ___**")
        st.header(headline(found, kinds, gap, run), anchor=False)
        points = {kind: found.accuracy(kind, gap, run) for kind in kinds}
        intervals = ", ".join(f"{MODEL_LABELS[k]} {points[k].low:.0%}–{points[k].high:.0%}" for k in kinds)
        st.caption(f"On {points[kinds[0]].samples:,} fresh sentences with exactly {gap} words in between "
                   f"(95% intervals: {intervals}), for {run_phrase(run, total)}, {setting_phrase(FEATURED_SETTING)}.")
        if {"rnn", "lstm"} <= set(kinds):
            st.markdown(measured_cause(found, gap))
    sentence = lesson_sentence(country, gap)
    show_predictions(sentence, kinds, run, "What each model answers for the blank",
                     f"{country}, {gap} words in between · {run} runs")
    with st.expander(f"Read the {gap} words in between" if gap else "Read the whole sentence"):
        st.write(sentence)


shared = shared_controls(uses=("models",), acts_on="the answers, accuracies and curves on this page")
kinds = tuple(kind for kind in SHIPPED_KINDS if kind in shared.models)
st.title("Why LSTM? The problem with RNNs")
st.markdown("The lesson: *“I grew up in France… [100 words later] …so I speak fluent ___” — RNN forgets “France” by "
            "the time it needs to predict “French”.* We trained a plain RNN, a GRU and an LSTM on exactly that task "
            "(same sentences, size and training budget), ten times each, and measured what they learned.")
ask("why-lstm.rnn-at-100")
try:
    found = findings()
except FileNotFoundError as missing:
    st.error(f"The trained models are not shipped with this copy of the app yet, so nothing can be measured "
             f"here. ({missing})", icon=":material/report:")
    with st.expander("Train it yourself", icon=":material/model_training:"):    # needs no shipped run (a class's
        train_yourself_panel()                                                  # experiment neither)
    st.stop()

total = len(found.runs[(kinds[0], FEATURED_SETTING)])
run = url_state.control(RUN)
memory_problem(kinds, run, total)

st.header("How far apart can France and French be, for a model to learn the link?")
finding = intro_finding(found)
(st.success if finding.holds else st.warning)(finding.evidence, icon=":material/science:")
st.plotly_chart(learned_figure(kinds), width="stretch")
st.caption(learned_caption(found, kinds))

st.header("The training signal fades on its way back")
st.plotly_chart(reach_figure(kinds), width="stretch")
st.caption(reach_words(found, kinds))

st.header(RETENTION_TITLE)
trained = tuple(collect_finished())
distance_column, sentences_column = st.columns(2)
with distance_column:
    distance = int(url_state.control(TRAINED))
with sentences_column:
    setting = setting_of(distance, url_state.control(SENTENCES))
st.plotly_chart(retention_figure(kinds, setting, trained), width="stretch")
data_table("Show the data", {k: found.retention(k, setting)[0] for k in kinds}, "Gap (words)", RETENTION_TITLE)
insight = key_insight(found, kinds, setting, gap=max(RUN_GAPS))
(st.success if insight.holds else st.warning)(f"**Key insight: {insight.headline}**\n\n{insight.evidence}",
                                              icon=":material/key:")
for label, curve in trained:
    st.caption(yours_compared(label, curve, found))

st.header("How fast each model learns")
st.plotly_chart(learning_figure(kinds, setting), width="stretch")
st.caption(learning_caption(found, kinds, setting))
data_table("Show the learning data", {k: found.learning(k, setting)[0] for k in kinds}, "Training step",
           LEARNING_TITLE)

st.subheader("Try your own sentence")
typed = url_state.control(TEXT)
if typed.strip():
    if len(typed) >= TEXT.max_chars:
        st.caption(f"Only the first {TEXT.max_chars:,} characters are read.")
    show_predictions(typed, kinds, run, "What each model answers after your sentence", f"{run} runs", own=True)
else:
    st.caption("Type any sentence; the models answer as if a blank came after its last word.")

st.download_button("Download every training run's accuracy (CSV)", partial(runs_csv, found),
                   file_name="retention_runs.csv", mime="text/csv", icon=":material/download:")
st.caption(f"Check a number yourself: `python -m lstm_engine.retention --model rnn --run {run} --gaps 5 100 200 "
           f"--samples 400 --json` measures the {run} RNN run on sentences it never saw.")

st.header("The cell-state highway")
st.markdown("An LSTM keeps a second memory, the **cell state C**, that runs along the sequence with only small, "
            "gated changes: C(t) = f(t) · C(t-1) + i(t) · c̃(t). Where the forget gate f of a unit stays near 1, what "
            "the unit stored (France) rides this highway past the filler, and the training signal travels back along "
            "it multiplied by f at each step, instead of being squeezed through tanh and the recurrent weights. The "
            "RNN has no such lane: its memory is rewritten through tanh at every word.")
st.page_link("app_pages/gates.py", label="See the forget, input and output gates at work", icon=":material/tune:")

with st.expander("Train it yourself", icon=":material/model_training:"):
    train_yourself_panel()
