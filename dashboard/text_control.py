"""A free-text control kept in the URL (`?text=...`), for the sentence a student types on the Why LSTM page.

The frame's `url_state.control` draws sliders, radios, toggles and multiselects; it has no text box yet. This
module adds one with the same behaviour: seeded from the URL (via `url_state`'s resolver, so browser
back/forward and notices work the same), hidden by `?hide=text`, written to the URL at once (`url_state._write`,
removed when empty). Private helpers are used until the frame grows a text control of its own.
A link's text is cleaned (control characters dropped) and cut at `max_chars`, with a notice.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from dashboard import url_state
from dashboard.url_params import Parsed


@dataclass(frozen=True)
class TextControl:
    param: str
    label: str
    max_chars: int
    placeholder: str = ""
    help: str | None = None
    default: str = ""

    def parse(self, raw: list[str]) -> Parsed:
        text = raw[-1] if raw else ""
        clean = "".join(ch for ch in text if ch.isprintable() or ch in "\n\t")
        notice = None
        if len(clean) > self.max_chars:
            notice = (f"`?{self.param}=` was {len(clean):,} characters long; "
                      f"only the first {self.max_chars:,} are read.")
            clean = clean[: self.max_chars]
        elif clean != text:
            notice = f"`?{self.param}=` held invisible control characters; they were removed."
        return Parsed(clean, notice)

    def to_url(self, value: str) -> str:
        return value


def text_control(spec: TextControl, page: str) -> str:
    """Draw `spec` as a text area seeded from the URL (unless teacher mode hides it) and return its text."""
    key = url_state.state_key(spec.param, page)
    url_state._resolve(spec.param, spec.parse, key, spec.default)       # the frame's URL seeding, shared as is
    if not url_state.is_hidden(spec.param):
        st.text_area(spec.label, key=key, max_chars=spec.max_chars, placeholder=spec.placeholder, help=spec.help,
                     disabled=spec.param in url_state._current_run().locked)
    value = st.session_state[key]
    url_state._write(spec.param, spec.to_url(value) if value != spec.default else None)
    return value
