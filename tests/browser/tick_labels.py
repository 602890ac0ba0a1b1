"""Read a Plotly chart's drawn x tick labels in the browser: their words and screen boxes, and which overlap."""

import math


def tick_boxes(chart, axis_class: str) -> list[dict]:
    """Screen boxes of the drawn tick labels of one x axis ("xtick" for the first, "x3tick" for the third)."""
    return chart.locator(f"g.xaxislayer-above g.{axis_class} text").evaluate_all(
        "ts => ts.map(t => { const r = t.getBoundingClientRect(); "
        "return {l: r.left, r: r.right, t: r.top, b: r.bottom}; })")


def overlapping(boxes: list[dict], font_px: float = 12.0) -> list[tuple[int, int]]:
    """Neighbouring tick labels drawn on top of each other. The labels are rotated by 60° and end at their tick
    (the right edge of each box), so two neighbours lie `gap · sin 60°` apart across the text; less than 0.85 of
    the font size and their letters touch."""
    ends = sorted(box["r"] for box in boxes)
    return [(k, k + 1) for k in range(len(ends) - 1)
            if (ends[k + 1] - ends[k]) * math.sin(math.radians(60)) < 0.85 * font_px]


def tick_words(chart, axis_class: str) -> list[str]:
    """The words an x axis shows, as drawn (zero-width spaces that keep repeated words apart removed)."""
    texts = chart.locator(f"g.xaxislayer-above g.{axis_class} text").all_text_contents()
    return [text.replace("\u200b", "") for text in texts]
