"""Predict-then-reveal answers: exactly once across retries, locked by the reveal, only the bank's options, flood
limits and bounded nicknames — on SQLite and on a real PostgreSQL (the `store` fixture, tests/conftest.py)."""
import random
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from dashboard.classroom import (
    AnswerLocked,
    InvalidInput,
    LimitReached,
    Limits,
    Question,
    QuestionBank,
    WrongToken,
    answer,
    join_class,
    new_class,
    new_student_id,
    open_store,
    reset,
    reveal,
    roster,
    student_view,
    tally,
)
from dashboard.classroom.schema import answers, students

QUESTION = "gates.lets-go-of-france"
OPTIONS = ("Forget gate", "Input gate", "Output gate")


def stored_answers(store) -> int:
    with store.read() as connection:
        return connection.scalar(select(func.count()).select_from(answers))


def question_tally(store, ticket, question_id=QUESTION):
    return tally(store, ticket.code, ticket.token)[question_id]


def test_answers_are_counted_exactly_once_across_concurrent_retries_and_replicas(store, database_url, clock):
    ticket = new_class(store)
    other_replica = open_store(database_url, clock=clock)
    chosen = {new_student_id(): OPTIONS[k % 3] for k in range(100)}
    sends = [(replica, student, option) for student, option in chosen.items() for replica in
             (store, store, other_replica, other_replica)]       # each answer sent four times, by two replicas
    random.Random(0).shuffle(sends)
    with ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(lambda send: answer(send[0], ticket.code, send[1], QUESTION, send[2]), sends))
    other_replica.close()
    entry = question_tally(store, ticket)
    assert entry.counts == dict(Counter(chosen.values())) == {"Forget gate": 34, "Input gate": 33, "Output gate": 33}
    assert entry.answered == 100 and stored_answers(store) == 100


def test_an_answer_changes_until_the_reveal_and_is_locked_after_it(store):
    ticket, student = new_class(store), new_student_id()
    answer(store, ticket.code, student, QUESTION, "Input gate")
    answer(store, ticket.code, student, QUESTION, "Forget gate")
    assert question_tally(store, ticket).counts == {"Forget gate": 1, "Input gate": 0, "Output gate": 0}
    reveal(store, ticket.code, ticket.token, QUESTION)
    with pytest.raises(AnswerLocked):
        answer(store, ticket.code, student, QUESTION, "Output gate")
    with pytest.raises(AnswerLocked):
        answer(store, ticket.code, new_student_id(), QUESTION, "Output gate")
    answer(store, ticket.code, student, QUESTION, "Forget gate")      # a resend of the accepted answer is fine
    entry = question_tally(store, ticket)
    assert entry.revealed and entry.counts == {"Forget gate": 1, "Input gate": 0, "Output gate": 0}
    other = "why-lstm.rnn-at-100"                                   # other questions stay open
    answer(store, ticket.code, student, other, "Less than half the time")
    assert question_tally(store, ticket, other).answered == 1 and not question_tally(store, ticket, other).revealed


def test_reset_clears_the_answers_and_the_reveal(store):
    ticket, student = new_class(store), new_student_id()
    answer(store, ticket.code, student, QUESTION, "Input gate")
    answer(store, ticket.code, student, "gates.lets-go-of-france", "Input gate")
    reveal(store, ticket.code, ticket.token, QUESTION)
    reset(store, ticket.code, ticket.token, QUESTION)
    entry = question_tally(store, ticket)
    assert not entry.revealed and entry.answered == 0
    answer(store, ticket.code, student, QUESTION, "Forget gate")
    assert question_tally(store, ticket).counts["Forget gate"] == 1


def test_reveal_and_reset_need_the_teacher_token(store):
    ticket, student = new_class(store), new_student_id()
    answer(store, ticket.code, student, QUESTION, "Input gate")
    for teacher_action in (reveal, reset):
        with pytest.raises(WrongToken):
            teacher_action(store, ticket.code, student, QUESTION)
    entry = question_tally(store, ticket)
    assert not entry.revealed and entry.answered == 1


def test_students_see_the_counts_only_after_the_reveal(store):
    ticket, me = new_class(store), new_student_id()
    answer(store, ticket.code, me, QUESTION, "Forget gate")
    answer(store, ticket.code, new_student_id(), QUESTION, "Input gate")
    before = student_view(store, ticket.code, me, QUESTION)
    assert before.my_answer == "Forget gate" and not before.revealed and before.counts is None
    reveal(store, ticket.code, ticket.token, QUESTION)
    after = student_view(store, ticket.code, me, QUESTION)
    assert after.revealed and after.counts == {"Forget gate": 1, "Input gate": 1, "Output gate": 0}
    assert student_view(store, ticket.code, new_student_id(), QUESTION).my_answer is None


@pytest.mark.parametrize("question_id, option", [
    (QUESTION, "Update gate"), (QUESTION, "forget gate"), (QUESTION, None), (QUESTION, "x" * 1_000_000),
    ("gates.invented", "Forget gate"), (None, "Forget gate"), ("x" * 1_000_000, "Forget gate"),
])
def test_a_forged_question_or_option_is_refused_and_nothing_is_stored(store, question_id, option):
    ticket = new_class(store)
    with pytest.raises(InvalidInput) as refused:
        answer(store, ticket.code, new_student_id(), question_id, option)
    assert len(str(refused.value)) < 200
    assert stored_answers(store) == 0


@pytest.mark.parametrize("student_id", ["", "short", "a" * 65, "has space in it ok", "ünïcödé-ünïcödé-ü", None, 7])
def test_a_malformed_student_id_is_refused(store, student_id):
    ticket = new_class(store)
    with pytest.raises(InvalidInput):
        answer(store, ticket.code, student_id, QUESTION, "Forget gate")


def test_ten_thousand_answers_from_one_session_stop_at_the_limit_with_nothing_extra_stored(store):
    ticket, flooder, other = new_class(store), new_student_id(), new_student_id()
    limit = store.limits.answer_writes_per_student
    refused = Counter()
    for k in range(10_000):
        try:
            answer(store, ticket.code, flooder, QUESTION, OPTIONS[k % 2])
        except LimitReached:
            refused[OPTIONS[k % 2]] += 1
    last_accepted = OPTIONS[(limit - 1) % 2]
    # Past the limit every change is refused; a resend of the stored answer is still accepted (it changes nothing).
    assert refused == {OPTIONS[limit % 2]: (10_000 - limit) // 2}
    entry = question_tally(store, ticket)
    assert entry.answered == 1 and entry.counts[last_accepted] == 1
    with store.read() as connection:
        assert connection.scalar(select(students.c.answer_writes).where(students.c.student_id == flooder)) == limit
    answer(store, ticket.code, other, QUESTION, "Output gate")                     # the others are not held up
    assert question_tally(store, ticket).answered == 2 and stored_answers(store) == 2


def test_a_full_class_takes_no_new_students(database_url, clock):
    store = open_store(database_url, clock=clock, limits=Limits(students_per_class=3, max_running=1))
    ticket = new_class(store)
    joined = [new_student_id() for _ in range(3)]
    for student in joined:
        join_class(store, ticket.code, student)
    with pytest.raises(LimitReached, match="full"):
        answer(store, ticket.code, new_student_id(), QUESTION, "Forget gate")
    answer(store, ticket.code, joined[0], QUESTION, "Forget gate")
    assert len(roster(store, ticket.code, ticket.token)) == 3
    store.close()


def test_nicknames_are_cleaned_cut_and_shown_to_the_teacher_only(store, clock):
    ticket = new_class(store)
    for nickname in ("  Ada\x00\u202e\n\tLovelace\x1b[31m  ", "B" * 100, "\x00\x01 ", None):
        join_class(store, ticket.code, new_student_id(), nickname)
        clock.advance(1)                                   # the roster is in the order they joined
    assert [entry.nickname for entry in roster(store, ticket.code, ticket.token)] == [
        "Ada Lovelace[31m", "B" * 40, None, None]
    with pytest.raises(WrongToken):
        roster(store, ticket.code, "a student's guess")


def test_a_megabyte_nickname_is_refused_and_nothing_is_stored(store):
    ticket = new_class(store)
    with pytest.raises(InvalidInput, match="at most 40 characters"):
        join_class(store, ticket.code, new_student_id(), "x" * 1_000_000)
    assert roster(store, ticket.code, ticket.token) == ()


def test_a_class_can_register_its_own_questions(database_url, clock):
    bank = QuestionBank((Question("summary.best-model", "summary", "Which model?", ("RNN", "LSTM")),))
    store = open_store(database_url, clock=clock, questions=bank)
    ticket = new_class(store)
    answer(store, ticket.code, new_student_id(), "summary.best-model", "LSTM")
    assert [(question_id, entry.counts) for question_id, entry in tally(store, ticket.code, ticket.token).items()] == [
        ("summary.best-model", {"RNN": 0, "LSTM": 1})]
    with pytest.raises(InvalidInput):
        answer(store, ticket.code, new_student_id(), QUESTION, "Forget gate")
    store.close()
