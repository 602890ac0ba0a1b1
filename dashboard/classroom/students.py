"""A class's students: anonymous ids (one per browser session, made by the page), an optional nickname that only
the teacher sees, and the per-session counters that stop a flood.

    student_id = new_student_id()               # kept in the page's session state
    join_class(store, code, student_id, nickname="Ada")
    roster(store, code, token)                  # the teacher's list: nicknames and how many answers each
"""
from __future__ import annotations

import re
import secrets
import unicodedata
from dataclasses import dataclass

from sqlalchemy import func, select, update

from dashboard.classroom.classes import normalise_code, open_class_row, teacher_class_row
from dashboard.classroom.errors import InvalidInput, LimitReached
from dashboard.classroom.schema import answers, students

STUDENT_ID_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,64}")     # what secrets.token_urlsafe makes
NICKNAME_LENGTH = 40
NICKNAME_INPUT_LENGTH = 1000      # longer is no typed name: refused before any cleaning work is spent on it


@dataclass(frozen=True)
class RosterEntry:
    nickname: str | None
    answers: int


def new_student_id() -> str:
    return secrets.token_urlsafe(16)


def check_student_id(student_id) -> str:
    if not isinstance(student_id, str) or not STUDENT_ID_PATTERN.fullmatch(student_id):
        raise InvalidInput("a student id is 16-64 letters, digits, '-' or '_'")
    return student_id


def clean_nickname(nickname) -> str | None:
    """Control and format characters removed, spaces folded, cut to NICKNAME_LENGTH; None if nothing is left."""
    if nickname is None:
        return None
    if not isinstance(nickname, str) or len(nickname) > NICKNAME_INPUT_LENGTH:
        raise InvalidInput(f"a nickname is text of at most {NICKNAME_LENGTH} characters")
    printable = "".join(" " if char.isspace() else char for char in nickname
                        if char.isspace() or not unicodedata.category(char).startswith("C"))
    cleaned = " ".join(printable.split())[:NICKNAME_LENGTH].strip()
    return cleaned or None


def admit(connection, store, code: str, student_id: str, alone: bool = False, known: bool | None = None):
    """Lock the open class for a student's write and add the student if new (within the class's cap); returns
    the class's row. A known student's answer shares the lock with the others'; a new student (and any `alone`
    write, such as a run request choosing its seed) takes it alone, so what it counts cannot change under it.
    `known`: whether the caller already found the student's row (None: look)."""
    if known is None:
        known = connection.scalar(select(func.count()).select_from(students).where(
            students.c.class_code == code, students.c.student_id == student_id)) > 0
    row = open_class_row(connection, store, code, lock="share" if known and not alone else "update")
    if not known:
        cap = store.limits.students_per_class
        if connection.scalar(select(func.count()).select_from(students).where(students.c.class_code == code)) >= cap:
            raise LimitReached(f"class {code} is full ({cap} students)")
        connection.execute(store.insert(students).values(
            class_code=code, student_id=student_id, joined_at=store.now(), answer_writes=0).on_conflict_do_nothing())
    return row


def too_many_answers(store) -> LimitReached:
    return LimitReached(f"at most {store.limits.answer_writes_per_student} answers per student in a class")


def count_answer_write(connection, store, code: str, student_id: str) -> None:
    """One more answer write for this student, or LimitReached (the transaction then stores nothing)."""
    counted = connection.execute(update(students).where(
        students.c.class_code == code, students.c.student_id == student_id,
        students.c.answer_writes < store.limits.answer_writes_per_student,
    ).values(answer_writes=students.c.answer_writes + 1)).rowcount
    if counted != 1:
        raise too_many_answers(store)


def join_class(store, code, student_id, nickname=None) -> None:
    """Join (again) with an optional nickname; joining again with another nickname changes it."""
    code, student_id, nickname = normalise_code(code), check_student_id(student_id), clean_nickname(nickname)
    with store.write() as connection:
        admit(connection, store, code, student_id)
        if nickname is not None:
            connection.execute(update(students).where(
                students.c.class_code == code, students.c.student_id == student_id).values(nickname=nickname))


def roster(store, code, token) -> tuple[RosterEntry, ...]:
    """The teacher's view of who is there, in the order they joined (nicknames are never shown to students; ids
    are never shown at all: they let their holder answer as that student)."""
    code = normalise_code(code)
    answered = (select(func.count()).where(answers.c.class_code == students.c.class_code,
                                           answers.c.student_id == students.c.student_id).scalar_subquery())
    with store.read() as connection:
        teacher_class_row(connection, store, code, token)
        rows = connection.execute(select(students.c.nickname, answered).where(students.c.class_code == code)
                                  .order_by(students.c.joined_at)).all()
    return tuple(RosterEntry(nickname, count) for nickname, count in rows)
