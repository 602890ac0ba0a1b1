"""Gates: the LSTM cell opened up. A playground cell whose inputs and weights are sliders, and the shipped LSTM's
gates on the lesson's two-country sentence."""

from functools import partial

import numpy as np
import streamlit as st

from dashboard.charts.cell_equations import LATEX, formulas_html
from dashboard.charts.gates import BAR_QUANTITIES, SYMBOLS
from dashboard.class_ui import ask
from dashboard.controls import url_state
from dashboard.controls.url_params import ChoiceControl, IntControl, TextControl
from dashboard.engine_calls.lstm_reading import (
    DEFAULT_SENTENCE,
    MAX_CHARS,
    MAX_TOKENS,
    display_tokens,
    forget_story_of,
    limit_sentence,
    playground_step,
    read_with_lstm,
    shipped_lstm,
    unknown_words_note,
)
from dashboard.figures.gates import playground_figures, story_figures
from dashboard.text.exports import forget_story_csv
from dashboard.text.tables import Table
from lstm_engine.layers.cell_walkthrough import PRESET_LABELS, PRESETS, preset_lesson

PAGE = "gates"
SIZE = IntControl("size", "Hidden size of this cell", 1, 4, default=1,
                  help="Units in h and C. Each gate then has one row of weights per unit.")
XSIZE = IntControl("xsize", "Input size", 1, 2, default=1, help="Numbers in the input vector x(t).")
PRESET = ChoiceControl("preset", "Start from", PRESETS, tuple(PRESET_LABELS[p] for p in PRESETS), default="remember",
                       help="Sets every weight and bias slider; the inputs stay as they are.")
STORY = TextControl("story", "Sentence for the trained LSTM", max_chars=MAX_CHARS, default=DEFAULT_SENTENCE,
                    help=f"Any text; the model reads up to {MAX_TOKENS} words and stops.")
CARRIERS = IntControl("carriers", "Units shown", 1, 4, default=2,
                      help="The units that change most at the country words, strongest first.")
WEIGHT_RANGE, X_RANGE, C_RANGE = (-8.0, 8.0), (-3.0, 3.0), (-3.0, 3.0)
C_PREV_DEFAULTS = (0.8, -0.5, 0.3, -0.9)
STORE = f"{PAGE}_kept"            # every playground slider's value, kept while the slider is not drawn
GATE_NAMES = (("f", "Forget gate f"), ("i", "Input gate i"), ("c", "Candidate c̃"), ("o", "Output gate o"))


def weight_key(gate, unit, column):
    return f"{PAGE}_W_{gate}_{unit}_{column}"


def bias_key(gate, unit):
    return f"{PAGE}_b_{gate}_{unit}"


def kept_slider(where, label, key, value_range, step, default):
    """A slider whose value outlives it: Streamlit forgets a widget's value when it is not drawn (another gate's
    weights, another page), so every value is also kept in STORE and the slider starts from there."""
    store = st.session_state.setdefault(STORE, {})
    store.setdefault(key, default)
    if key not in st.session_state:
        st.session_state[key] = store[key]
    store[key] = where.slider(label, *value_range, step=step, key=key)
    return store[key]


def kept_value(key, default):
    """The kept value of a playground slider that is not drawn in this run (another unit's row)."""
    return st.session_state.setdefault(STORE, {}).setdefault(key, default)


def apply_preset(name, hidden, inputs):
    """Put the preset's weights (from the engine) into every weight and bias slider."""
    lesson = preset_lesson(name, hidden, inputs)
    values = {bias_key(g, u): lesson[f"b_{g}"][u] for g in "fico" for u in range(hidden)}
    values.update({weight_key(g, u, k): lesson[f"W_{g}"][u, k] for g in "fico" for u in range(hidden)
                   for k in range(hidden + inputs)})
    store = st.session_state.setdefault(STORE, {})
    for key, value in values.items():
        store[key] = st.session_state[key] = round(float(value), 2)
    st.session_state[f"{PAGE}_applied"] = (name, hidden, inputs)


def reset_to_preset():
    state = st.session_state
    apply_preset(state["preset"], state["size"],
                 state["xsize"])


def column_names(hidden, inputs):
    h = [f"h{k + 1}(t-1)" if hidden > 1 else "h(t-1)" for k in range(hidden)]
    return h + [f"x{k + 1}(t)" if inputs > 1 else "x(t)" for k in range(inputs)]


def weight_sliders(gate, unit, hidden, inputs):
    """One row of W_gate (the unit's weights on [h(t-1), x(t)]) and its bias: at most 7 sliders, whatever the size."""
    for k, name in enumerate(column_names(hidden, inputs)):          # one list: a phone reads it in order
        kept_slider(st, f"weight on {name}", weight_key(gate, unit, k), WEIGHT_RANGE, 0.1, 0.0)
    kept_slider(st, f"bias b_{gate}", bias_key(gate, unit), WEIGHT_RANGE, 0.1, 0.0)


def input_sliders(inputs, unit, hidden):
    """x(t), and h(t-1) and C(t-1) of the chosen unit; the other units keep their values."""
    x = tuple(kept_slider(column, "x(t)" if inputs == 1 else f"x{k + 1}(t)", f"{PAGE}_x_{k}", X_RANGE, 0.1,
                          (1.0, -0.5)[k]) for k, column in enumerate(st.columns(inputs)))
    sub = "" if hidden == 1 else str(unit + 1)
    h_column, c_column = st.columns(2)
    kept_slider(h_column, f"h{sub}(t-1)", f"{PAGE}_h_{unit}", (-1.0, 1.0), 0.05, 0.0)
    kept_slider(c_column, f"C{sub}(t-1)", f"{PAGE}_c_{unit}", C_RANGE, 0.1, C_PREV_DEFAULTS[unit])
    h_prev = tuple(kept_value(f"{PAGE}_h_{k}", 0.0) for k in range(hidden))
    c_prev = tuple(kept_value(f"{PAGE}_c_{k}", C_PREV_DEFAULTS[k]) for k in range(hidden))
    return x, h_prev, c_prev


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
    if st.session_state.get(f"{PAGE}_applied") != (preset, hidden, inputs):
        apply_preset(preset, hidden, inputs)
    unit = 0
    if st.session_state.get(f"{PAGE}_unit", 0) >= hidden:
        st.session_state[f"{PAGE}_unit"] = 0
    if hidden > 1:
        unit = st.radio("Unit to set and show", range(hidden), horizontal=True, key=f"{PAGE}_unit",
                        format_func=lambda u: f"unit {u + 1}",
                        help="The sliders set this unit's row of each weight matrix; the diagram and the formulas "
                             "follow it. The bars show every unit.") or 0

    controls, picture = st.columns([2, 3], gap="large")
    with controls:
        st.markdown("**Inputs at time t**")
        x, h_prev, c_prev = input_sliders(inputs, unit, hidden)
        st.markdown("**Weights and bias** " + (f"of unit {unit + 1} " if hidden > 1 else "") +
                    "(each gate sees [h(t-1), x(t)])")
        edited = st.radio("Weights of", [gate for gate, _ in GATE_NAMES], horizontal=True, key=f"{PAGE}_edit",
                          format_func=dict(GATE_NAMES).get)
        weight_sliders(edited, unit, hidden, inputs)
        st.button("Reset weights to the preset", on_click=reset_to_preset, icon=":material/restart_alt:")

    kept = st.session_state[STORE]
    weights = (tuple((f"W_{g}", tuple(tuple(kept[weight_key(g, u, k)] for k in range(hidden + inputs))
                                      for u in range(hidden))) for g in "fico")
               + tuple((f"b_{g}", tuple(kept[bias_key(g, u)] for u in range(hidden))) for g in "fico"))
    step = playground_step(weights, x, h_prev, c_prev)
    lesson = {name: np.array(value) for name, value in weights}
    sub = "" if hidden == 1 else f" of unit {unit + 1}"
    with picture:
        diagram, bars = playground_figures(weights, x, h_prev, c_prev, unit)
        st.plotly_chart(diagram, width="stretch", config={"displayModeBar": False})
        st.caption(f"The cell{sub}: f = {step.f[unit]:.3f}, i = {step.i[unit]:.3f}, c̃ = {step.c_tilde[unit]:.3f}, "
                   f"o = {step.o[unit]:.3f}; C goes from {step.c_prev[unit]:.3f} to {step.c[unit]:.3f}, "
                   f"h(t) = {step.h[unit]:.3f}.")
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
def trained_model_story(model):
    """The sentence, the units shown and both charts rerun on their own, apart from the playground."""
    read = limit_sentence(url_state.control(STORY))
    if read.notice:
        st.warning(read.notice, icon=":material/content_cut:")
    story = forget_story_of(read.text)
    words = display_tokens(story.tokens)
    if note := unknown_words_note(story.unknown):
        st.caption(note)
    shown = url_state.control(CARRIERS)
    units = story.carrier_units[:shown]
    language_of = {country.lower(): language for country, language in model.pairs}
    named = list(dict.fromkeys(language_of[story.tokens[p]] for p in story.country_positions))
    final = story.languages[int(np.argmax(story.probs[-1]))]
    languages = list(dict.fromkeys([*named, final]))
    forget_figure, output_figure = story_figures(read.text, tuple(units), tuple(languages))
    st.plotly_chart(forget_figure, width="stretch", config={"displayModeBar": False})
    if story.country_positions:
        last = story.country_positions[-1]
        gates_there = "; ".join(f"unit {u + 1}: f = {story.f[last, u]:.2f}, i = {story.i[last, u]:.2f}" for u in units)
        st.caption(f"At “{words[last]}” (word {last + 1}) — {gates_there}. A forget gate near 0 drops what the "
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

    st.markdown("**The output gate**: “Verb coming next? Output the information it needs.” The cell keeps the "
                "country all along; the output gate decides when it shows in h, the state the answer is read from.")
    st.plotly_chart(output_figure, width="stretch", config={"displayModeBar": False})
    reading = read_with_lstm(read.text)
    end = len(story.tokens) - 1
    st.caption(f"At the last word, “{words[end]}”: "
               + "; ".join(f"unit {u + 1}: o = {reading.arrays['o'][end, u]:.2f}, h = {reading.arrays['h'][end, u]:.2f}"
                           for u in units) + ".")


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
    st.write("The lesson: “New subject in text? Forget the old subject.” Here the shipped LSTM reads a sentence "
             "that names two countries. Watch the units that carry the country at the second country word: how far "
             "the forget gate closes on the old memory, how far the input gate opens for the new one, how their cell "
             "state turns, and where the answer changes language.")
    trained_model_story(shipped)
