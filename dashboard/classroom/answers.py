"""Predict, then reveal: students answer a question, the teacher sees the counts and reveals them to everyone.

    answer(store, code, student_id, "gates.lets-go-of-france", "Forget gate")
    tally(store, code, token)                      # the teacher: every question's counts, answered, revealed
    reveal(store, code, token, question_id)        # counts shown to the students; answers locked
    reset(store, code, token, question_id)         # answers and the reveal cleared: ask again
    student_view(store, code, student_id, question_id)   # my answer; the counts only after the reveal

One answer per (class, question, student), stored with an upsert on that key: a request repeated after a reload,
a replica restart or a failover is counted once. Resending the answer already stored is accepted as it is (even
after the reveal, the close or the flood limit), so a retry of an answer the student saw accepted never turns
into an error.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, func, select

from dashboard.classroom.classes import class_row, normalise_code, teacher_class_row
from dashboard.classroom.errors import AnswerLocked
from dashboard.classroom.schema import answers, reveals, students
from dashboard.classroom.students import admit, check_student_id, count_answer_write, too_many_answers


@dataclass(frozen=True)
class QuestionTally:
    question_id: str
    counts: dict[str, int]          # every option of the question, in the bank's order
    answered: int
    revealed: bool


@dataclass(frozen=True)
class StudentQuestion:
    question_id: str
    my_answer: str | None
    revealed: bool
    counts: dict[str, int] | None   # None until the teacher reveals


def _one_question(table, code: str, question_id: str):
    return (table.c.class_code == code, table.c.question_id == question_id)


def _is_revealed(connection, code: str, question_id: str) -> bool:
    return connection.scalar(select(func.count()).select_from(reveals).where(*_one_question(reveals, code,
                                                                                            question_id))) > 0


def answer(store, code, student_id, question_id, option) -> None:
    """Store the student's answer (changeable until the reveal). Refusals: InvalidInput (no such question or
    option), ClassClosed, AnswerLocked, LimitReached."""
    code, student_id = normalise_code(code), check_student_id(student_id)
    store.questions.check(question_id, option)
    mine = (*_one_question(answers, code, question_id), answers.c.student_id == student_id)
    with store.write() as connection:
        student = connection.execute(select(students.c.answer_writes, select(answers.c.option).where(*mine)
                                            .scalar_subquery()).where(students.c.class_code == code,
                                                                      students.c.student_id == student_id)).first()
        writes, stored = student or (0, None)
        if stored == option:
            return
        if writes >= store.limits.answer_writes_per_student:     # refused before any lock: the count only grows
            raise too_many_answers(store)
        admit(connection, store, code, student_id, known=student is not None)
        if _is_revealed(connection, code, question_id):
            raise AnswerLocked(f"{question_id} was revealed: answers are locked until the teacher asks again")
        count_answer_write(connection, store, code, student_id)
        upsert = store.insert(answers).values(class_code=code, question_id=question_id, student_id=student_id,
                                              option=option, answered_at=store.now())
        connection.execute(upsert.on_conflict_do_update(
            index_elements=[answers.c.class_code, answers.c.question_id, answers.c.student_id],
            set_={"option": upsert.excluded.option, "answered_at": upsert.excluded.answered_at}))


def reveal(store, code, token, question_id) -> None:
    code = normalise_code(code)
    store.questions.question(question_id)
    with store.write() as connection:
        teacher_class_row(connection, store, code, token, lock="update", writing=True)
        connection.execute(store.insert(reveals).values(class_code=code, question_id=question_id,
                                                        revealed_at=store.now()).on_conflict_do_nothing())


def reset(store, code, token, question_id) -> None:
    """Clear the question's answers and its reveal (the students' write counts stay as they are)."""
    code = normalise_code(code)
    store.questions.question(question_id)
    with store.write() as connection:
        teacher_class_row(connection, store, code, token, lock="update", writing=True)
        for table in (answers, reveals):
            connection.execute(delete(table).where(*_one_question(table, code, question_id)))


def _counts(connection, code: str, question_id: str | None = None) -> dict[tuple[str, str], int]:
    query = (select(answers.c.question_id, answers.c.option, func.count()).where(answers.c.class_code == code)
             .group_by(answers.c.question_id, answers.c.option))
    if question_id is not None:
        query = query.where(answers.c.question_id == question_id)
    return {(question, option): count for question, option, count in connection.execute(query)}


def _question_counts(question, counts) -> dict[str, int]:
    return {option: counts.get((question.id, option), 0) for option in question.options}


def tally(store, code, token) -> dict[str, QuestionTally]:
    """{question id: its tally} for every question of the bank in its order (unanswered ones with zeros), for the
    teacher."""
    code = normalise_code(code)
    with store.read() as connection:
        teacher_class_row(connection, store, code, token)
        counts = _counts(connection, code)
        revealed = set(connection.scalars(select(reveals.c.question_id).where(reveals.c.class_code == code)))
    tallies = {}
    for question in store.questions:
        per_option = _question_counts(question, counts)
        tallies[question.id] = QuestionTally(question.id, per_option, sum(per_option.values()),
                                             question.id in revealed)
    return tallies


def student_view(store, code, student_id, question_id) -> StudentQuestion:
    code, student_id = normalise_code(code), check_student_id(student_id)
    question = store.questions.question(question_id)
    with store.read() as connection:
        class_row(connection, code)
        mine = connection.scalar(select(answers.c.option).where(*_one_question(answers, code, question_id),
                                                                answers.c.student_id == student_id))
        revealed = _is_revealed(connection, code, question_id)
        counts = _question_counts(question, _counts(connection, code, question_id)) if revealed else None
    return StudentQuestion(question_id, mine, revealed, counts)
