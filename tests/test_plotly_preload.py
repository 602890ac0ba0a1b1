"""The Plotly preload names the component Streamlit itself loads, at the address Streamlit loads it from (so the
browser evaluates it once), with the modules it needs that the page has not loaded yet, and is sent on the pages
that draw charts only."""

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.plotly_preload import STATIC_JS, plotly_chunk, plotly_modules, preload_html

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "streamlit_app.py")


def test_the_chunk_is_the_one_streamlits_entry_bundle_imports_from_its_own_folder():
    chunk = plotly_chunk()
    assert chunk is not None and (STATIC_JS / chunk).stat().st_size > 1_000_000        # plotly.js is inside
    entries = list(STATIC_JS.glob("index.*.js"))
    imported = {name for entry in entries for name in re.findall(r"import\(`\./(PlotlyChart\.[^`]+\.js)`\)",
                                                                 entry.read_text(errors="replace"))}
    assert imported == {chunk}


def write_static(folder: Path, files: dict[str, str]) -> Path:
    """A Streamlit static folder: index.html loads index.A.js and shared.B.js; `files` are its js modules."""
    (folder / "static" / "js").mkdir(parents=True)
    (folder / "index.html").write_text(
        '<script type="module" crossorigin src="./static/js/index.A.js"></script>\n'
        '<link rel="modulepreload" crossorigin href="./static/js/shared.B.js">\n'
        '<link rel="stylesheet" crossorigin href="./static/css/index.C.css">')
    for name, text in files.items():
        (folder / "static" / "js" / name).write_text(text)
    return folder


def test_the_modules_are_the_components_static_imports_that_index_html_has_not_loaded(tmp_path):
    static = write_static(tmp_path, {
        "index.A.js": 'const __vite__mapDeps=(i)=>i;import{a}from"./shared.B.js";import(`./PlotlyChart.P.js`);',
        "shared.B.js": 'import{t}from"./runtime.R.js";export const a=1;',
        "runtime.R.js": "export const t=1;",
        "PlotlyChart.P.js": 'import{a}from"./shared.B.js";import{w}from"./wrapper.W.js";import"./side.S.js";'
                            'var text=`import{x}from"./inside-a-string.X.js"`;',
        "wrapper.W.js": 'import{t}from"./runtime.R.js";import{h}from"./helper.H.js";export const w=1;',
        "helper.H.js": "export const h=1;",
        "side.S.js": "window.side=1;",
        "inside-a-string.X.js": "",
    })
    assert plotly_modules(static) == ("PlotlyChart.P.js", "helper.H.js", "side.S.js", "wrapper.W.js")


@pytest.mark.parametrize("missing", ["index.html", "static/js/PlotlyChart.P.js"])
def test_nothing_is_preloaded_when_the_installed_layout_is_not_the_expected_one(tmp_path, missing):
    static = write_static(tmp_path, {"index.A.js": "", "shared.B.js": "", "PlotlyChart.P.js": ""})
    (static / missing).unlink()
    assert plotly_modules(static) == ()


def test_the_installed_components_modules_exist_and_are_not_loaded_by_index_html():
    modules = plotly_modules()
    assert modules[0] == plotly_chunk() and len(modules) == len(set(modules))
    assert all((STATIC_JS / name).is_file() for name in modules)
    index = (STATIC_JS.parent.parent / "index.html").read_text()
    assert not [name for name in modules if name in index]


def test_the_script_imports_those_files_next_to_streamlits_entry_script():
    html = preload_html(("PlotlyChart.abc123.js", "wrapper.def.js"))
    assert f"for (const name of {json.dumps(['PlotlyChart.abc123.js', 'wrapper.def.js'])}) " \
           "import(new URL(name, entry.src).href)" in html
    assert 'script[type="module"][src*="/static/js/index."]' in html     # index.html's <script type="module">
    assert ":has(.plotly-preload) {display: none;}" in html and 'class="plotly-preload"' in html


@pytest.mark.parametrize("page, sent", [("app_pages/gates.py", True), ("app_pages/summary.py", False)])
def test_sent_on_pages_with_charts_and_not_on_summary(page, sent):
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    bodies = [element.proto.body for element in at.get("html")]
    assert sum("plotly-preload" in body and plotly_chunk() in body for body in bodies) == (1 if sent else 0)
