"""The lesson's LSTM formulas: as LaTeX without numbers (LATEX, LESSON_FLOW), and with the numbers of one step
substituted, as HTML (st.html) or as Plotly text.

Every number printed comes from a `lstm_engine.layers.cell_walkthrough.CellStep` (the engine's trace) or from the
weights the student set; the right-hand side of each formula is the engine's value, never recomputed here.

    html_with_numbers(step, "f", unit=0, lesson=weights)
    -> f(t) = σ(W_f·[h(t-1), x(t)] + b_f) = σ([0.00, 0.00]·[0.00, 1.00] + 6.00) = σ(6.00) = 0.998   (as HTML)
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
LESSON_FLOW = (r"\begin{aligned} f &= \sigma(W_f \cdot [h, x] + b_f) \\ "
               r"i &= \sigma(W_i \cdot [h, x] + b_i) \end{aligned}",
               r"\begin{aligned} \tilde{c} &= \tanh(W_c \cdot [h, x] + b_c) \\ "
               r"o &= \sigma(W_o \cdot [h, x] + b_o) \end{aligned}")
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
ACTIVATION_TEXT = {"f": "σ", "i": "σ", "c_tilde": "tanh", "o": "σ"}


def text_number(value: float, digits: int = 3) -> str:
    """A value for Plotly or HTML text: fixed decimals with a true minus sign (none on a value that rounds to
    zero), never 'nan' on screen."""
    value = float(value)
    if not np.isfinite(value):
        return "n/a"
    text = f"{value:.{digits}f}"
    return text.lstrip("-") if float(text) == 0 else text.replace("-", "−")


def text_factor(value: float, digits: int = 3) -> str:
    """A number that is safe to write after × or +: negatives in parentheses."""
    text = text_number(value, digits)
    return f"({text})" if text.startswith("−") else text


def _vector(values, digits=2) -> str:
    return "[" + ", ".join(text_number(v, digits) for v in values) + "]"


# The formulas with numbers are HTML (st.html), not KaTeX: Gates' first chart came 0.06 s sooner on a cold visit and
# 0.09 s on a warm one (medians of 5 fresh servers each, taking turns with the KaTeX version: sooner in 5 of 5 and
# 4 of 5 pairs; bench/first_paint.py's measure), and plain lines wrap on a phone, so every weight can be written out
# at every cell size (the KaTeX matrices fitted 358 px only up to 3 numbers).
HTML_STYLE = ("<style>.formulas {font-size: 1.05rem; line-height: 1.7;} .formulas p {margin: 0 0 0.6rem 0;}"
              " .formulas .then {display: block; padding-left: 1.5rem;}</style>")


def html_with_numbers(step, stage: str, unit: int = 0, lesson: dict | None = None) -> str:
    """One formula for one unit as an HTML paragraph: the lesson's symbols, then the numbers, then the engine's
    value in bold. With `lesson` (the weights the student set) a gate's formula writes out W[unit]·[h(t-1), x(t)];
    the pre-activation σ(z) is shown when the step has one. Every number is the engine's or the student's."""
    sub = "" if step.hidden_size == 1 else f"<sub>{unit + 1}</sub>"
    if stage in GATE_SUFFIX:
        act, k = ACTIVATION_TEXT[stage], GATE_SUFFIX[stage]
        head = {"c_tilde": "c̃"}.get(stage, stage) + sub + "(t)"
        lines = [TEXT[stage].split("=", 1)[1].strip().replace("t-1", "t−1")]
        if lesson is not None:
            hx = np.concatenate((step.h_prev, step.x))                              # (H+I,) [h(t-1), x(t)]
            lines.append(f"{act}({_vector(lesson[f'W_{k}'][unit])}·{_vector(hx)} + "
                         f"{text_factor(lesson[f'b_{k}'][unit], 2)})")
        result = f"<b>{text_number(step.value(stage)[unit])}</b>"
        lines.append(f"{act}({text_number(step.z[stage][unit], 2)}) = {result}" if step.z is not None else result)
    elif stage == "c":
        head = f"C{sub}(t)"
        lines = [f"f{sub}(t)·C{sub}(t−1) + i{sub}(t)·c̃{sub}(t)",
                 f"{text_number(step.f[unit])} × {text_factor(step.c_prev[unit])} + "
                 f"{text_number(step.i[unit])} × {text_factor(step.c_tilde[unit])}",
                 f"<b>{text_number(step.c[unit])}</b>"]
    elif stage == "h":
        head = f"h{sub}(t)"
        lines = [f"o{sub}(t)·tanh(C{sub}(t))",
                 f"{text_number(step.o[unit])} × tanh({text_number(step.c[unit])})",
                 f"{text_number(step.o[unit])} × {text_factor(step.tanh_c[unit])} = "
                 f"<b>{text_number(step.h[unit])}</b>"]
    else:
        raise ValueError(f"no formula for stage {stage!r}")
    first, *rest = lines
    return f"<p>{head} = {first}" + "".join(f'<span class="then">= {line}</span>' for line in rest) + "</p>"


def formulas_html(step, stages, unit: int = 0, lesson: dict | None = None) -> str:
    """Several `html_with_numbers` formulas in one block, for one st.html."""
    return (HTML_STYLE + '<div class="formulas">' + "".join(html_with_numbers(step, stage, unit, lesson)
                                                            for stage in stages) + "</div>")


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
