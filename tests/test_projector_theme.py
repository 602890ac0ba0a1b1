"""The projector theme by its link: `?theme=projector` is a setting like any other (checked, kept across pages, in the
copied link together with Streamlit's own `embed_options=dark_theme`), and the page asks the browser to load the
dark theme once when it is not showing it.
(What the browser then draws: tests/browser/test_projector_theme_in_browser.py.)"""

from pathlib import Path
from urllib.parse import parse_qs, urlparse

from lstm_page_support import copied_link
from streamlit.testing.v1 import AppTest

from dashboard.controls.projector_theme import THEME

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "streamlit_app.py")
SUMMARY, RVL = "app_pages/summary.py", "app_pages/rnn_vs_lstm.py"


def open_page(query=None, page=SUMMARY):
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(query or {})
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def link_query(at) -> dict:
    return parse_qs(urlparse(copied_link(at)).query)


def reload_scripts(at) -> list[str]:
    return [element.value for element in at.sidebar.get("html") if "window.location.replace" in element.value]


def test_the_standard_theme_adds_nothing_to_the_link_and_reloads_nothing():
    at = open_page()
    assert at.radio(key="theme").value == "standard"
    assert "theme" not in link_query(at) and "embed_options" not in link_query(at)
    assert reload_scripts(at) == []


def test_a_projector_link_keeps_the_theme_and_streamlits_dark_option_on_every_page():
    at = open_page({"theme": "projector"})
    assert at.radio(key="theme").value == "projector"
    assert link_query(at) == {"theme": ["Projector"], "embed_options": ["dark_theme"]}
    assert len(reload_scripts(at)) == 1 and '"dark_theme"' in reload_scripts(at)[0]   # the browser showed no dark
    at.switch_page(RVL).run()
    at.slider(key="hidden").set_value(20).run()                  # with a page's own setting beside it
    assert link_query(at) == {"hidden": ["20"], "theme": ["Projector"], "embed_options": ["dark_theme"]}
    assert at.radio(key="theme").value == "projector"
    assert link_query(at)["embed_options"] == ["dark_theme"]


def test_choosing_projector_in_the_sidebar_puts_it_in_the_link():
    at = open_page()
    at.radio(key="theme").set_value("projector").run()
    assert link_query(at)["theme"] == ["Projector"] and link_query(at)["embed_options"] == ["dark_theme"]
    at.radio(key="theme").set_value("standard").run()
    assert "embed_options" not in link_query(at)


def test_an_unknown_theme_gets_a_one_line_notice_and_the_standard_theme():
    at = open_page({"theme": "neon<b>"})
    notice = " ".join(w.value for w in at.warning if "link were adjusted" in w.value)
    assert "`?theme=neon<b>` is not one of standard, projector; using standard." in notice
    assert at.radio(key="theme").value == "standard" and reload_scripts(at) == []


def test_the_theme_is_named_as_streamlit_writes_it_in_the_address():
    assert THEME.parse(["Projector"]).value == "projector" and THEME.to_url("projector") == ["Projector"]
