"""A live class in the app, through Streamlit's AppTest on a real classroom database: a student's answer is
stored once and changes until the reveal, a reload answers as the same student, the reveal and a reset reach the
student, and the question works as before outside a class."""

import pytest
from class_ui_support import install, open_page, uninstall

from dashboard.classroom import new_class, new_student_id, open_store, reset, reveal, tally

RVL = "app_pages/rnn_vs_lstm.py"
QUESTION = "rnn-vs-lstm.parameter-ratio"
KEY = f"class_ui:ask:{QUESTION}"


def counted(store, ticket, question_id=QUESTION):
    return tally(store, ticket.code, ticket.token)[question_id]


def test_outside_a_class_a_pick_shows_the_measured_answer_at_once(class_store):
    at = open_page(RVL)
    at.radio(key=f"class_ui:own:{QUESTION}").set_value("About 2×").run()
    assert at.error[0].value.startswith("Not quite: the measured answer is **About 4×**")
    assert "99,328" in at.error[0].value and "24,832" in at.error[0].value      # the page's opening sizes' counts


@pytest.fixture(params=["sqlite", "postgresql"])
def any_store(request, tmp_path):
    """The classroom on each kind of database, installed as the app's."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'classroom.db'}"
    else:
        server = request.getfixturevalue("postgres_server")
        url = server.create_database()
    store = open_store(url)
    previous = install(store)
    yield store
    uninstall(previous)
    store.close()
    if request.param == "postgresql":
        server.drop_database(url)


def test_an_answer_is_stored_once_changes_until_the_reveal_and_survives_a_reload(any_store):
    ticket, me = new_class(any_store), new_student_id()
    at = open_page(RVL, {"class": ticket.code}, student_id=me)
    at.radio(key=KEY).set_value("About 2×").run()
    at.radio(key=KEY).set_value("About 4×").run()
    at.run()                                                      # the question's own refresh
    assert counted(any_store, ticket).counts == {"About 2×": 0, "About 4×": 1, "About 8×": 0}
    assert "Your answer is in: **About 4×**" in at.success[0].value

    again = open_page(RVL, {"class": ticket.code}, student_id=me)          # a reload: the cookie's id
    assert again.radio(key=KEY).value == "About 4×"
    again.run()
    assert counted(any_store, ticket).answered == 1

    reveal(any_store, ticket.code, ticket.token, QUESTION)
    again.run()
    assert again.radio(key=KEY).disabled
    shown = " ".join(element.value for element in again.get("html"))
    assert "About 4× <strong>(measured answer, your answer)</strong>" in shown and "1 (100%)" in shown
    assert again.success[0].value.startswith("Right: **About 4×**")


def test_a_reset_clears_the_students_pick_and_asks_again(class_store):
    ticket = new_class(class_store)
    at = open_page(RVL, {"class": ticket.code})
    at.radio(key=KEY).set_value("About 8×").run()
    reset(class_store, ticket.code, ticket.token, QUESTION)
    at.run()
    assert at.radio(key=KEY).value is None and not at.radio(key=KEY).disabled
    assert counted(class_store, ticket).answered == 0


def test_a_students_page_has_the_class_in_its_link_and_never_counts_before_the_reveal(class_store):
    ticket = new_class(class_store)
    others = [new_student_id() for _ in range(3)]
    from dashboard.classroom import answer
    for other in others:
        answer(class_store, ticket.code, other, QUESTION, "About 8×")
    at = open_page(RVL, {"class": ticket.code})
    assert at.query_params["class"] == ticket.code
    from lstm_page_support import copied_link
    assert f"class={ticket.code}" in copied_link(at)
    assert "About 8×: 3" not in " ".join(e.value for e in at.get("html")) and "(100%)" not in str(at.get("html"))


def test_a_closed_class_leaves_the_lesson_as_it_was_with_one_line(class_store):
    from dashboard.classroom import close_class
    ticket = new_class(class_store)
    close_class(class_store, ticket.code, ticket.token)
    at = open_page(RVL, {"class": ticket.code})
    assert [w.value for w in at.warning] == [f"Class {ticket.code} is closed: the lesson works as usual, without the "
                                             "class."]
    at.radio(key=f"class_ui:own:{QUESTION}").set_value("About 4×").run()       # the question as outside a class
    assert at.success[0].value.startswith("Right")
    assert counted(class_store, ticket).answered == 0
