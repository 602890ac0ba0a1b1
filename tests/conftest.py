"""Session-wide test set-up."""

import os
import tempfile
import time

import pytest
from class_ui_support import install, uninstall

from cluster.postgres import PostgresServer, missing_reason
from dashboard.classroom import Limits, open_store
from lstm_engine.command_line import use_one_blas_thread

# The engine multiplies small matrices; OpenBLAS's worker threads only spin on a shared 2-core machine and make
# every step several times slower (the dashboard's entry file and the command-line tools do the same).
use_one_blas_thread()

# Training slots are machine-wide file locks (dashboard/training/training_jobs.py): this test run gets its own
# directory, inherited by the servers the browser tests start, so a dashboard or another test run on the same
# machine cannot make these tests "busy".
os.environ["WHY_LSTM_TRAINING_SLOTS"] = tempfile.mkdtemp(prefix="why-lstm-test-slots-")
# The live class's database likewise: a SQLite file of this test run's own (servers started by the tests inherit it),
# never an operator's WHY_LSTM_DATABASE_URL or the repository's .why-lstm/.
os.environ.pop("WHY_LSTM_DATABASE_URL", None)
os.environ["WHY_LSTM_DATA_DIR"] = tempfile.mkdtemp(prefix="why-lstm-test-data-")


@pytest.fixture(autouse=True)
def training_slots(tmp_path_factory, monkeypatch):
    """Every test its own training slots (a folder, also for the processes it starts): the servers that session
    fixtures started take the test run's slots for their class runs while other tests run beside them."""
    folder = tmp_path_factory.mktemp("slots")
    monkeypatch.setattr("dashboard.training.training_jobs.SLOTS_DIR", folder)
    monkeypatch.setenv("WHY_LSTM_TRAINING_SLOTS", str(folder))
    return folder


# The classroom's data layer runs against SQLite and a real PostgreSQL server (cluster/postgres.py).
@pytest.fixture(scope="session")
def postgres_server():
    """One PostgreSQL server for the test run. Without Debian's server binaries: skipped with the reason, but
    failed in CI (CI=true), where the data layer must be tested on PostgreSQL (`apt-get install postgresql`)."""
    reason = missing_reason()
    if reason:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{reason} (CI=true: the PostgreSQL tests must run, not skip)")
        pytest.skip(reason)
    server = PostgresServer().start()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """A new empty database of each kind: a SQLite file, or a database of the session's PostgreSQL server (its URL
    in the plain postgresql:// form cloud providers hand out)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'classroom.db'}"
        return
    server = request.getfixturevalue("postgres_server")
    url = server.create_database()
    yield url
    server.drop_database(url)


class Clock:
    """The classroom's clock in a test: real time to start with, moved forward by hand (expiry, dead workers)."""

    def __init__(self):
        self.now = time.time()

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def store(database_url, clock):
    """A classroom Store on a new database of each kind, schema at the newest version, with a test clock."""
    opened = open_store(database_url, clock=clock, limits=Limits(max_running=2))
    yield opened
    opened.close()


@pytest.fixture
def class_store(tmp_path):
    """A fresh SQLite classroom, the app's database for the test."""
    store = open_store(f"sqlite:///{tmp_path / 'classroom.db'}")
    previous = install(store)
    yield store
    uninstall(previous)
    store.close()
