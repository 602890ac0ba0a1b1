"""glibc's allocator told to give memory back, from inside the process.

A long-running server that serves bursts of reruns keeps what they freed: glibc gives each thread contending for
memory its own arena (up to 8 per core) and raises its mmap and trim thresholds as it sees large blocks come and go.
`tune()` sets the arena count and both thresholds with mallopt(3) as `streamlit run` imports the entry file, so
every way of starting the server (make run, make serve, a container, Streamlit Community Cloud) gets them. What stays
out of reach from inside: PYTHONMALLOC (read once when the interpreter starts; `make run`, `make serve` and the
container files set it) and arenas that threads made before `tune()` ran. Figures: docs/serving.md.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
from collections.abc import Callable

# docs/serving.md measures them; an environment variable of the same name wins (glibc read it at start).
SETTINGS = {"MALLOC_ARENA_MAX": 2, "MALLOC_MMAP_THRESHOLD_": 65536, "MALLOC_TRIM_THRESHOLD_": 131072}
_MALLOPT_PARAMETER = {"MALLOC_ARENA_MAX": -8, "MALLOC_MMAP_THRESHOLD_": -3, "MALLOC_TRIM_THRESHOLD_": -1}  # malloc.h


def _libc():
    try:
        return ctypes.CDLL(ctypes.util.find_library("c"))
    except (OSError, TypeError):
        return None


def tune(environ=os.environ) -> dict[str, int]:
    """Apply SETTINGS with mallopt, except those the environment already sets (glibc read those at start);
    {setting: value} for each one applied. Nothing on a libc without mallopt (musl, macOS)."""
    mallopt = getattr(_libc(), "mallopt", None)
    if mallopt is None:
        return {}
    applied = {}
    for name, value in SETTINGS.items():
        if name not in environ and mallopt(_MALLOPT_PARAMETER[name], value) == 1:
            applied[name] = value
    return applied


def trim() -> Callable[[int], int]:
    """glibc's malloc_trim (hand free pages back to the system), or a stand-in that does nothing without one."""
    return getattr(_libc(), "malloc_trim", None) or (lambda pad: 0)
