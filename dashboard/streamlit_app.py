"""Entry file: page navigation in the lesson's order, and the URL that mirrors the view (`controls.url_state`).

Run from the repository root: `streamlit run dashboard/streamlit_app.py` (what `make run` and Streamlit
Community Cloud do).
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:          # so `import lstm_engine` and `import dashboard` work under `streamlit run`
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from dashboard.plotly_preload import preload_plotly  # noqa: E402  (standard library and Streamlit only)

PAGES_DIR = Path(__file__).parent / "app_pages"
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
    st.switch_page(WHY_LSTM, query_params=link)


# A Material icon, not an emoji: an emoji page icon makes Streamlit import its emoji catalogue on a fresh server's
# first run (0.13 s before anything is sent, `python -X importtime`).
st.set_page_config(page_title="Why LSTM?", page_icon=":material/psychology:", layout="wide")
st.html(APP_CSS)

WHY_LSTM = st.Page(PAGES_DIR / "why_lstm.py", title="Why LSTM?", icon=":material/help:", url_path="why-lstm")
SUMMARY = st.Page(PAGES_DIR / "summary.py", title="Summary", icon=":material/checklist:", url_path="summary")
PAGES = [
    WHY_LSTM,
    st.Page(PAGES_DIR / "gates.py", title="Gates", icon=":material/tune:", url_path="gates"),
    st.Page(PAGES_DIR / "data_flow.py", title="Data Flow", icon=":material/account_tree:", url_path="data-flow"),
    st.Page(PAGES_DIR / "rnn_vs_lstm.py", title="RNN vs LSTM", icon=":material/compare_arrows:", url_path="rnn-vs-lstm"),
    SUMMARY,
]
# Streamlit serves the default page only at `/`; a hidden default that forwards to Why LSTM lets both `/` and
# `/why-lstm` open it.
HOME = st.Page(_open_why_lstm, title="Why LSTM?", url_path="home", default=True, visibility="hidden")

page = st.navigation([HOME, *PAGES])
# Every page but Summary draws Plotly charts: the browser starts loading Plotly now, while this run imports the
# project (numpy, the engine, the shipped models) and computes the page. Summary has no chart, and loading Plotly
# there only held its text back (its run finished at 2.6x the floor instead of 1.4x).
if page is not SUMMARY:
    preload_plotly()

from dashboard import serving  # noqa: E402
from dashboard.controls import url_state  # noqa: E402
from lstm_engine.command_line import use_one_blas_thread  # noqa: E402


@st.cache_resource
def _one_blas_thread() -> bool:
    """The engine multiplies small matrices; on a small shared server (2 cores here, a slice of one on Community
    Cloud) OpenBLAS's spinning worker threads made a training step 2-4x slower, so the server uses one."""
    return use_one_blas_thread()


_one_blas_thread()
if page is HOME:
    page.run()                         # forwards at once: the link is read (and any notice shown) on Why LSTM
url_state.begin_run()
url_state.link_box(page.url_path)
try:
    page.run()
finally:                               # also when a page stops early (st.stop): its link and notices still show
    url_state.end_run(page.url_path)
serving.freeze_after_first_run(page.url_path)      # Python's full collections then skip the warm heap
# Once per process, after the first page is drawn: a thread that drops closed tabs' sessions on time and, when a
# class has left, what it made (the Why LSTM answers' caches, if that page ever ran).
serving.start_memory_keeper(("dashboard.engine_calls.memory_measurements:predictions_for",
                             "dashboard.engine_calls.memory_measurements:bars_figure"))
