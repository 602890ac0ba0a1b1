"""The classroom's tables, and the migrations that create and upgrade them at start.

    schema_version(version)                         one row: how many of MIGRATIONS have been applied
  1 classes(code PK, token_hash, created_at, expires_at, closed_at, hidden_controls, locked_controls,
            current_page, experiment_kind, experiment_max_gap; 3: control_values)
    students(class_code, student_id PK; nickname, joined_at, answer_writes)
    answers(class_code, question_id, student_id PK; option, answered_at)       one answer per student and question
    reveals(class_code, question_id PK; revealed_at)
  2 trainings(id PK; kind, max_gap, seed, config_key UNIQUE; config, status, queued_at, attempts, started_at,
              finished_at, seconds, result, error)                              every run trained, shared by classes
    class_runs(id PK; class_code, student_id, training_id UNIQUE(class_code, training_id); requested_at)
    worker_slots(slot PK; training_id, worker, claimed_at, heartbeat_at)        K rows: at most K jobs running

Times are Unix seconds from the Store's clock. The tables below are always the newest shape; MIGRATIONS[n - 1]
brings a database from version n - 1 to n. Append to it, never edit an entry that has shipped.
"""
from __future__ import annotations

from sqlalchemy import (
    Column,
    Double,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    inspect,
    select,
    text,
)

from dashboard.classroom.errors import ClassroomUnavailable

CODE, ID, SHORT = String(8), String(64), String(16)
metadata = MetaData()

schema_version = Table("schema_version", metadata, Column("version", Integer, nullable=False))

classes = Table(
    "classes", metadata,
    Column("code", CODE, primary_key=True),
    Column("token_hash", String(64), nullable=False),            # sha256 of the teacher token, hex
    Column("created_at", Double, nullable=False),
    Column("expires_at", Double, nullable=False),
    Column("closed_at", Double),
    Column("hidden_controls", Text, nullable=False),             # JSON lists of control names
    Column("locked_controls", Text, nullable=False),
    Column("current_page", ID),
    Column("experiment_kind", SHORT),
    Column("experiment_max_gap", Integer),
    Column("control_values", Text),                              # JSON {control: [its link values]}; NULL: none
    Index("classes_by_expiry", "expires_at"),
)

students = Table(
    "students", metadata,
    Column("class_code", CODE, ForeignKey(classes.c.code), primary_key=True),
    Column("student_id", ID, primary_key=True),
    Column("nickname", String(40)),
    Column("joined_at", Double, nullable=False),
    Column("answer_writes", Integer, nullable=False),
)

answers = Table(
    "answers", metadata,
    Column("class_code", CODE, primary_key=True),
    Column("question_id", ID, primary_key=True),
    Column("student_id", ID, primary_key=True),
    Column("option", ID, nullable=False),
    Column("answered_at", Double, nullable=False),
    ForeignKeyConstraint(["class_code", "student_id"], [students.c.class_code, students.c.student_id]),
)

reveals = Table(
    "reveals", metadata,
    Column("class_code", CODE, ForeignKey(classes.c.code), primary_key=True),
    Column("question_id", ID, primary_key=True),
    Column("revealed_at", Double, nullable=False),
)

trainings = Table(
    "trainings", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", SHORT, nullable=False),
    Column("max_gap", Integer, nullable=False),
    Column("seed", Integer, nullable=False),
    Column("config_key", String(64), nullable=False),            # sha256 of `config`, hex
    Column("config", Text, nullable=False),                      # the TrainConfig trained, JSON (seed and gaps in it)
    Column("status", SHORT, nullable=False),                     # queued | running | done | failed
    Column("queued_at", Double, nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("started_at", Double),
    Column("finished_at", Double),
    Column("seconds", Double),
    Column("result", Text),                                      # JSON: held-out accuracy, accuracy per gap
    Column("error", Text),
    UniqueConstraint("kind", "max_gap", "seed", "config_key"),
    Index("trainings_by_status", "status", "id"),
)

class_runs = Table(
    "class_runs", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("class_code", CODE, ForeignKey(classes.c.code), nullable=False),
    Column("student_id", ID, nullable=False),
    Column("training_id", Integer, ForeignKey(trainings.c.id), nullable=False),
    Column("requested_at", Double, nullable=False),
    UniqueConstraint("class_code", "training_id"),
    ForeignKeyConstraint(["class_code", "student_id"], [students.c.class_code, students.c.student_id]),
)

worker_slots = Table(
    "worker_slots", metadata,
    Column("slot", Integer, primary_key=True, autoincrement=False),
    Column("training_id", Integer, ForeignKey(trainings.c.id)),
    Column("worker", ID),
    Column("claimed_at", Double),
    Column("heartbeat_at", Double),
)


def _create(*tables):
    return lambda connection: metadata.create_all(connection, tables=list(tables))


def _add_column(table: Table, name: str):
    """ALTER TABLE … ADD COLUMN, unless migration 1 already made the table in its newest shape (with the column)."""
    def migrate(connection):
        if name not in {column["name"] for column in inspect(connection).get_columns(table.name)}:
            kind = table.c[name].type.compile(dialect=connection.dialect)
            connection.execute(text(f"ALTER TABLE {table.name} ADD COLUMN {name} {kind}"))
    return migrate


MIGRATIONS = (
    _create(classes, students, answers, reveals),               # 1: classes and their predict-then-reveal answers
    _create(trainings, class_runs, worker_slots),               # 2: the class's training experiment and its queue
    _add_column(classes, "control_values"),                     # 3: the values of the controls a teacher holds
)
LATEST = len(MIGRATIONS)
UPGRADE_LOCK = 7_265_311                   # any fixed number: PostgreSQL's advisory lock for upgrades


def current_version(connection) -> int:
    if not connection.dialect.has_table(connection, schema_version.name):
        return 0
    return connection.scalar(select(schema_version.c.version)) or 0


def upgrade(store, to_version: int = LATEST) -> int:
    """Apply the missing migrations up to `to_version` in one transaction; returns the version reached.
    Processes starting together take turns (PostgreSQL: an advisory lock; SQLite: BEGIN IMMEDIATE)."""
    with store.write() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": UPGRADE_LOCK})
        schema_version.create(connection, checkfirst=True)
        version = current_version(connection)
        if version > LATEST:
            raise ClassroomUnavailable(f"the classroom database is at schema version {version}, newer than this "
                                       f"code's {LATEST}: update the app")
        for migration in MIGRATIONS[version:to_version]:
            migration(connection)
        if to_version > version:
            connection.execute(schema_version.delete())
            connection.execute(schema_version.insert().values(version=to_version))
        return max(version, to_version)
