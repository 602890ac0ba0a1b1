"""Gates: the LSTM cell opened up. A playground cell whose inputs and weights are sliders, and the shipped LSTM's
gates on the lesson's two-country sentence."""

from functools import partial

import numpy as np
import streamlit as st

from dashboard.charts.cell_equations import LATEX, formulas_html
from dashboard.charts.gates import BAR_QUANTITIES, SYMBOLS
from dashboard.class_ui import ask
from dashboard.controls import cell_sliders, url_state
from dashboard.controls.shared import CARRIERS
from dashboard.controls.url_params import ChoiceControl, IntControl, TextControl
from dashboard.engine_calls.gate_moments import story_moments
from dashboard.engine_calls.lstm_reading import (
    DEFAULT_SENTENCE,
    MAX_CHARS,
    MAX_TOKENS,
    display_tokens,
    forget_story_of,
    limit_sentence,
    playground_step,
    shipped_lstm,
    unknown_words_note,
)
from dashboard.figures.gates import playground_figures, story_figures
from dashboard.text.exports import forget_story_csv
from dashboard.text.gate_examples import example_reading, preset_note
from dashboard.text.gate_story import drop_sentence, wait_sentence
from dashboard.text.tables import Table
from lstm_engine.layers.cell_walkthrough import PRESET_INFO, PRESET_LABELS, PRESETS

PAGE = "gates"
SIZE = IntControl("size", "Hidden size of this cell", 1, 4, default=1,
                  help="Units in h and C. Each gate then has one row of weights per unit.")
XSIZE = IntControl("xsize", "Input size", 1, 2, default=1, help="Numbers in the input vector x(t).")
PRESET = ChoiceControl("preset", "Start from", PRESETS, tuple(PRESET_LABELS[p] for p in PRESETS), default="remember",
                       help="Sets every weight, bias and input slider: the lesson's two examples come with the "
                            "inputs that play them out.")
GATE_NAMES = (("f", "Forget gate f"), ("i", "Input gate i"), ("c", "Candidate c̃"), ("o", "Output gate o"))
WEIGHTS_OF = ChoiceControl("weights", "Weights of", tuple(g for g, _ in GATE_NAMES), tuple(n for _, n in GATE_NAMES),
                           default="f", help="Which gate's row of weights and bias the sliders below set.")
STORY = TextControl("story", "Sentence for the trained LSTM", max_chars=MAX_CHARS, default=DEFAULT_SENTENCE,
                    help=f"Any text; the model reads up to {MAX_TOKENS} words and stops.")


def choose_unit(hidden):
    """The unit whose row the sliders set (bound to ?cell_unit=); a cell of one unit draws no choice."""
    if int(st.session_state.get("cell_unit", "1")) > hidden:           # a smaller cell than the last one
        st.session_state["cell_unit"] = "1"
    if hidden == 1:
        return 0
    units = tuple(str(u + 1) for u in range(hidden))
    spec = ChoiceControl("cell_unit", "Unit to set and show", units, tuple(f"unit {u}" for u in units), default="1",
                         help="The sliders set this unit's row of each weight matrix; the diagram and the formulas "
                              "follow it. The bars show every unit.")
    return int(url_state.control(spec)) - 1


def step_table(step):
    """The bar chart's numbers as a table (its text alternative): a row per quantity, a column per unit."""
    return Table(("Quantity", *(f"unit {u + 1}" for u in range(step.hidden_size))),
                 tuple((SYMBOLS[q], *map(float, step.value(q))) for q in BAR_QUANTITIES))


@st.fragment
def playground():
    """The playground reruns on its own: a slider here never re-sends the trained-model charts below."""
    size_column, xsize_column, preset_column = st.columns([1, 1, 2])
    with size_column:
        hidden = url_state.control(SIZE)
    with xsize_column:
        inputs = url_state.control(XSIZE)
    with preset_column:
        preset = url_state.control(PRESET)
    cell_sliders.start_from(preset, hidden, inputs)
    st.info(preset_note(PRESET_INFO[preset]), icon=":material/lightbulb:")
    unit = choose_unit(hidden)

    controls, picture = st.columns([2, 3], gap="large")
    with controls:
        st.markdown("**Inputs at time t**")
        cell_sliders.input_sliders(inputs, unit, hidden)
        st.markdown("**Weights and bias** " + (f"of unit {unit + 1} " if hidden > 1 else "") +
                    "(each gate sees [h(t-1), x(t)])")
        edited = url_state.control(WEIGHTS_OF)
        cell_sliders.weight_sliders(edited, unit, hidden, inputs)
        st.button("Reset to the preset", on_click=cell_sliders.reset, args=(preset, hidden, inputs),
                  icon=":material/restart_alt:")

    weights, x, h_prev, c_prev = cell_sliders.current(hidden, inputs)
    cell_sliders.keep_in_link(preset, hidden, inputs)
    step = playground_step(weights, x, h_prev, c_prev)
    lesson = {name: np.array(value) for name, value in weights}
    sub = "" if hidden == 1 else f" of unit {unit + 1}"
    with picture:
        diagram, bars = playground_figures(weights, x, h_prev, c_prev, unit)
        st.plotly_chart(diagram, width="stretch", config={"displayModeBar": False})
        st.caption(f"The cell{sub}: f = {step.f[unit]:.3f}, i = {step.i[unit]:.3f}, c̃ = {step.c_tilde[unit]:.3f}, "
                   f"o = {step.o[unit]:.3f}; C goes from {step.c_prev[unit]:.3f} to {step.c[unit]:.3f}, "
                   f"h(t) = {step.h[unit]:.3f}.")
        if reading := example_reading(preset, step, unit):
            st.markdown(reading)
        st.plotly_chart(bars, width="stretch", config={"displayModeBar": False})
        with st.expander("Show the data: every unit's gates and states"):
            st.html(step_table(step).html("Every unit's gates and states"))

    st.markdown(f"**The lesson's formulas with your numbers**{sub}")
    st.html(formulas_html(step, ("f", "i", "c_tilde", "o"), unit, lesson))
    st.markdown("**Cell state update**: old memory × forget factor + new memory × input factor")
    st.html(formulas_html(step, ("c", "h"), unit))
    with st.expander("The formulas without numbers"):
        for stage in ("f", "i", "c_tilde", "c", "o", "h"):
            st.latex(LATEX[stage])


def story_table(story, units, final):
    """The forget-story chart's numbers as a table (its text alternative): a row per word."""
    column = list(story.languages).index(final)
    columns = ("#", "word", *(f"{name} u{u + 1}" for u in units for name in ("f", "i", "C")), f"P({final})")
    values = (story.f, story.i, story.c)
    rows = tuple((t + 1, word, *(float(v[t, u]) for u in units for v in values), float(story.probs[t][column]))
                 for t, word in enumerate(display_tokens(story.tokens)))
    return Table(columns, rows)


@st.fragment
def trained_model_story():
    """The sentence, the units shown and both charts rerun on their own, apart from the playground."""
    read = limit_sentence(url_state.control(STORY))
    if read.notice:
        st.warning(read.notice, icon=":material/content_cut:")
    story = forget_story_of(read.text)
    words = display_tokens(story.tokens)
    if note := unknown_words_note(story.unknown):
        st.caption(note)
    shown = url_state.control(CARRIERS)
    units = tuple(story.carrier_units[:shown])
    named = list(dict.fromkeys(story.languages[k] for k in story.country_languages))
    final = story.languages[int(np.argmax(story.probs[-1]))]
    languages = tuple(dict.fromkeys([*named, final]))
    moments = story_moments(read.text, units)
    drop, wait = moments.drop, moments.wait
    output_units = tuple(dict.fromkeys([*([wait.unit] if wait else []), *units]))
    forget_figure, output_figure = story_figures(read.text, units, languages, drop and (drop.position, drop.unit),
                                                 output_units)
    st.plotly_chart(forget_figure, width="stretch", config={"displayModeBar": False})
    if drop is not None:
        st.markdown(drop_sentence(drop, moments.gone, words, story.languages))
    if story.country_positions:
        new = drop.new_country if drop else story.country_positions[-1]
        gates_there = "; ".join(f"unit {u + 1}: f = {story.f[new, u]:.2f}, i = {story.i[new, u]:.2f}" for u in units)
        st.caption(f"At “{words[new]}” (word {new + 1}) — {gates_there}. A forget gate near 0 drops what the "
                   "unit held, one near 1 keeps it; an input gate near 1 writes the new word in.")
    if story.switch_index is not None:
        st.success(f"The answer switches to **{final}** at word {story.switch_index + 1} "
                   f"(“{words[story.switch_index]}”) and stays there.", icon=":material/swap_horiz:")
    elif len(named) > 1:
        st.info(f"This sentence names {len(named)} countries, but the answer does not settle on the last one "
                f"(it ends on {final}).", icon=":material/info:")
    if st.toggle("Show the data: every word's gates and answer", key=f"{PAGE}_story_table"):
        st.html(story_table(story, units, final).html("Every word's gates and answer", max_height=400))
    st.download_button("Download the gate values and answers (CSV)", partial(forget_story_csv, story, units),
                       file_name="gates_on_sentence.csv", mime="text/csv", icon=":material/download:")

    st.markdown("**The output gate**: “Verb coming next? Output singular/plural info.” Here what comes next is the "
                "question: a unit can keep a value in its cell for many words and let it into h, the state the "
                "answer is read from, only when it is needed.")
    st.plotly_chart(output_figure, width="stretch", config={"displayModeBar": False})
    st.markdown(wait_sentence(wait, words))
    end = len(story.tokens) - 1
    st.caption(f"At the last word, “{words[end]}”: "
               + "; ".join(f"unit {u + 1}: o = {story.o[end, u]:.2f}, h = {story.h[end, u]:.2f}"
                           for u in output_units) + ".")


st.title("Gates")
st.write("Gates are smart filters: each one outputs a number between 0 (block everything) and 1 (let everything "
         "through) for every value of the cell state. Set the inputs and the weights of a small LSTM cell below and "
         "watch the engine's LSTM compute every gate.")

st.header("Gate playground")
playground()

ask("gates.lets-go-of-france")
st.header("Gates at work in the trained model")
shipped = shipped_lstm()
if shipped is None:
    st.info("The trained LSTM is not in this copy of the app yet (lstm_engine/memory/models/lstm.npz), so this section "
            "has nothing measured to show. It appears as soon as the shipped model is there.", icon=":material/info:")
else:
    st.write("The lesson: “New subject in text? Forget old subject's gender.” For the shipped LSTM the subject is "
             "a country: it reads a sentence that names two. Watch the units that carry the country: where their "
             "forget gate drops and lets the old country go, how far the input gate opens for the new one, how their "
             "cell state turns, and where the answer changes language.")
    trained_model_story()
