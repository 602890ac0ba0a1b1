"""Where the classroom's data lives, and the one way in: `open_store()` -> Store.

The database is what WHY_LSTM_DATABASE_URL names:
    sqlite:///path/to/file.db
    postgresql://user:password@host:port/db   (or postgres://…, as cloud providers hand it out; driven by psycopg 3)
Unset, it is the SQLite file `classroom.db` in WHY_LSTM_DATA_DIR, or else in `.why-lstm/` at the repository root
(git-ignored). Several replicas share one class only through one database: a shared SQLite file on one machine,
PostgreSQL across machines.

SQLite runs in WAL mode (readers never wait for the writer) with a busy timeout, and every write transaction
starts with BEGIN IMMEDIATE, so threads and processes queue for the write lock instead of failing half-way through
a transaction. PostgreSQL connections are checked before use (a failover leaves dead ones in the pool).
Any failure to reach the database raises ClassroomUnavailable.
"""
from __future__ import annotations

import os
import sqlite3
import time
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from dashboard.classroom.errors import ClassroomUnavailable, InvalidInput
from dashboard.classroom.limits import Limits
from dashboard.classroom.questions import LESSON_QUESTIONS, QuestionBank
from dashboard.classroom.schema import upgrade

ROOT = Path(__file__).resolve().parents[2]
URL_VARIABLE, DATA_DIR_VARIABLE = "WHY_LSTM_DATABASE_URL", "WHY_LSTM_DATA_DIR"
POSTGRES_SCHEMES = ("postgres", "postgresql", "postgresql+psycopg")
SQLITE_BUSY_TIMEOUT_MS = 10_000     # a writer waits this long for another's lock before the class is "unavailable"
POSTGRES_CONNECT_TIMEOUT_S = 5      # a page waits this long for an unreachable server, not the OS's minutes


def database_url(url: str | None = None) -> str:
    """The SQLAlchemy URL for `url`, else WHY_LSTM_DATABASE_URL, else the default SQLite file (module docstring)."""
    url = (url or os.environ.get(URL_VARIABLE) or "").strip()
    if not url:
        folder = Path(os.environ.get(DATA_DIR_VARIABLE) or ROOT / ".why-lstm")
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise ClassroomUnavailable(
                f"cannot create the classroom's data folder {folder}: {error.strerror}") from error
        return f"sqlite:///{folder / 'classroom.db'}"
    scheme, separator, rest = url.partition("://")
    if separator and scheme in POSTGRES_SCHEMES:
        return f"postgresql+psycopg://{rest}"
    if separator and scheme == "sqlite":
        return url
    # the URL itself is not repeated: it may hold a password
    raise InvalidInput(f"{URL_VARIABLE} must start with sqlite:///, postgresql:// or postgres://")


def _use_wal(cursor) -> None:
    # WAL is kept in the file once set. Switching to it needs the database to itself, and SQLite refuses at once
    # rather than waiting out the busy timeout, so processes opening a new database together take turns here.
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    while cursor.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def _sqlite_connect(dbapi_connection, _record):
    dbapi_connection.isolation_level = None          # the driver's own BEGIN is off: `_sqlite_begin` says which
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    _use_wal(cursor)
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def _sqlite_begin(connection):
    # IMMEDIATE takes the write lock up front: a deferred transaction that reads and then writes can find the
    # lock taken and fail at once, busy timeout or not.
    write = connection.get_execution_options().get("classroom_write")
    connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def _engine(url: str):
    if url.startswith("sqlite"):
        engine = create_engine(url)
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": POSTGRES_CONNECT_TIMEOUT_S})


@contextmanager
def _reaching_the_database():
    try:
        yield
    except (OperationalError, InterfaceError, PoolTimeout) as error:
        reason = error.orig if isinstance(error, DBAPIError) else error
        first_line = str(reason).strip().splitlines()[0] if str(reason).strip() else type(reason).__name__
        raise ClassroomUnavailable(f"the classroom database is unavailable: {first_line}") from error
    except ModuleNotFoundError as error:                 # a PostgreSQL URL on an install without psycopg
        raise ClassroomUnavailable(f"the classroom database driver is not installed: {error.name}") from error


class Store:
    """One database of classes: its engine, the caps (`Limits`), the question bank and the clock (tests pass one
    they can move forward). The model's functions take a Store first: `answer(store, code, ...)`."""

    def __init__(self, url: str | None = None, *, limits: Limits | None = None,
                 questions: QuestionBank = LESSON_QUESTIONS, clock=time.time):
        self.url = database_url(url)
        self.limits = limits or Limits()
        self.questions = questions
        self.clock = clock
        with _reaching_the_database():
            self.engine = _engine(self.url)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def now(self) -> float:
        return float(self.clock())

    def insert(self, table):
        """INSERT with ON CONFLICT for this database (both dialects build the same upsert)."""
        return (postgresql if self.dialect == "postgresql" else sqlite).insert(table)

    @contextmanager
    def write(self):
        """A connection in a write transaction, committed at the end (rolled back on any exception)."""
        with _reaching_the_database(), self.engine.connect() as connection:
            connection.execution_options(classroom_write=True)
            with connection.begin():
                yield connection

    @contextmanager
    def read(self):
        """A connection in a read transaction: one consistent view for the queries inside."""
        with _reaching_the_database(), self.engine.connect() as connection, connection.begin():
            yield connection

    def close(self) -> None:
        self.engine.dispose()


def open_store(url: str | None = None, **options) -> Store:
    """A Store whose schema is created or upgraded to the newest version (schema.py); `options` go to Store."""
    store = Store(url, **options)
    upgrade(store)
    return store
