"""Entry file: page navigation in the lesson's order, and the URL that mirrors the view (`controls.url_state`).

Run from the repository root: `streamlit run dashboard/streamlit_app.py` (what `make run` and Streamlit
Community Cloud do). Streamlit finds `app` (an `st.App`, the last lines) and serves this file through it; the App
first warms the process (`warm_up.py`), then runs `main()` here for every visitor.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:          # so `import lstm_engine` and `import dashboard` work under `streamlit run`
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from dashboard import serving, warm_up  # noqa: E402
from dashboard.controls import url_state  # noqa: E402
from dashboard.plotly_preload import preload_plotly  # noqa: E402
from lstm_engine.command_line import use_one_blas_thread  # noqa: E402

PAGES_DIR = Path(__file__).resolve().parent / "app_pages"
# Streamlit 1.67 shows keyboard focus on a radio option or a toggle only as a faint grey background (about 1.1:1
# against white; the outline sits on a visually hidden input), and on a sidebar page link barely at all: a blue
# (Okabe-Ito) outline on the label the student sees, only when focus came from the keyboard.
# An aligned KaTeX equation ends in a 2 px spacer (KaTeX's .vlist-s) outside its own box, so every st.latex
# with \begin{aligned} became a 2 px scroll box that keyboard users cannot reach; 2 px of padding holds it.
APP_CSS = """<style>
[data-testid="stRadio"] label:has(input:focus-visible),
[data-testid="stCheckbox"] label:has(input:focus-visible),
[data-testid="stSidebarNavLink"]:focus-visible {outline: 2px solid #0072B2; outline-offset: 2px;}
.katex-display {padding-right: 2px;}
</style>"""


def _open_why_lstm() -> None:
    """The app's root `/`: open Why LSTM at its own address, keeping the link's settings."""
    link = {name: st.query_params.get_all(name) for name in st.query_params}     # repeated params stay repeated
    st.switch_page(PAGES_DIR / "why_lstm.py", query_params=link)


@st.cache_resource
def _one_blas_thread() -> bool:
    """The engine multiplies small matrices; on a small shared server (2 cores here, a slice of one on Community
    Cloud) OpenBLAS's spinning worker threads made a training step 2-4x slower, so the server uses one.
    (`warm_up` does it before the first visitor; a run under AppTest has no warm-up.)"""
    return use_one_blas_thread()


def lesson_pages() -> list:
    """The five pages in the lesson's order, after a hidden default: Streamlit serves the default page only at `/`,
    and one that forwards to Why LSTM lets both `/` and `/why-lstm` open it."""
    return [
        st.Page(_open_why_lstm, title="Why LSTM?", url_path="home", default=True, visibility="hidden"),
        st.Page(PAGES_DIR / "why_lstm.py", title="Why LSTM?", icon=":material/help:", url_path="why-lstm"),
        st.Page(PAGES_DIR / "gates.py", title="Gates", icon=":material/tune:", url_path="gates"),
        st.Page(PAGES_DIR / "data_flow.py", title="Data Flow", icon=":material/account_tree:", url_path="data-flow"),
        st.Page(PAGES_DIR / "rnn_vs_lstm.py", title="RNN vs LSTM", icon=":material/compare_arrows:",
                url_path="rnn-vs-lstm"),
        st.Page(PAGES_DIR / "summary.py", title="Summary", icon=":material/checklist:", url_path="summary"),
    ]


def main() -> None:
    """One visitor's run: the page the address names, its link box and notices."""
    # A Material icon, not an emoji: an emoji page icon makes Streamlit import its emoji catalogue on a fresh
    # server's first run (0.13 s before anything is sent, `python -X importtime`).
    st.set_page_config(page_title="Why LSTM?", page_icon=":material/psychology:", layout="wide")
    st.html(APP_CSS)
    page = st.navigation(lesson_pages())
    # Every page but Summary draws Plotly charts: the browser starts loading Plotly now, while this run computes
    # the page. Summary has no chart, and loading Plotly there only held its text back (its run finished at 2.6x
    # the floor instead of 1.4x).
    if page.url_path != "summary":
        preload_plotly()
    _one_blas_thread()
    if page.url_path == "":            # the hidden default page at `/` forwards at once: the link is read (and any
        page.run()                     # notice shown) on Why LSTM
    url_state.begin_run()
    url_state.link_box(page.url_path)
    try:
        page.run()
    finally:                           # also when a page stops early (st.stop): its link and notices still show
        url_state.end_run(page.url_path)
    serving.freeze_once(page.url_path)                 # Python's full collections then skip the warm heap
    # Once per process (warm_up has started it on a served app): a thread that drops closed tabs' sessions on time
    # and, when a class has left, what it made.
    serving.start_memory_keeper()


if __name__ == "__main__":             # a visitor's run: Streamlit executes this file as `__main__` every time
    main()
else:                                  # `streamlit run` found `app` below and serves it with uvicorn, which imports
    app = st.App(__file__, lifespan=warm_up.lifespan)   # this file: warm the process, then take visitors
