"""The lesson's LSTM formulas with the numbers of one step substituted, as LaTeX (st.latex) or as Plotly text.

Every number printed comes from a `lstm_engine.layers.cell_walkthrough.CellStep` (the engine's trace) or from the
weights the student set; the right-hand side of each formula is the engine's value, never recomputed here.

    latex_with_numbers(step, "f", unit=0, lesson=weights)
    -> f(t) = σ([0.00, 0.00]·[0.00, 1.00]ᵀ + 6.00) = σ(6.00) = 0.998   (as LaTeX)
"""

from __future__ import annotations

import numpy as np

# The lesson's formulas, in the order the cell computes them (keys are CellStep stages).
LATEX = {
    "f": r"f(t) = \sigma\left(W_f \cdot [h(t-1), x(t)] + b_f\right)",
    "i": r"i(t) = \sigma\left(W_i \cdot [h(t-1), x(t)] + b_i\right)",
    "c_tilde": r"\tilde{c}(t) = \tanh\left(W_c \cdot [h(t-1), x(t)] + b_c\right)",
    "c": r"C(t) = f(t) \odot C(t-1) + i(t) \odot \tilde{c}(t)",
    "o": r"o(t) = \sigma\left(W_o \cdot [h(t-1), x(t)] + b_o\right)",
    "h": r"h(t) = o(t) \odot \tanh\left(C(t)\right)",
}
# The lesson's Data Flow panel: the four gate computations, in two pairs (side by side on a wide screen).
LESSON_FLOW = (r"\begin{aligned} f &= \sigma(W_f \cdot [h, x] + b_f) \\ i &= \sigma(W_i \cdot [h, x] + b_i) \end{aligned}",
               r"\begin{aligned} \tilde{c} &= \tanh(W_c \cdot [h, x] + b_c) \\ o &= \sigma(W_o \cdot [h, x] + b_o) \end{aligned}")
TEXT = {
    "inputs": "inputs: x(t), h(t-1), C(t-1)",
    "f": "f(t) = σ(W<sub>f</sub>·[h(t-1), x(t)] + b<sub>f</sub>)",
    "i": "i(t) = σ(W<sub>i</sub>·[h(t-1), x(t)] + b<sub>i</sub>)",
    "c_tilde": "c̃(t) = tanh(W<sub>c</sub>·[h(t-1), x(t)] + b<sub>c</sub>)",
    "c": "C(t) = f(t)·C(t-1) + i(t)·c̃(t)",
    "o": "o(t) = σ(W<sub>o</sub>·[h(t-1), x(t)] + b<sub>o</sub>)",
    "h": "h(t) = o(t)·tanh(C(t))",
}
STAGE_TITLES = {
    "inputs": "1 · Inputs arrive",
    "f": "2 · Forget gate: what to throw away",
    "i": "3 · Input gate: what new info to store",
    "c_tilde": "4 · Candidate: new values on offer",
    "c": "5 · Cell update: old × f + new × i",
    "o": "6 · Output gate: what to output",
    "h": "7 · Hidden state: the filtered memory",
}
GATE_SUFFIX = {"f": "f", "i": "i", "c_tilde": "c", "o": "o"}
ACTIVATION = {"f": r"\sigma", "i": r"\sigma", "c_tilde": r"\tanh", "o": r"\sigma"}
SYMBOL = {"f": "f", "i": "i", "c_tilde": r"\tilde{c}", "o": "o"}
ACTIVATION_TEXT = {"f": "σ", "i": "σ", "c_tilde": "tanh", "o": "σ"}


def number(value: float, digits: int = 3) -> str:
    """A value for LaTeX: fixed decimals, and never 'nan' on screen (the engine never returns one)."""
    value = float(value)
    return f"{value:.{digits}f}" if np.isfinite(value) else r"\text{n/a}"


def text_number(value: float, digits: int = 3) -> str:
    """A value for Plotly text: fixed decimals with a true minus sign."""
    return f"{float(value):.{digits}f}".replace("-", "−")


def factor(value: float, digits: int = 3) -> str:
    """A LaTeX number that is safe to write after × or +: negatives in parentheses."""
    text = number(value, digits)
    return f"({text})" if text.startswith("-") else text


def text_factor(value: float, digits: int = 3) -> str:
    text = text_number(value, digits)
    return f"({text})" if text.startswith("−") else text


def _column(values, digits=2) -> str:
    return r"\begin{bmatrix}" + r" \\ ".join(number(v, digits) for v in values) + r"\end{bmatrix}"


def _row(values, digits=2) -> str:
    return r"\begin{bmatrix}" + " & ".join(number(v, digits) for v in values) + r"\end{bmatrix}"


def latex_with_numbers(step, stage: str, unit: int = 0, lesson: dict | None = None) -> str:
    """One formula for one unit, on aligned lines: symbols, then numbers, then the engine's result.

    With `lesson` (the weights the student set) the gate formulas show W_k[unit] and [h(t-1), x(t)] in full;
    the pre-activation σ(z) is shown when the step has one.
    """
    sub = "" if step.hidden_size == 1 else f"_{{{unit + 1}}}"
    if stage in GATE_SUFFIX:
        act, k = ACTIVATION[stage], GATE_SUFFIX[stage]
        head, lines = rf"{SYMBOL[stage]}{sub}(t)", [LATEX[stage].split("=", 1)[1].strip()]
        if lesson is not None:
            hx = np.concatenate((step.h_prev, step.x))                              # (H+I,) [h(t-1), x(t)]
            lines.append(rf"{act}\left({_row(lesson[f'W_{k}'][unit])} \cdot {_column(hx)} + "
                         rf"{factor(lesson[f'b_{k}'][unit], 2)}\right)")
        result = number(step.value(stage)[unit])
        lines.append(rf"{act}\left({number(step.z[stage][unit], 2)}\right) \;=\; {result}" if step.z is not None
                     else result)
    elif stage == "c":
        head = rf"C{sub}(t)"
        lines = [rf"f{sub}(t)\, C{sub}(t-1) + i{sub}(t)\, \tilde{{c}}{sub}(t)",
                 rf"{number(step.f[unit])} \times {factor(step.c_prev[unit])} + "
                 rf"{number(step.i[unit])} \times {factor(step.c_tilde[unit])}", number(step.c[unit])]
    elif stage == "h":
        head = rf"h{sub}(t)"
        lines = [rf"o{sub}(t) \tanh\left(C{sub}(t)\right)",
                 rf"{number(step.o[unit])} \times \tanh({number(step.c[unit])})",
                 rf"{number(step.o[unit])} \times {factor(step.tanh_c[unit])} \;=\; {number(step.h[unit])}"]
    else:
        raise ValueError(f"no formula for stage {stage!r}")
    body = r" \\ ".join(rf"&= {line}" for line in lines)
    return rf"\begin{{aligned}} {head} {body} \end{{aligned}}"


def text_with_numbers(step, stage: str, unit: int = 0, token: str | None = None) -> str:
    """The same formula as one line of Plotly text (basic HTML), for the diagram's caption."""
    j = unit
    if stage == "inputs":
        word = f"“{token}”" if token else f"{step.x.shape[0]} number(s)"
        return (f"x(t) = {word}<br>h(t-1) = {text_number(step.h_prev[j])},  "
                f"C(t-1) = {text_number(step.c_prev[j])}")
    if stage in GATE_SUFFIX:
        middle = f"{ACTIVATION_TEXT[stage]}({text_number(step.z[stage][j], 2)}) = " if step.z is not None else ""
        return f"{TEXT[stage]}<br>= {middle}<b>{text_number(step.value(stage)[j])}</b>"
    if stage == "c":
        return (f"{TEXT['c']}<br>= {text_number(step.f[j])}×{text_factor(step.c_prev[j])} + "
                f"{text_number(step.i[j])}×{text_factor(step.c_tilde[j])} = <b>{text_number(step.c[j])}</b>")
    if stage == "h":
        return (f"{TEXT['h']}<br>= {text_number(step.o[j])}×tanh({text_number(step.c[j])}) = "
                f"<b>{text_number(step.h[j])}</b>")
    raise ValueError(f"no formula for stage {stage!r}")
