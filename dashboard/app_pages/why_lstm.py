"""Why LSTM? The lesson's memory problem, live on the shipped RNN, GRU and LSTM, and their measured memory."""

import streamlit as st

from dashboard import url_state
from dashboard.charts.memory import prediction_bars, retention_comparison
from dashboard.charts.theme import MODEL_LABELS
from dashboard.memory_insight import expected_language, gradient_summary, key_insight
from dashboard.sidebar import shared_controls
from dashboard.text_control import TextControl, text_control
from dashboard.train_yourself import collect_finished, train_yourself_panel
from dashboard.url_params import BoolControl, ChoiceControl, IntControl
from lstm_engine.gradient_flow import gradient_flow
from lstm_engine.memory_task import TaskConfig, lesson_sentence, tokenize
from lstm_engine.retention import RetentionCurve, retention_curve
from lstm_engine.shipped import SHIPPED_KINDS, load_shipped, shipped_metadata

PAGE = "why"
PAIRS = TaskConfig().pairs
COUNTRY = ChoiceControl("country", "Country", tuple(c.lower() for c, _ in PAIRS), tuple(c for c, _ in PAIRS),
                        default="france", help="Where the speaker grew up: the fact the model must remember.")
GAP = IntControl("gap", "Words in between", 0, 400, default=100,
                 help="Filler words between the country and “so I speak fluent ___”.")
TEXT = TextControl("text", "Type your own sentence", max_chars=2000,
                   placeholder="I grew up in Japan. We lived near the sea and I liked trains. So I speak fluent",
                   help="Any text: words the models never saw are read as the unknown word <unk>.")
FLOW = BoolControl("flow", "Show the gradient flow (why the RNN forgets)", default=False,
                   help="How much of the training signal reaches back to the country, measured by backpropagation.")
MARK_SAMPLES = 200                    # fresh sentences measured at the student's own gap
FLOW_GAP, FLOW_SAMPLES = 200, 32
SAMPLE_CHOICES = (100, 200, 500, 1000)


@st.cache_resource(show_spinner="Loading the trained models…")
def shipped_models():
    return {kind: load_shipped(kind) for kind in SHIPPED_KINDS}


@st.cache_data(show_spinner=False, max_entries=1000)
def predictions_for(text, kinds):
    models = shipped_models()
    return {kind: models[kind].predict(text) for kind in kinds}


@st.cache_data(show_spinner=False)
def shipped_curves():
    return {kind: RetentionCurve(**shipped_metadata(kind)["retention"]) for kind in SHIPPED_KINDS}


@st.cache_data(show_spinner="Measuring every model on fresh sentences…", max_entries=20)
def measured_curves(gaps, samples, seed):
    return {kind: retention_curve(model, gaps, samples, seed) for kind, model in shipped_models().items()}


@st.cache_data(show_spinner=False, max_entries=1000)
def measured_at_gap(gap, seed):
    return {kind: retention_curve(model, (gap,), MARK_SAMPLES, seed) for kind, model in shipped_models().items()}


@st.cache_data(show_spinner="Measuring the gradient flow by backpropagation…", max_entries=20)
def measured_flows(seed):
    return {kind: gradient_flow(model, FLOW_GAP, FLOW_SAMPLES, seed) for kind, model in shipped_models().items()}


def show_predictions(text, kinds, title, subtitle=""):
    """Bars for `text`, or a plain message when there is nothing the models can read."""
    tokens = tokenize(text)
    if not tokens:
        st.info("There are no words to read in this text (emoji, symbols and spaces are skipped). "
                "Type a sentence such as “I grew up in Spain. So I speak fluent”.", icon=":material/info:")
        return
    predictions = predictions_for(text, kinds)
    unknown = next(iter(predictions.values())).unknown
    answer = expected_language(tokens, PAIRS)
    st.plotly_chart(prediction_bars(predictions, answer, title, subtitle), width="stretch")
    read = f"The models read {len(tokens):,} words."
    if unknown:
        distinct = list(dict.fromkeys(unknown))
        listed = ", ".join(f"`{word}`" for word in distinct[:12]) + (" …" if len(distinct) > 12 else "")
        read += f" {len(unknown):,} they never saw are read as <unk>: {listed}"
    st.caption(read)


shared = shared_controls()
kinds = tuple(kind for kind in SHIPPED_KINDS if kind in shared.models)
st.title("Why LSTM? The problem with RNNs")
st.markdown("Standard RNNs struggle with long-term dependencies: information from early in a sequence fades "
            "before it can be used. The lesson's example: *“I grew up in France… [100 words later] …so I speak "
            "fluent ___”* — the RNN forgets France by the time it must say French. Here three models trained on "
            "exactly that task (the same data, size and training budget) try it live.")

try:
    shipped_models()
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
    with st.expander(f"Read the {gap} words in between"):
        st.write(sentence)
    at_gap = measured_at_gap(gap, seed=1)
    st.markdown(f"On {MARK_SAMPLES} fresh sentences with exactly {gap} words in between, the share each model "
                "answers right: " + " · ".join(f"**{MODEL_LABELS[k]} {at_gap[k].accuracy[0]:.0%}**" for k in kinds))
with right:
    show_predictions(sentence, kinds, "What each model answers for the blank", f"{country}, {gap} words in between")

st.subheader("Try your own sentence")
typed = text_control(TEXT, page=PAGE)
if typed.strip():
    if len(typed) >= TEXT.max_chars:
        st.caption(f"Only the first {TEXT.max_chars:,} characters are read.")
    show_predictions(typed, kinds, "What each model answers after your sentence")
else:
    st.caption("Type any sentence and press Ctrl+Enter; the models answer as if a blank came after its last word.")

st.header("Memory Retention Comparison (measured)")
trained = collect_finished()
shipped = shipped_curves()
defaults = next(iter(shipped.values()))
show_flow = url_state.control(FLOW, page=PAGE)
with st.expander("Measure again on other fresh sentences"):
    seed_column, samples_column = st.columns(2)
    seed = seed_column.number_input("Seed of the fresh sentences", 0, 999_999, defaults.seed, key="why_seed")
    samples = samples_column.select_slider("Sentences per gap", SAMPLE_CHOICES, defaults.samples
                                           if defaults.samples in SAMPLE_CHOICES else SAMPLE_CHOICES[-1],
                                           key="why_samples")
    st.caption("The first chart is measured when the models were trained; another seed or size re-measures "
               "all three on sentences they have never seen.")
if (seed, samples) == (defaults.seed, defaults.samples):
    curves = shipped
else:
    curves = measured_curves(tuple(defaults.gaps), samples, seed)
flows = measured_flows(seed=0) if show_flow else None
figure = retention_comparison({k: curves[k] for k in kinds}, gap, {k: at_gap[k] for k in kinds},
                              {k: flows[k] for k in kinds} if flows else None, trained)
st.plotly_chart(figure, width="stretch")
if flows:
    st.caption(gradient_summary(flows) + " A share near zero means the error signal never reaches the country, "
               "so training cannot teach the model to keep it: the vanishing gradient, measured.")

insight = key_insight(curves)
(st.success if insight.holds else st.warning)(f"**Key insight: {insight.headline}**\n\n{insight.evidence}",
                                              icon=":material/key:")

st.header("The cell-state highway")
st.markdown("An LSTM keeps a second memory, the **cell state C**, that runs along the sequence with only small, "
            "gated changes: C(t) = f(t) · C(t-1) + i(t) · c̃(t). When the forget gate f stays near 1, France "
            "rides the highway for hundreds of words, and the gradient flows back along it just as easily. "
            "The RNN has no such lane: its memory is rewritten through tanh at every word.")
st.page_link("app_pages/gates.py", label="See the forget, input and output gates at work", icon=":material/tune:")

with st.expander("Train it yourself", icon=":material/model_training:"):
    train_yourself_panel()
