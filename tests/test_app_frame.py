"""The frame: every page path opens, the URL mirrors the controls across page switches, hostile links survive."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "streamlit_app.py")
PAGES = ["app_pages/why_lstm.py", "app_pages/gates.py", "app_pages/data_flow.py", "app_pages/rnn_vs_lstm.py",
         "app_pages/summary.py"]


def run_app(query=None, page="app_pages/summary.py"):
    """Open the app with a link's query; by default on Summary, a page that needs no trained model."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(query or {})
    at.run()
    if page:                          # AppTest must run once before it can switch; then open the link's page
        at.query_params.update(query or {})
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def notices(at):
    return " ".join(w.value for w in at.warning if "link were adjusted" in w.value)


def test_root_opens_why_lstm_and_keeps_the_link_settings():
    at = run_app({"hidden": "40", "models": "gru,lstm", "input": "-3"}, page=None)
    assert "Why LSTM" in at.title[0].value
    assert at.slider(key="shared_hidden").value == 40
    assert at.session_state["shared_models"] == ["gru", "lstm"]
    assert "`?input=-3` is below the minimum" in notices(at)              # shown on the page, not lost in the forward
    assert at.query_params["hidden"] == "40"


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_with_the_shared_sidebar(page):
    at = run_app(page=page)
    assert at.title
    assert {s.label for s in at.sidebar.slider} >= {"Hidden size", "Input size"}
    assert [m.label for m in at.sidebar.multiselect] == ["Models to compare"]


@pytest.mark.parametrize("query,key,value,notice", [
    ({"hidden": "-5"}, "shared_hidden", 1, "below the minimum"),
    ({"hidden": "abc"}, "shared_hidden", 128, "not a number"),
    ({"hidden": "1e9"}, "shared_hidden", 1024, "above the maximum"),
    ({"hidden": "nan"}, "shared_hidden", 128, "not a number"),
    ({"input": "0"}, "shared_input", 1, "below the minimum"),
    ({"input": ["9", "12"]}, "shared_input", 12, ""),
    ({"models": "<script>alert(1)</script>"}, "shared_models", ["rnn", "gru", "lstm"], "names no known option"),
    ({"models": "lstm,<script>"}, "shared_models", ["lstm"], "ignored"),
])
def test_hostile_links_are_clamped_or_ignored_with_a_notice(query, key, value, notice):
    at = run_app(query)
    assert at.session_state[key] == value
    assert notice in notices(at)
    if notice:
        outside_code = at.warning[0].value.split("`")[::2]          # quoted as inline code, never markup
        assert not any("<" in text for text in outside_code)


def test_the_url_follows_the_widgets_and_drops_defaults():
    at = run_app()
    assert at.query_params == {}
    at.slider(key="shared_hidden").set_value(300).run()
    assert at.query_params == {"hidden": "300"}
    at.multiselect(key="shared_models").set_value(["gru", "lstm"]).run()
    assert at.query_params == {"hidden": "300", "models": "gru,lstm"}
    at.slider(key="shared_hidden").set_value(128).run()     # the default leaves the URL
    assert at.query_params == {"models": "gru,lstm"}


def test_settings_survive_a_page_switch_and_page_controls_leave_with_their_page():
    at = run_app({"hidden": "33", "layers": "3"}, page="app_pages/rnn_vs_lstm.py")
    assert at.query_params == {"hidden": "33", "layers": "3"}
    at.switch_page("app_pages/summary.py").run()
    assert at.slider(key="shared_hidden").value == 33
    assert at.query_params == {"hidden": "33"}
    assert any("/summary?hidden=33" in code.value for code in at.sidebar.code)   # "Copy link to this view"


def test_unknown_params_are_dropped():
    at = run_app({"utm_source": "x", "hidden": "20"})
    assert at.query_params == {"hidden": "20"}


def test_teacher_mode_hides_and_locks_controls():
    at = run_app({"hide": "input", "lock": "hidden", "input": "7", "hidden": "9"})
    assert [s.label for s in at.sidebar.slider] == ["Hidden size"]
    assert at.slider(key="shared_hidden").disabled and at.slider(key="shared_hidden").value == 9
    assert at.session_state["shared_input"] == 7                       # a hidden control still takes the link's value
    assert at.query_params == {"hide": "input", "lock": "hidden", "input": "7", "hidden": "9"}
    at.switch_page("app_pages/rnn_vs_lstm.py").run()
    assert at.query_params["hide"] == "input" and [s.label for s in at.sidebar.slider] == ["Hidden size"]
    assert "Teacher mode" in " ".join(c.value for c in at.sidebar.caption)


def test_teacher_mode_ignores_junk_names():
    at = run_app({"hide": "<b>x</b>,models"})
    assert not at.sidebar.multiselect
    assert "not control names" in notices(at)
