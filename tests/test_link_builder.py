"""The link builder: under "Copy link to this view" a teacher picks, per control, whether students may change it, only
see it or not see it, and the link follows (teacher mode's `hide`/`lock`, which typed links still set); the link
then opens exactly that view."""

from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from lstm_page_support import copied_link
from streamlit.testing.v1 import AppTest

from dashboard.controls.link_builder import EMBED_KEY, ON_KEY, choice_key, link_flags, view_link

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "streamlit_app.py")
RVL = "app_pages/rnn_vs_lstm.py"


def open_rvl(query=None, builder=True):
    """A session opened at a link on RNN vs LSTM, with "Choose what students may do" switched on."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("app_pages/gates.py").run()          # the first run finds a page by file name only
    at.query_params.update(query or {})
    at.switch_page(RVL).run()
    assert not at.exception, [e.value for e in at.exception]
    if builder:
        at.toggle(key=ON_KEY).set_value(True).run()
    return at


def link_query(at) -> dict[str, str]:
    return {name: ",".join(values) for name, values in parse_qs(urlparse(copied_link(at)).query).items()}


@pytest.mark.parametrize("choices,hidden,locked,expected", [
    ({}, ("layers",), ("hidden",), (("layers",), ("hidden",))),                  # no choice yet: as the address
    ({"log": "hide", "layers": "see"}, (), (), (("log",), ("layers",))),
    ({"layers": "change"}, ("layers", "gap"), (), (("gap",), ())),               # gap: another page's, kept
    ({"hidden": "hide"}, (), ("hidden",), (("hidden",), ())),
])
def test_the_teachers_choice_decides_for_the_controls_drawn_here(choices, hidden, locked, expected):
    drawn = ("hidden", "layers", "log")
    state = {choice_key(p): c for p, c in choices.items()}
    assert link_flags(drawn, hidden, locked, {ON_KEY: True, **state}) == expected
    assert link_flags(drawn, hidden, locked, {ON_KEY: False, **state}) == (hidden, locked)     # switched off


def test_the_view_link_is_the_apps_address_and_page():
    assert view_link("gates", {"size": ["2"]}, "http://school.example/app/gates") == \
        "http://school.example/app/gates?size=2"
    assert view_link("gates", {}, "http://school.example/app/") == "http://school.example/app/gates"


def test_choices_and_start_values_make_the_link_and_leave_the_teachers_view_alone():
    at = open_rvl({"hidden": "20"})
    labels = [radio.label for radio in at.sidebar.radio]
    assert "Layers (students)" in labels and "Theme (students)" not in labels
    at.radio(key=choice_key("layers")).set_value("hide").run()
    at.radio(key=choice_key("convention")).set_value("see").run()
    assert link_query(at) == {"hidden": "20", "hide": "layers", "lock": "convention"}
    assert at.slider(key="layers") and not at.radio(key="convention").disabled     # the teacher still sees all
    at.checkbox(key=EMBED_KEY).check().run()
    assert link_query(at)["embed"] == "true"


def test_the_built_link_opens_exactly_the_ticked_view():
    teacher = open_rvl({"hidden": "20"})
    teacher.radio(key=choice_key("layers")).set_value("hide").run()
    teacher.radio(key=choice_key("convention")).set_value("see").run()
    student = open_rvl(link_query(teacher), builder=False)
    assert not student.sidebar.radio[1:]                          # a student sees the theme, no choices
    assert "layers" not in {s.key for s in student.slider}
    convention = next(r for r in student.main.radio if r.label == "Count as")
    assert convention.disabled and convention.value == "pytorch"
    assert student.slider(key="hidden").value == 20 and not student.slider(key="hidden").disabled


def test_students_pay_for_no_choices_and_switching_them_off_forgets_them():
    at = open_rvl({"hidden": "20"}, builder=False)
    assert [radio.key for radio in at.sidebar.radio] == ["theme"]
    at.toggle(key=ON_KEY).set_value(True).run()
    at.radio(key=choice_key("layers")).set_value("hide").run()
    assert link_query(at)["hide"] == "layers"
    at.toggle(key=ON_KEY).set_value(False).run()
    assert "hide" not in link_query(at)


def test_a_typed_teacher_link_starts_the_builder_from_its_names():
    at = open_rvl({"hide": "layers", "lock": "convention"})
    assert at.radio(key=choice_key("layers")).value == "hide"
    assert at.radio(key=choice_key("convention")).value == "see"
    assert at.radio(key=choice_key("hidden")).value == "change"
    at.radio(key=choice_key("layers")).set_value("change").run()       # the link lets students change it again
    assert "hide" not in link_query(at) and link_query(at)["lock"] == "convention"
