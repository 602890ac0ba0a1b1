"""The Why LSTM page's charts of many training runs: retention (median, quartile band, every run, chance),
learning curves, and the gradient's reach back to the country on a log axis.

Builders draw what the engine measured (lstm_engine.memory.shipped.TrainingRun, run_spread.Spread, the stored
gradient flow); they compute nothing but plot coordinates. Plain dicts (`dashboard.charts.figure`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import plotly.graph_objects as go

from dashboard.charts.figure import figure_with
from dashboard.charts.memory import SUBTITLE
from dashboard.charts.theme import CHANCE_COLOUR, MODEL_COLOURS, MODEL_LABELS, base_layout, translucent

RETENTION_TITLE = "Memory Retention Comparison (measured)"
LEARNING_TITLE = "How fast each model learns to remember"
GRADIENT_TITLE = "How much training signal reaches the country"
BOTTOM_LEGEND = dict(orientation="h", yref="container", yanchor="bottom", y=0.0, xanchor="left", x=0.0)


def _runs_median_band(kind: str, spread, runs: Sequence[object], values, hover_x: str) -> list[dict]:
    """Thin line per run, the interquartile band and the bold median, one legend entry per kind."""
    label, colour = MODEL_LABELS[kind], MODEL_COLOURS[kind]
    x = list(spread.x)
    # Every run in one trace, runs apart by a None: the same thin lines, and the browser draws one trace, not ten.
    xs, ys, numbers = [], [], []
    for number, run in enumerate(runs):
        xs += [*x, None]
        ys += [*values(run), None]
        numbers += [number + 1] * len(x) + [None]
    traces = [dict(
        type="scatter", x=xs[:-1], y=ys[:-1], customdata=numbers[:-1], mode="lines", legendgroup=f"{kind}-runs",
        showlegend=False, name=f"{label} training runs", line=dict(color=translucent(colour, 0.4), width=1),
        hovertemplate=f"{label}, training run %{{customdata}}: %{{y:.0%}} {hover_x}<extra></extra>")]
    traces.append(dict(
        type="scatter", x=x + x[::-1], y=list(spread.q3) + list(spread.q1)[::-1], mode="lines", fill="toself",
        fillcolor=translucent(colour, 0.18), line=dict(width=0), hoverinfo="skip", showlegend=False,
        legendgroup=kind, name=f"{label} middle half of runs"))
    traces.append(dict(
        type="scatter", x=x, y=list(spread.median), mode="lines+markers", legendgroup=kind,
        name=f"{label} median of {spread.runs} runs", line=dict(color=colour, width=4), marker=dict(size=7),
        customdata=[[a, b] for a, b in zip(spread.q1, spread.q3)],
        hovertemplate=(f"<b>{label}</b>, median run: %{{y:.0%}} {hover_x}<br>middle half of runs "
                       "%{customdata[0]:.0%}–%{customdata[1]:.0%}<extra></extra>")))
    return traces


def _chance(chance: float) -> tuple[dict, dict]:
    line = dict(color=CHANCE_COLOUR, dash="dash", width=2)
    shape = dict(type="line", xref="paper", x0=0, x1=1, yref="y", y0=chance, y1=chance, line=line)
    legend = dict(type="scatter", x=[None], y=[None], mode="lines", line=line, hoverinfo="skip",
                  name=f"chance ({chance:.1%})")
    return shape, legend


def retention_runs(spreads: Mapping[str, object], runs: Mapping[str, Sequence[object]], chance: float,
                   extra: Sequence[tuple[str, object]] = ()) -> go.Figure:
    """Accuracy vs gap: per kind every run thin, the quartile band, the median bold; chance dashed; `extra`
    (label, RetentionCurve) pairs of models trained on the page dashed in their kind's colour."""
    traces = []
    for kind, spread in spreads.items():
        traces += _runs_median_band(kind, spread, runs[kind], lambda run: run.retention.accuracy,
                                    "right at gap %{x}")
    for label, curve in extra:
        traces.append(dict(type="scatter", x=list(curve.gaps), y=list(curve.accuracy), mode="lines+markers",
                           name=label, line=dict(color=MODEL_COLOURS[curve.kind], width=2.5, dash="dash"),
                           hovertemplate=f"<b>{label}</b>: %{{y:.0%}} right at gap %{{x}}<extra></extra>"))
    shape, legend = _chance(chance)
    traces.append(legend)
    counts = sorted({spread.runs for spread in spreads.values()})
    title = RETENTION_TITLE + SUBTITLE.format(
        f"{' or '.join(map(str, counts))} training runs each · bold: median · band: middle half")
    layout = base_layout(title, "Words between country and blank (gap)", "Right answers", height=520)
    return figure_with(traces, layout, margin=dict(l=84, t=90, b=93), shapes=[shape], legend=BOTTOM_LEGEND,
                   yaxis=dict(range=[0, 1.05], tickformat=".0%"), xaxis=dict(rangemode="tozero"))


def learning_runs(spreads: Mapping[str, object], runs: Mapping[str, Sequence[object]], chance: float) -> go.Figure:
    """Accuracy at the longest training gap vs training step: every run thin, the median bold, chance dashed."""
    traces = []
    for kind, spread in spreads.items():
        traces += _runs_median_band(kind, spread, [run for run in runs[kind] if run.learning_steps],
                                    lambda run: run.learning_accuracy, "after %{x} steps")
    shape, legend = _chance(chance)
    traces.append(legend)
    gaps = sorted({run.learning_gap for kind_runs in runs.values() for run in kind_runs if run.learning_gap})
    title = LEARNING_TITLE + SUBTITLE.format(
        f"right answers at gap {' / '.join(map(str, gaps))} on held-out sentences, during training")
    layout = base_layout(title, "Training step (batches of 32 sentences)", "Right answers", height=460)
    return figure_with(traces, layout, margin=dict(l=84, t=90, b=93), shapes=[shape], legend=BOTTOM_LEGEND,
                   yaxis=dict(range=[0, 1.05], tickformat=".0%"), xaxis=dict(rangemode="tozero"))


SMALLEST = 1e-300         # the engine floors shares there: below it nothing was measurable, so nothing is drawn


def _positive(xs, ys) -> tuple[list, list]:
    kept = [(x, float(y)) for x, y in zip(xs, ys)
            if y is not None and math.isfinite(float(y)) and float(y) > SMALLEST]
    return [x for x, _ in kept], [y for _, y in kept]


def gradient_reach(flows: Mapping[str, dict]) -> go.Figure:
    """Share of the training signal (‖∂L/∂h‖ relative to one word before the answer; the LSTM's cell state C
    dashed) vs how many words back, on a log axis; a dotted line marks the country."""
    traces, values = [], []
    for kind, flow in flows.items():
        label, colour = MODEL_LABELS[kind], MODEL_COLOURS[kind]
        lines = [(f"{label} (hidden state h)", flow["h_ratio"], "solid")]
        if flow.get("c_ratio") is not None:
            lines.append((f"{label} (cell state C)", flow["c_ratio"], "dash"))
        for name, ratios, dash in lines:
            x, y = _positive(flow["distance"], ratios)
            values += y
            traces.append(dict(type="scatter", x=x, y=y, mode="lines", name=name, line=dict(color=colour, width=3,
                               dash=dash), hovertemplate=f"<b>{name}</b>: %{{y:.1e}} of the signal reaches "
                                                         "%{x} words back<extra></extra>"))
    first = next(iter(flows.values()))
    country = int(first["country_distance"])
    shapes = [dict(type="line", xref="x", x0=country, x1=country, yref="paper", y0=0, y1=1,
                   line=dict(color="#000000", dash="dot", width=1.5))]
    annotations = [dict(xref="x", x=country, yref="paper", y=1, yanchor="bottom", xanchor="right",
                        showarrow=False, text="the country")]
    low = math.floor(math.log10(min(values))) if values else -1
    title = GRADIENT_TITLE + SUBTITLE.format(f"{first['gap']} words between country and blank · log scale")
    layout = base_layout(title, "Words back from the blank", "Share of the signal (log)", height=460)
    return figure_with(traces, layout, margin=dict(t=90, b=10), shapes=shapes, annotations=annotations,
                   legend=BOTTOM_LEGEND, xaxis=dict(rangemode="tozero"),
                   yaxis=dict(type="log", range=[low - 0.5, 0.3], exponentformat="power",
                              dtick=max(1, math.ceil(-low / 6))))
