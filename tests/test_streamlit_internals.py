"""Every private thing of Streamlit or Plotly the app leans on (dashboard/serving/streamlit_internals.py), exercised
against the real object: a real Runtime and session manager, the installed static folder and frontend, Streamlit's
own config loader. An upgrade that renames one fails here instead of quietly turning a feature off."""

import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import plotly.io as pio
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.serving import streamlit_internals
from dashboard.serving.streamlit_internals import STATIC, STATIC_JS, TEST_IDS, plotly_modules, preload_html

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "dashboard" / "streamlit_app.py"


def run_python(code: str) -> subprocess.CompletedProcess:
    """`code` in a fresh interpreter (a Runtime is a process-wide singleton; a first element happens once)."""
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


REAL_RUNTIME = """
    import time
    from types import SimpleNamespace
    from streamlit.runtime import Runtime, RuntimeConfig
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
    from streamlit.runtime.memory_session_storage import MemorySessionStorage
    from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
    from streamlit.runtime.session_manager import SessionInfo
    from dashboard.serving import streamlit_internals as internals

    print("outside", internals.session_manager(), internals.connected_sessions(), internals.drop_expired_sessions())
    storage = MemorySessionStorage(ttl_seconds=0.2)
    Runtime(RuntimeConfig(script_path="app.py", media_file_storage=MemoryMediaFileStorage("/media"),
                          uploaded_file_manager=MemoryUploadedFileManager("/upload"), session_storage=storage))
    for name in ("closed-tab-1", "closed-tab-2"):          # what the manager stores when a tab disconnects
        storage.save(SessionInfo(client=None, session=SimpleNamespace(id=name)))
    print("connected", internals.connected_sessions())
    print("dropped at once", internals.drop_expired_sessions(), len(storage.list()))
    time.sleep(0.3)
    print("dropped later", internals.drop_expired_sessions(), len(storage.list()))
"""


def test_closed_tabs_are_dropped_through_a_real_runtimes_session_manager():
    shown = run_python(REAL_RUNTIME)
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert lines == ["outside None None 0", "connected 0", "dropped at once 0 2", "dropped later 2 0"]


def test_in_fragment_is_true_only_inside_a_fragment_in_a_full_run_and_in_its_own_rerun():
    def app():
        import streamlit as st

        from dashboard.serving.streamlit_internals import in_fragment
        st.markdown(f"outside {in_fragment()}")

        @st.fragment
        def part():
            st.button("again")
            st.markdown(f"inside {in_fragment()}")
        part()

    at = AppTest.from_function(app).run()
    assert [m.value for m in at.markdown] == ["outside False", "inside True"]
    at.button[0].click().run()                       # a fragment's own rerun
    assert "inside True" in [m.value for m in at.markdown]


def test_priming_the_first_element_silences_exactly_the_warning_it_names():
    bare = run_python("import streamlit as st\nst.empty()\n")
    primed = run_python("from dashboard.serving.streamlit_internals import prime_first_element\n"
                        "prime_first_element()\n")
    assert bare.returncode == primed.returncode == 0
    assert "missing ScriptRunContext" in bare.stderr            # the logger really is the one that warns
    assert "missing ScriptRunContext" not in primed.stderr


CACHED = "import streamlit as st\n@st.cache_data(max_entries=2)\ndef twice(x):\n    return 2 * x\n"


def test_the_app_imports_its_modules_before_the_runtime_without_a_warning():
    bare = run_python(CACHED)
    served = run_python(f"""
        import runpy
        runpy.run_path({str(APP)!r}, run_name="streamlit_app")        # as `streamlit run` imports the entry file
        from dashboard.serving.warm_up import _import_all
        print(_import_all())
    """)
    assert bare.returncode == served.returncode == 0, served.stderr
    assert "No runtime found" in bare.stderr                     # the logger really is the one that warns
    assert int(served.stdout) > 10 and "No runtime found" not in served.stderr, served.stderr


def test_the_projects_config_sets_streamlits_hidden_post_script_gc_option_off():
    shown = run_python("""
        from streamlit import config
        config.get_config_options(force_reparse=True)
        print(config.get_option("runner.postScriptGC"), config.get_option("server.disconnectedSessionTTL"))
    """)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.split() == ["False", "30"]


def test_every_data_testid_the_css_targets_exists_in_the_installed_frontend():
    bundle = "".join(path.read_text(errors="replace") for path in STATIC_JS.glob("*.js"))
    css = (streamlit_internals.APP_CSS + preload_html(("x.js",)) + streamlit_internals.metric_font_css(30)
           + streamlit_internals.PRINT_HTML)
    named = set(re.findall(r'data-testid="([^"]+)"', css))
    assert named <= set(TEST_IDS)
    # the frontend writes each id as a string of its own ("stRadio" or `stRadio`), often in a ternary
    assert not [test_id for test_id in TEST_IDS if not re.search(f"[\"`]{test_id}[\"`]", bundle)]


def test_every_plotly_class_the_css_targets_is_one_the_installed_plotly_draws():
    plotly = (STATIC_JS / plotly_modules()[0]).read_text(errors="replace")
    dark_charts = streamlit_internals.chart_paper_css("#000000", "#FFFFFF", "#FFFFFF", "#0E1117")
    css = streamlit_internals.PRINT_HTML + dark_charts
    assert set(re.findall(r"\.(js-plotly-plot|main-svg|bg)\b", css)) == set(streamlit_internals.PLOTLY_CLASSES)
    drawn = [name for name in (*streamlit_internals.PLOTLY_CLASSES, "no-such-plotly-class")
             if re.search(f"[\"'` ]{name}[\"'` ]", plotly)]
    assert drawn == list(streamlit_internals.PLOTLY_CLASSES)


def test_the_chart_template_colours_the_dark_theme_gives_back_are_streamlits_own():
    """Streamlit's chart template (its frontend) writes these text and grid colours in the dark and light themes."""
    bundle = "".join(path.read_text(errors="replace") for path in STATIC_JS.glob("*.js")).lower()
    pairs = streamlit_internals.TEMPLATE_DARK_TO_LIGHT
    colours = {colour.lower() for paint in pairs.values() for pair in paint.items() for colour in pair}
    assert not [colour for colour in colours if f"`{colour}`" not in bundle and f'"{colour}"' not in bundle]


def test_chart_paper_css_names_each_colour_as_plotly_writes_it():
    css = streamlit_internals.chart_paper_css("#000000", "#FFFFFF", "#FFFFFF", "#0E1117")
    assert '.js-plotly-plot svg.main-svg[style*="background: rgb(0, 0, 0)"] {background: #FFFFFF !important;}' in css
    assert '.js-plotly-plot text[style*="fill: rgb(255, 255, 255)"] {fill: #0E1117 !important;}' in css
    assert '.js-plotly-plot path[style*="stroke: rgb(49, 51, 63)"] {stroke: #E6EAF1 !important;}' in css


def test_the_preload_names_the_component_streamlits_own_entry_bundle_imports():
    modules = plotly_modules()
    assert modules, "the installed Streamlit is not laid out as streamlit_internals expects"
    assert (STATIC_JS / modules[0]).stat().st_size > 1_000_000                    # plotly.js is inside
    entries = list(STATIC_JS.glob("index.*.js"))
    imported = {name for entry in entries for name in re.findall(r"import\(`\./(PlotlyChart\.[^`]+\.js)`\)",
                                                                 entry.read_text(errors="replace"))}
    assert imported == {modules[0]}
    index = (STATIC / "index.html").read_text()
    assert all((STATIC_JS / name).is_file() and name not in index for name in modules)     # not loaded already


def write_static(folder: Path, files: dict[str, str]) -> Path:
    """A Streamlit static folder: index.html loads index.A.js and shared.B.js; `files` are its js modules."""
    (folder / "static" / "js").mkdir(parents=True)
    (folder / "index.html").write_text(
        '<script type="module" crossorigin src="./static/js/index.A.js"></script>\n'
        '<link rel="modulepreload" crossorigin href="./static/js/shared.B.js">\n')
    for name, text in files.items():
        (folder / "static" / "js" / name).write_text(text)
    return folder


def test_the_preload_adds_what_the_component_imports_that_the_page_has_not_loaded(tmp_path):
    static = write_static(tmp_path, {
        "index.A.js": 'import{a}from"./shared.B.js";import(`./PlotlyChart.P.js`);',
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
def test_nothing_is_preloaded_when_the_layout_is_not_the_expected_one(tmp_path, missing):
    static = write_static(tmp_path, {"index.A.js": "", "shared.B.js": "", "PlotlyChart.P.js": ""})
    (static / missing).unlink()
    assert plotly_modules(static) == ()


def _charts_of_a_figure_serialised_once():
    import plotly.graph_objects as go
    import streamlit as st

    from dashboard.serving.streamlit_internals import serialised_once

    def figure():
        return go.Figure(go.Bar(x=["RNN", "GRU", "LSTM"], y=[4353, 12929, 17217]), layout={"title": {"text": "Count"}})

    st.plotly_chart(figure(), key="as_built")
    once = serialised_once(figure())
    asked, built = [], once.to_dict
    object.__setattr__(once, "to_dict", lambda: asked.append(1) or built())
    st.plotly_chart(once, key="once")
    st.plotly_chart(once, key="again")
    st.write(f"asked {len(asked)} times")


def test_streamlit_draws_a_figure_serialised_once_from_the_dict_it_kept():
    """st.plotly_chart asks a figure for `to_dict()` (so serialised_once saves its copy) and draws the same chart."""
    at = AppTest.from_function(_charts_of_a_figure_serialised_once).run()
    specs = [chart.proto.spec for chart in at.get("plotly_chart")]
    assert len(specs) == 3 and specs[0] == specs[1] == specs[2]
    assert [m.value for m in at.markdown] == ["asked 2 times"]


def test_a_figure_serialised_once_gives_the_figures_own_dict_afresh_each_time():
    import plotly.graph_objects as go

    from dashboard.charts.figure import figure as unvalidated

    for figure in (go.Figure(go.Scatter(x=[0, 100, 200], y=[0.99, float("nan"), 0.51])),
                   go.Figure(go.Heatmap(z=np.arange(6.0).reshape(2, 3))),
                   unvalidated([{"type": "bar", "x": [1], "y": [2.5]}], {"title": {"text": "t"}},
                               frames=[{"name": "0", "data": [{"type": "bar", "x": [1], "y": [np.float64(0.5)]}]}])):
        drawn = json.loads(pio.to_json(figure, validate=False))
        once = streamlit_internals.serialised_once(figure)
        assert isinstance(once, go.Figure) and once.to_dict() == drawn
        first = once.to_dict()
        first["layout"]["title"] = "changed by a caller"
        assert once.to_dict() == drawn and json.loads(pio.to_json(once, validate=False)) == drawn
