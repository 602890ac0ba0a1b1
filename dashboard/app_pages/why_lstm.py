"""Why LSTM? The lesson's memory problem, live on the shipped RNN, GRU and LSTM, and their measured memory."""

from functools import partial

import streamlit as st

from dashboard.charts.theme import MODEL_LABELS
from dashboard.controls import url_state
from dashboard.controls.shared import shared_controls
from dashboard.controls.url_params import BoolControl, ChoiceControl, IntControl, TextControl
from dashboard.engine_calls.memory_measurements import (
    MARK_SAMPLES,
    PAIRS,
    all_training_runs,
    bars_figure,
    current_curves,
    measured_at_gap,
    measured_flows,
    retention_figure,
    shipped_curves,
    shipped_models,
)
from dashboard.text.exports import retention_csv
from dashboard.text.memory_insight import gradient_summary, key_insight
from dashboard.training.train_yourself import collect_finished, train_yourself_panel
from lstm_engine.memory.memory_task import lesson_sentence, tokenize
from lstm_engine.memory.shipped import SHIPPED_KINDS

PAGE = "why"
COUNTRY = ChoiceControl("country", "Country", tuple(c.lower() for c, _ in PAIRS), tuple(c for c, _ in PAIRS),
                        default="france", help="Where the speaker grew up: the fact the model must remember.")
GAP = IntControl("gap", "Words in between", 0, 400, default=100,
                 help="Filler words between the country and “so I speak fluent ___”.")
TEXT = TextControl("text", "Type your own sentence", max_chars=2000,
                   placeholder="I grew up in Japan. We lived near the sea and I liked trains. So I speak fluent",
                   help="Any text: words the models never saw are read as the unknown word <unk>.")
FLOW = BoolControl("flow", "Show the gradient flow (how far back the training signal reaches)", default=False,
                   help="How much of the training signal reaches back to the country, measured by backpropagation.")
SAMPLE_CHOICES = (100, 200, 500, 1000)


def runs_control(count: str) -> BoolControl:
    """The URL-bound toggle for every training run; its label carries the number of runs in the metadata."""
    return BoolControl("runs", f"Show all {count} training runs of each model", default=True,
                       help="Each model was trained several times from different random starting weights on the "
                            "same sentences: thin lines show every run, the bold line the best one.")


def show_predictions(text, kinds, title, subtitle=""):
    """Bars for `text`, or a plain message when there is nothing the models can read."""
    tokens = tokenize(text)
    if not tokens:
        st.info("There are no words to read in this text (emoji, symbols and spaces are skipped). "
                "Type a sentence such as “I grew up in Spain. So I speak fluent”.", icon=":material/info:")
        return
    figure, unknown = bars_figure(text, kinds, title, subtitle)
    st.plotly_chart(figure, width="stretch")
    read = f"The models read {len(tokens):,} words."
    if unknown:
        distinct = list(dict.fromkeys(unknown))
        listed = ", ".join(f"`{word}`" for word in distinct[:12]) + (" …" if len(distinct) > 12 else "")
        read += f" {len(unknown):,} they never saw are read as <unk>: {listed}"
    st.caption(read)


shared = shared_controls(uses=("models",), acts_on="the answers, accuracies and curves on this page")
kinds = tuple(kind for kind in SHIPPED_KINDS if kind in shared.models)
st.title("Why LSTM? The problem with RNNs")
st.markdown("Standard RNNs struggle with long-term dependencies: information from early in a sequence fades "
            "before it can be used. The lesson's example: *“I grew up in France… [100 words later] …so I speak "
            "fluent ___”* — and it says the RNN forgets France by the time it must say French. Here three models "
            "trained on exactly that task (the same data, size and training budget) try it live, so you can check.")

try:
    shipped_models()
    shipped_curves()
    runs = all_training_runs()
except FileNotFoundError as missing:
    st.error(f"The trained models are not shipped with this copy of the app yet, so nothing can be measured "
             f"here. ({missing})", icon=":material/report:")
    st.stop()

st.header("The memory problem, live")
left, right = st.columns([2, 3], gap="large")
with left:
    country = COUNTRY.label_of(url_state.control(COUNTRY, page=PAGE))
    gap = url_state.control(GAP, page=PAGE)
    sentence = lesson_sentence(country, gap)
    st.markdown(f"**I grew up in {country}.** … *{gap} words* … **so I speak fluent ___**")
    with st.expander(f"Read the {gap} words in between" if gap else "Read the whole sentence"):
        st.write(sentence)
    at_gap = measured_at_gap(gap)
    st.markdown(f"On {MARK_SAMPLES} fresh sentences with exactly {gap} words in between, the share each model "
                "answers right: " + " · ".join(f"**{MODEL_LABELS[k]} {at_gap[k].accuracy[0]:.0%}**" for k in kinds))
with right:
    show_predictions(sentence, kinds, "What each model answers for the blank", f"{country}, {gap} words in between")

st.subheader("Try your own sentence")
typed = url_state.control(TEXT, page=PAGE)
if typed.strip():
    if len(typed) >= TEXT.max_chars:
        st.caption(f"Only the first {TEXT.max_chars:,} characters are read.")
    show_predictions(typed, kinds, "What each model answers after your sentence")
else:
    st.caption("Type any sentence and press Ctrl+Enter; the models answer as if a blank came after its last word.")

st.header("Memory Retention Comparison (measured)")
trained = tuple(collect_finished())
defaults = next(iter(shipped_curves().values()))
show_flow = url_state.control(FLOW, page=PAGE)
run_counts = sorted({len(runs[kind]) for kind in kinds}) or [0]
show_runs = url_state.control(runs_control(" or ".join(map(str, run_counts))), page=PAGE)
with st.expander("Measure again on other fresh sentences"):
    seed_column, samples_column = st.columns(2)
    seed = seed_column.number_input("Seed of the fresh sentences", 0, 999_999, defaults.seed, key="why_seed")
    samples = samples_column.select_slider("Sentences per gap", SAMPLE_CHOICES, defaults.samples
                                           if defaults.samples in SAMPLE_CHOICES else SAMPLE_CHOICES[-1],
                                           key="why_samples")
    st.caption("The first chart is measured when the models were trained; another seed or size re-measures "
               "all three on sentences they have never seen.")
curves = current_curves(seed, samples)
st.plotly_chart(retention_figure(kinds, gap, seed, samples, show_flow, trained, show_runs), width="stretch")
if show_runs and kinds:
    run_samples = sorted({run.retention.samples for kind in kinds for run in runs[kind]})
    st.caption(f"Each model was trained {' or '.join(map(str, run_counts))} times from different random starting "
               "weights on the same sentences (same size and training budget). The thin lines are those runs, each "
               f"measured right after training on {' or '.join(map(str, run_samples))} fresh sentences per gap; the "
               "bold line is the best run (highest accuracy on held-out sentences), which the predictions above use.")
if show_flow:
    st.caption(gradient_summary(measured_flows()) + " A share near zero is the vanishing gradient: an error at "
               "the blank cannot reach back far enough to teach the model to keep the country across this gap. "
               "Memory learnt on shorter gaps can still carry over, so read the gradient beside the accuracy.")

st.download_button("Download the retention curves (CSV)", partial(retention_csv, {kind: curves[kind] for kind in kinds}),
                   file_name="retention_curves.csv", mime="text/csv", icon=":material/download:")

insight = key_insight(curves, {kind: runs[kind] for kind in kinds})
(st.success if insight.holds else st.warning)(f"**Key insight: {insight.headline}**\n\n{insight.evidence}",
                                              icon=":material/key:")

st.header("The cell-state highway")
st.markdown("An LSTM keeps a second memory, the **cell state C**, that runs along the sequence with only small, "
            "gated changes: C(t) = f(t) · C(t-1) + i(t) · c̃(t). While the forget gate f stays near 1, what the "
            "cell stored (France) rides this highway past the filler, and the gradient travels back along it, "
            "multiplied by f at each step instead of being squeezed through tanh and the recurrent weights. "
            "The RNN has no such lane: its memory is rewritten through tanh at every word.")
st.page_link("app_pages/gates.py", label="See the forget, input and output gates at work", icon=":material/tune:")

with st.expander("Train it yourself", icon=":material/model_training:"):
    train_yourself_panel()
