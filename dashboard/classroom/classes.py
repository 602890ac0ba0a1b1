"""A class: its code and teacher token, its life (open -> closed or expired -> purged) and the teacher's settings.

    ticket = new_class(store)                  # NewClass(code="K7QX2M", token=..., expires_at=...)
    class_info(store, code)                    # ClassInfo: open?, expiry, ClassSettings (read by every page)
    teacher_info(store, code, token)           # the same, if the token is the teacher's (WrongToken otherwise)
    save_settings(store, code, token, settings, controls=..., pages=...)
    close_class(store, code, token)            # no more writes; the teacher can still read until it expires
    purge_expired(store)                       # an expired class's students, answers and runs are deleted

Only a sha256 of the token is stored, compared in constant time. A class expires by itself `Limits.class_hours`
(4 h by default) after it starts; an expired or closed class refuses every write.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
from dataclasses import dataclass

from sqlalchemy import delete, select, update

from dashboard.classroom.errors import ClassClosed, ClassroomUnavailable, InvalidInput, UnknownClass, WrongToken
from dashboard.classroom.limits import TRAINING_KINDS, TRAINING_MAX_GAPS
from dashboard.classroom.schema import answers, class_runs, classes, reveals, students

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"    # no 0/O, 1/I/L: read off a projector without mix-ups
CODE_LENGTH = 6                                       # 31^6, about 9e8 codes
CODE_PATTERN = re.compile(f"[{CODE_ALPHABET}]{{{CODE_LENGTH}}}")
CODE_ATTEMPTS = 8                                     # fresh codes tried before giving up on a (full) database
TOKEN_BYTES = 24
VALUE_LENGTH, VALUES_PER_CONTROL = 2000, 8            # a held control's link values: what a typed text takes


@dataclass(frozen=True)
class NewClass:
    code: str
    token: str            # the teacher's secret: shown once, never stored
    expires_at: float


@dataclass(frozen=True)
class ClassSettings:
    hidden: tuple[str, ...] = ()           # controls the students do not see (teacher mode)
    locked: tuple[str, ...] = ()           # controls the students see but cannot change
    page: str | None = None                # the page the teacher brings everyone to
    experiment_kind: str | None = None     # the class's training experiment
    experiment_max_gap: int | None = None
    values: tuple[tuple[str, tuple[str, ...]], ...] = ()     # (control, its link values) for hidden/locked ones


@dataclass(frozen=True)
class ClassInfo:
    code: str
    created_at: float
    expires_at: float
    closed: bool
    open: bool                             # neither closed nor expired: takes answers and runs
    settings: ClassSettings


def normalise_code(code) -> str:
    """The code as stored ("k7qx2m " -> "K7QX2M"); UnknownClass if it cannot be one."""
    cleaned = code.strip().upper() if isinstance(code, str) else ""
    if not CODE_PATTERN.fullmatch(cleaned):
        raise UnknownClass(f"no class {str(code)[:CODE_LENGTH * 2]!r}")
    return cleaned


def new_teacher_token() -> str:
    """A secret for the teacher link. Never starting with "-": pasted after a command's --token it would read as
    another option (argparse refuses it)."""
    while True:
        token = secrets.token_urlsafe(TOKEN_BYTES)
        if not token.startswith("-"):
            return token


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def class_row(connection, code: str, lock: str | None = None):
    """The class's row; lock "share" (answers: many at once) or "update" (teacher actions, new students, runs:
    one at a time) holds it on PostgreSQL until the transaction ends. SQLite's write lock covers both."""
    query = select(classes).where(classes.c.code == code)
    if lock:
        query = query.with_for_update(read=lock == "share")
    row = connection.execute(query).one_or_none()
    if row is None:
        raise UnknownClass(f"no class {code}")
    return row


def is_open(row, now: float) -> bool:
    return row.closed_at is None and now < row.expires_at


def _refuse_if_over(row, store) -> None:
    if not is_open(row, store.now()):
        raise ClassClosed(f"class {row.code} is {'closed' if row.closed_at is not None else 'over (expired)'}")


def open_class_row(connection, store, code: str, lock: str):
    """The class's row, locked, if it still takes writes; ClassClosed otherwise."""
    row = class_row(connection, code, lock)
    _refuse_if_over(row, store)
    return row


def teacher_class_row(connection, store, code: str, token, lock: str | None = None, writing: bool = False):
    """The class's row if `token` is its teacher's (WrongToken otherwise) and, when `writing`, still open."""
    row = class_row(connection, code, lock)
    given = _token_hash(token) if isinstance(token, str) else ""
    if not hmac.compare_digest(given, row.token_hash):
        raise WrongToken(f"wrong teacher token for class {code}")
    if writing:
        _refuse_if_over(row, store)
    return row


def new_class(store, ttl_hours: float | None = None) -> NewClass:
    """Start a class that expires by itself after `ttl_hours` (default Limits.class_hours)."""
    hours = store.limits.class_hours if ttl_hours is None else ttl_hours
    if isinstance(hours, bool) or not isinstance(hours, (int, float)) or not 0 < hours <= store.limits.max_class_hours:
        raise InvalidInput(f"a class lasts more than 0 and at most {store.limits.max_class_hours:g} hours")
    purge_expired(store)                  # starting a class is a fine moment to drop the ones that are over
    token = new_teacher_token()
    now = store.now()
    for _ in range(CODE_ATTEMPTS):
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        insert = store.insert(classes).values(
            code=code, token_hash=_token_hash(token), created_at=now, expires_at=now + hours * 3600.0,
            hidden_controls="[]", locked_controls="[]").on_conflict_do_nothing()
        with store.write() as connection:
            if connection.execute(insert.returning(classes.c.code)).first() is not None:
                return NewClass(code, token, now + hours * 3600.0)
    raise ClassroomUnavailable("no free class code found; try again")


def close_class(store, code, token) -> None:
    code = normalise_code(code)
    with store.write() as connection:
        row = teacher_class_row(connection, store, code, token, lock="update")
        if row.closed_at is None:
            connection.execute(update(classes).where(classes.c.code == code).values(closed_at=store.now()))


def _settings(row) -> ClassSettings:
    values = json.loads(row.control_values) if row.control_values else {}
    return ClassSettings(tuple(json.loads(row.hidden_controls)), tuple(json.loads(row.locked_controls)),
                         row.current_page, row.experiment_kind, row.experiment_max_gap,
                         tuple((name, tuple(texts)) for name, texts in sorted(values.items())))


def _info(row, store) -> ClassInfo:
    return ClassInfo(row.code, row.created_at, row.expires_at, row.closed_at is not None, is_open(row, store.now()),
                     _settings(row))


def class_info(store, code) -> ClassInfo:
    code = normalise_code(code)
    with store.read() as connection:
        return _info(class_row(connection, code), store)


def teacher_info(store, code, token) -> ClassInfo:
    """class_info for the teacher: WrongToken unless `token` is the class's."""
    code = normalise_code(code)
    with store.read() as connection:
        return _info(teacher_class_row(connection, store, code, token), store)


def _names(values, allowed, what: str) -> tuple[str, ...]:
    values = tuple(values)
    unknown = [value for value in values if value not in allowed]
    if unknown:
        raise InvalidInput(f"{str(unknown[0])[:40]!r} is not one of the app's {what}")
    return tuple(sorted(set(values)))


def _held_values(values, held: tuple[str, ...]) -> dict[str, list[str]]:
    """{control: link values} for the hidden or locked controls only, each value text of bounded length."""
    checked = {}
    for name, texts in tuple(values):
        texts = tuple(texts)
        if name not in held:
            raise InvalidInput(f"{str(name)[:40]!r} is neither hidden nor locked: only those keep a class value")
        if not 0 < len(texts) <= VALUES_PER_CONTROL or not all(
                isinstance(text, str) and len(text) <= VALUE_LENGTH for text in texts):
            raise InvalidInput(f"{name}'s value is 1-{VALUES_PER_CONTROL} texts of at most {VALUE_LENGTH} characters")
        checked[name] = list(texts)
    return checked


def save_settings(store, code, token, settings: ClassSettings, *, controls, pages) -> ClassSettings:
    """Keep the teacher's settings with the class; control names must be in `controls` and the page in `pages`
    (the app's own lists), and values are kept only for hidden or locked controls. Returns the settings as stored
    (names sorted, once each)."""
    allowed_controls = frozenset(controls)
    hidden, locked = (_names(settings.hidden, allowed_controls, "controls"),
                      _names(settings.locked, allowed_controls, "controls"))
    values = _held_values(settings.values, hidden + locked)
    stored = ClassSettings(hidden, locked, settings.page, settings.experiment_kind, settings.experiment_max_gap,
                           tuple((name, tuple(texts)) for name, texts in sorted(values.items())))
    if stored.page is not None and stored.page not in frozenset(pages):
        raise InvalidInput(f"{str(stored.page)[:40]!r} is not one of the app's pages")
    if stored.experiment_kind is not None and stored.experiment_kind not in TRAINING_KINDS:
        raise InvalidInput(f"the experiment's model is one of {', '.join(TRAINING_KINDS)}")
    if stored.experiment_max_gap is not None and stored.experiment_max_gap not in TRAINING_MAX_GAPS:
        raise InvalidInput(f"the experiment's longest gap is one of {', '.join(map(str, TRAINING_MAX_GAPS))}")
    code = normalise_code(code)
    with store.write() as connection:
        teacher_class_row(connection, store, code, token, lock="update", writing=True)
        connection.execute(update(classes).where(classes.c.code == code).values(
            hidden_controls=json.dumps(stored.hidden), locked_controls=json.dumps(stored.locked),
            current_page=stored.page, experiment_kind=stored.experiment_kind,
            experiment_max_gap=stored.experiment_max_gap, control_values=json.dumps(values) if values else None))
    return stored


def purge_expired(store) -> int:
    """Delete every expired class with its students, answers, reveals and run requests; returns how many classes.
    Trainings stay (they hold no one's data and spare a retraining); a queued one no class asks for any more is
    skipped by the workers (training_queue.claim)."""
    with store.write() as connection:
        expired = select(classes.c.code).where(classes.c.expires_at <= store.now()).scalar_subquery()
        for table in (answers, reveals, class_runs, students):
            connection.execute(delete(table).where(table.c.class_code.in_(expired)))
        return connection.execute(delete(classes).where(classes.c.code.in_(expired))).rowcount
