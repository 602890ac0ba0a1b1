"""How the server keeps a click cheap and a class's memory bounded: the warm heap frozen once per page, and
big figures kept per session rather than in large shared caches.

Streamlit runs a full garbage collection, `gc.collect(2)`, after every script run (its hidden option
`runner.postScriptGC`, on by default, so that a busy app's memory comes back). A full collection walks every
object the process tracks, and nearly all of this process's ~128,000 are the modules and tables loaded once:
Streamlit, Plotly's validators, numpy, the shipped models. Measured with py-spy on `bench/load_test.py`: the
collection was half of the server's CPU time per control change, ~55 ms of it, more than the bare one-slider floor
app's whole click.

`gc.freeze()` moves every object alive at that moment into a generation the collector never walks, so later
collections see only what runs create. Each page freezes once per process, after its first run has imported and
cached what it needs (garbage is collected first, so only live objects are frozen). What later runs leave behind is
still collected after each run, so memory still comes back when a class leaves.

`kept_for_session` holds a page's big figures (the Data Flow animations are 0.3-0.4 MB each as Python objects,
measured with tracemalloc) in the session that asked for them, one per slot, behind a small shared cache: a
student's own reruns (a control that does not change that figure) reuse it, and it goes with the session, 30 s
after its tab closes (`disconnectedSessionTTL`), instead of filling a shared cache that outlives the class.
"""
from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from typing import TypeVar

import streamlit as st

T = TypeVar("T")


@functools.cache                       # once per page and process: the cache is the record of what was frozen
def freeze_after_first_run(page: str) -> int:
    """Collect, then freeze what is alive; returns how many objects the collector now skips."""
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()


def kept_for_session(slot: str, build: Callable[..., T], *key) -> T:
    """`build(*key)`, kept in this session's state under `slot` (a page-prefixed session key) until `key` changes."""
    held = st.session_state.get(slot)
    if held is None or held[0] != key:
        held = (key, build(*key))
        st.session_state[slot] = held
    return held[1]
