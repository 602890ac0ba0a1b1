"""The Plotly preload names the component Streamlit itself loads, at the address Streamlit loads it from (so the
browser evaluates it once), and is sent on the pages that draw charts only."""

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.plotly_preload import STATIC_JS, plotly_chunk, preload_html

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "streamlit_app.py")


def test_the_chunk_is_the_one_streamlits_entry_bundle_imports_from_its_own_folder():
    chunk = plotly_chunk()
    assert chunk is not None and (STATIC_JS / chunk).stat().st_size > 1_000_000        # plotly.js is inside
    entries = list(STATIC_JS.glob("index.*.js"))
    imported = {name for entry in entries for name in re.findall(r"import\(`\./(PlotlyChart\.[^`]+\.js)`\)",
                                                                 entry.read_text(errors="replace"))}
    assert imported == {chunk}


def test_the_script_imports_that_file_next_to_streamlits_entry_script():
    html = preload_html("PlotlyChart.abc123.js")
    assert f"new URL({json.dumps('PlotlyChart.abc123.js')}, entry.src)" in html
    assert 'script[type="module"][src*="/static/js/index."]' in html     # index.html's <script type="module">
    assert ":has(.plotly-preload) {display: none;}" in html and 'class="plotly-preload"' in html


@pytest.mark.parametrize("page, sent", [("app_pages/gates.py", True), ("app_pages/summary.py", False)])
def test_sent_on_pages_with_charts_and_not_on_summary(page, sent):
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    bodies = [element.proto.body for element in at.get("html")]
    assert sum("plotly-preload" in body and plotly_chunk() in body for body in bodies) == (1 if sent else 0)
