"""The server's tuning (dashboard/serving), by what it does: a warmed process serves every page's first run without
importing anything more, a failing warm-up step never stops the server, a page's first run freezes the warm heap,
a session keeps its figure, the reclaimer empties the caches once a class has gone, and the allocator settings
bound the arenas of a plain `streamlit run`."""

import gc
import logging
import subprocess
import sys
import textwrap
from pathlib import Path

from streamlit.testing.v1 import AppTest

from dashboard.serving import reclaimer, warm_up

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "dashboard" / "streamlit_app.py"
PAGES = ("why_lstm", "gates", "data_flow", "rnn_vs_lstm", "summary")


def run_python(code: str, **env) -> subprocess.CompletedProcess:
    import os
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, env={**os.environ, **env})


WARM_THEN_VISIT = """
    import gc, sys, threading
    from streamlit.testing.v1 import AppTest
    from dashboard.serving import warm_up
    seconds = warm_up.warm()
    print("steps", sorted(seconds) == sorted(name for name, _ in warm_up.STEPS))
    print("reclaimer", [t.name for t in threading.enumerate() if t.name == "why-lstm-reclaimer"])
    print("frozen", gc.get_freeze_count() > len(gc.get_objects()))
    project = ("dashboard", "lstm_engine", "numpy", "plotly", "PIL")      # PIL: Streamlit reads the page icon with it
    before = {{name for name in sys.modules if name.split(".")[0] in project}}
    for page in {pages}:
        at = AppTest.from_file({app!r}, default_timeout=120)
        at.switch_page(f"app_pages/{{page}}.py").run()
        assert not at.exception, (page, [e.value for e in at.exception])
    after = {{name for name in sys.modules if name.split(".")[0] in project}}
    print("imported-by-a-first-visit", sorted(after - before))
"""


def test_a_warmed_process_serves_every_pages_first_run_without_importing_anything_more():
    shown = run_python(WARM_THEN_VISIT.format(pages=PAGES, app=str(APP)))
    assert shown.returncode == 0, shown.stderr[-3000:]
    lines = dict(line.split(" ", 1) for line in shown.stdout.splitlines() if " " in line)
    assert lines["steps"] == "True"                                    # no step skipped
    assert lines["reclaimer"] == "['why-lstm-reclaimer']"
    assert lines["frozen"] == "True"                                   # the collector skips more than it walks
    assert lines["imported-by-a-first-visit"] == "[]"


def test_a_failing_warm_up_step_is_logged_and_skipped_and_the_others_run():
    done, records = [], []
    handler = logging.Handler()
    handler.emit = records.append
    warm_up.LOG.addHandler(handler)
    try:
        seconds = warm_up.warm((("first", lambda: done.append("first")),
                                ("broken", lambda: {}["missing model"]),
                                ("last", lambda: done.append("last"))))
    finally:
        warm_up.LOG.removeHandler(handler)
    assert done == ["first", "last"] and list(seconds) == ["first", "last"]
    assert [record.getMessage() for record in records] == ["Warming up: broken skipped (KeyError: 'missing model')"]


def test_streamlit_run_finds_the_app_in_the_entry_file():
    from streamlit.web.server.app_discovery import discover_asgi_app
    found = discover_asgi_app(APP)
    assert found.is_asgi_app and found.import_string == "streamlit_app:app"


def test_imported_as_the_server_the_entry_file_makes_the_app_and_draws_nothing():
    shown = run_python(f"""
        import runpy, streamlit as st
        names = runpy.run_path({str(APP)!r}, run_name="streamlit_app")
        print(isinstance(names["app"], st.App), names["app"].script_path)
    """)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.split() == ["True", str(APP)]
    assert "ScriptRunContext" not in shown.stderr             # no st.* call ran outside a visitor's run


def test_a_pages_first_run_freezes_what_it_left_alive_so_collections_skip_it():
    reclaimer.freeze_once.cache_clear()
    gc.unfreeze()
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.switch_page("app_pages/summary.py").run()
    assert not at.exception
    frozen = gc.get_freeze_count()
    assert len(gc.get_objects()) < frozen           # the collector now walks fewer objects than it skips
    at.run()                                        # the same page again: frozen once per process
    assert gc.get_freeze_count() <= frozen


def test_a_session_keeps_its_figure_until_the_key_changes():
    def app():
        import streamlit as st

        from dashboard.serving.figure_keeping import kept_for_session
        built = st.session_state.setdefault("built", [])
        size = st.number_input("size", value=1)
        shown = kept_for_session("t_figure", lambda k: built.append(k) or [k] * 3, size)
        st.write(f"shown {shown}")

    at = AppTest.from_function(app).run()
    at.run()                                           # a rerun that changes nothing: the kept value, not built again
    assert at.session_state["built"] == [1] and at.markdown[0].value == "shown [1, 1, 1]"
    at.number_input[0].set_value(2).run()
    assert at.session_state["built"] == [1, 2] and at.markdown[0].value == "shown [2, 2, 2]"
    assert at.session_state["t_figure"][0] == (2,)     # only the latest one is held


def test_the_reclaimer_keeps_the_caches_outside_a_server_where_nobody_can_be_counted():
    import streamlit as st
    calls = []

    @st.cache_data
    def cached(x):
        calls.append(x)
        return x

    cached(1)
    keeper = reclaimer.Reclaimer(seconds=1)
    assert [keeper.reclaim() for _ in range(3)] == [{"dropped": 0, "evicted": 0}] * 3
    cached(1)
    assert calls == [1] and keeper.passes == 3 and keeper.quiet_periods == 0


ARENAS = """
    import ctypes, os, tempfile, threading
    from dashboard.serving import allocator
    applied = allocator.tune() if os.environ.get("TUNE") == "1" else {}
    libc = ctypes.CDLL(None)
    barrier = threading.Barrier(8)
    def churn():
        barrier.wait()
        for _ in range(2000):
            blocks = [bytearray(256) for _ in range(50)]
    threads = [threading.Thread(target=churn) for _ in range(8)]
    for t in threads: t.start()
    for t in threads: t.join()
    path = tempfile.mktemp()
    libc.fopen.restype = ctypes.c_void_p
    stream = libc.fopen(path.encode(), b"w")
    libc.malloc_info(0, ctypes.c_void_p(stream))
    libc.fclose(ctypes.c_void_p(stream))
    print(sorted(applied), open(path).read().count("<heap nr="))
"""


def test_tuning_the_allocator_in_the_process_bounds_glibcs_arenas_as_the_environment_would():
    tuned = run_python(ARENAS, TUNE="1", PYTHONMALLOC="malloc")
    plain = run_python(ARENAS, TUNE="0", PYTHONMALLOC="malloc")
    assert tuned.returncode == plain.returncode == 0, tuned.stderr + plain.stderr
    names, arenas = tuned.stdout.rsplit(" ", 1)
    assert names == str(sorted(["MALLOC_ARENA_MAX", "MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_"]))
    assert int(arenas) <= 2                                  # the main arena and one more
    assert int(plain.stdout.rsplit(" ", 1)[1]) > 2           # untuned, eight busy threads get arenas of their own


def test_settings_the_environment_already_makes_are_left_to_it():
    from dashboard.serving import allocator
    assert "MALLOC_ARENA_MAX" not in allocator.tune({"MALLOC_ARENA_MAX": "4"})
