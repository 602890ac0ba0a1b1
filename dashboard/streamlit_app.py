"""Entry file, a router: page config, the five pages in the lesson's order (or a step of the guided lesson), the link
box, the theme choice, a live class's frame (`dashboard.class_ui`: its teacher view listed for its teacher only), and
one call into the server's tuning before and after each page (`dashboard.serving`).

`streamlit run dashboard/streamlit_app.py` (make run, Streamlit Community Cloud) imports this file and serves `app`;
each visitor's run executes it again as `__main__`.
"""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE.parent) not in sys.path:   # a plain `pip install -r requirements.txt` has not installed the project
    sys.path.insert(0, str(HERE.parent))

import streamlit as st  # noqa: E402

from dashboard import serving  # noqa: E402  (first: it keeps the imports below quiet before the server starts)

# isort: split
from dashboard import class_ui  # noqa: E402
from dashboard.controls import projector_theme, url_state  # noqa: E402
from dashboard.lesson import guide  # noqa: E402

PAGES = HERE / "app_pages"
# A local picture: Streamlit fetches a Material page icon from Google's font server, which a school network may block.
PAGE_ICON = HERE / "assets" / "page_icon.svg"


def _open_why_lstm() -> None:
    """The app's root `/`: open Why LSTM at its own address, keeping the link's settings."""
    link = {name: st.query_params.get_all(name) for name in st.query_params}     # repeated params stay repeated
    st.switch_page(PAGES / "why_lstm.py", query_params=link)


def lesson_pages() -> list:
    """The five pages in the lesson's order, after a hidden default: Streamlit serves the default page only at `/`,
    and one that forwards to Why LSTM lets both `/` and `/why-lstm` open it."""
    return [
        st.Page(_open_why_lstm, title="Why LSTM?", url_path="home", default=True, visibility="hidden"),
        st.Page(PAGES / "why_lstm.py", title="Why LSTM?", icon=":material/help:", url_path="why-lstm"),
        st.Page(PAGES / "gates.py", title="Gates", icon=":material/tune:", url_path="gates"),
        st.Page(PAGES / "data_flow.py", title="Data Flow", icon=":material/account_tree:", url_path="data-flow"),
        st.Page(PAGES / "rnn_vs_lstm.py", title="RNN vs LSTM", icon=":material/compare_arrows:",
                url_path="rnn-vs-lstm"),
        st.Page(PAGES / "summary.py", title="Summary", icon=":material/checklist:", url_path="summary"),
    ]


def main() -> None:
    """One visitor's run: the page the address names, its link box and notices."""
    st.set_page_config(page_title="Why LSTM?", page_icon=PAGE_ICON, layout="wide")
    context = class_ui.begin()         # before the navigation: the teacher view is listed for the teacher only
    pages = lesson_pages()
    page = st.navigation([*pages, class_ui.teacher_page(context)])
    serving.before_page(page.url_path)
    if page.url_path == "":            # the hidden default page forwards at once; Why LSTM reads the link
        page.run()
    url_state.begin_run(class_ui.link_rules(context))
    url_state.link_box(page.url_path)
    class_ui.frame(context, page, pages[1:])
    step = guide.requested_step()      # `?lesson=k`: the guided lesson's step k instead of the page
    try:
        if step:
            guide.show(step, page.url_path)
        else:
            page.run()
    finally:                           # also when a page stops early (st.stop): its link and notices still show
        guide.sidebar_entry(step)
        projector_theme.theme_control(st.sidebar)
        url_state.end_run(page.url_path)
    serving.after_page(page.url_path)


if __name__ == "__main__":             # a visitor's run
    main()
else:                                  # imported by `streamlit run`, which serves this App (found by its name)
    serving.prepare_process()
    app = st.App(__file__, lifespan=serving.lifespan)
