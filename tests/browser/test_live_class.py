"""A live class in a real browser: a teacher starts a class from the app, two students open its link and answer
Why LSTM's question (one reloads and still has its answer in), the teacher's view counts 2 by itself, the teacher
reveals, and both students see the class's answers without touching anything; the teacher token is in no student's
page or copied link."""

import re

QUESTION = "Trained on sentences up to 200 words apart"


def answered(tab) -> str:
    return tab.get_by_text(re.compile(r"^\d+ answered")).first.inner_text()


def test_a_teacher_starts_a_class_two_students_answer_and_see_the_reveal(browser, app_url, wait_until_idle,
                                                                           copied_link):
    teacher = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
    teacher.set_default_timeout(45_000)
    teacher.goto(f"{app_url}/summary")
    wait_until_idle(teacher)
    teacher.get_by_text("Teach it as a live class").click()
    teacher.get_by_role("button", name="Start a class").click()
    heading = teacher.get_by_role("heading", name=re.compile(r"^Class [A-Z0-9]{6}$"))
    code = heading.inner_text().split()[-1]
    wait_until_idle(teacher)
    student_link = teacher.locator("#class-student-link").input_value()
    token = teacher.locator("#class-teacher-link").input_value().rsplit("teacher=", 1)[1]
    assert student_link.endswith(f"/?class={code}") and "teacher=" not in teacher.url
    assert answered(teacher) == "0 answered"

    students = []
    phone = dict(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    for pick, screen in (("Less than half the time", phone), ("Nine times in ten or more", {})):
        tab = browser.new_context(**screen).new_page()
        tab.set_default_timeout(45_000)
        tab.goto(student_link)
        wait_until_idle(tab)
        tab.get_by_text(pick, exact=True).click()
        tab.get_by_text(f"Your answer is in: {pick}.").wait_for()
        students.append((tab, pick))

    students[0][0].reload()                                     # the same student after a reload (its cookie)
    wait_until_idle(students[0][0])
    students[0][0].get_by_text("Your answer is in: Less than half the time.").wait_for()
    teacher.get_by_text("2 answered").first.wait_for()          # the teacher view refreshed by itself
    teacher.get_by_role("button", name="Reveal").first.click()
    for tab, pick in students:                                  # the students' questions refresh by themselves
        tab.get_by_text("2 in the class answered.").wait_for()
        (own,) = [line for line in tab.locator("ul.class-counts").inner_text().splitlines() if line.startswith(pick)]
        assert "your answer" in own, own
        assert token not in tab.content()
    link = copied_link(students[1][0])                             # the desktop student's (a phone folds the sidebar)
    assert code in link and token not in link
