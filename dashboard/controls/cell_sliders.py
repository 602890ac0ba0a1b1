"""The Gates playground's sliders: every weight, bias and input of a small LSTM cell, kept and carried by the link.

Streamlit forgets a widget's value while it is not drawn (another unit's row, another gate's weights, another page),
so every value is also kept in one store, and a slider starts from there. The link carries every value as the
numbers that differ from the preset, one parameter per vector of the lesson (`?b_f=-1.5&W_i=,2&c_prev=2.5`), through
url_state's linked values:

    start_from(preset, hidden, inputs)      # the preset's values, then whatever a new link changes
    input_sliders(inputs, unit, hidden); weight_sliders(gate, unit, hidden, inputs)
    weights, x, h_prev, c_prev = current(hidden, inputs)
    keep_in_link(preset, hidden, inputs)    # after the sliders: the address bar and "Copy link to this view"
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from dashboard.controls import url_state
from dashboard.controls.url_params import NumbersControl
from dashboard.engine_calls.lstm_reading import preset_start

PAGE = "gates"
STORE = f"{PAGE}_kept"
APPLIED = f"{PAGE}_applied"          # the (preset, hidden, inputs) the store was last set from
WEIGHT_RANGE, X_RANGE, H_RANGE, C_RANGE = (-8.0, 8.0), (-3.0, 3.0), (-1.0, 1.0), (-3.0, 3.0)
DECIMALS = 2                          # what the sliders and the link hold
LINKED = (
    NumbersControl("x", "x(t)", *X_RANGE),
    NumbersControl("h_prev", "h(t-1)", *H_RANGE),
    NumbersControl("c_prev", "C(t-1)", *C_RANGE),
    NumbersControl("W_f", "weights of the forget gate, unit by unit", *WEIGHT_RANGE),
    NumbersControl("W_i", "weights of the input gate, unit by unit", *WEIGHT_RANGE),
    NumbersControl("W_c", "weights of the candidate, unit by unit", *WEIGHT_RANGE),
    NumbersControl("W_o", "weights of the output gate, unit by unit", *WEIGHT_RANGE),
    NumbersControl("b_f", "biases of the forget gate", *WEIGHT_RANGE),
    NumbersControl("b_i", "biases of the input gate", *WEIGHT_RANGE),
    NumbersControl("b_c", "biases of the candidate", *WEIGHT_RANGE),
    NumbersControl("b_o", "biases of the output gate", *WEIGHT_RANGE),
)


def weight_key(gate, unit, column):
    return f"{PAGE}_W_{gate}_{unit}_{column}"


def bias_key(gate, unit):
    return f"{PAGE}_b_{gate}_{unit}"


def slider_keys(name: str, hidden: int, inputs: int) -> list[str]:
    """The session keys of a linked vector's sliders, in the link's order (W row by row: unit, then column)."""
    if name in ("x", "h_prev", "c_prev"):
        return [f"{PAGE}_{name[0]}_{k}" for k in range(inputs if name == "x" else hidden)]
    kind, gate = name.split("_")
    if kind == "b":
        return [bias_key(gate, u) for u in range(hidden)]
    return [weight_key(gate, u, k) for u in range(hidden) for k in range(hidden + inputs)]


def _set(values: dict[str, float]) -> None:
    """New values for the store. A slider's own state is dropped rather than set: a value set for a widget that is
    not drawn in this run lingers under its key and would overrule the store when the widget is drawn again."""
    store = st.session_state.setdefault(STORE, {})
    for key, value in values.items():
        store[key] = value
        if key in st.session_state:
            del st.session_state[key]


def reset(preset: str, hidden: int, inputs: int) -> None:
    """Every slider to where the preset starts (the engine's weights and inputs)."""
    start = preset_start(preset, hidden, inputs)
    _set({key: value for name, values in start.items()
          for key, value in zip(slider_keys(name, hidden, inputs), values)})
    st.session_state[APPLIED] = (preset, hidden, inputs)


def start_from(preset: str, hidden: int, inputs: int) -> None:
    """The preset's values when the preset or the cell's size changed; then the values a newly opened link changes
    (clamped, with a notice for anything odd)."""
    if st.session_state.get(APPLIED) != (preset, hidden, inputs):
        reset(preset, hidden, inputs)
    start = preset_start(preset, hidden, inputs)
    for spec in LINKED:
        value = url_state.linked_value(replace(spec, default=start[spec.param]))
        if value is not None:
            _set(dict(zip(slider_keys(spec.param, hidden, inputs), value)))


def _vector(name: str, hidden: int, inputs: int) -> tuple[float, ...]:
    store = st.session_state[STORE]
    return tuple(round(float(store[key]), DECIMALS) for key in slider_keys(name, hidden, inputs))


def current(hidden: int, inputs: int):
    """(weights as ((name, nested tuples), ...), x, h_prev, c_prev): what the engine call takes."""
    width = hidden + inputs
    rows = {g: _vector(f"W_{g}", hidden, inputs) for g in "fico"}
    weights = (tuple((f"W_{g}", tuple(rows[g][u * width:(u + 1) * width] for u in range(hidden))) for g in "fico")
               + tuple((f"b_{g}", _vector(f"b_{g}", hidden, inputs)) for g in "fico"))
    return weights, _vector("x", hidden, inputs), _vector("h_prev", hidden, inputs), _vector("c_prev", hidden, inputs)


def keep_in_link(preset: str, hidden: int, inputs: int) -> None:
    """Every vector into the address bar and the copied link, as far as it differs from the preset."""
    start = preset_start(preset, hidden, inputs)
    for spec in LINKED:
        url_state.keep_linked(replace(spec, default=start[spec.param]), _vector(spec.param, hidden, inputs))


def kept_slider(where, label, key, value_range, step):
    """A slider that starts from the store and writes back to it."""
    store = st.session_state[STORE]
    if key not in st.session_state:
        st.session_state[key] = store[key]
    store[key] = where.slider(label, *value_range, step=step, key=key)
    return store[key]


def column_names(hidden, inputs):
    h = [f"h{k + 1}(t-1)" if hidden > 1 else "h(t-1)" for k in range(hidden)]
    return h + [f"x{k + 1}(t)" if inputs > 1 else "x(t)" for k in range(inputs)]


def weight_sliders(gate, unit, hidden, inputs):
    """One row of W_gate (the unit's weights on [h(t-1), x(t)]) and its bias: at most 7 sliders, whatever the size."""
    for k, name in enumerate(column_names(hidden, inputs)):          # one list: a phone reads it in order
        kept_slider(st, f"weight on {name}", weight_key(gate, unit, k), WEIGHT_RANGE, 0.1)
    kept_slider(st, f"bias b_{gate}", bias_key(gate, unit), WEIGHT_RANGE, 0.1)


def input_sliders(inputs, unit, hidden):
    """x(t), and h(t-1) and C(t-1) of the chosen unit; the other units keep their values."""
    for k, column in enumerate(st.columns(inputs)):
        kept_slider(column, "x(t)" if inputs == 1 else f"x{k + 1}(t)", f"{PAGE}_x_{k}", X_RANGE, 0.1)
    sub = "" if hidden == 1 else str(unit + 1)
    h_column, c_column = st.columns(2)
    kept_slider(h_column, f"h{sub}(t-1)", f"{PAGE}_h_{unit}", H_RANGE, 0.05)
    kept_slider(c_column, f"C{sub}(t-1)", f"{PAGE}_c_{unit}", C_RANGE, 0.1)
