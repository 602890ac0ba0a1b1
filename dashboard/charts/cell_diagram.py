"""The LSTM cell drawn as a diagram: the cell-state highway across the top, [h(t-1), x(t)] along the bottom,
the forget, input and output gates and the candidate in between, each box coloured and labelled by its value.

The drawing is made of a fixed list of Plotly traces (one line trace per stage, one trace of nodes, one of value
labels, one caption), so an animation can restyle the same traces frame by frame (see `animation.py`).
A stage is "future" (grey, values shown as ?), "done" (coloured, values shown) or "active" (thick, outlined).

    cell_diagram(step, unit=0)                    # everything computed, nothing highlighted
    diagram_traces(step, unit=0, stage="f")       # the forget gate being computed, later stages still grey
"""

from __future__ import annotations

import plotly.graph_objects as go

from dashboard.charts.cell_equations import STAGE_TITLES, text_number, text_with_numbers
from dashboard.charts.figure import figure
from dashboard.charts.theme import FONT_FAMILY, GATE_COLOURS, NO_TEMPLATE
from lstm_engine.layers.cell_walkthrough import STAGES

INPUT_COLOUR = "#555555"
FUTURE_COLOUR = "#CFCFCF"
STAGE_COLOURS = {"inputs": INPUT_COLOUR, **{stage: GATE_COLOURS[stage] for stage in STAGES[1:]}}
X_RANGE, Y_RANGE = (-2, 102), (-6, 78)
NO_CAPTION_TOP = 60
BOX_PX = 42                        # gate boxes: at 390 px the boxes stand 57 px apart, so they never touch
HIGHWAY_Y, GATE_Y, MIX_Y, CONCAT_Y = 50, 26, 38, 10
GATE_X = {"f": 16, "i": 34, "c_tilde": 54, "o": 72}
ADD_X, OUT_X, H_TURN_X, X_IN = 44, 86, 93, 8
GATE_NAMES = {"f": "forget", "i": "input", "c_tilde": "candidate", "o": "output"}
GATE_SYMBOLS = {"f": "f", "i": "i", "c_tilde": "c̃", "o": "o"}
GATE_ACTIVATIONS = {"f": "σ", "i": "σ", "c_tilde": "tanh", "o": "σ"}

# Lines of the drawing, grouped by the stage that computes what flows along them: (stage, [polyline, ...]).
# The cell state's lines are the "highway" and drawn thicker.
EDGES = (
    ("inputs", [[(0, CONCAT_Y), (GATE_X["o"], CONCAT_Y)], [(X_IN, -3), (X_IN, CONCAT_Y)],
                [(0, HIGHWAY_Y), (GATE_X["f"], HIGHWAY_Y)]]),
    ("f", [[(GATE_X["f"], CONCAT_Y), (GATE_X["f"], HIGHWAY_Y)]]),
    ("i", [[(GATE_X["i"], CONCAT_Y), (GATE_X["i"], MIX_Y), (ADD_X, MIX_Y)]]),
    ("c_tilde", [[(GATE_X["c_tilde"], CONCAT_Y), (GATE_X["c_tilde"], MIX_Y), (ADD_X, MIX_Y)]]),
    ("c", [[(GATE_X["f"], HIGHWAY_Y), (100, HIGHWAY_Y)], [(ADD_X, MIX_Y), (ADD_X, HIGHWAY_Y)]]),
    ("o", [[(GATE_X["o"], CONCAT_Y), (GATE_X["o"], GATE_Y), (OUT_X, GATE_Y)]]),
    ("h", [[(OUT_X, HIGHWAY_Y), (OUT_X, GATE_Y), (H_TURN_X, GATE_Y), (H_TURN_X, CONCAT_Y), (100, CONCAT_Y)]]),
)
EDGE_WIDTH = {"inputs": 3, "f": 3, "i": 3, "c_tilde": 3, "c": 6, "o": 3, "h": 3}


def stage_status(stage_shown: str | None, stage: str) -> str:
    """'done', 'active' or 'future' for `stage` when the diagram stops at `stage_shown` (None: all done)."""
    if stage_shown is None:
        return "done"
    shown, this = STAGES.index(stage_shown), STAGES.index(stage)
    return "active" if this == shown else "done" if this < shown else "future"


def blend(colour: str, amount: float) -> str:
    """`colour` mixed with white: amount 0 -> white, 1 -> the colour (clipped)."""
    amount = min(1.0, max(0.0, float(amount)))
    rgb = [int(colour[k:k + 2], 16) for k in (1, 3, 5)]
    mixed = [round(255 + (channel - 255) * amount) for channel in rgb]
    return "rgb({}, {}, {})".format(*mixed)


def _edge_trace(stage: str, status: str) -> dict:
    xs, ys = [], []
    for line in dict(EDGES)[stage]:
        xs += [p[0] for p in line] + [None]
        ys += [p[1] for p in line] + [None]
    width = EDGE_WIDTH[stage] * (2 if status == "active" else 1)
    colour = FUTURE_COLOUR if status == "future" else STAGE_COLOURS[stage]
    return dict(type="scatter", x=xs, y=ys, mode="lines", hoverinfo="skip", showlegend=False,
                name=f"path {stage}",
                line=dict(color=colour, width=width, dash="dot" if status == "future" else "solid"))


def _nodes_trace(step, unit: int, stage_shown: str | None) -> dict:
    """Gate boxes and the ×, +, tanh operators, with fills that follow the values."""
    xs, ys, texts, hovers, fills, borders, widths, sizes, symbols = ([] for _ in range(9))

    def add(x, y, stage, text, hover, fill_amount, size, symbol, colour):
        status = stage_status(stage_shown, stage)
        future = status == "future"
        xs.append(x)
        ys.append(y)
        texts.append(text if not future else text.split("<br>")[0] + ("<br>?" if "<br>" in text else ""))
        hovers.append(hover if not future else "not computed yet")
        fills.append(blend(colour, 0.0 if future else 0.15 + 0.7 * min(1.0, fill_amount)))   # text stays legible
        borders.append("black" if status == "active" else (FUTURE_COLOUR if future else colour))
        widths.append(4 if status == "active" else 2)
        sizes.append(size)
        symbols.append(symbol)

    j = unit
    for gate, x in GATE_X.items():
        value = float(step.value(gate)[j])
        add(x, GATE_Y, gate, f"<b>{GATE_SYMBOLS[gate]}</b> {GATE_ACTIVATIONS[gate]}<br>{text_number(value)}",
            f"{GATE_NAMES[gate]} {'gate ' if gate != 'c_tilde' else ''}{GATE_SYMBOLS[gate]}(t): {value:.5f}",
            abs(value), BOX_PX, "square", GATE_COLOURS[gate])
    operator = GATE_COLOURS["c"]
    add(GATE_X["f"], HIGHWAY_Y, "c", "×", f"f·C(t-1) = {float(step.f[j] * step.c_prev[j]):.5f}", 0, 30,
        "circle", operator)
    add(ADD_X, MIX_Y, "c", "×", f"i·c̃ = {float(step.i[j] * step.c_tilde[j]):.5f}", 0, 30, "circle", operator)
    add(ADD_X, HIGHWAY_Y, "c", "+", f"C(t) = {float(step.c[j]):.5f}", 0, 30, "circle", operator)
    add(OUT_X, MIX_Y, "h", "tanh", f"tanh(C(t)) = {float(step.tanh_c[j]):.5f}", abs(float(step.tanh_c[j])), 40,
        "circle", GATE_COLOURS["h"])
    add(OUT_X, GATE_Y, "h", "×", f"h(t) = {float(step.h[j]):.5f}", 0, 30, "circle", GATE_COLOURS["h"])
    return dict(type="scatter", x=xs, y=ys, mode="markers+text", text=texts, hovertext=hovers, hoverinfo="text",
                textposition="middle center", showlegend=False, name="gates",
                textfont=dict(size=13, color="black", family=FONT_FAMILY),
                marker=dict(opacity=1.0, symbol=symbols, size=sizes, color=fills,
                            line=dict(color=borders, width=widths)))


def _labels_trace(step, unit: int, stage_shown: str | None, token: str | None) -> dict:
    """The named values on the lines: C(t-1), f·C(t-1), i·c̃, C(t), h(t-1), x(t), h(t)."""
    j = unit
    x_text = f"“{token}”" if token else ", ".join(text_number(v, 2) for v in step.x[:3]) + (
        "…" if step.x.shape[0] > 3 else "")
    labels = (   # (x, y, position, stage that computes it, name, value text)
        (0, HIGHWAY_Y + 2, "top right", "inputs", "C(t-1)", text_number(step.c_prev[j])),
        (29, HIGHWAY_Y + 2, "top center", "c", "f·C(t-1)", text_number(step.f[j] * step.c_prev[j])),
        (ADD_X - 1.5, 44, "middle left", "c", "i·c̃", text_number(step.i[j] * step.c_tilde[j])),
        (100, HIGHWAY_Y + 2, "top left", "c", "C(t)", text_number(step.c[j])),
        (0, CONCAT_Y + 1.5, "top right", "inputs", "h(t-1)", text_number(step.h_prev[j])),
        (X_IN + 1, -2, "middle right", "inputs", "x(t)", x_text),
        (100, CONCAT_Y - 1.5, "bottom left", "h", "h(t)", text_number(step.h[j])),
    )
    two_lines = {"C(t-1)", "f·C(t-1)", "C(t)", "h(t-1)", "h(t)"}        # narrow labels stay legible on a phone
    texts, colours = [], []
    for _, _, _, stage, name, value in labels:
        status = stage_status(stage_shown, stage)
        shown = "?" if status == "future" else value
        text = f"{name}<br>{shown}" if name in two_lines else f"{name} = {shown}"
        texts.append(f"<b>{text}</b>" if status == "active" else text)
        colours.append(FUTURE_COLOUR if status == "future" else "black")
    return dict(type="scatter", x=[p[0] for p in labels], y=[p[1] for p in labels], mode="text", text=texts,
                textposition=[p[2] for p in labels], hoverinfo="skip", showlegend=False, name="values",
                textfont=dict(size=14, color=colours, family=FONT_FAMILY))


def _caption_trace(text: str) -> dict:
    return dict(type="scatter", x=[50], y=[Y_RANGE[1] - 1], mode="text", text=[text], textposition="bottom center",
                hoverinfo="skip", showlegend=False, name="caption", textfont=dict(size=15, family=FONT_FAMILY))


def diagram_traces(step, unit: int = 0, stage: str | None = None, token: str | None = None,
                   axes: tuple[str, str] = ("x", "y"), caption: str | None = None) -> list[dict]:
    """The diagram's traces, always the same number in the same order: 7 stage paths, nodes, labels, caption.

    The caption is the stage's title and formula with numbers, unless `caption` (Plotly text) is given.
    """
    if not 0 <= unit < step.hidden_size:
        raise IndexError(f"unit {unit} is outside this cell of {step.hidden_size} units.")
    if caption is None:
        caption = ("The whole step: every gate computed" if stage is None else
                   f"<b>{STAGE_TITLES[stage]}</b><br>{text_with_numbers(step, stage, unit, token)}")
    traces = [_edge_trace(name, stage_status(stage, name)) for name in STAGES]
    traces += [_nodes_trace(step, unit, stage), _labels_trace(step, unit, stage, token), _caption_trace(caption)]
    for trace in traces:
        trace.update(xaxis=axes[0], yaxis=axes[1])
    return traces


def diagram_axes(domain=(0.0, 1.0), caption: bool = True) -> dict:
    """A blank canvas with fixed ranges so frames never rescale the drawing (no room on top without a caption)."""
    blank = dict(showgrid=False, zeroline=False, showticklabels=False, fixedrange=True, title=dict(text=""))
    y_range = list(Y_RANGE) if caption else [Y_RANGE[0], NO_CAPTION_TOP]
    return dict(x=dict(blank, range=list(X_RANGE)), y=dict(blank, range=y_range, domain=list(domain)))


def gate_name_annotations(axes: tuple[str, str] = ("x", "y")) -> list[dict]:
    """Static names under the gate boxes and along the highway (never change between frames)."""
    # Centred right above their boxes, 18 of 104 units apart, so "candidate" and "output" keep a gap at 390 px
    # and nothing meets the h(t-1) label; the white ground breaks the line above the box, not the word.
    notes = [dict(x=x, y=GATE_Y + 4.6, text=GATE_NAMES[gate], xanchor="center", yanchor="bottom", showarrow=False,
                  bgcolor="white", borderpad=0, font=dict(size=11, color=GATE_COLOURS[gate]))
             for gate, x in GATE_X.items()]
    notes.append(dict(x=68, y=HIGHWAY_Y - 2, text="the cell-state highway", showarrow=False, xanchor="center",
                      yanchor="top", font=dict(size=12, color=GATE_COLOURS["c"])))
    notes.append(dict(x=55, y=CONCAT_Y - 2.5, text="[h(t-1), x(t)] feeds every gate", showarrow=False,
                      xanchor="center", yanchor="top", font=dict(size=12, color=INPUT_COLOUR)))
    for note in notes:
        note.update(xref=axes[0], yref=axes[1])
    return notes


def cell_diagram(step, unit: int = 0, stage: str | None = None, token: str | None = None,
                 title: str = "The LSTM cell at one time step", height: int | None = None) -> go.Figure:
    """The whole cell with the values of `step` for one unit; `stage` highlights one stage of the walk and adds
    its formula with numbers on top."""
    axes = diagram_axes(caption=stage is not None)
    height = height or (480 if stage is not None else 400)
    layout = dict(title=dict(text=title, x=0.0, xanchor="left"), height=height, template=NO_TEMPLATE,
                  margin=dict(l=44, r=10, t=50, b=40), font=dict(family=FONT_FAMILY, size=14),
                  xaxis=axes["x"], yaxis=axes["y"], annotations=gate_name_annotations(), hovermode="closest")
    caption = None if stage is not None else ""
    return figure(diagram_traces(step, unit, stage, token, caption=caption), layout)
