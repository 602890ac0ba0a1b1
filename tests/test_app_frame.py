"""The frame: every page path opens, shared controls sit only where they act, every README link form opens its
view, hostile or mistyped links get a notice per problem. (The address bar itself is written by the browser
side of Streamlit's binding: tests/browser/test_frame.py checks it.)"""

from pathlib import Path

import pytest
from lstm_page_support import copied_link
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "streamlit_app.py")
PAGES = ["app_pages/why_lstm.py", "app_pages/gates.py", "app_pages/data_flow.py", "app_pages/rnn_vs_lstm.py",
         "app_pages/summary.py"]
RVL, SUMMARY = "app_pages/rnn_vs_lstm.py", "app_pages/summary.py"
# Before its first run AppTest finds a page by file name, so only pages whose url_path is their file name open
# first; the others open after one run of Gates.
FIRST_RUN_PAGES = ("app_pages/gates.py", SUMMARY)


def run_app(query=None, page=RVL):
    """Open the app with a link's query; by default on RNN vs LSTM, the page of the shared sizes."""
    at = AppTest.from_file(APP, default_timeout=60)
    if page and page not in FIRST_RUN_PAGES:
        at.switch_page(FIRST_RUN_PAGES[0]).run()     # binds none of the settings tested here
    at.query_params.update(query or {})
    if page:                          # a session opened at the link's page, as a new browser tab is
        at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def notices(at):
    return " ".join(w.value for w in at.warning if "link were adjusted" in w.value)


def notice_lines(at):
    return [line for line in notices(at).splitlines() if line.startswith("- ")]


def test_root_opens_why_lstm_and_keeps_the_link_settings():
    at = run_app({"models": "gru,lstm", "gap": "40", "hidden": "20"}, page=None)
    assert "Why LSTM" in at.title[0].value
    assert at.session_state["models"] == ["gru", "lstm"]
    assert at.slider(key="gap").value == 40
    assert "`?hidden=20` does nothing on this page" in notices(at)    # shown on the page, not lost in the forward
    assert copied_link(at).endswith("/why-lstm?models=GRU&models=LSTM&gap=40")


SHARED_WHERE = {           # page -> the shared controls it draws (only those that change its numbers)
    "app_pages/why_lstm.py": {"models"},
    "app_pages/gates.py": set(),
    "app_pages/data_flow.py": set(),
    "app_pages/rnn_vs_lstm.py": {"hidden", "input", "models"},
    "app_pages/summary.py": set(),
}


@pytest.mark.parametrize("page", PAGES)
def test_shared_controls_appear_only_where_they_act_and_say_so(page):
    at = run_app(page=page)
    assert at.title
    keys = {w.key for w in [*at.slider, *at.multiselect]}
    assert keys & {"hidden", "input", "models"} == SHARED_WHERE[page]
    if page in (RVL, SUMMARY):         # sizes next to the numbers they change: main area, not the sidebar drawer
        assert not {s.key for s in at.sidebar.slider} & {"hidden", "input"}
    if SHARED_WHERE[page]:
        said = " ".join(c.value for c in at.caption)
        assert "act on" in said


@pytest.mark.parametrize("query,key,value,notice", [
    ({"hidden": "-5"}, "hidden", 1, "`?hidden=-5` is below the minimum; using 1."),
    ({"hidden": "abc"}, "hidden", 128, "`?hidden=abc` is not a number; using 128."),
    ({"hidden": "1e9"}, "hidden", 1024, "`?hidden=1e9` is above the maximum; using 1024."),
    ({"hidden": "nan"}, "hidden", 128, "not a number"),
    ({"input": "0"}, "input", 1, "below the minimum"),
    ({"input": ["9", "12"]}, "input", 12, "`?input=` appears 2 times (`9`, `12`); using the last, `12`."),
    ({"hidden": ["5", "9"]}, "hidden", 9, "`?hidden=` appears 2 times (`5`, `9`); using the last, `9`."),
])
def test_hostile_sizes_are_clamped_or_ignored_with_a_notice(query, key, value, notice):
    at = run_app(query)
    assert at.slider(key=key).value == value
    assert notice in notices(at)
    assert len(notice_lines(at)) == 1


@pytest.mark.parametrize("query,value,notice", [
    ({"models": "<script>alert(1)</script>"}, ("rnn", "gru", "lstm"), "names no known option"),
    ({"models": "lstm,<script>"}, ("lstm",), "ignored"),
    ({"models": "gru,lstm"}, ("gru", "lstm"), None),                     # the README's comma form
    ({"models": ["GRU", "LSTM"]}, ("gru", "lstm"), None),                # Streamlit's own form
])
def test_models_links_in_every_form(query, value, notice):
    at = run_app(query, page=RVL)
    assert tuple(at.multiselect(key="models").value) == value
    assert ("" if notice is None else notice) in notices(at)
    if notice:
        outside_code = at.warning[0].value.split("`")[::2]          # quoted as inline code, never markup
        assert not any("<" in text for text in outside_code)
    else:
        assert not notices(at)


def test_every_readme_link_form_opens_its_view():
    query = {"hidden": "20", "input": "10", "layers": "2", "bidirectional": "1", "convention": "keras", "log": "1"}
    at = run_app(query, page=RVL)
    assert not notices(at)
    assert (at.slider(key="hidden").value, at.slider(key="input").value, at.slider(key="layers").value) == (20, 10, 2)
    assert at.toggle(key="bidirectional").value and at.toggle(key="log").value
    assert at.radio(key="convention").value == "keras"
    assert copied_link(at).endswith(
        "/rnn-vs-lstm?hidden=20&input=10&layers=2&convention=Keras&bidirectional=true&log=true")


def test_settings_survive_a_page_switch():
    at = run_app({"hidden": "33", "layers": "3"}, page=RVL)
    at.switch_page(SUMMARY).run()                         # a page without the sizes keeps them in the session
    assert at.session_state["hidden"] == 33 and "hidden" not in [s.key for s in at.slider]
    # (the page's numbers after a switch are checked in a browser: AppTest's switch returns the widget's default
    # on the first run, a real browser does not — tests/browser/test_frame.py)


@pytest.mark.parametrize("query,says", [
    ({"utm_source": "x"}, "`?utm_source=x` is not a setting of this app; settings here: hidden, input"),
    ({"gap": "40"}, "`?gap=40` does nothing on this page; settings here: hidden, input"),
    ({"hidden": "20", "Hidden": "<b>30</b>"}, "`?Hidden=<b>30</b>` is not a setting of this app"),
])
def test_unknown_params_get_a_notice_and_leave(query, says):
    at = run_app(query)
    assert says in notices(at)
    assert len(notice_lines(at)) == 1
    assert set(at.query_params) <= {"hidden"}


def test_teacher_mode_hides_and_locks_controls():
    at = run_app({"hide": "input", "lock": "hidden", "input": "7", "hidden": "9"})
    assert "Input size" not in [s.label for s in at.slider]
    locked = next(s for s in at.slider if s.label == "Hidden size")
    assert locked.disabled and locked.value == 9
    assert at.session_state["input"] == 7                               # a hidden control still takes the link's value
    assert at.query_params["hide"] == "input" and at.query_params["input"] == "7"
    assert not notices(at)
    at.switch_page(RVL).run()
    assert at.query_params["hide"] == "input" and "Input size" not in [s.label for s in at.slider]
    assert "Teacher mode" in " ".join(c.value for c in at.sidebar.caption)
    assert at.metric[0].value == f"{7 * 9 + 9 * 9 + 2 * 9:,}"          # the hidden input size still counts (RNN)


@pytest.mark.parametrize("query,says", [
    ({"hide": "layer", "lock": "hiden"}, ["`?hide=`: `layer` is not a control name; controls here: hidden, input,",
                                          "`?lock=`: `hiden` is not a control name; controls here: hidden, input,"]),
    ({"hide": "nonexistent"}, ["`?hide=`: `nonexistent` is not a control name"]),
    ({"lock": "*"}, ["`?lock=`: `*` is not a control name"]),
    ({"hide": "<b>x</b>,models"}, ["`?hide=`: `<b>x</b>` is not a control name"]),
])
def test_teacher_link_typos_are_named_with_the_valid_names(query, says):
    at = run_app(query, page=RVL)
    for line in says:
        assert line in notices(at)
    assert len(notice_lines(at)) == len(says)
    outside_code = notices(at).split("`")[::2]
    assert not any("<" in text for text in outside_code)


def test_the_readme_teacher_example_opens_with_those_controls_hidden():
    at = run_app({"hidden": "20", "input": "10", "hide": "layers,bidirectional,convention"}, page=RVL)
    assert not notices(at)
    assert {s.key for s in at.slider} == {"hidden", "input"} and not at.toggle(key="log").value
    assert [r.key for r in at.main.radio] == ["class_ui:own:rnn-vs-lstm.parameter-ratio"]    # the page's question only
    assert "bidirectional" not in {t.key for t in at.toggle}
    assert at.metric[2].value == f"{4 * (10 * 20 + 20 * 20 + 2 * 20):,}"        # LSTM, PyTorch convention
    assert "Teacher mode — hidden: layers, bidirectional, convention" in " ".join(c.value for c in at.sidebar.caption)
