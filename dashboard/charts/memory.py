"""Memory figures for the Why LSTM page: each model's answer for the blank (the run charts are in memory_runs.py).

Builders take what `lstm_engine` returned (Prediction) and draw it; they never compute a measurement.
Each figure is assembled as plain trace and layout dicts (`dashboard.charts.figure`).
"""

from __future__ import annotations

from collections.abc import Mapping

import plotly.graph_objects as go

from dashboard.charts.figure import figure_with
from dashboard.charts.theme import MODEL_COLOURS, MODEL_LABELS, OKABE_ITO, base_layout, translucent

ANSWER_COLOUR = OKABE_ITO["bluish_green"]
MARKER_COLOUR = OKABE_ITO["black"]
MIN_TEXT_PROBABILITY = 0.05          # bars below this share of the answer carry no printed number
SUBTITLE = "<br><span style='font-size:12px'>{}</span>"     # <sup> is too small to read on a phone


def prediction_bars(predictions: Mapping[str, object], answer: str | None, title: str,
                    subtitle: str = "") -> go.Figure:
    """Horizontal grouped bars: P(language) for each model (one colour per kind), the right answer highlighted.

    `predictions` maps kind to a `lstm_engine.memory.model.Prediction` (same languages, in output order); `answer` is
    the language that is right for this sentence, or None when the sentence names no country. The subtitle and
    the note on the answer get a line each, short enough for a 390 px phone.
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
                           fillcolor=translucent(ANSWER_COLOUR, 0.18), line=dict(width=0), layer="below"))
        note = f"right answer: {answer} ✓ (green band)"
    else:
        note = "no country the models know: no right answer"
    title += "".join(SUBTITLE.format(line) for line in (subtitle, note) if line)
    layout = base_layout(title, "Probability given to each language", "Language", height=200 + 48 * len(languages))
    return figure_with(traces, layout, barmode="group", bargap=0.25,
                   margin=dict(l=106, t=110 if subtitle else 90, b=93), shapes=shapes,
                   legend=dict(orientation="h", yref="container", yanchor="bottom", y=0.0, xanchor="left", x=0.0),
                   xaxis=dict(range=[0, 1.22], tickformat=".0%", dtick=0.25),   # room for "100%" on a phone
                   yaxis=dict(autorange="reversed", tickmode="array", tickvals=languages, ticktext=ticks))
