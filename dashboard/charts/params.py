"""Parameter-count figures: grouped bars per weight group, and the count as the hidden size grows."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import plotly.graph_objects as go

from dashboard.charts.figure import figure
from dashboard.charts.theme import MODEL_COLOURS, MODEL_LABELS, OKABE_ITO, base_layout

CONVENTION_LABELS = {"pytorch": "PyTorch", "keras": "Keras"}
LABEL_SHARE = 0.05      # bars shorter than this share of the tallest carry no label
GROUPS = (("input_weights", "Input W_ih"), ("recurrent_weights", "Recurrent W_hh"), ("biases", "Biases b"),
          ("total", "Total"))


def _describe(count) -> str:
    layers = f", {count.num_layers} layers" if count.num_layers > 1 else ""
    directions = ", bidirectional" if count.bidirectional else ""
    return f"{CONVENTION_LABELS[count.convention]} convention{layers}{directions}"


def bar_label(value: int, tallest: int) -> str:
    """A bar's label, short enough for a phone's narrow bars ("257k", not "256,768"); none on bars under
    LABEL_SHARE of the tallest, whose labels would sit side by side at the axis and run together ("256768").
    Hover and the page's caption still give every count."""
    if value < LABEL_SHARE * tallest:
        return ""
    for size, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if value >= size:
            return f"{value / size:.3g}{suffix}"
    return str(value)


def parameter_bars(counts: Mapping[str, object]) -> go.Figure:
    """Grouped bars: one colour per model kind, one group per weight group; hover shows the formula.

    `counts` maps kind ("rnn", "gru", "lstm") to a `lstm_engine.ParamCount`, in the order to draw.
    """
    tallest = max((count.total for count in counts.values()), default=0)
    bars = []
    for kind, count in counts.items():
        values = [getattr(count, field) for field, _ in GROUPS]
        bars.append(dict(
            type="bar", name=MODEL_LABELS[kind], x=[label for _, label in GROUPS], y=values,
            marker=dict(color=MODEL_COLOURS[kind]), text=[bar_label(value, tallest) for value in values],
            texttemplate="%{text}", textposition="outside", cliponaxis=False, textangle=0,
            customdata=[[count.formula, count.symbolic]] * len(GROUPS),
            hovertemplate=(f"<b>{MODEL_LABELS[kind]}</b> · %{{x}}: %{{y:,}} parameters<br>"
                           "total = %{customdata[1]}<br>= %{customdata[0]}<extra></extra>"),
        ))
    any_count = next(iter(counts.values()), None)
    subtitle = ""
    if any_count is not None:
        subtitle = (f"<br><sup>Input size {any_count.input_size}, hidden size {any_count.hidden_size}</sup>"
                    f"<br><sup>{_describe(any_count)}</sup>")       # two short lines: a phone shows both whole
    layout = base_layout("Parameters by weight group" + subtitle, "Weight group", "Parameters (count)", height=480)
    layout.update(barmode="group", margin=dict(l=10, r=10, t=130, b=10),    # three title lines above the legend
                  uniformtext=dict(minsize=9, mode="hide"))      # drop labels that do not fit (phones)
    layout["yaxis"].update(rangemode="tozero", tickformat=",")
    return figure(bars, layout)       # plain dicts: ~1 ms, not ~17 ms of property updates


def count_vs_hidden(curves: Mapping[str, tuple[Sequence[int], Sequence[int]]], current_hidden: int,
                    current_totals: Mapping[str, int], log_scale: bool = False) -> go.Figure:
    """Total parameters against hidden size, one line per kind, with the current setting marked.

    `curves` maps kind to (hidden sizes, totals); `current_totals` maps kind to the count at `current_hidden`.
    """
    traces = []
    for kind, (hidden_sizes, totals) in curves.items():
        colour, label = MODEL_COLOURS[kind], MODEL_LABELS[kind]
        traces.append(dict(type="scatter", x=list(hidden_sizes), y=list(totals), mode="lines", name=label,
                           line=dict(color=colour, width=2.5),
                           hovertemplate=f"<b>{label}</b><br>hidden size %{{x}}: %{{y:,}} parameters<extra></extra>"))
        traces.append(dict(type="scatter", x=[current_hidden], y=[current_totals[kind]], mode="markers",
                           showlegend=False, marker=dict(color=colour, size=11, line=dict(color="white", width=1.5)),
                           name=f"{label} (current)",
                           hovertemplate=f"<b>{label}</b> now<br>hidden size %{{x}}: %{{y:,}} parameters"
                                         "<extra></extra>"))
    scale = "log" if log_scale else "linear"
    largest = max((max(sizes) for sizes, _ in curves.values()), default=current_hidden)
    subtitle = "" if log_scale else f"<br><sup>Hidden sizes 1–{largest:,}; Log scale shows them all</sup>"
    layout = base_layout("Parameters vs hidden size" + subtitle, "Hidden size H (units)", "Parameters (count)",
                         height=420)
    layout["margin"] = dict(l=10, r=10, t=90, b=10)
    # The current size: a dashed line across the plot, labelled at its top left.
    layout["shapes"] = [dict(type="line", x0=current_hidden, x1=current_hidden, xref="x", y0=0, y1=1,
                             yref="y domain", line=dict(color=OKABE_ITO["grey"], dash="dash", width=1))]
    layout["annotations"] = [dict(text=f"hidden size {current_hidden}", x=current_hidden, xref="x", xanchor="right",
                                  y=1, yref="y domain", yanchor="top", showarrow=False)]
    if log_scale:        # an explicit range: "tozero" on a log axis let Plotly stretch it to 10^260
        layout["xaxis"].update(type="log", range=[0, math.log10(max(largest, 2))])
    else:
        layout["xaxis"].update(type="linear", rangemode="tozero")
    layout["yaxis"].update(type=scale, tickformat="~s" if log_scale else ",")
    return figure(traces, layout)
