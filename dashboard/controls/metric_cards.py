"""st.metric cards whose values always fit: Streamlit cuts a value wider than its card with "…" (1,116,160 showed
as "1,116,…"), and wider cards would put one a row on a phone, below the slider that changes them."""

from __future__ import annotations

import streamlit as st

from dashboard.serving.streamlit_internals import metric_font_css

METRIC_PX = 36                         # Streamlit's metric font (2.25rem)
VALUE_ROOM_PX = 130                    # room for the value in a 165 px card (Streamlit's padding takes the rest)
CARD_PX = 165


def value_font_px(values) -> int:
    """Font size that fits the longest value into its card (Chromium at 36 px: a digit is 0.508 em, a comma 0.206)."""
    widest = max(sum(0.508 if character.isdigit() else 0.206 for character in value) for value in values)
    return min(METRIC_PX, int(VALUE_ROOM_PX / widest))


def fit_values(values) -> None:
    """Shrink every metric value on the page when the longest of `values` would not fit at Streamlit's size."""
    if (font_px := value_font_px(values)) < METRIC_PX:
        st.html(metric_font_css(font_px))
