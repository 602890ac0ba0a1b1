"""How the server keeps a click cheap and a class's memory bounded (measured with bench/load_test.py, README
"Serving a class").

1. No full garbage collection after every run. Streamlit runs `gc.collect(2)` after each script run (its hidden
   option `runner.postScriptGC`); a full collection walks every object the process tracks (~128,000 here:
   Streamlit, Plotly's validators, numpy, the shipped models) while holding the interpreter lock, so every other
   student's run and the websocket loop wait. py-spy: half the server's CPU per change. `.streamlit/config.toml`
   switches it off; with 30 sessions that took p95 from 2.4 s to 0.26 s and CPU per change from 0.076 to 0.034 s.
2. `freeze_once`: `gc.freeze()` after the warm-up (dashboard/warm_up.py) and after each page's first run moves
   what is alive (imports, tables, models) into a generation the collector never walks, so Python's own
   occasional full collections stay short too, and so does the page's first run (its collection had walked the
   whole warm heap: half of the first run's time on Why LSTM, py-spy).
3. `kept_for_session`: a page's big figures (the Data Flow animations are 0.3-0.4 MB each as Python objects,
   measured with tracemalloc) are held by the session that asked for them, one per slot, behind small shared
   caches, so a student's own reruns reuse them and they leave with the session.
4. `start_memory_keeper`: every 30 s a thread drops closed tabs' sessions whose reconnect time has passed (Streamlit
   would keep them until another tab closes), empties the caches once nobody has been connected for a whole
   period, collects garbage and hands glibc's free pages back (malloc_trim).
5. No pandas: see `dashboard/text/tables.py`.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import functools
import gc
import os
import sys
import threading
import time
from collections.abc import Callable
from typing import TypeVar

import streamlit as st

T = TypeVar("T")


@functools.cache                       # once per moment and process: the cache is the record of what was frozen
def freeze_once(moment: str) -> int:
    """Collect, then freeze what is alive, once per `moment` (the warm-up, then each page's first run); returns
    how many objects the collector now skips."""
    gc.collect()                       # garbage first, so that only live objects are frozen
    gc.freeze()
    return gc.get_freeze_count()


def kept_for_session(slot: str, build: Callable[..., T], *key) -> T:
    """`build(*key)`, kept in this session's state under `slot` (a page-prefixed session key) until `key` changes."""
    held = st.session_state.get(slot)
    if held is None or held[0] != key:
        held = (key, build(*key))
        st.session_state[slot] = held
    return held[1]


# Every this many seconds a server thread hands back what a class left behind (0 switches it off).
KEEPER_SECONDS = float(os.environ.get("WHY_LSTM_MEMORY_SECONDS", "30"))


# What the keeper forgets once a class has left: Why LSTM's answers for the sentences its students typed.
FORGET_WHEN_QUIET = ("dashboard.engine_calls.memory_measurements:predictions_for",
                     "dashboard.engine_calls.memory_measurements:bars_figure")


@functools.cache                       # one thread per process
def start_memory_keeper(forget: tuple[str, ...] = FORGET_WHEN_QUIET) -> bool:
    """Start the thread that, every KEEPER_SECONDS, drops closed tabs' sessions whose
    reconnect time has passed, empties the caches once no student has been connected for a whole period
    (Streamlit's, and the lru_caches named in `forget` as "module:function", if that module has been imported:
    nobody is left to reuse what the class made, and the next visitor rebuilds in milliseconds what they need),
    collects garbage and returns glibc's free pages to the system (`malloc_trim`). False if switched off."""
    if KEEPER_SECONDS <= 0:
        return False
    trim = _malloc_trim()

    def keep() -> None:
        empty_periods = 0
        while True:
            time.sleep(KEEPER_SECONDS)
            drop_expired_sessions()
            empty_periods = empty_periods + 1 if connected_sessions() == 0 else 0
            if empty_periods == 2:        # a whole period with nobody connected, once per quiet spell
                st.cache_data.clear()
                st.cache_resource.clear()
                forget_caches(forget)
            gc.collect()
            trim(0)
    threading.Thread(target=keep, name="why-lstm-memory-keeper", daemon=True).start()
    return True


def forget_caches(names: tuple[str, ...]) -> int:
    """cache_clear() each "module:function" in `names` whose module is imported (a page that never ran made
    nothing to forget, and is not imported for it); how many were cleared."""
    cleared = 0
    for name in names:
        module_name, _, function = name.partition(":")
        module = sys.modules.get(module_name)
        if module is not None:
            getattr(module, function).cache_clear()
            cleared += 1
    return cleared


def connected_sessions() -> int:
    """How many browser tabs are connected to this process now (-1 outside a Streamlit server)."""
    manager = _session_manager()
    return -1 if manager is None else manager.num_active_sessions()


def drop_expired_sessions() -> int:
    """Drop the sessions of closed tabs whose `server.disconnectedSessionTTL` has passed; how many were dropped.

    Streamlit keeps a closed tab's session (its widget values, the figures it was shown) for a reconnect, in a TTL
    cache that removes expired entries only when another tab closes. After the last student of a class leaves
    nothing closes any more, so every session stayed: measured, RSS held its class-time peak for as long as we
    watched. This calls the cache's own `expire()` on time, under the session manager's lock (Streamlit 1.67
    internals, pinned; anything missing makes this a no-op, and tests/test_app_frame.py checks the path exists)."""
    manager = _session_manager()
    expire = getattr(getattr(getattr(manager, "_session_storage", None), "_cache", None), "expire", None)
    lock = getattr(manager, "_storage_lock", None)
    if expire is None or lock is None:
        return 0
    with lock:
        return len(expire())


def _session_manager():
    """The running server's session manager (Streamlit 1.67's `Runtime._session_mgr`), or None without a server."""
    from streamlit import runtime
    return getattr(runtime.get_instance(), "_session_mgr", None) if runtime.exists() else None


def _malloc_trim() -> Callable[[int], int]:
    """glibc's malloc_trim, or a stand-in that does nothing where there is none (musl, macOS)."""
    try:
        return ctypes.CDLL(ctypes.util.find_library("c")).malloc_trim
    except (OSError, AttributeError, TypeError):
        return lambda pad: 0
