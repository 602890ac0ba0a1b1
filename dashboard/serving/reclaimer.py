"""What keeps a click cheap and a class's memory bounded on a long-running server (figures: docs/serving.md).

- No full garbage collection after every run: `.streamlit/config.toml` turns Streamlit's off (`runner.postScriptGC`),
  because it walks every object of the process under the interpreter lock while every other student waits.
- `freeze_once`: after the warm-up and each page's first run, what is alive (imports, tables, models) moves into a
  generation the collector never walks, so Python's own occasional collections stay short.
- The reclaimer, a thread: every RECLAIM_SECONDS it drops closed tabs' sessions whose reconnect time has passed,
  evicts the caches once nobody has been connected for a whole period, collects garbage and hands glibc's free
  pages back to the system.
"""

from __future__ import annotations

import functools
import gc
import os
import re
import threading
import time
import urllib.parse

import streamlit as st
from streamlit.logger import get_logger

from dashboard.serving.allocator import trim
from dashboard.serving.streamlit_internals import connected_sessions, drop_expired_sessions

LOG = get_logger(__name__)


def _reclaim_seconds(environ=os.environ) -> float:
    """RECLAIM_SECONDS from WHY_LSTM_RECLAIM_SECONDS (or its documented older name WHY_LSTM_MEMORY_SECONDS)."""
    raw = environ.get("WHY_LSTM_RECLAIM_SECONDS", environ.get("WHY_LSTM_MEMORY_SECONDS", "30"))
    try:
        return float(raw)
    except ValueError:
        LOG.warning("WHY_LSTM_RECLAIM_SECONDS=%r is not a number; reclaiming every 30 s", raw)
        return 30.0


RECLAIM_SECONDS = _reclaim_seconds()          # 0 switches the reclaimer off


@functools.cache                       # once per moment and process: the cache is the record of what was frozen
def freeze_once(moment: str) -> int:
    """Collect, then freeze what is alive, once per `moment` (the warm-up, then each page's first run); returns
    how many objects the collector now skips."""
    gc.collect()                       # garbage first, so that only live objects are frozen
    gc.freeze()
    return gc.get_freeze_count()


class Reclaimer:
    """One pass every `seconds`; `passes` counts them and `quiet_periods` the periods nobody was connected."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.quiet_periods = 0
        self.passes = 0

    def reclaim(self) -> dict[str, int]:
        """One pass: {"dropped": closed sessions dropped, "evicted": 1 if the caches were emptied}."""
        dropped = drop_expired_sessions()
        connected = connected_sessions()
        self.quiet_periods = self.quiet_periods + 1 if connected == 0 else 0
        evicted = self.quiet_periods == 2          # a whole period with nobody connected, once per quiet spell
        if evicted:
            st.cache_data.clear()
            st.cache_resource.clear()
            urllib.parse.clear_cache()     # the class's addresses, parsed per request: small objects that would
            re.purge()                     # otherwise each pin a block of memory the class left behind
        gc.collect()
        trim()(0)
        self.passes += 1
        if dropped or evicted:
            LOG.info("Reclaimed: %d closed sessions dropped%s", dropped, ", caches evicted" if evicted else "")
        return {"dropped": dropped, "evicted": int(evicted)}

    def run_forever(self) -> None:
        while True:
            time.sleep(self.seconds)
            try:
                self.reclaim()
            except Exception:              # noqa: BLE001  (a renamed internal must be loud, not kill the thread)
                LOG.exception("Reclaiming failed; trying again in %.0f s", self.seconds)


@functools.cache                       # one thread per process
def start_reclaimer(seconds: float = RECLAIM_SECONDS) -> Reclaimer | None:
    """Start the reclaimer thread (once per process); None if switched off."""
    if seconds <= 0:
        return None
    reclaimer = Reclaimer(seconds)
    threading.Thread(target=reclaimer.run_forever, name="why-lstm-reclaimer", daemon=True).start()
    return reclaimer
