"""The Why LSTM page's charts of many training runs: how many runs learn the link at each training distance,
accuracy against the gap (every run, the median, the middle half), learning curves, and the training signal's
reach back to the country on a log axis.

Builders draw what lstm_engine.memory.findings computed (Spread, per-run curves, ReachCurves, counts); they compute
nothing but plot coordinates. Where lines would lie on each other (GRU and LSTM both at 100%), each kind has its own
width, dash and marker, and the learned-runs chart sets the kinds a little apart along the axis.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping, Sequence

import plotly.graph_objects as go

from dashboard.charts.figure import figure_with
from dashboard.charts.memory import SUBTITLE
from dashboard.charts.theme import CHANCE_COLOUR, MODEL_COLOURS, MODEL_LABELS, base_layout, translucent

RETENTION_TITLE = "Memory Retention Comparison (measured)"
LEARNED_TITLE = "How many training runs learn the link"
LEARNING_TITLE = "How fast each model learns to remember"
GRADIENT_TITLE = "How much training signal reaches the country"
BOTTOM_LEGEND = dict(orientation="h", yref="container", yanchor="bottom", y=0.0, xanchor="left", x=0.0)
# Drawn in this order, each over the last: the thick LSTM below, the dashed GRU on it, the RNN on top.
ORDER = ("lstm", "gru", "rnn")
STYLE = {"lstm": dict(width=6, dash="solid", symbol="diamond"), "gru": dict(width=3, dash="dash", symbol="square"),
         "rnn": dict(width=3, dash="solid", symbol="circle")}
DODGE = {"lstm": 1.0, "gru": 0.93, "rnn": 1.07}        # along a log axis: the kinds' points side by side
PANEL_TITLE_WIDTH = 44          # characters of a bold panel title a 390 px phone shows on one line
PANEL_TITLE_SHIFT = -80         # px: panel titles start at the chart's left edge, under its title, not at the axis


def _ordered(mapping: Mapping[str, object]) -> list[str]:
    return sorted(mapping, key=ORDER.index)


def _runs_median_band(kind: str, spread, curves: Sequence[Sequence[float]], hover_x: str) -> list[dict]:
    """Thin line per run, the interquartile band and the median, one legend entry per kind."""
    label, colour, style = MODEL_LABELS[kind], MODEL_COLOURS[kind], STYLE[kind]
    x = list(spread.x)
    # Every run in one trace, runs apart by a None: the same thin lines, and the browser draws one trace, not ten.
    xs, ys, numbers = [], [], []
    for number, values in enumerate(curves):
        xs += [*x, None]
        ys += [*values, None]
        numbers += [number + 1] * len(x) + [None]
    return [
        dict(type="scatter", x=xs[:-1], y=ys[:-1], customdata=numbers[:-1], mode="lines", showlegend=False,
             name=f"{label} training runs", line=dict(color=translucent(colour, 0.4), width=1),
             hovertemplate=f"{label}, training run %{{customdata}}: %{{y:.0%}} {hover_x}<extra></extra>"),
        dict(type="scatter", x=x + x[::-1], y=list(spread.q3) + list(spread.q1)[::-1], mode="lines", fill="toself",
             fillcolor=translucent(colour, 0.18), line=dict(width=0), hoverinfo="skip", showlegend=False,
             legendgroup=kind, name=f"{label} middle half of runs"),
        dict(type="scatter", x=x, y=list(spread.median), mode="lines+markers", legendgroup=kind,
             name=f"{label}: median of {spread.runs} runs",
             line=dict(color=colour, width=style["width"], dash=style["dash"]),
             marker=dict(size=9, symbol=style["symbol"]), customdata=[[a, b] for a, b in zip(spread.q1, spread.q3)],
             hovertemplate=(f"<b>{label}</b>, median of {spread.runs} runs: %{{y:.0%}} {hover_x}<br>middle half of "
                            "runs %{customdata[0]:.0%}–%{customdata[1]:.0%}<extra></extra>"))]


def _chance(chance: float) -> tuple[dict, dict]:
    line = dict(color=CHANCE_COLOUR, dash="dot", width=2)
    shape = dict(type="line", xref="paper", x0=0, x1=1, yref="y", y0=chance, y1=chance, line=line)
    legend = dict(type="scatter", x=[None], y=[None], mode="lines", line=line, hoverinfo="skip",
                  name=f"guessing ({chance:.1%})")
    return shape, legend


def learned_runs(counts: Mapping[str, Mapping[str, Mapping[int, tuple[int, int]]]],
                 panels: Sequence[tuple[str, str]]) -> go.Figure:
    """Share of training runs that learned, against the longest training gap, one panel per way of choosing the
    training sentences: counts[kind][panel][distance] = (runs that learned, runs); panels = (key, title)."""
    x_title = "Longest gap in the training sentences (words)"
    title = LEARNED_TITLE + SUBTITLE.format("learned: 90% or more of held-out sentences right")
    rows = len(panels)
    layout = base_layout(title, x_title, "Runs that learned", height=260 + 240 * rows)
    title_font, tick_font = layout["xaxis"]["title"]["font"], layout["xaxis"]["tickfont"]
    traces, annotations = [], []
    for row, (key, panel_title) in enumerate(panels):
        suffix = "" if row == 0 else str(row + 1)
        top = 1.0 - row / rows
        layout[f"xaxis{suffix}"] = dict(
            type="log", anchor=f"y{suffix}", tickvals=[10, 25, 50, 100, 200], range=[math.log10(8), math.log10(250)],
            tickfont=tick_font, automargin=True, title=dict(text=x_title if row == rows - 1 else "", font=title_font))
        layout[f"yaxis{suffix}"] = dict(domain=[top - 1 / rows + 0.12, top - 0.08], range=[-0.05, 1.1],
                                        tickformat=".0%", tickfont=tick_font, automargin=True,
                                        title=dict(text="Runs that learned", font=title_font))
        annotations.append(dict(xref="paper", yref="paper", x=0, xshift=PANEL_TITLE_SHIFT, y=top - 0.07,
                                yanchor="bottom", xanchor="left", align="left", showarrow=False,
                                text="<br>".join(f"<b>{line}</b>" for line in textwrap.wrap(panel_title,
                                                                                           PANEL_TITLE_WIDTH))))
        for kind in _ordered(counts):
            by_distance = counts[kind][key]
            distances = sorted(by_distance)
            label, style = MODEL_LABELS[kind], STYLE[kind]
            traces.append(dict(
                type="scatter", x=[d * DODGE[kind] for d in distances],
                y=[by_distance[d][0] / by_distance[d][1] for d in distances], xaxis=f"x{suffix}", yaxis=f"y{suffix}",
                mode="lines+markers", name=label, legendgroup=kind, showlegend=row == 0,
                line=dict(color=MODEL_COLOURS[kind], width=style["width"] - 1, dash=style["dash"]),
                marker=dict(size=11, symbol=style["symbol"]), customdata=[[d, *by_distance[d]] for d in distances],
                hovertemplate=(f"<b>{label}</b>, trained up to %{{customdata[0]}} words: %{{customdata[1]}} of "
                               "%{customdata[2]} runs learned<extra></extra>")))
    return figure_with(traces, layout, margin=dict(l=84, t=90, b=93), annotations=annotations, legend=BOTTOM_LEGEND)


def retention_runs(retentions: Mapping[str, tuple], chance: float, setting_note: str,
                   extra: Sequence[tuple[str, object]] = ()) -> go.Figure:
    """Accuracy vs gap: per kind every run thin, the quartile band, the median bold; guessing dotted; `extra`
    (label, RetentionCurve) pairs of models trained on the page dashed in their kind's colour."""
    traces = []
    for kind in _ordered(retentions):
        spread, curves = retentions[kind]
        traces += _runs_median_band(kind, spread, curves, "right at gap %{x}")
    for label, curve in extra:
        traces.append(dict(type="scatter", x=list(curve.gaps), y=list(curve.accuracy), mode="lines+markers",
                           name=label, line=dict(color=MODEL_COLOURS[curve.kind], width=2.5, dash="dot"),
                           hovertemplate=f"<b>{label}</b>: %{{y:.0%}} right at gap %{{x}}<extra></extra>"))
    shape, legend = _chance(chance)
    traces.append(legend)
    # Two short subtitle lines, not one long one: a phone (390 px) cut the joined line.
    title = RETENTION_TITLE + SUBTITLE.format(setting_note) + SUBTITLE.format("thin: each run · band: middle half")
    layout = base_layout(title, "Words between country and blank (gap)", "Right answers", height=520)
    return figure_with(traces, layout, margin=dict(l=84, t=114, b=93), shapes=[shape], legend=BOTTOM_LEGEND,
                       yaxis=dict(range=[0, 1.05], tickformat=".0%"), xaxis=dict(rangemode="tozero"))


def learning_runs(learnings: Mapping[str, tuple], gap: int, chance: float) -> go.Figure:
    """Accuracy at the longest training gap vs training step: every run thin, the median bold, guessing dotted."""
    traces = []
    for kind in _ordered(learnings):
        spread, curves = learnings[kind]
        traces += _runs_median_band(kind, spread, curves, "after %{x} steps")
    shape, legend = _chance(chance)
    traces.append(legend)
    title = LEARNING_TITLE + SUBTITLE.format(f"right answers at gap {gap} on held-out sentences, during training")
    layout = base_layout(title, "Training step (batches of 32 sentences)", "Right answers", height=460)
    return figure_with(traces, layout, margin=dict(l=84, t=90, b=93), shapes=[shape], legend=BOTTOM_LEGEND,
                       yaxis=dict(range=[0, 1.05], tickformat=".0%"), xaxis=dict(rangemode="tozero"))


SMALLEST = 1e-300         # the engine floors shares there: below it nothing was measurable, so nothing is drawn


def _positive(xs, *columns) -> list[list]:
    """Keep the points where every column is a positive finite number (a log axis cannot draw the rest)."""
    kept = [row for row in zip(xs, *columns)
            if all(v is not None and math.isfinite(float(v)) and float(v) > SMALLEST for v in row[1:])]
    return [list(column) for column in zip(*kept)] if kept else [[] for _ in range(len(columns) + 1)]


def gradient_reach(reaches: Mapping[str, object], country_word: str = "France") -> go.Figure:
    """Share of the training signal at the blank that reaches each word back, on a log axis: per kind the typical
    run's line and the middle half of its runs as a band (the LSTM's cell state C dotted); a line marks the
    country."""
    traces, values = [], []
    for kind in _ordered(reaches):
        reach = reaches[kind]
        label, colour, style = MODEL_LABELS[kind], MODEL_COLOURS[kind], STYLE[kind]
        x, q1, q3 = _positive(reach.distance, reach.q1_h, reach.q3_h)
        traces.append(dict(type="scatter", x=x + x[::-1], y=q3 + q1[::-1], mode="lines", fill="toself",
                           fillcolor=translucent(colour, 0.18), line=dict(width=0), hoverinfo="skip",
                           showlegend=False, legendgroup=kind, name=f"{label} middle half of runs"))
        lines = [(f"{label}, typical run (through h)", reach.typical_h, style["dash"])]
        if reach.typical_c is not None:
            lines.append((f"{label}, typical run (through the cell state C)", reach.typical_c, "dot"))
        for name, shares, dash in lines:
            x, y = _positive(reach.distance, shares)
            values += y
            traces.append(dict(type="scatter", x=x, y=y, mode="lines", name=name, legendgroup=kind,
                               line=dict(color=colour, width=min(style["width"], 4), dash=dash),
                               hovertemplate=f"<b>{name}</b>: %{{y:.1e}} of the signal reaches %{{x}} words back"
                                             "<extra></extra>"))
    first = next(iter(reaches.values()))
    country = first.country_distance
    shapes = [dict(type="line", xref="x", x0=country, x1=country, yref="paper", y0=0, y1=1,
                   line=dict(color="#000000", dash="dot", width=1.5))]
    annotations = [dict(xref="x", x=country, yref="paper", y=1, yanchor="bottom", xanchor="right",
                        showarrow=False, text=f"<b>{country_word}</b>")]
    low = math.floor(math.log10(min(values))) if values else -1
    title = (GRADIENT_TITLE + SUBTITLE.format(f"{first.gap} words between country and blank · log scale")
             + SUBTITLE.format(f"band: middle half of {first.runs} runs"))
    layout = base_layout(title, "Words back from the blank", "Share of the signal (log)", height=500)
    return figure_with(traces, layout, margin=dict(l=88, t=114, b=112), shapes=shapes, annotations=annotations,
                       legend=BOTTOM_LEGEND, xaxis=dict(rangemode="tozero"),
                       yaxis=dict(type="log", range=[low - 0.5, 0.3], exponentformat="power",
                                  dtick=max(1, math.ceil(-low / 6))))
