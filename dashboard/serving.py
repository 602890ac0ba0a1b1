"""What the server process does once, for every student's click: keep Streamlit's collection after each run cheap.

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
"""
from __future__ import annotations

import functools
import gc


@functools.cache                       # once per page and process: the cache is the record of what was frozen
def freeze_after_first_run(page: str) -> int:
    """Collect, then freeze what is alive; returns how many objects the collector now skips."""
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
