"""A class's answers to one question as horizontal bars (the teacher view): one bar per option in the question's
order, the measured answer in green and named in its label, each count written at its bar."""
from __future__ import annotations

import textwrap

import plotly.graph_objects as go

from dashboard.charts.figure import figure_with
from dashboard.charts.theme import OKABE_ITO, base_layout

BAR, RIGHT_BAR = OKABE_ITO["grey"], OKABE_ITO["bluish_green"]
LABEL_WIDTH = 28                    # characters per line of an option's label: long options wrap, never cut


def answer_counts(counts: dict[str, int], correct: str | None = None) -> go.Figure:
    """Bars of `counts` (option -> students), the first option on top."""
    options = list(counts)
    labels = ["<br>".join(textwrap.wrap(option + (" ✓ measured" if option == correct else ""), LABEL_WIDTH))
              for option in options]
    total = sum(counts.values())
    bars = dict(type="bar", orientation="h", x=[counts[o] for o in options], y=labels,
                marker=dict(color=[RIGHT_BAR if o == correct else BAR for o in options]),
                text=[f"{counts[o]} ({counts[o] / total:.0%})" if total else "0" for o in options],
                textposition="outside", cliponaxis=False, hovertemplate="%{y}: %{x} students<extra></extra>")
    layout = base_layout("", "Students", "", height=70 + 44 * len(options))
    return figure_with([bars], layout, margin=dict(l=10, r=80, t=10, b=10), showlegend=False,
                       xaxis=dict(rangemode="tozero", dtick=max(1, total // 5 or 1)),
                       yaxis=dict(autorange="reversed"))
