"""A class's code and teacher token, its expiry, closing and purge, and the teacher's settings — on SQLite and on a
real PostgreSQL (the `store` fixture, tests/conftest.py)."""
import hashlib
import hmac

import pytest
from sqlalchemy import func, select

from dashboard.classroom import (
    ClassClosed,
    ClassSettings,
    InvalidInput,
    UnknownClass,
    WrongToken,
    answer,
    class_info,
    close_class,
    join_class,
    new_class,
    new_student_id,
    purge_expired,
    reveal,
    save_settings,
    tally,
    teacher_info,
)
from dashboard.classroom.classes import CODE_ALPHABET, new_teacher_token, normalise_code
from dashboard.classroom.schema import answers, classes, reveals, students

QUESTION = "gates.lets-go-of-france"
CONTROLS, PAGES = ("hidden_size", "gap", "model"), ("why-lstm", "gates")


def test_a_class_has_a_short_code_without_look_alikes_and_a_secret_token(store):
    ticket = new_class(store)
    assert len(ticket.code) == 6 and set(ticket.code) <= set(CODE_ALPHABET)
    assert not set("01IOL") & set(CODE_ALPHABET)
    assert len(ticket.token) >= 32
    assert normalise_code(f" {ticket.code.lower()} ") == ticket.code
    with store.read() as connection:
        stored = connection.scalar(select(classes.c.token_hash).where(classes.c.code == ticket.code))
    assert stored == hashlib.sha256(ticket.token.encode()).hexdigest() and ticket.token not in stored


def test_a_token_never_reads_as_a_command_line_option():
    tokens = {new_teacher_token() for _ in range(2000)}     # about 30 would start with "-" if left to chance
    assert len(tokens) == 2000 and not any(token.startswith("-") for token in tokens)


def test_codes_differ(store):
    assert len({new_class(store).code for _ in range(20)}) == 20


def test_a_wrong_token_is_refused_and_compared_in_constant_time(store, monkeypatch):
    ticket = new_class(store)
    compared = []
    real_compare = hmac.compare_digest

    def recording_compare(a, b):
        compared.append((a, b))
        return real_compare(a, b)

    monkeypatch.setattr(hmac, "compare_digest", recording_compare)
    for wrong in ("", ticket.token[:-1], ticket.token + "x", None, 12345):
        with pytest.raises(WrongToken, match=f"^wrong teacher token for class {ticket.code}$"):
            tally(store, ticket.code, wrong)
    with pytest.raises(WrongToken):
        close_class(store, ticket.code, "not-the-token")
    assert len(compared) == 6
    assert tally(store, ticket.code, ticket.token)            # the right one is let in, by the same comparison
    assert len(compared) == 7 and compared[-1][0] == compared[-1][1]


@pytest.mark.parametrize("code", ["", "ABC", "ABCDEFG", "ABCDE0", "x" * 1_000_000, None])
def test_a_code_that_cannot_be_a_class_is_unknown_and_not_echoed_in_full(store, code):
    with pytest.raises(UnknownClass) as refused:
        class_info(store, code)
    assert len(str(refused.value)) < 40


def test_an_unknown_code_is_refused(store):
    with pytest.raises(UnknownClass, match="^no class ABCDEF$"):
        tally(store, "ABCDEF", "token")


def test_a_class_expires_by_itself_and_then_refuses_writes(store, clock):
    ticket = new_class(store, ttl_hours=1)
    student = new_student_id()
    answer(store, ticket.code, student, QUESTION, "Forget gate")
    clock.advance(3599)
    assert class_info(store, ticket.code).open
    clock.advance(1)
    assert not class_info(store, ticket.code).open
    with pytest.raises(ClassClosed, match="over"):
        answer(store, ticket.code, student, QUESTION, "Input gate")
    with pytest.raises(ClassClosed):
        join_class(store, ticket.code, new_student_id())
    with pytest.raises(ClassClosed):
        reveal(store, ticket.code, ticket.token, QUESTION)
    assert tally(store, ticket.code, ticket.token)[QUESTION].counts["Forget gate"] == 1   # readable until purged


def test_the_default_lifetime_is_the_limits_class_hours(store, clock):
    ticket = new_class(store)
    assert ticket.expires_at == pytest.approx(clock() + store.limits.class_hours * 3600)


@pytest.mark.parametrize("hours", [0, -1, 24 * 7 + 1, "4", True, float("nan")])
def test_a_lifetime_out_of_range_is_refused(store, hours):
    with pytest.raises(InvalidInput):
        new_class(store, ttl_hours=hours)


def test_a_closed_class_refuses_writes(store):
    ticket = new_class(store)
    close_class(store, ticket.code, ticket.token)
    close_class(store, ticket.code, ticket.token)               # closing twice is harmless
    info = class_info(store, ticket.code)
    assert info.closed and not info.open
    with pytest.raises(ClassClosed, match="closed"):
        answer(store, ticket.code, new_student_id(), QUESTION, "Forget gate")


def test_purge_removes_only_expired_classes_with_all_their_data(store, clock):
    old, current = new_class(store, ttl_hours=1), new_class(store, ttl_hours=3)
    for ticket in (old, current):
        answer(store, ticket.code, new_student_id(), QUESTION, "Forget gate")
        reveal(store, ticket.code, ticket.token, QUESTION)
    clock.advance(2 * 3600)
    assert purge_expired(store) == 1
    with pytest.raises(UnknownClass):
        class_info(store, old.code)
    with store.read() as connection:
        for table in (students, answers, reveals):
            remaining = connection.execute(select(table.c.class_code, func.count()).group_by(table.c.class_code))
            assert dict(remaining.all()) == {current.code: 1}, table.name
    assert purge_expired(store) == 0


def test_starting_a_class_purges_the_expired_ones(store, clock):
    old = new_class(store, ttl_hours=1)
    clock.advance(3601)
    new_class(store)
    with pytest.raises(UnknownClass):
        class_info(store, old.code)


def test_the_teachers_settings_are_kept_with_the_class(store):
    ticket = new_class(store)
    assert class_info(store, ticket.code).settings == ClassSettings()
    wanted = ClassSettings(hidden=("model", "gap", "model"), locked=("hidden_size",), page="gates",
                           experiment_kind="lstm", experiment_max_gap=50)
    stored = save_settings(store, ticket.code, ticket.token, wanted, controls=CONTROLS, pages=PAGES)
    assert stored == ClassSettings(("gap", "model"), ("hidden_size",), "gates", "lstm", 50)
    assert class_info(store, ticket.code).settings == stored


def test_a_held_controls_value_is_kept_with_the_class(store):
    ticket = new_class(store)
    wanted = ClassSettings(hidden=("gap",), locked=("model",), values=(("model", ("GRU", "LSTM")), ("gap", ("40",))))
    stored = save_settings(store, ticket.code, ticket.token, wanted, controls=CONTROLS, pages=PAGES)
    assert stored.values == (("gap", ("40",)), ("model", ("GRU", "LSTM")))
    assert teacher_info(store, ticket.code, ticket.token).settings == class_info(store, ticket.code).settings == stored


@pytest.mark.parametrize("settings", [
    ClassSettings(hidden=("not_a_control",)),
    ClassSettings(locked=("x" * 1_000_000,)),
    ClassSettings(page="summary"),
    ClassSettings(experiment_kind="transformer"),
    ClassSettings(experiment_max_gap=7),
    ClassSettings(values=(("gap", ("40",)),)),                            # a value for a control that is not held
    ClassSettings(locked=("gap",), values=(("gap", ("4" * 2001,)),)),     # a value no control takes
    ClassSettings(locked=("gap",), values=(("gap", ()),)),
])
def test_settings_outside_the_apps_lists_are_refused(store, settings):
    ticket = new_class(store)
    with pytest.raises(InvalidInput):
        save_settings(store, ticket.code, ticket.token, settings, controls=CONTROLS, pages=PAGES)
    assert class_info(store, ticket.code).settings == ClassSettings()


def test_only_the_teacher_changes_the_settings(store):
    ticket = new_class(store)
    with pytest.raises(WrongToken):
        teacher_info(store, ticket.code, "guess")
    with pytest.raises(WrongToken):
        save_settings(store, ticket.code, "guess", ClassSettings(page="gates"), controls=CONTROLS, pages=PAGES)
