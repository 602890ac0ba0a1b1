"""glibc's allocator told to give memory back, from inside the process.

A long-running server that serves bursts of reruns keeps what they freed: glibc gives each thread contending for
memory its own arena (up to 8 per core) and raises its mmap and trim thresholds as it sees large blocks come and go.
`make serve`, `make run` and the container files set MALLOC_ARENA_MAX and the thresholds in the environment; a plain
`streamlit run` (Streamlit Community Cloud, the README's pip route) does not, so `tune()` sets the same three with
mallopt(3) when the process starts. What stays out of reach from inside: PYTHONMALLOC (read once when the
interpreter starts) and arenas that threads created before `tune()` ran. Figures: docs/serving.md.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
from collections.abc import Callable

# The same values as the environment the Makefile, cluster/ and deploy/ set (docs/serving.md measures them).
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
