"""Server tuning, apart from the lesson: the entry file calls `prepare_process` and serves an App with `lifespan` when
`streamlit run` imports it, and `before_page` / `after_page` around every visitor's page; pages never import this
package (tests/test_architecture.py).

    warm_up.py              warm a fresh process before its first visitor (st.App's lifespan)
    reclaimer.py            freeze the warm heap; a thread that hands back what a class left behind
    allocator.py            glibc's allocator told to give memory back, also under a plain `streamlit run`
    figure_keeping.py       big figures kept by the session that shows them (dashboard/figures uses it)
    training_worker.py      a thread that trains the classes' queued runs in low-priority child processes
    streamlit_internals.py  the one module that touches anything private of Streamlit or Plotly
"""

from __future__ import annotations

import functools

import streamlit as st

from dashboard.serving import allocator, reclaimer, streamlit_internals, training_worker, warm_up
from lstm_engine.command_line import use_one_blas_thread

streamlit_internals.no_warning_before_the_runtime()     # the entry file imports this package before the pages' modules
NO_CHARTS = {"summary"}                # pages that draw no Plotly chart: preloading it would only hold their text back


def prepare_process() -> None:
    """Once, as `streamlit run` imports the entry file: glibc's allocator told to give memory back."""
    allocator.tune()


lifespan = warm_up.lifespan            # the served App's lifespan: warm the process, then take visitors


@functools.cache
def _one_blas_thread() -> bool:
    # The engine multiplies small matrices; OpenBLAS's spinning worker threads slow a shared server several times.
    return use_one_blas_thread()


def before_page(url_path: str) -> None:
    """At the start of a visitor's run: the app's CSS with its print layout and, on pages with charts, the Plotly
    preload, so the browser loads Plotly while the server computes the page."""
    st.html(streamlit_internals.APP_CSS + streamlit_internals.PRINT_HTML, unsafe_allow_javascript=True)
    if url_path not in NO_CHARTS and (modules := streamlit_internals.plotly_modules()):
        st.html(streamlit_internals.preload_html(modules), unsafe_allow_javascript=True)
    _one_blas_thread()                 # the warm-up did it on a served app; AppTest runs have no warm-up


def after_page(url_path: str) -> None:
    """After a visitor's run: the page's first run freezes what it left alive; the reclaimer and the class
    training worker run (once started, this does nothing)."""
    reclaimer.freeze_once(url_path)
    reclaimer.start_reclaimer()
    training_worker.start_training_worker()
