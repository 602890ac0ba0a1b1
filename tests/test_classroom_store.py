"""The classroom's data layer: which database a URL names, SQLite's concurrency settings, one exception type for
an unreachable database, and the schema created and upgraded at start (on SQLite and on a real PostgreSQL)."""
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy import inspect, select

from dashboard.classroom import (
    ClassroomUnavailable,
    InvalidInput,
    Store,
    answer,
    class_info,
    new_class,
    new_student_id,
    open_store,
    tally,
)
from dashboard.classroom.database import database_url
from dashboard.classroom.schema import LATEST, MIGRATIONS, classes, schema_version, students, upgrade

ROOT = Path(__file__).resolve().parents[1]
# One replica of the app: opens the database (creating or upgrading it) and answers for `count` new students.
REPLICA = """
import sys
from dashboard.classroom import answer, new_student_id, open_store
url, code, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
store = open_store(url)
for _ in range(count):
    answer(store, code, new_student_id(), "gates.lets-go-of-france", "Forget gate")
"""


@pytest.mark.parametrize("given, expected", [
    ("postgres://ada:pw@db.example:5432/class", "postgresql+psycopg://ada:pw@db.example:5432/class"),
    ("postgresql://ada@db.example/class?sslmode=require", "postgresql+psycopg://ada@db.example/class?sslmode=require"),
    ("postgresql+psycopg://ada@db.example/class", "postgresql+psycopg://ada@db.example/class"),
    ("sqlite:////srv/class.db", "sqlite:////srv/class.db"),
])
def test_a_url_maps_to_its_driver(given, expected):
    assert database_url(given) == expected


def test_an_unknown_url_is_refused_without_repeating_it():
    with pytest.raises(InvalidInput) as refused:
        database_url("mysql://ada:secret@db/class")
    assert "secret" not in str(refused.value)


def test_the_default_database_is_a_sqlite_file_in_the_data_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("WHY_LSTM_DATABASE_URL", raising=False)
    monkeypatch.setenv("WHY_LSTM_DATA_DIR", str(tmp_path / "data"))
    assert database_url() == f"sqlite:///{tmp_path / 'data' / 'classroom.db'}"
    monkeypatch.setenv("WHY_LSTM_DATABASE_URL", "postgres://ada@db/class")
    assert database_url() == "postgresql+psycopg://ada@db/class"


def test_sqlite_is_in_wal_mode_with_a_busy_timeout(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'class.db'}")
    with store.read() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    store.close()


def test_an_unreachable_postgresql_is_one_clear_exception():
    with socket.socket() as probe:                 # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(ClassroomUnavailable, match="^the classroom database is unavailable: .*refused"):
        open_store(f"postgresql://nobody@127.0.0.1:{port}/class")


def test_an_unopenable_sqlite_file_is_one_clear_exception(tmp_path):
    (tmp_path / "a-file").write_text("")
    with pytest.raises(ClassroomUnavailable, match="unable to open database file"):
        open_store(f"sqlite:///{tmp_path / 'a-file' / 'class.db'}")


def test_the_schema_is_created_at_the_newest_version(store):
    with store.read() as connection:
        assert connection.scalar(select(schema_version.c.version)) == LATEST == len(MIGRATIONS)
        assert {"classes", "students", "answers", "reveals", "trainings", "class_runs", "worker_slots"} <= set(
            inspect(connection).get_table_names())
    assert upgrade(store) == LATEST                # a second start changes nothing


def test_a_version_1_database_is_upgraded_and_keeps_its_data(database_url, clock):
    old = Store(database_url, clock=clock)
    assert upgrade(old, to_version=1) == 1
    with old.read() as connection:
        assert "trainings" not in inspect(connection).get_table_names()
    ticket = new_class_at_version_1(old)
    student = new_student_id()
    answer(old, ticket, student, "gates.lets-go-of-france", "Forget gate")
    old.close()

    store = open_store(database_url, clock=clock)
    with store.read() as connection:
        assert connection.scalar(select(schema_version.c.version)) == LATEST
        assert "trainings" in inspect(connection).get_table_names()
        assert connection.scalar(select(students.c.student_id)) == student
    store.close()


def test_a_version_2_database_gets_the_control_values_column(tmp_path, clock):
    url = f"sqlite:///{tmp_path / 'class.db'}"
    old = Store(url, clock=clock)
    upgrade(old, to_version=2)
    with old.write() as connection:            # as version 2's code made it: no control_values column
        connection.exec_driver_sql("ALTER TABLE classes DROP COLUMN control_values")
    code = new_class_at_version_1(old)
    old.close()
    store = open_store(url, clock=clock)
    with store.read() as connection:
        assert "control_values" in {column["name"] for column in inspect(connection).get_columns("classes")}
    assert class_info(store, code).settings.values == ()
    store.close()


def new_class_at_version_1(store) -> str:
    """new_class on a version-1 database (its purge needs version 2's tables): the class row written directly."""
    code = "ABCDEF"
    with store.write() as connection:
        connection.execute(classes.insert().values(code=code, token_hash="0" * 64, created_at=store.now(),
                                                   expires_at=store.now() + 3600, hidden_controls="[]",
                                                   locked_controls="[]"))
    return code


def test_a_database_from_newer_code_is_refused(store):
    with store.write() as connection:
        connection.execute(schema_version.update().values(version=LATEST + 1))
    with pytest.raises(ClassroomUnavailable, match="newer than this code"):
        upgrade(store)


def test_processes_starting_together_upgrade_once(database_url, clock):
    stores = [Store(database_url, clock=clock) for _ in range(4)]
    reached, errors = [], []

    def start(store):
        try:
            reached.append(upgrade(store))
        except Exception as error:             # collected: the assertion below names it
            errors.append(error)

    threads = [threading.Thread(target=start, args=(store,)) for store in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors and reached == [LATEST] * 4
    assert new_class(stores[0]).code
    for store in stores:
        store.close()


def test_several_processes_write_to_one_database_at_once(database_url):
    store = open_store(database_url)
    ticket = new_class(store)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    replicas = [subprocess.Popen([sys.executable, "-c", REPLICA, database_url, ticket.code, "40"], cwd=ROOT, env=env,
                                 stderr=subprocess.PIPE, text=True) for _ in range(3)]
    for replica in replicas:
        _, errors = replica.communicate(timeout=120)
        assert replica.returncode == 0, errors
    assert tally(store, ticket.code, ticket.token)["gates.lets-go-of-france"].answered == 120
    store.close()
