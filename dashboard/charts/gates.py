"""Gate figures: live bars of one cell step, per-token gate lines on a sentence, and tokens × units heatmaps.

Builders take what `lstm_engine` returned (a `CellStep`, a `ForgetStory`, arrays from a layer trace) and draw it;
they never compute a model quantity.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from dashboard.charts.figure import figure
from dashboard.charts.theme import GATE_COLOURS, GATE_LABELS, OKABE_ITO, base_layout

BAR_QUANTITIES = ("f", "i", "c_tilde", "o", "c", "h")
SYMBOLS = {"f": "f(t)", "i": "i(t)", "c_tilde": "c̃(t)", "o": "o(t)", "c": "C(t)", "h": "h(t)"}
UNIT_DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")
LANGUAGE_COLOURS = (OKABE_ITO["blue"], OKABE_ITO["orange"], OKABE_ITO["bluish_green"], OKABE_ITO["reddish_purple"])
OTHER_LANGUAGE_COLOUR = OKABE_ITO["grey"]
MARK_COLOUR = "#444444"
# Fixed value ranges, so a colour or a bar height means the same thing on every sentence.
RANGES = {"f": (0.0, 1.0), "i": (0.0, 1.0), "o": (0.0, 1.0), "c_tilde": (-1.0, 1.0), "h": (-1.0, 1.0)}
CELL_MARKER_PX = 14
HOVER_DIGITS = 5                   # hover shows 5 decimals, so the heatmap ships its values rounded to them
ZERO_WIDTH = "\u200b"
LEGEND_DROP_PX = 120                # a legend under a token axis starts this far below the plot
UNIT_COLOURS = (OKABE_ITO["blue"], OKABE_ITO["orange"], OKABE_ITO["bluish_green"], OKABE_ITO["reddish_purple"])
DIVERGING = [[0.0, OKABE_ITO["blue"]], [0.5, "#FFFFFF"], [1.0, OKABE_ITO["vermillion"]]]
# The server cannot see the screen, so a token axis labels what fits a phone (390 px wide), always the key words:
# there a line chart's plot area is about PHONE_PLOT_PX wide (the heatmap's colour bar leaves it
# PHONE_HEATMAP_PX), and a 12 px label turned 60° needs LABEL_PX across its slant to keep clear of the next.
PHONE_PLOT_PX, PHONE_HEATMAP_PX, LABEL_PX = 264, 213, 12


def most_token_labels(plot_px: int) -> int:
    """How many labels turned 60° fit side by side on `plot_px`."""
    return max(2, int(plot_px * math.sin(math.radians(60)) / LABEL_PX))


def _symmetric_limit(values) -> float:
    return max(1.0, float(np.max(np.abs(values))) if np.size(values) else 1.0)


def gate_bars(step, title: str = "Gates and new states, per unit") -> go.Figure:
    """Grouped bars: f, i, c̃, o, C(t), h(t) for each unit of a `CellStep` (engine values).

    One unit: bars in the quantities' colours with the values printed on them. Several units: one colour per
    unit (the legend names them) and the values in the hover, since printed values would not fit a phone.
    """
    labels = [f"{SYMBOLS[q]}<br>{GATE_LABELS[q].split(' ')[0]}" for q in BAR_QUANTITIES]
    H = step.hidden_size
    bars = []
    for unit in range(H):
        values = [float(step.value(q)[unit]) for q in BAR_QUANTITIES]
        colour = [GATE_COLOURS[q] for q in BAR_QUANTITIES] if H == 1 else UNIT_COLOURS[unit % len(UNIT_COLOURS)]
        bars.append(dict(
            type="bar", x=labels, y=values, name=f"unit {unit + 1}", showlegend=H > 1,
            marker=dict(color=colour, line=dict(color="black", width=1)),
            hovertemplate=f"unit {unit + 1}<br>%{{x}} = %{{y:.5f}}<extra></extra>",
            **(dict(text=[f"{v:.3f}" for v in values], textposition="outside", cliponaxis=False,
                    textfont=dict(size=13)) if H == 1 else {})))
    limit = _symmetric_limit(step.c) * 1.25
    layout = base_layout(title, "σ gates lie in 0…1; c̃ and h in −1…1", "Value", height=400)
    layout["yaxis"].update(range=[-limit, limit], zeroline=True, zerolinecolor="#888", dtick=0.5)
    layout["xaxis"].update(tickangle=0, tickfont=dict(size=12))                   # two short lines fit a phone
    layout.update(barmode="group", bargap=0.25, margin=dict(l=77, r=10, t=60, b=79))   # see theme.py
    # At the foot of the figure, under the axis title: clear of the chart's title on a phone.
    layout["legend"] = dict(orientation="h", yref="container", y=0.0, yanchor="bottom", xanchor="left", x=0.0)
    return figure(bars, layout)


def token_categories(tokens: Sequence[str], marks: Sequence[int] = ()) -> list[str]:
    """One category label per position, for a category token axis: a repeated token gets zero-width spaces
    appended so every position stays its own category, and the `marks` are bold. Hover names every token; the
    axis labels the words `token_ticks` picks."""
    seen: dict[str, int] = {}
    labels = []
    for t, token in enumerate(tokens):
        repeat = seen.get(token, 0)
        seen[token] = repeat + 1
        label = token + ZERO_WIDTH * repeat
        labels.append(f"<b>{label}</b>" if t in marks else label)
    return labels


def token_ticks(count: int, keys: Sequence[int], most: int, skip: Sequence[int] = ()) -> list[int]:
    """The positions a token axis labels: every key word (the countries, the chosen token), and other words at
    least `step` apart from each other and from the keys, `step` chosen so that about `most` fit; never a
    position in `skip` (the stops, which say nothing on an axis) unless it is a key."""
    step = max(1, math.ceil(count / most))
    keys = sorted({k for k in keys if 0 <= k < count})
    ticks, last = set(keys), -step
    for t in range(count):
        if t not in skip and t - last >= step and all(abs(t - k) >= step for k in keys):
            ticks.add(t)
            last = t
    return sorted(ticks)


def _token_axis(labels: Sequence[str], keys: Sequence[int] = (), bold: Sequence[int] = (),
                plot_px: int = PHONE_PLOT_PX) -> dict:
    """A category axis over `labels` (from `token_categories`) in reading order, labelling the `token_ticks`
    (Plotly's own thinning would drop any word, the lesson's too); `bold` labels are drawn bold."""
    stops = [t for t, label in enumerate(labels) if not any(ch.isalnum() for ch in label)]
    ticks = token_ticks(len(labels), keys, most_token_labels(plot_px), skip=stops)
    return dict(type="category", categoryorder="array", categoryarray=list(labels), tickangle=-60,
                tickfont=dict(size=12), range=[-0.5, len(labels) - 0.5], tickmode="array",
                tickvals=[labels[t] for t in ticks],
                ticktext=[f"<b>{labels[t]}</b>" if t in bold else labels[t] for t in ticks])


def _stacked_layout(title: str, panel_titles: Sequence[str], tokens: Sequence[str], marks: Sequence[int],
                    left: int, bottom: int, keys: Sequence[int] = ()) -> dict:
    """Panels stacked top to bottom that share the token axis (panel k uses xaxis{k}/yaxis{k}); the bottom one
    carries the token labels, the marked tokens in bold and always labelled, as are the `keys`. `left` and
    `bottom`: the margins automargin settles on for the lesson's sentence (theme.py)."""
    rows, gap = len(panel_titles), 0.08
    height = (1.0 - gap * (rows - 1)) / rows
    layout = base_layout(title, "", "", height=260 * rows + 120)
    del layout["xaxis"], layout["yaxis"]
    layout.update(hovermode="x unified", margin=dict(l=left, r=10, t=80, b=bottom),
                  # under the rotated words and the axis title (~100 px)
                  legend=dict(orientation="h", yanchor="top", y=-LEGEND_DROP_PX / (layout["height"] - 180),
                              xanchor="left", x=0.0),
                  annotations=[])
    labels = token_categories(tokens, marks)
    for k, panel_title in enumerate(panel_titles, start=1):
        top = 1.0 - (k - 1) * (height + gap)
        axis = "" if k == 1 else str(k)
        # A fixed range: Plotly widens an automatic one to fit annotation text, which leaves phones half empty.
        layout[f"xaxis{axis}"] = dict(anchor=f"y{axis}", showticklabels=k == rows,
                                      **_token_axis(labels, [*marks, *keys]),
                                      automargin=True, title=dict(text="Word of the sentence" if k == rows else ""),
                                      **({"matches": "x"} if k > 1 else {}))
        layout[f"yaxis{axis}"] = dict(anchor=f"x{axis}", domain=[max(0.0, round(top - height, 6)), round(top, 6)],
                                      automargin=True)
        layout["annotations"].append(dict(text=panel_title, x=0.0, xref="paper", y=top, yref="paper", yanchor="bottom",
                                          xanchor="left", align="left", showarrow=False, font=dict(size=14)))
    return layout


def _position_lines(positions: Sequence[int], rows: int, switch_index: int | None) -> list[dict]:
    """Dotted lines at the marked tokens, a solid one where the answer switches, through every panel."""
    def line(x, row, style):
        axis = "" if row == 1 else str(row)
        return dict(type="line", x0=x, x1=x, y0=0, y1=1, xref=f"x{axis}", yref=f"y{axis} domain", line=style)

    shapes = [line(p, row, dict(color=MARK_COLOUR, width=1, dash="dot"))
              for p in positions for row in range(1, rows + 1)]
    if switch_index is not None:
        shapes += [line(switch_index, row, dict(color=OKABE_ITO["vermillion"], width=2)) for row in range(1, rows + 1)]
    return shapes


def _line(x, y, name, row, colour, dash, tokens, what, group=None, width=2.5, mode="lines") -> dict:
    """One line over the token axis (`x`: the category labels); hover names the token as read."""
    axis = "" if row == 1 else str(row)
    return dict(type="scatter", x=x, y=[float(v) for v in y], mode=mode, name=name, legendgroup=group or name,
                xaxis=f"x{axis}", yaxis=f"y{axis}", line=dict(color=colour, width=width, dash=dash), customdata=tokens,
                hovertemplate=f"“%{{customdata}}”: {what} = %{{y:.4f}}<extra></extra>")


def forget_story_lines(story, units: Sequence[int], shown_languages: Sequence[str],
                       title: str = "The forget gate at work", drop: tuple[int, int] | None = None) -> go.Figure:
    """Three panels over the tokens of a `ForgetStory`: f and i of `units`; their cell state C; the answer.

    `shown_languages` get their own probability line (the rest are summed as "other languages"). `drop`
    (position, unit), where the forget gate drops, is marked on its f line and its word is always labelled.
    """
    tokens = list(story.tokens)
    x = token_categories(tokens, story.country_positions)
    data = []
    for k, unit in enumerate(units):
        dash, group = UNIT_DASHES[k % len(UNIT_DASHES)], f"unit {unit + 1}"
        for gate in ("f", "i"):
            data.append(_line(x, getattr(story, gate)[:, unit], f"{gate} unit {unit + 1}", 1, GATE_COLOURS[gate], dash,
                              tokens, f"{gate} (unit {unit + 1})", group))
        data.append(_line(x, story.c[:, unit], f"C unit {unit + 1}", 2, GATE_COLOURS["c"], dash, tokens,
                          f"C (unit {unit + 1})", group))
    if drop is not None:             # a marker on the f line where it drops; its own legend column keeps 3 rows
        position, unit = drop
        data.append(dict(_line([x[position]], story.f[position:position + 1, unit], f"f drops (unit {unit + 1})", 1,
                               GATE_COLOURS["f"], "solid", [tokens[position]], f"f (unit {unit + 1})", "drop",
                               mode="markers"),
                         marker=dict(size=CELL_MARKER_PX, symbol="triangle-down", color=GATE_COLOURS["f"],
                                     line=dict(color="black", width=1))))
    probs = np.asarray(story.probs)
    for k, language in enumerate(shown_languages):
        column = list(story.languages).index(language)
        data.append(_line(x, probs[:, column], f"P({language})", 3, LANGUAGE_COLOURS[k % len(LANGUAGE_COLOURS)],
                          "solid", tokens, f"P({language})", "languages", width=3))
    others = [j for j, language in enumerate(story.languages) if language not in shown_languages]
    if others:
        data.append(_line(x, probs[:, others].sum(axis=1), "other languages", 3, OTHER_LANGUAGE_COLOUR, "dot",
                          tokens, "other languages", "languages", width=2))
    switch = ""
    if story.switch_index is not None:
        top = story.languages[int(np.argmax(probs[story.switch_index]))]
        switch = f"<br><span style='color:{OKABE_ITO['vermillion']}'>red line: switches to {top}</span>"
    layout = _stacked_layout(title, ("Gates f and i (0 shut, 1 open)", "Cell state C",
                                     "Answer if asked here" + switch),
                             tokens, story.country_positions, left=84, bottom=183,
                             keys=() if drop is None else (drop[0],))
    layout["shapes"] = _position_lines(story.country_positions, 3, story.switch_index)
    layout["yaxis"].update(range=[-0.05, 1.05], title=dict(text="gate"))
    layout["yaxis2"].update(title=dict(text="C"))
    layout["yaxis3"].update(range=[-0.05, 1.05], tickformat=".0%", title=dict(text="P"))
    return figure(data, layout)


def output_gate_lines(tokens: Sequence[str], o: np.ndarray, h: np.ndarray, units: Sequence[int],
                      marks: Sequence[int] = (), title: str = "The output gate at work",
                      keys: Sequence[int] = ()) -> go.Figure:
    """Two panels over the tokens: o(t) of `units` and what it lets out, h(t) = o(t)·tanh(C(t)) (engine values).
    The `marks` (bold, with a dotted line) and the `keys` (the countries) are always labelled."""
    tokens = list(tokens)
    x = token_categories(tokens, marks)
    data = []
    for k, unit in enumerate(units):
        dash, group = UNIT_DASHES[k % len(UNIT_DASHES)], f"unit {unit + 1}"
        for row, (name, values) in enumerate((("o", o), ("h", h)), start=1):
            data.append(_line(x, values[:, unit], f"{name} unit {unit + 1}", row, GATE_COLOURS[name], dash, tokens,
                              f"{name} (unit {unit + 1})", group))
    layout = _stacked_layout(title, ("Output gate o (0 hides C, 1 shows it)", "h = o · tanh(C), read out"),
                             tokens, marks, left=77, bottom=162, keys=keys)
    layout["shapes"] = _position_lines(marks, 2, None)
    layout["yaxis"].update(range=[-0.05, 1.05], title=dict(text="gate"))
    layout["yaxis2"].update(range=[-1.05, 1.05], title=dict(text="h"))
    return figure(data, layout)


def gate_heatmap(values: np.ndarray, tokens: Sequence[str], quantity: str, highlight: int | None = None,
                 title: str | None = None, keys: Sequence[int] = ()) -> go.Figure:
    """Tokens (x) × hidden units (y) of one quantity of an LSTM trace (`values` (T, H)); hover gives exact values.

    Gates use a fixed 0…1 white-to-colour scale, c̃ and h a fixed −1…1 diverging one, C a symmetric one that
    covers its largest |value|. `highlight` outlines one token's column; its word (bold) and the `keys` (the
    countries) are always labelled.
    """
    values = np.asarray(values)
    T, H = values.shape
    if quantity in ("f", "i", "o"):
        low, high = RANGES[quantity]
        scale = [[0.0, "#FFFFFF"], [1.0, GATE_COLOURS[quantity]]]
    else:
        limit = _symmetric_limit(values) if quantity == "c" else 1.0
        low, high, scale = -limit, limit, DIVERGING
    labels = token_categories(tokens)
    positions = np.broadcast_to(np.arange(1, T + 1), (H, T))
    heat = dict(type="heatmap", z=values.T.round(HOVER_DIGITS).tolist(), x=labels, y=list(range(1, H + 1)),
                zmin=low, zmax=high, colorscale=scale, xgap=1 if T <= 60 else 0, name=SYMBOLS[quantity],
                customdata=positions.tolist(),
                hovertemplate=(f"token %{{customdata}}: “%{{x}}”<br>unit %{{y}}<br>"
                               f"{SYMBOLS[quantity]} = %{{z:.{HOVER_DIGITS}f}}<extra></extra>"),
                colorbar=dict(title=dict(text=SYMBOLS[quantity]), thickness=12))
    # Heatmaps cannot be selected, so one invisible marker per token sits on the column: with hovermode "x" a
    # click anywhere in the column lands on it and Streamlit's on_select reports its x (the token's label).
    # Its own hover label is off; the heatmap's says which cell is under the pointer.
    picks = dict(type="scatter", x=labels, y=[(H + 1) / 2] * T, mode="markers", name="tokens", showlegend=False,
                 marker=dict(size=CELL_MARKER_PX, opacity=0), hoverinfo="none")
    label = GATE_LABELS[quantity]
    layout = base_layout(title or f"{label[0].upper() + label[1:]}, every word and unit",
                         "Word of the sentence", "Hidden unit", height=max(380, 6 * H + 200))
    shown = () if highlight is None else (highlight,)
    layout["xaxis"].update(**_token_axis(labels, [*keys, *shown], bold=shown, plot_px=PHONE_HEATMAP_PX))
    layout["yaxis"].update(range=[H + 0.5, 0.5], dtick=max(1, H // 16))                 # unit 1 on top
    layout.update(hovermode="x", margin=dict(l=10, r=10, t=50, b=10))
    if highlight is not None and 0 <= highlight < T:
        layout["shapes"] = [dict(type="rect", x0=highlight - 0.5, x1=highlight + 0.5, y0=0.5, y1=H + 0.5,
                                 line=dict(color="black", width=3), fillcolor="rgba(0,0,0,0)")]
    return figure([heat, picks], layout)
