"""The served app warms its process before its first visitor (dashboard/warm_up.py): what is warmed is read from
the pages, a failing step never stops the server, and `streamlit run dashboard/streamlit_app.py` finds the st.App
that runs the warm-up (AppTest and every visitor run the same file as a script: tests/test_app_frame.py)."""

import logging
import subprocess
import sys
import textwrap
from pathlib import Path

from dashboard import warm_up

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "dashboard" / "streamlit_app.py"


def test_page_imports_lists_the_project_numpy_and_plotly_modules_a_script_imports(tmp_path):
    script = tmp_path / "page.py"
    script.write_text(textwrap.dedent("""\
        import json
        import numpy as np
        import streamlit as st
        from dashboard import serving
        from dashboard.text.tables import Table
        from lstm_engine.memory.shipped import RUNS
        from . import sibling
        def later():
            import plotly.graph_objects
        """))
    assert warm_up.page_imports([script]) == ["dashboard", "dashboard.serving", "dashboard.text.tables",
                                              "lstm_engine.memory.shipped", "numpy"]


def test_the_real_pages_imports_include_what_their_first_runs_need():
    imported = warm_up.page_imports()
    assert {"numpy", "dashboard.serving", "dashboard.warm_up", "dashboard.engine_calls.memory_measurements",
            "dashboard.engine_calls.lstm_reading", "dashboard.training.train_yourself",
            "lstm_engine.memory.shipped"} <= set(imported)
    assert not [name for name in imported if name.split(".")[0] not in warm_up.PROJECT_PACKAGES]
    assert len(warm_up.SCRIPTS) == 6                    # the entry file and the five pages


def test_a_failing_step_is_logged_and_skipped_and_the_others_run():
    done = []
    records = []
    handler = logging.Handler()
    handler.emit = records.append
    warm_up.LOG.addHandler(handler)
    try:
        seconds = warm_up.warm((("first", lambda: done.append("first")),
                                ("broken", lambda: {}["missing model"]),
                                ("last", lambda: done.append("last"))))
    finally:
        warm_up.LOG.removeHandler(handler)
    assert done == ["first", "last"]
    assert list(seconds) == ["first", "last"] and all(value >= 0 for value in seconds.values())
    assert [record.getMessage() for record in records] == ["Warming up: broken skipped (KeyError: 'missing model')"]


WARM_IN_A_FRESH_PROCESS = """
import gc, sys, threading
sys.path.insert(0, {root!r})
from dashboard import warm_up
seconds = warm_up.warm()
from dashboard.engine_calls import memory_measurements, shipped_models
print("steps", sorted(seconds))
print("missing", [name for name in warm_up.page_imports() if name not in sys.modules])
print("tables", memory_measurements.memory_tables.cache_info().currsize)
print("models", sorted(kind for _, kind, _ in shipped_models._LOADED))
print("keeper", [t.name for t in threading.enumerate() if t.name == "why-lstm-memory-keeper"])
print("frozen", gc.get_freeze_count() > 10_000)
"""


def test_warming_a_fresh_process_imports_every_page_module_loads_the_shipped_data_and_freezes_it():
    shown = subprocess.run([sys.executable, "-c", WARM_IN_A_FRESH_PROCESS.format(root=str(ROOT))], cwd=ROOT,
                           capture_output=True, text=True, timeout=120)
    assert shown.returncode == 0, shown.stderr
    lines = dict(line.split(" ", 1) for line in shown.stdout.splitlines())
    assert lines["steps"] == str(sorted(name for name, _ in warm_up.STEPS))      # none skipped
    assert lines["missing"] == "[]"
    assert lines["tables"] == "1"
    assert lines["models"] == "['gru', 'lstm', 'rnn']"
    assert lines["keeper"] == "['why-lstm-memory-keeper']"
    assert lines["frozen"] == "True"
    assert "missing ScriptRunContext" not in shown.stderr


def test_streamlit_run_finds_the_app_in_the_entry_file():
    from streamlit.web.server.app_discovery import discover_asgi_app
    found = discover_asgi_app(APP)
    assert found.is_asgi_app and found.import_string == "streamlit_app:app"


IMPORT_AS_SERVER = """
import runpy, streamlit as st
names = runpy.run_path({app!r}, run_name="streamlit_app")
print(isinstance(names["app"], st.App), names["app"].script_path)
"""


def test_imported_as_the_server_the_entry_file_makes_the_app_and_draws_nothing():
    shown = subprocess.run([sys.executable, "-c", IMPORT_AS_SERVER.format(app=str(APP))], cwd=ROOT,
                           capture_output=True, text=True, timeout=120)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.split() == ["True", str(APP)]
    assert "ScriptRunContext" not in shown.stderr             # no st.* call ran outside a visitor's run
