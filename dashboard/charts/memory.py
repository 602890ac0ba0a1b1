"""Memory figures for the Why LSTM page: each model's answer for the blank, and accuracy against the gap.

Builders take what `lstm_engine` returned (Prediction, RetentionCurve, GradientFlow) and draw it; they never
compute a measurement. Values a log axis cannot show (zero, NaN, inf) are dropped, never drawn.
Each figure is assembled as plain trace and layout dicts and validated once by `go.Figure` (the gap slider
redraws both charts on every move; one validation instead of one per `add_*` call keeps that fast).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import plotly.graph_objects as go

from dashboard.charts.theme import CHANCE_COLOUR, MODEL_COLOURS, MODEL_LABELS, OKABE_ITO, base_layout

ANSWER_COLOUR = OKABE_ITO["bluish_green"]
MARKER_COLOUR = OKABE_ITO["black"]
MIN_TEXT_PROBABILITY = 0.05          # bars below this share of the answer carry no printed number
SUBTITLE = "<br><span style='font-size:12px'>{}</span>"     # <sup> is too small to read on a phone


def _translucent(hex_colour: str, alpha: float) -> str:
    red, green, blue = (int(hex_colour[k:k + 2], 16) for k in (1, 3, 5))
    return f"rgba({red}, {green}, {blue}, {alpha})"


def _figure(traces: list[dict], layout: dict, **changes) -> go.Figure:
    """One validated figure from trace dicts and a base layout; `changes` update top-level layout keys
    (dicts are merged one level deep, so `xaxis=dict(range=...)` keeps the axis title)."""
    for name, value in changes.items():
        layout[name] = {**layout[name], **value} if isinstance(value, dict) and name in layout else value
    return go.Figure(data=traces, layout=layout)


def prediction_bars(predictions: Mapping[str, object], answer: str | None, title: str,
                    subtitle: str = "") -> go.Figure:
    """Horizontal grouped bars: P(language) for each model (one colour per kind), the right answer highlighted.

    `predictions` maps kind to a `lstm_engine.memory.model.Prediction` (same languages, in output order); `answer` is
    the language that is right for this sentence, or None when the sentence names no country.
    """
    languages = list(next(iter(predictions.values())).languages)
    traces = []
    for kind, prediction in predictions.items():
        probs = [float(p) for p in prediction.probs]
        label = MODEL_LABELS[kind]
        traces.append(dict(
            type="bar", name=label, y=languages, x=probs, orientation="h", marker=dict(color=MODEL_COLOURS[kind]),
            text=[f"{p:.0%}" if p >= MIN_TEXT_PROBABILITY else "" for p in probs], textposition="outside",
            cliponaxis=False, hovertemplate=f"<b>{label}</b>: %{{y}} %{{x:.1%}}<extra></extra>"))
    ticks = [f"<b>{language} ✓</b>" if language == answer else language for language in languages]
    shapes = []
    if answer in languages:
        row = languages.index(answer)
        shapes.append(dict(type="rect", xref="paper", x0=0, x1=1, yref="y", y0=row - 0.5, y1=row + 0.5,
                           fillcolor=_translucent(ANSWER_COLOUR, 0.18), line=dict(width=0), layer="below"))
        note = f"right answer: {answer} (✓, green band)"
    else:
        note = "no country the models know is named, so no answer is marked right"
    title += SUBTITLE.format(f"{subtitle} · {note}" if subtitle else note)
    layout = base_layout(title, "Probability given to each language", "Language", height=150 + 48 * len(languages))
    return _figure(traces, layout, barmode="group", bargap=0.25, margin=dict(t=90), shapes=shapes,
                   xaxis=dict(range=[0, 1.12], tickformat=".0%", dtick=0.25),
                   yaxis=dict(autorange="reversed", tickmode="array", tickvals=languages, ticktext=ticks))


def _band_and_line(curve, name: str, colour: str, dash: str, group: str) -> list[dict]:
    """A curve as a translucent Wilson 95% band and a line with markers (one legend entry)."""
    gaps = list(curve.gaps)
    band = dict(type="scatter", x=gaps + gaps[::-1], y=list(curve.high) + list(curve.low)[::-1], mode="lines",
                fill="toself", fillcolor=_translucent(colour, 0.15), line=dict(width=0), hoverinfo="skip",
                showlegend=False, legendgroup=group, name=f"{name} 95% interval")
    line = dict(
        type="scatter", x=gaps, y=list(curve.accuracy), mode="lines+markers", name=name, legendgroup=group,
        line=dict(color=colour, width=3, dash=dash), marker=dict(size=8),
        customdata=[[low, high] for low, high in zip(curve.low, curve.high)],
        hovertemplate=(f"<b>{name}</b><br>gap %{{x}} words: %{{y:.1%}} right<br>"
                       f"95% interval %{{customdata[0]:.1%}}–%{{customdata[1]:.1%}} "
                       f"({curve.samples} fresh sentences, seed {curve.seed})<extra></extra>"))
    return [band, line]


def _run_lines(kind: str, runs: Sequence[object]) -> list[dict]:
    """Each training run (`.seed`, `.retention`, `.shipped`) as a thin translucent line in its kind's colour,
    one legend entry for them all."""
    label, traces = MODEL_LABELS[kind], []
    for number, run in enumerate(runs):
        curve = run.retention
        name = f"{label} run seed {run.seed}" + (" (shipped)" if getattr(run, "shipped", False) else "")
        traces.append(dict(
            type="scatter", x=list(curve.gaps), y=list(curve.accuracy), mode="lines", legendgroup=f"{kind}-runs",
            legendrank=1100,                       # listed after the bold curves, drawn under them
            name=f"{label}: all {len(runs)} training runs", showlegend=number == 0,
            line=dict(color=_translucent(MODEL_COLOURS[kind], 0.45), width=1.5),
            hovertemplate=(f"<b>{name}</b>: %{{y:.0%}} at gap %{{x}} "
                           f"({curve.samples} fresh sentences)<extra></extra>")))
    return traces


def _current_gap_points(at_gap: Mapping[str, object]) -> list[dict]:
    """The student's gap: each model's measured accuracy there, with its 95% interval as an error bar."""
    traces = []
    for kind, point in at_gap.items():
        accuracy, low, high = point.accuracy[0], point.low[0], point.high[0]
        label = MODEL_LABELS[kind]
        traces.append(dict(
            type="scatter", x=list(point.gaps), y=[accuracy], mode="markers", name=f"{label} at your gap",
            showlegend=False, legendgroup=kind,
            marker=dict(symbol="diamond", size=15, color=MODEL_COLOURS[kind], line=dict(color=MARKER_COLOUR, width=2)),
            error_y=dict(type="data", symmetric=False, array=[high - accuracy], arrayminus=[accuracy - low],
                         color=MARKER_COLOUR, thickness=1.5, width=6),
            hovertemplate=(f"<b>{label} at your gap</b><br>gap %{{x}} words: %{{y:.1%}} right "
                           f"(95% interval {low:.1%}–{high:.1%}, {point.samples} fresh sentences)<extra></extra>")))
    return traces


def _positive_points(xs: Sequence[float], ys: Sequence[float]) -> tuple[list[float], list[float]]:
    kept = [(x, y) for x, y in zip(xs, ys) if x >= 0 and math.isfinite(y) and y > 0]
    return [x for x, _ in kept], [y for _, y in kept]


def _gradient_traces(flows: Mapping[str, object]) -> list[dict]:
    """‖∂L/∂h‖ (and the LSTM's ‖∂L/∂C‖) on a log axis at the right, relative to one step before the answer.

    A state d tokens before the answer sits where a country would be with a gap of d - (country_distance - gap)
    words, so the gradient lines share the gap axis with the accuracy curves.
    """
    traces = []
    for kind, flow in flows.items():
        offset = int(flow.country_distance) - int(flow.gap)
        xs = [int(d) - offset for d in flow.distance]
        label, colour = MODEL_LABELS[kind], MODEL_COLOURS[kind]
        lines = [(f"{label} ‖∂L/∂h‖", flow.h_ratio, "dot", "hidden state h")]
        if flow.c_ratio is not None:
            lines.append((f"{label} ‖∂L/∂C‖", flow.c_ratio, "dashdot", "cell state C"))
        for name, ratios, dash, state in lines:
            x, y = _positive_points(xs, [float(r) for r in ratios])
            traces.append(dict(
                type="scatter", x=x, y=y, mode="lines", name=name, yaxis="y2", legendgroup=f"{kind}-flow",
                line=dict(color=colour, width=2, dash=dash),
                hovertemplate=(f"<b>{name}</b> ({state})<br>%{{x}} words before the question: "
                               f"%{{y:.2g}} of the gradient one step before the answer<extra></extra>")))
    return traces


def _decade_axis(values: Sequence[float]) -> dict:
    """A log axis from the smallest to the largest value in whole decades, at most ~6 labelled ticks."""
    if not values:
        return dict(type="log")
    low, high = math.floor(math.log10(min(values))), math.ceil(math.log10(max(values)))
    high = max(high, low + 1)
    return dict(type="log", range=[low - 0.1, high + 0.1], dtick=max(1, math.ceil((high - low) / 6)),
                exponentformat="power")


def retention_comparison(curves: Mapping[str, object], current_gap: int | None = None,
                         at_gap: Mapping[str, object] | None = None, flows: Mapping[str, object] | None = None,
                         extra: Sequence[tuple[str, object]] = (),
                         runs: Mapping[str, Sequence[object]] | None = None) -> go.Figure:
    """Accuracy vs gap with Wilson 95% bands, the chance line, the student's gap, optional gradient flow.

    curves: kind -> RetentionCurve (the shipped models); at_gap: kind -> RetentionCurve measured at the single
    gap `current_gap`; flows: kind -> GradientFlow (drawn on a log axis on the right); extra: (label, curve)
    pairs for models trained on this page (dashed, in their kind's colour); runs: kind -> its training runs
    (`lstm_engine.memory.shipped.TrainingRun`), drawn thin under the bold shipped curves.
    """
    traces, shapes, annotations = [], [], []
    for kind, kind_runs in (runs or {}).items():
        traces += _run_lines(kind, list(kind_runs))
    for kind, curve in curves.items():
        traces += _band_and_line(curve, MODEL_LABELS[kind], MODEL_COLOURS[kind], "solid", kind)
    for number, (label, curve) in enumerate(extra):
        traces += _band_and_line(curve, label, MODEL_COLOURS[curve.kind], "dash", f"extra-{number}")
    chance = next(iter(curves.values())).chance if curves else None
    if chance is not None:
        chance_line = dict(color=CHANCE_COLOUR, dash="dash", width=2)
        shapes.append(dict(type="line", xref="paper", x0=0, x1=1, yref="y", y0=chance, y1=chance, line=chance_line))
        traces.append(dict(type="scatter", x=[None], y=[None], mode="lines", line=chance_line, hoverinfo="skip",
                           name=f"chance: 1 in {round(1 / chance)} ({chance:.1%})"))      # its legend entry
    if current_gap is not None:
        shapes.append(dict(type="line", xref="x", x0=current_gap, x1=current_gap, yref="paper", y0=0, y1=1,
                           line=dict(color=MARKER_COLOUR, dash="dot", width=1.5)))
        annotations.append(dict(xref="x", x=current_gap, yref="paper", y=1, yanchor="bottom", showarrow=False,
                                text=f"your gap: {current_gap} words", font=dict(color=MARKER_COLOUR)))
        if at_gap:
            traces += _current_gap_points(at_gap)
    title = "Memory Retention Comparison (measured)"
    samples = {curve.samples for curve in curves.values()}
    if len(samples) == 1:
        title += SUBTITLE.format(f"{samples.pop()} fresh sentences per gap · bands: 95% intervals")
    layout = base_layout(title, "Words between country and blank (gap)", "Right answers", height=560 if flows else 500)
    changes = dict(margin=dict(t=90), shapes=shapes, annotations=annotations,
                   legend=dict(orientation="h", yref="container", yanchor="bottom", y=0.0, xanchor="left", x=0.0),
                   yaxis=dict(range=[0, 1.05], tickformat=".0%"), xaxis=dict(rangemode="tozero"))
    if flows:
        gradient = _gradient_traces(flows)
        traces += gradient
        changes["yaxis2"] = dict(title=dict(text="Gradient share (log)"), overlaying="y", side="right",
                                 showgrid=False, automargin=True,
                                 **_decade_axis([y for trace in gradient for y in trace["y"]]))
    return _figure(traces, layout, **changes)
