"""The classroom's database as this server process reaches it: one Store, and a breaker for outages (the pages'
class parts in dashboard/class_ui and the training worker in dashboard/serving share it).

    value = class_call(answer, code, student_id, question_id, option)    # the classroom function's result,
                                                                          # or a ClassroomError (one line to show)

The Store is opened on first use (dashboard/classroom/database.py: WHY_LSTM_DATABASE_URL, else a local SQLite
file) and shared by every session and the training worker of the process. When the database cannot be reached,
every call fails at once with the same line for OUTAGE_S seconds instead of each waiting out the connect timeout
(5 s on PostgreSQL), so a class's pages stay quick while their class parts say the class is unavailable.
"""
from __future__ import annotations

import threading
import time
from functools import cache

from dashboard.classroom.database import open_store
from dashboard.classroom.errors import ClassroomError, ClassroomUnavailable, InvalidInput

OUTAGE_S = 5.0                 # after a failure, calls fail fast this long before one tries the database again


class _Door:
    """The process's way in: the Store once it opened, and until when the database counts as down."""

    def __init__(self):
        self.lock = threading.Lock()
        self.store = None
        self.down_until = 0.0
        self.reason = ""

    def store_or_raise(self):
        if time.monotonic() < self.down_until:
            raise ClassroomUnavailable(self.reason)
        with self.lock:
            if self.store is None:
                try:
                    self.store = open_store()
                except (ClassroomUnavailable, InvalidInput) as error:
                    self.fail(error)
                    raise ClassroomUnavailable(self.reason) from error
        return self.store

    def fail(self, error: ClassroomError) -> None:
        self.reason = str(error)
        self.down_until = time.monotonic() + OUTAGE_S


@cache
def door() -> _Door:
    return _Door()


def classroom_store():
    """The process's Store; ClassroomUnavailable (fast, during an outage) when the database cannot be reached."""
    return door().store_or_raise()


def class_call(function, *args, **kwargs):
    """`function(store, *args, **kwargs)` on the process's Store; an unreachable database opens the breaker."""
    try:
        return function(classroom_store(), *args, **kwargs)
    except ClassroomUnavailable as error:
        door().fail(error)
        raise
