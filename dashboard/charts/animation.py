"""Plotly animations of the LSTM cell that play in the browser (Play / Pause and a step slider, no server round trip).

Two modes, both drawn as the cell diagram on top and, below it, the values of every hidden unit:
  walkthrough_animation   one time step, stage by stage in the order of the equations:
                          inputs -> f -> i -> c̃ -> C update -> o -> h  (one frame per stage, `STAGES`)
  time_animation          one frame per token: the whole step at each token of the sentence

Every number comes from `lstm_engine.layers.cell_walkthrough.CellStep`s read from the engine's trace.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from dashboard.charts.cell_diagram import STAGE_COLOURS, diagram_axes, diagram_traces, gate_name_annotations
from dashboard.charts.cell_equations import text_with_numbers
from dashboard.charts.figure import figure
from dashboard.charts.theme import FONT_FAMILY, GATE_COLOURS, GATE_LABELS, NO_TEMPLATE
from lstm_engine.layers.cell_walkthrough import STAGES

STAGE_SHORT = {"inputs": "inputs", "f": "f", "i": "i", "c_tilde": "c̃", "c": "C update", "o": "o", "h": "h"}
# What the unit bars show at each stage: the vector the stage produced, and a second one drawn as dots.
BARS = {"inputs": ("h_prev", "c_prev"), "f": ("f", None), "i": ("i", None), "c_tilde": ("c_tilde", None),
        "c": ("c", "c_prev"), "o": ("o", None), "h": ("h", None)}
VECTOR_LABELS = {"h_prev": "h(t-1)", "c_prev": "C(t-1)", "f": "f(t)", "i": "i(t)", "c_tilde": "c̃(t)",
                 "c": "C(t)", "o": "o(t)", "h": "h(t)"}
VECTOR_COLOURS = {"h_prev": STAGE_COLOURS["inputs"], "c_prev": GATE_COLOURS["c"], **GATE_COLOURS}
FRAME_MS = 1400                       # a stage: time to read its formula
TOKEN_FRAME_MS = 450                  # a token: a 40-word sentence plays in 18 s
WORD_IN_TITLE = 16                    # characters of the word a title names: the title fits a 390 px phone
DIAGRAM_DOMAIN, BARS_DOMAIN = (0.42, 1.0), (0.0, 0.16)   # room for the slider's labels above the legend
CONTROLS_Y = 0.41                     # Play / Pause, then the slider, between the diagram and the bars
AXES = ("x", "y")
BAR_AXES = ("x2", "y2")
_ABSENT = object()


def _bar_traces(step, unit: int, primary: str, secondary: str | None) -> list[dict]:
    """Bars of one vector over all units (the diagram's unit darker) and, optionally, dots of another."""
    units = np.arange(1, step.hidden_size + 1)
    values = step.value(primary)
    opacity = np.where(units == unit + 1, 1.0, 0.45)
    bars = dict(type="bar", x=units.tolist(), y=values.tolist(), name=VECTOR_LABELS[primary], xaxis=BAR_AXES[0],
                yaxis=BAR_AXES[1], marker=dict(color=VECTOR_COLOURS[primary], opacity=opacity.tolist()),
                hovertemplate=f"unit %{{x}}<br>{VECTOR_LABELS[primary]} = %{{y:.5f}}<extra></extra>", showlegend=True)
    dots = dict(type="scatter", mode="markers", xaxis=BAR_AXES[0], yaxis=BAR_AXES[1], showlegend=secondary is not None,
                x=units.tolist() if secondary else [], y=step.value(secondary).tolist() if secondary else [],
                name=VECTOR_LABELS[secondary] if secondary else "",
                marker=dict(symbol="line-ew-open", size=10,
                            line=dict(width=3, color=VECTOR_COLOURS.get(secondary, "black"))),
                hovertemplate=(f"unit %{{x}}<br>{VECTOR_LABELS[secondary]} = %{{y:.5f}}<extra></extra>"
                               if secondary else ""))          # not None: a frame cannot unset what one set
    return [bars, dots]


def _bar_range(steps) -> list[float]:
    """A fixed value axis for every frame: at least -1..1, wider when the cell state grows past 1."""
    largest = max(max(float(np.max(np.abs(s.c))), float(np.max(np.abs(s.c_prev)))) for s in steps)
    top = max(1.0, np.ceil(largest * 10) / 10) * 1.05
    return [-top, top]


def _layout(title: str, height: int, bar_range, hidden: int, slider: dict, frame_ms: int = FRAME_MS) -> dict:
    axes = diagram_axes(DIAGRAM_DOMAIN)
    play = dict(label="▶ Play", method="animate",
                args=[None, dict(frame=dict(duration=frame_ms, redraw=True), fromcurrent=True,
                                 transition=dict(duration=0), mode="immediate")])
    pause = dict(label="❚❚ Pause", method="animate",
                 args=[[None], dict(frame=dict(duration=0, redraw=False), transition=dict(duration=0),
                                    mode="immediate")])
    return dict(
        title=dict(text=title, x=0.0, xanchor="left"), height=height, template=NO_TEMPLATE,
        margin=dict(l=10, r=10, t=60, b=10), font=dict(family=FONT_FAMILY, size=14), hovermode="closest",
        xaxis=axes["x"], yaxis=axes["y"], annotations=gate_name_annotations(AXES),
        xaxis2=dict(domain=[0, 1], anchor="y2", title=dict(text=f"hidden unit (1–{hidden})"), automargin=True,
                    range=[0.5, hidden + 0.5], dtick=max(1, hidden // 16)),
        yaxis2=dict(domain=list(BARS_DOMAIN), anchor="x2", range=bar_range, title=dict(text="value"),
                    automargin=True, zeroline=True, zerolinecolor="#888"),
        legend=dict(orientation="h", x=0.0, xanchor="left", y=BARS_DOMAIN[1] + 0.01, yanchor="bottom"),
        barmode="overlay",
        updatemenus=[dict(type="buttons", direction="left", showactive=False, x=0.0, xanchor="left",
                          y=CONTROLS_Y, yanchor="top", pad=dict(r=6, t=0), buttons=[play, pause])],
        sliders=[slider],
    )


def _varying(values: list):
    """What differs among `values` (one per frame): None if nothing, True if the whole value, or for dicts a dict
    of what differs in each of their keys."""
    if all(value == values[0] for value in values):
        return None
    if not all(isinstance(value, dict) for value in values):
        return True
    keys = dict.fromkeys(key for value in values for key in value)
    parts = {key: _varying([value.get(key, _ABSENT) for value in values]) for key in keys}
    return {key: part for key, part in parts.items() if part is not None}


def _pick(value, part):
    return value if part is True else {key: _pick(value[key], sub) for key, sub in part.items() if key in value}


def _frames(names: list[str], frames_data: list[list[dict]]) -> list[dict]:
    """Frames as plain dicts that carry only what differs between frames. Plotly merges a frame into the traces
    drawn (deeply; arrays are replaced), so what is equal in every frame stays as the figure's data has it, and a
    trace equal in every frame is left out (`traces` lists the ones a frame restyles). Plain dicts: a `go.Frame`
    each validated them twice, and building an animation was most of a Data Flow click's server time."""
    parts = [_varying([data[k] for data in frames_data]) for k in range(len(frames_data[0]))]
    traces = [k for k, part in enumerate(parts) if part]
    return [dict(name=name, traces=traces,
                 data=[{"type": data[k]["type"], "name": data[k]["name"], **_pick(data[k], parts[k])} for k in traces])
            for name, data in zip(names, frames_data)]


def _slider(labels: list[str], names: list[str], active: int, prefix: str) -> dict:
    steps = [dict(label=label, method="animate",
                  args=[[name], dict(frame=dict(duration=0, redraw=True), transition=dict(duration=0),
                                     mode="immediate")])
             for label, name in zip(labels, names)]
    # len under 1: the last step's label is centred on its tick and would run past the chart's right edge
    return dict(active=active, steps=steps, x=0.0, len=0.95, xanchor="left", y=CONTROLS_Y - 0.05, yanchor="top",
                pad=dict(t=0, b=0), currentvalue=dict(prefix=prefix, visible=True, font=dict(size=14)),
                transition=dict(duration=0))


def _shortened(word: str, most: int = WORD_IN_TITLE) -> str:
    return word if len(word) <= most else word[:most - 1] + "…"


def walkthrough_animation(step, unit: int = 0, token: str | None = None, start: str = "inputs",
                          title: str | None = None, height: int = 780) -> go.Figure:
    """One frame per stage of `STAGES` for one time step; the figure opens at stage `start`."""
    def frame_data(stage):
        return diagram_traces(step, unit, stage, token, AXES) + _bar_traces(step, unit, *BARS[stage])

    frames_data = [frame_data(stage) for stage in STAGES]
    frames = _frames(list(STAGES), frames_data)
    unit_note = f"<br><span style='font-size:12px'>unit {unit + 1} of {step.hidden_size}</span>" \
        if step.hidden_size > 1 else ""                     # its own line: a long word keeps the title on a phone
    word = f" “{_shortened(token)}”" if token else ""
    title = title or f"Stage by stage: token {step.t + 1}{word}{unit_note}"
    slider = _slider([STAGE_SHORT[s] for s in STAGES], list(STAGES), STAGES.index(start), "Stage: ")
    layout = _layout(title, height, _bar_range([step]), step.hidden_size, slider)
    return figure(frames_data[STAGES.index(start)], layout, frames)


def time_animation(steps, tokens: list[str], unit: int = 0, quantity: str = "c", start: int = 0,
                   title: str | None = None, height: int = 780) -> go.Figure:
    """One frame per token: the whole step at that token, and `quantity` ("f", "i", "c_tilde", "o", "c", "h")
    over all units below; `steps[t]` is the CellStep of token t. The figure opens at token `start`."""
    if len(steps) != len(tokens) or not steps:
        raise ValueError(f"need one step per token, got {len(steps)} steps for {len(tokens)} tokens.")
    start = min(max(0, start), len(steps) - 1)

    def frame_data(t):
        step = steps[t]
        caption = (f"<b>Token {t + 1} of {len(tokens)}: “{tokens[t]}”</b><br>"
                   f"{text_with_numbers(step, 'c', unit)}")
        secondary = "c_prev" if quantity == "c" else None
        return (diagram_traces(step, unit, None, tokens[t], AXES, caption=caption)
                + _bar_traces(step, unit, quantity, secondary))

    names = [f"token {t + 1}" for t in range(len(steps))]
    frames_data = [frame_data(t) for t in range(len(steps))]
    frames = _frames(names, frames_data)
    labels = [f"{t + 1} {token[:10]}" if len(tokens) <= 12 else str(t + 1) for t, token in enumerate(tokens)]
    unit_note = f", unit {unit + 1} of {steps[0].hidden_size}" if steps[0].hidden_size > 1 else ""
    title = title or f"Token by token{unit_note}; bars: {GATE_LABELS[quantity]}"
    layout = _layout(title, height, _bar_range(steps), steps[0].hidden_size, _slider(labels, names, start, "Token "),
                     frame_ms=TOKEN_FRAME_MS)
    return figure(frames_data[start], layout, frames)
