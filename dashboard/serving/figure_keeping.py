"""Big figures held by the session that asked for them.

A page's figures are cached for every session in a few shared slots (st.cache_resource); a class looking at
different words or tokens soon pushes each other's out. Each session also keeps the figure it is shown, one per
slot, so its own reruns reuse it, and it leaves with the session.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import streamlit as st

T = TypeVar("T")


def kept_for_session(slot: str, build: Callable[..., T], *key) -> T:
    """`build(*key)`, kept in this session's state under `slot` (a page-prefixed session key) until `key` changes."""
    held = st.session_state.get(slot)
    if held is None or held[0] != key:
        held = (key, build(*key))
        st.session_state[slot] = held
    return held[1]
