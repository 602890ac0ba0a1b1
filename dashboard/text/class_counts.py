"""A question's answer counts as a small bar list in HTML: every option with its bar, count and share, the measured
answer and the reader's own marked in words (not by colour alone). Pure; every text escaped.

    st.html(counts_html({"Forget gate": 12, "Input gate": 3}, correct="Forget gate", mine="Input gate"))
"""
from __future__ import annotations

from html import escape

from dashboard.charts.theme import OKABE_ITO

_STYLE = """<style>
.class-counts {margin: 0; padding: 0; list-style: none; font-size: 0.875rem;}
.class-counts li {display: grid; grid-template-columns: minmax(6rem, 2fr) 3fr auto; gap: 0.5rem; align-items: center;
  margin: 0.15rem 0;}
.class-counts .bar {height: 0.8rem; border-radius: 0.2rem; min-width: 1px;}
.class-counts .count {white-space: nowrap; font-variant-numeric: tabular-nums;}
</style>"""
BAR, RIGHT_BAR = OKABE_ITO["grey"], OKABE_ITO["bluish_green"]


def counts_html(counts: dict[str, int], correct: str | None = None, mine: str | None = None) -> str:
    """Bars of `counts` in their order; `correct` (the measured answer) and `mine` (the reader's) named in words."""
    total = sum(counts.values())
    items = []
    for option, count in counts.items():
        share = count / total if total else 0.0
        marks = [word for word, flag in (("measured answer", option == correct), ("your answer", option == mine))
                 if flag]
        label = escape(option) + (f" <strong>({', '.join(marks)})</strong>" if marks else "")
        colour = RIGHT_BAR if option == correct else BAR
        items.append(f'<li><span>{label}</span><span class="bar" style="width: {100 * share:.1f}%; '
                     f'background: {colour}"></span><span class="count">{count} ({share:.0%})</span></li>')
    return f'{_STYLE}<ul class="class-counts" aria-label="The class\'s answers">{"".join(items)}</ul>'
