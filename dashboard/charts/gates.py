"""Gate figures: live bars of one cell step, per-token gate lines on a sentence, and tokens × units heatmaps.

Builders take what `lstm_engine` returned (a `CellStep`, a `ForgetStory`, arrays from a layer trace) and draw it;
they never compute a model quantity.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.charts.theme import FONT_FAMILY, GATE_COLOURS, GATE_LABELS, OKABE_ITO, base_layout

BAR_QUANTITIES = ("f", "i", "c_tilde", "o", "c", "h")
SYMBOLS = {"f": "f(t)", "i": "i(t)", "c_tilde": "c̃(t)", "o": "o(t)", "c": "C(t)", "h": "h(t)"}
UNIT_DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")
LANGUAGE_COLOURS = (OKABE_ITO["blue"], OKABE_ITO["orange"], OKABE_ITO["bluish_green"], OKABE_ITO["reddish_purple"])
OTHER_LANGUAGE_COLOUR = OKABE_ITO["grey"]
MARK_COLOUR = "#444444"
# Fixed value ranges, so a colour or a bar height means the same thing on every sentence.
RANGES = {"f": (0.0, 1.0), "i": (0.0, 1.0), "o": (0.0, 1.0), "c_tilde": (-1.0, 1.0), "h": (-1.0, 1.0)}
CELL_MARKER_PX = 14
DIVERGING = [[0.0, OKABE_ITO["blue"]], [0.5, "#FFFFFF"], [1.0, OKABE_ITO["vermillion"]]]


def _symmetric_limit(values) -> float:
    return max(1.0, float(np.max(np.abs(values))) if np.size(values) else 1.0)


def gate_bars(step, title: str = "Gate values and the new states, per unit") -> go.Figure:
    """Grouped bars: f, i, c̃, o, C(t), h(t) for each unit of a `CellStep` (engine values, printed on the bars)."""
    figure = go.Figure()
    labels = [f"{SYMBOLS[q]}<br>{GATE_LABELS[q].rsplit(' ', 1)[0]}" for q in BAR_QUANTITIES]
    H = step.hidden_size
    for unit in range(H):
        values = [float(step.value(q)[unit]) for q in BAR_QUANTITIES]
        figure.add_bar(
            x=labels, y=values, name=f"unit {unit + 1}", showlegend=H > 1,
            marker=dict(color=[GATE_COLOURS[q] for q in BAR_QUANTITIES], line=dict(color="black", width=1),
                        pattern=dict(shape=["", "/", ".", "x"][unit % 4], fgcolor="white", solidity=0.25)),
            text=[f"{v:.3f}" for v in values], textposition="outside", cliponaxis=False,
            textangle=0 if H == 1 else -90, textfont=dict(size=13),
            hovertemplate=f"unit {unit + 1}<br>%{{x}} = %{{y:.5f}}<extra></extra>")
    limit = _symmetric_limit(step.c) * 1.25
    figure.update_layout(**base_layout(title, "Gate or state (σ gates lie in 0…1; c̃ and h in −1…1)",
                                       "Value (unitless)", height=400))
    figure.update_layout(barmode="group", bargap=0.3, legend=dict(title=dict(text="Hidden unit")))
    figure.update_yaxes(range=[-limit, limit], zeroline=True, zerolinecolor="#888", dtick=0.5)
    return figure


def _token_ticks(tokens: Sequence[str], first: int = 0) -> dict:
    return dict(tickmode="array", tickvals=list(range(first, first + len(tokens))), ticktext=list(tokens), tickangle=-60,
                tickfont=dict(size=11))


def _mark_positions(figure: go.Figure, positions: Sequence[int], rows: int, switch_index: int | None,
                    switch_label: str | None) -> None:
    """Dotted lines at the marked tokens (their tick labels are bold), a solid one where the answer switches."""
    for position in positions:
        for row in range(1, rows + 1):
            figure.add_vline(x=position, line=dict(color=MARK_COLOUR, width=1, dash="dot"), row=row, col=1)
    if switch_index is not None:
        for row in range(1, rows + 1):
            figure.add_vline(x=switch_index, line=dict(color=OKABE_ITO["vermillion"], width=2), row=row, col=1)
        figure.add_annotation(x=switch_index, y=0.5, xref=f"x{rows}", yref=f"y{rows} domain", xanchor="left",
                              showarrow=False, text=f" ← {switch_label}", bgcolor="rgba(255,255,255,0.85)",
                              font=dict(size=13, color=OKABE_ITO["vermillion"]))


def _language_lines(figure: go.Figure, tokens, languages, probs, shown_languages, row: int) -> None:
    x = list(range(len(tokens)))
    for k, language in enumerate(shown_languages):
        column = list(languages).index(language)
        figure.add_scatter(x=x, y=probs[:, column].tolist(), mode="lines+markers", name=f"P({language})",
                           line=dict(color=LANGUAGE_COLOURS[k % len(LANGUAGE_COLOURS)], width=3),
                           marker=dict(size=5), customdata=list(tokens), legendgroup="languages",
                           hovertemplate=f"after “%{{customdata}}”: P({language}) = %{{y:.1%}}<extra></extra>",
                           row=row, col=1)
    others = [j for j, language in enumerate(languages) if language not in shown_languages]
    if others:
        figure.add_scatter(x=x, y=probs[:, others].sum(axis=1).tolist(), mode="lines", name="other languages",
                           line=dict(color=OTHER_LANGUAGE_COLOUR, width=2, dash="dot"), legendgroup="languages",
                           customdata=list(tokens),
                           hovertemplate="after “%{customdata}”: other languages %{y:.1%}<extra></extra>",
                           row=row, col=1)


def forget_story_lines(story, units: Sequence[int], shown_languages: Sequence[str],
                       title: str = "The forget gate at work") -> go.Figure:
    """Three panels over the tokens of a `ForgetStory`: f and i of `units`; their cell state C; the answer.

    `shown_languages` get their own probability line (the rest are summed as "other languages").
    """
    tokens = list(story.tokens)
    x = list(range(len(tokens)))
    figure = make_subplots(rows=3, cols=1, shared_xaxes=True, vertical_spacing=0.06,
                           subplot_titles=("Forget gate f and input gate i (0 = closed, 1 = open)",
                                           "Cell state C of the same units",
                                           "The answer if the sentence stopped here and asked the question"))
    for k, unit in enumerate(units):
        dash = UNIT_DASHES[k % len(UNIT_DASHES)]
        for gate in ("f", "i"):
            figure.add_scatter(x=x, y=getattr(story, gate)[:, unit].tolist(), mode="lines", row=1, col=1,
                               name=f"{SYMBOLS[gate][0]} unit {unit + 1}", legendgroup=f"unit {unit + 1}",
                               line=dict(color=GATE_COLOURS[gate], width=2.5, dash=dash), customdata=tokens,
                               hovertemplate=f"“%{{customdata}}”: {gate} (unit {unit + 1}) = %{{y:.4f}}<extra></extra>")
        figure.add_scatter(x=x, y=story.c[:, unit].tolist(), mode="lines", row=2, col=1,
                           name=f"C unit {unit + 1}", legendgroup=f"unit {unit + 1}",
                           line=dict(color=GATE_COLOURS["c"], width=2.5, dash=dash), customdata=tokens,
                           hovertemplate=f"“%{{customdata}}”: C (unit {unit + 1}) = %{{y:.4f}}<extra></extra>")
    _language_lines(figure, tokens, story.languages, np.asarray(story.probs), shown_languages, row=3)
    switch_label = None
    if story.switch_index is not None:
        top = int(np.argmax(story.probs[story.switch_index]))
        switch_label = f"answer switches to {story.languages[top]}"
    _mark_positions(figure, story.country_positions, 3, story.switch_index, switch_label)
    _finish_token_figure(figure, title, tokens, rows=3, marks=story.country_positions)
    figure.update_yaxes(range=[-0.05, 1.05], title_text="gate value", row=1, col=1)
    figure.update_yaxes(title_text="C (unitless)", row=2, col=1)
    figure.update_yaxes(range=[-0.05, 1.05], tickformat=".0%", title_text="probability", row=3, col=1)
    return figure


def output_gate_lines(tokens: Sequence[str], o: np.ndarray, h: np.ndarray, units: Sequence[int],
                      marks: Sequence[int] = (), title: str = "The output gate at work") -> go.Figure:
    """Two panels over the tokens: o(t) of `units` and what it lets out, h(t) = o(t)·tanh(C(t)) (engine values)."""
    tokens = list(tokens)
    x = list(range(len(tokens)))
    figure = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.08,
                           subplot_titles=("Output gate o (0 = keep the memory hidden, 1 = show it)",
                                           "Hidden state h = o · tanh(C): what the next layer sees"))
    for k, unit in enumerate(units):
        dash = UNIT_DASHES[k % len(UNIT_DASHES)]
        for row, (name, values) in enumerate((("o", o), ("h", h)), start=1):
            figure.add_scatter(x=x, y=values[:, unit].tolist(), mode="lines", row=row, col=1,
                               name=f"{name} unit {unit + 1}", legendgroup=f"unit {unit + 1}",
                               line=dict(color=GATE_COLOURS[name], width=2.5, dash=dash), customdata=tokens,
                               hovertemplate=f"“%{{customdata}}”: {name} (unit {unit + 1}) = %{{y:.4f}}<extra></extra>")
    _mark_positions(figure, marks, 2, None, None)
    _finish_token_figure(figure, title, tokens, rows=2, marks=marks)
    figure.update_yaxes(range=[-0.05, 1.05], title_text="gate value", row=1, col=1)
    figure.update_yaxes(range=[-1.05, 1.05], title_text="h (unitless)", row=2, col=1)
    return figure


def _finish_token_figure(figure: go.Figure, title: str, tokens: Sequence[str], rows: int, marks=()) -> None:
    layout = base_layout(title, "Token of the sentence (read left to right)", "", height=260 * rows + 120)
    layout.pop("xaxis")
    layout.pop("yaxis")
    layout["legend"] = dict(orientation="h", yanchor="top", y=-0.12, xanchor="left", x=0.0)
    layout["margin"] = dict(l=10, r=10, t=80, b=10)
    figure.update_layout(**layout, hovermode="x unified")
    shown = [f"<b>{token}</b>" if t in marks else token for t, token in enumerate(tokens)]
    figure.update_xaxes(**_token_ticks(shown), row=rows, col=1)
    figure.update_xaxes(title_text="Token of the sentence (read left to right)", row=rows, col=1)


def gate_heatmap(values: np.ndarray, tokens: Sequence[str], quantity: str, highlight: int | None = None,
                 title: str | None = None) -> go.Figure:
    """Tokens (x) × hidden units (y) of one quantity of an LSTM trace (`values` (T, H)); hover gives exact values.

    Gates use a fixed 0…1 white-to-colour scale, c̃ and h a fixed −1…1 diverging one, C a symmetric one that
    covers its largest |value|. `highlight` outlines one token's column.
    """
    values = np.asarray(values)
    T, H = values.shape
    if quantity in ("f", "i", "o"):
        low, high = RANGES[quantity]
        scale = [[0.0, "#FFFFFF"], [1.0, GATE_COLOURS[quantity]]]
    else:
        limit = _symmetric_limit(values) if quantity == "c" else 1.0
        low, high, scale = -limit, limit, DIVERGING
    hover = (f"token %{{x}}: “%{{customdata[0]}}”<br>unit %{{y}}<br>{SYMBOLS[quantity]} = %{{customdata[1]:.5f}}"
             "<extra></extra>")
    columns, rows = np.meshgrid(np.arange(1, T + 1), np.arange(1, H + 1))                   # (H, T) each
    words = np.broadcast_to(np.asarray(tokens, dtype=object), (H, T))
    figure = go.Figure(go.Heatmap(
        z=values.T.tolist(), x=list(range(1, T + 1)), y=list(range(1, H + 1)), zmin=low, zmax=high, colorscale=scale,
        xgap=1 if T <= 60 else 0, hoverinfo="skip", name=SYMBOLS[quantity],
        colorbar=dict(title=dict(text=SYMBOLS[quantity]), thickness=14)))
    # Heatmaps cannot be clicked to select, so an invisible marker sits on every cell: it carries the hover text
    # and lets a click pick the token (Streamlit's on_select reports the marker's x).
    figure.add_scatter(x=columns.ravel().tolist(), y=rows.ravel().tolist(), mode="markers", name="cells",
                       marker=dict(symbol="square", size=CELL_MARKER_PX, opacity=0), showlegend=False,
                       customdata=np.stack([words.ravel(), values.T.ravel()], axis=1).tolist(),
                       hovertemplate=hover)
    label = GATE_LABELS[quantity]
    title = title or f"{label[0].upper() + label[1:]} for every token and hidden unit"
    figure.update_layout(**base_layout(title, "Token of the sentence", "Hidden unit", height=max(380, 6 * H + 200)))
    figure.update_xaxes(**_token_ticks(tokens, first=1))
    figure.update_yaxes(autorange="reversed", dtick=max(1, H // 16))
    if highlight is not None and 0 <= highlight < T:
        figure.add_shape(type="rect", x0=highlight + 0.5, x1=highlight + 1.5, y0=0.5, y1=H + 0.5,
                         line=dict(color="black", width=3), fillcolor="rgba(0,0,0,0)")
    figure.update_layout(font=dict(family=FONT_FAMILY, size=14))
    return figure
