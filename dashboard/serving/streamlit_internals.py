"""The one module that touches anything private of Streamlit or Plotly (Streamlit 1.67 and Plotly 7.1, pinned).

Each function below leans on something the libraries do not promise: a private attribute, a `streamlit.runtime`
internal, the layout of Streamlit's static folder, a `data-testid` of its frontend, Plotly's unvalidated
constructor. tests/test_streamlit_internals.py exercises every one against the real object (a real Runtime, the
installed static folder and frontend), so an upgrade that renames one fails a test instead of quietly turning a
feature off; tests/test_architecture.py fails on a private name anywhere else. One more lives in
`.streamlit/config.toml`: the hidden option `runner.postScriptGC` (checked by the same tests).
"""

from __future__ import annotations

import copy
import json
import pickle
import re
import threading
from functools import lru_cache
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio
import streamlit as st
from _plotly_utils.utils import convert_to_base64
from streamlit.logger import get_logger
from streamlit.runtime.scriptrunner_utils.script_run_context import ThreadState

# ---- the running server's sessions ---------------------------------------------------------------------------


def session_manager():
    """The running server's session manager (`Runtime._session_mgr`), or None outside a Streamlit server."""
    from streamlit import runtime
    return runtime.get_instance()._session_mgr if runtime.exists() else None


def connected_sessions() -> int | None:
    """Browser tabs connected to this process now; None outside a Streamlit server."""
    manager = session_manager()
    return None if manager is None else manager.num_active_sessions()


def drop_expired_sessions() -> int:
    """Drop closed tabs' sessions whose `server.disconnectedSessionTTL` has passed; how many were dropped.

    Streamlit keeps a closed tab's session in a TTL cache that it prunes only when another tab closes, so after the
    last student leaves every session stays; this runs the cache's own `expire()` under the manager's lock."""
    manager = session_manager()
    if manager is None:
        return 0
    with manager._storage_lock:
        return len(manager._session_storage._cache.expire())


def in_fragment() -> bool:
    """True while an `st.fragment`'s body runs, in a full run or its own rerun (no public call tells)."""
    return ThreadState.get().fragment_id is not None


def prime_first_element() -> None:
    """Streamlit's first element in a process inspects the whole call stack (a REPL-use warning); do that once at
    start, outside any run, where the element is dropped, without the "missing ScriptRunContext" warning."""
    context_log = get_logger("streamlit.runtime.scriptrunner_utils.script_run_context")
    level = context_log.level
    context_log.setLevel("ERROR")
    try:
        st.empty()
    finally:
        context_log.setLevel(level)


def no_warning_before_the_runtime() -> None:
    """From now on in this process, an st.cache_data decorated while no Runtime exists (as `streamlit run` imports
    the app, before it starts serving) is quiet: Streamlit checks the cache's settings then and warns "No runtime
    found" for each (harmless: the cache itself is made in the first run), which an operator reads as an error.
    Errors from the same logger still show."""
    get_logger("streamlit.runtime.caching.cache_data_api").setLevel("ERROR")


# ---- Streamlit's frontend: its static folder and its data-testids ---------------------------------------------

STATIC = Path(st.__file__).parent / "static"
STATIC_JS = STATIC / "static" / "js"
# index.html loads its entry script and, with modulepreload links, every module that script imports.
LOADED_FIRST = re.compile(r'<(?:script type="module"|link rel="modulepreload")[^>]* (?:src|href)="\./static/js/'
                          r'([^"/]+\.js)"')
IMPORT_HEADER = re.compile(r'(?:\s*import[^;]*;)*')                  # a bundled module's leading static imports
IMPORTED = re.compile(r'(?:from|import)\s*"\./([^"/]+\.js)"')
PLOTLY_CHUNK = "PlotlyChart.*.js"


@lru_cache(maxsize=2)       # the app asks for the installed Streamlit only; tests for a folder of their own
def plotly_modules(static: Path = STATIC) -> tuple[str, ...]:
    """Streamlit's Plotly component and the modules it needs that index.html has not loaded, component first;
    () if `static` is not laid out as expected (the charts then load as Streamlit loads them)."""
    js_folder, index = static / "static" / "js", static / "index.html"
    chunks = list(js_folder.glob(PLOTLY_CHUNK))
    loaded_first = LOADED_FIRST.findall(index.read_text()) if index.is_file() else []
    if len(chunks) != 1 or not loaded_first:
        return ()
    chunk = chunks[0].name
    loaded = set().union(*(_module_graph(js_folder, name) for name in loaded_first))
    return (chunk, *sorted(_module_graph(js_folder, chunk) - loaded - {chunk}))


def _module_graph(js_folder: Path, name: str) -> set[str]:
    """`name` and every module in js_folder it imports statically, directly or not."""
    seen: set[str] = set()
    waiting = [name]
    while waiting:
        module = waiting.pop()
        if module not in seen and (js_folder / module).is_file():
            seen.add(module)
            text = (js_folder / module).read_text(errors="replace")
            waiting.extend(IMPORTED.findall(IMPORT_HEADER.match(text).group(0)))
    return seen


# The preload element draws nothing; its container is hidden so that it takes no gap in the page's column.
_PRELOAD = """<style>[data-testid="stElementContainer"]:has(.plotly-preload) {display: none;}</style>
<script class="plotly-preload">
(() => {
  const entry = document.querySelector('script[type="module"][src*="/static/js/index."]');
  // a failed import leaves the loading to Streamlit
  if (entry) for (const name of %s) import(new URL(name, entry.src).href).catch(() => {});
})();
</script>"""


def preload_html(modules: tuple[str, ...]) -> str:
    """A hidden element whose script imports `modules` (files in Streamlit's js folder, resolved against its entry
    script as Streamlit resolves them, so under any URL prefix), in that order."""
    return _PRELOAD % json.dumps(list(modules))


# Streamlit shows keyboard focus on a radio option, a toggle or a sidebar page link only as a faint background; a
# blue (Okabe-Ito) outline on what the student sees instead. An aligned KaTeX equation's 2 px spacer made a scroll
# box keyboard users cannot reach; 2 px of padding holds it.
APP_CSS = """<style>
[data-testid="stRadio"] label:has(input:focus-visible),
[data-testid="stCheckbox"] label:has(input:focus-visible),
[data-testid="stSidebarNavLink"]:focus-visible {outline: 2px solid #0072B2; outline-offset: 2px;}
.katex-display {padding-right: 2px;}
</style>"""

# ---- printing a page as a handout ------------------------------------------------------------------------------

# Left out of a printed page: the sidebar, the header and every control (the handout shows what the controls chose).
NOT_PRINTED = ("stSidebar", "stHeader", "stStatusWidget", "stSlider", "stRadio", "stCheckbox", "stMultiSelect",
               "stTextArea", "stTextInput", "stNumberInput", "stSelectbox", "stButton", "stDownloadButton",
               "stLinkButton", "stPageLink", "stExpander", "stProgress", "stButtonGroup")
# Printing lays the page out again at the paper's width. A Plotly chart drawn at the screen's width would be cut at the
# paper's edge, and a chart whose container changes width is redrawn by Streamlit while the browser prints it, which
# leaves it blank on paper. So just before printing, each chart's container keeps its on-screen size and is scaled
# down with a transform (a transform moves no layout, so nothing is redrawn) by the ratio of the paper's column to the
# screen's; afterwards the sizes go. A chart is not split across two sheets, nor a heading parted from what follows.
PAGE_MARGIN_MM = 12
PRINTED_QUESTION = "predict-"   # a container key prefix: Streamlit names the element st-key-<key>; its radio prints
PAPER_COLUMN_PX = round((210 - 2 * PAGE_MARGIN_MM) / 25.4 * 96)      # A4 less the margins (Letter is wider)
_CHART = '[data-testid="stElementContainer"]:has(.js-plotly-plot)'
PRINT_HTML = """<style>
[data-testid="stElementContainer"]:has(.print-fit) {display: none;}
@media print {
  @page {margin: %(margin)smm;}
  %(hidden)s {display: none !important;}
  [class*="st-key-%(question)s"] [data-testid="stRadio"] {display: block !important;}
  [data-testid="stMainBlockContainer"] {padding-left: 0 !important; padding-right: 0 !important;
    max-width: none !important;}
  %(chart)s {width: var(--print-width, 100%%) !important; max-width: none !important; flex: none !important;
    transform: scale(var(--print-scale, 1)); transform-origin: top left; break-inside: avoid;
    margin-bottom: calc(var(--print-height, 0px) * (var(--print-scale, 1) - 1));}
  [data-testid="stElementContainer"]:has([data-testid="stHeading"]) {break-after: avoid;}
}
</style>
<script class="print-fit">
if (!window.whyLstmPrintFit) {
  window.whyLstmPrintFit = true;
  const charts = () => document.querySelectorAll('%(chart)s');
  window.addEventListener("beforeprint", () => {
    const main = document.querySelector('[data-testid="stMainBlockContainer"]');
    if (!main) return;
    const style = getComputedStyle(main);
    const column = main.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    document.documentElement.style.setProperty("--print-scale", Math.min(1, %(paper)s / column));
    for (const chart of charts()) {
      const box = chart.getBoundingClientRect();
      chart.style.setProperty("--print-width", `${box.width}px`);
      chart.style.setProperty("--print-height", `${box.height}px`);
    }
  });
  window.addEventListener("afterprint", () => {
    document.documentElement.style.removeProperty("--print-scale");
    for (const chart of charts()) ["--print-width", "--print-height"].forEach(name => chart.style.removeProperty(name));
  });
}
</script>""" % dict(margin=PAGE_MARGIN_MM, paper=PAPER_COLUMN_PX, chart=_CHART, question=PRINTED_QUESTION,
                    hidden=", ".join(f'[data-testid="{test_id}"]' for test_id in NOT_PRINTED))
PLOTLY_CLASSES = ("js-plotly-plot", "main-svg", "bg")


def invisible_script(body: str) -> str:
    """A script for st.html(..., unsafe_allow_javascript=True) whose element takes no room in the page."""
    return ('<style>[data-testid="stElementContainer"]:has(.invisible-script) {display: none;}</style>'
            f'<script class="invisible-script">{body}</script>')


# ---- charts in a dark theme ------------------------------------------------------------------------------------

# In a dark theme st.plotly_chart draws with a dark template: black paper, light text and grid. The app's charts are
# made for white paper (grey axis text, black labels, light fills), so in a dark theme each keeps the look it was
# designed and checked for, as a white card: paper and plot area white, and the template's text and grid colours
# back to their light-theme values (Streamlit's chart template, read from the installed frontend in the tests).
TEMPLATE_DARK_TO_LIGHT = {"fill": {"#E6EAF1": "#808495", "#FAFAFA": "#262730"}, "stroke": {"#31333F": "#E6EAF1"}}


def _rgb(hex_colour: str) -> str:
    """"#RRGGBB" as Plotly writes it in an element's style."""
    return "rgb({}, {}, {})".format(*(int(hex_colour.lstrip("#")[k:k + 2], 16) for k in (0, 2, 4)))


def chart_paper_css(dark_background: str, dark_text: str, light_background: str, light_text: str) -> str:
    """CSS that draws every chart of a dark theme (its `background` and `text` colours) as in the light one."""
    rules = [f'.js-plotly-plot svg.main-svg[style*="background: {_rgb(dark_background)}"] '
             f'{{background: {light_background} !important;}}',
             f'.js-plotly-plot rect.bg[style*="fill: {_rgb(dark_background)}"] '
             f'{{fill: {light_background} !important;}}',
             f'.js-plotly-plot text[style*="fill: {_rgb(dark_text)}"] {{fill: {light_text} !important;}}']
    for paint, pairs in TEMPLATE_DARK_TO_LIGHT.items():
        element = "text" if paint == "fill" else "path"
        rules += [f'.js-plotly-plot {element}[style*="{paint}: {_rgb(dark)}"] {{{paint}: {light} !important;}}'
                  for dark, light in pairs.items()]
    return "<style>\n" + "\n".join(rules) + "\n</style>"

TEST_IDS = tuple(dict.fromkeys(("stRadio", "stCheckbox", "stSidebarNavLink", "stElementContainer", "stMetricValue",
                                 *NOT_PRINTED, "stMainBlockContainer", "stHeading")))


def metric_font_css(px: int) -> str:
    """Set every st.metric value in `px` (Streamlit cuts a value wider than its card with an ellipsis)."""
    return f'<style>[data-testid="stMetricValue"] {{font-size: {int(px)}px;}}</style>'


# ---- Plotly's unvalidated figures ---------------------------------------------------------------------------

# What validation turns a template's name into, for the names the charts use.
_TEMPLATES = {"none": pio.templates["none"].to_plotly_json()}
_TEMPLATES_LOCK = threading.Lock()


def unvalidated_figure(data: list, layout: dict, frames: list | None = None) -> go.Figure:
    """go.Figure(data, layout, frames) as validation would make it, without walking every property through
    Plotly's validators (several times cheaper; tests/test_charts_unvalidated.py checks each chart against the
    validating constructor). Frames stay plain dicts until the figure is serialised."""
    template = layout.get("template")
    if isinstance(template, str):      # validation replaces a template's name by the template itself
        with _TEMPLATES_LOCK:
            layout = {**layout, "template": copy.deepcopy(_TEMPLATES[template])}
    if frames:
        return _FramesAsDicts(data, layout, frames)
    return go.Figure(data=data, layout=layout, _validate=False)


class _FramesAsDicts(go.Figure):
    """Even unvalidated, go.Figure turns every frame's traces into Plotly objects (most of an animation's cost);
    here they stay the dicts they were built as until `to_dict`, which st.plotly_chart and plotly.io call."""

    def __init__(self, data: list, layout: dict, frames: list):
        super().__init__(data=data, layout=layout, _validate=False)
        self._plain_frames = frames

    def to_dict(self) -> dict:
        drawn = super().to_dict()
        drawn["frames"] = copy.deepcopy(self._plain_frames)      # the caller may change what it gets
        convert_to_base64(drawn["frames"])                       # numpy arrays as Plotly's typed arrays
        return drawn


# ---- a cached figure serialised once -------------------------------------------------------------------------


def serialised_once(figure: go.Figure) -> go.Figure:
    """`figure` serialised once and kept as one block of bytes: a go.Figure whose `to_dict()` unpickles them.

    A figure cached for every session never changes once built, and st.plotly_chart only asks it for `to_dict()`
    (otherwise a deep copy and a base64 pass over every array on every rerun). Kept as bytes, a cached chart is
    small and one block the allocator can give back when the cache lets it go, instead of thousands of small objects
    that pin Python's memory arenas after a class (docs/serving.md)."""
    drawn = json.loads(pio.to_json(figure, validate=False))      # plain lists, strings and numbers, NaN as null
    return _Serialised(pickle.dumps(drawn, protocol=pickle.HIGHEST_PROTOCOL))


class _Serialised(go.Figure):
    """A figure that is only its serialised dict: `to_dict()` (a fresh dict each call, so a caller may change it)
    is all Streamlit and plotly.io read. Plotly's own constructor is skipped: even an empty figure builds its
    layout objects and a copy of its template."""

    def __init__(self, kept: bytes):
        object.__setattr__(self, "_kept", kept)

    def to_dict(self) -> dict:
        return pickle.loads(self._kept)

    to_plotly_json = to_dict

    def __repr__(self) -> str:
        return f"<figure serialised once: {len(self._kept)} bytes>"
