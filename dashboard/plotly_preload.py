"""Start loading Streamlit's Plotly component in the browser at the start of a run, not at its first chart.

Streamlit's frontend fetches its Plotly component (`static/js/PlotlyChart.*.js`, 4.7 MB with plotly.js) only when
a page's first `st.plotly_chart` arrives. Chrome traces of the one-chart floor, Gates and Why LSTM: fetching and
compiling it took 0.2-0.7 s, then evaluating the module held the main thread 1.0-1.2 s in one task, before the
first chart could be drawn. A page sends its first chart after its title, text and controls, and on a fresh server
after the project's imports and first engine calls, while the browser mostly waits. Importing the same module
from an `st.html` at the start of the run does that work during the wait; Streamlit's own `import()` of the same
address then finds it evaluated.

The component also imports three small modules that Streamlit's index.html does not load (the full-screen wrapper
and two helpers). Imported alone, the component is fetched first and they only once it has been parsed: on a cold
visit to Why LSTM they were requested 0.17 s after the component had arrived, queued behind the 40-odd files of the
page's widgets, and its evaluation waited for them (Chrome's resource timing). The preload imports them beside the
component, as Streamlit's own loader does; the list is read from the installed files' import statements.

    preload_plotly()          # in the entry file, as soon as the page is known to draw a chart

The module's name carries a content hash that changes with Streamlit's version, so it is looked up in the
installed Streamlit's static folder. The address is resolved against Streamlit's own entry script, as
Streamlit resolves it, so it works under any URL prefix. If anything is missing the charts load as before.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import streamlit as st

STATIC = Path(st.__file__).parent / "static"
STATIC_JS = STATIC / "static" / "js"
CHUNK_PATTERN = "PlotlyChart.*.js"
# Streamlit's index.html loads its entry script and, with modulepreload links, every module that script imports.
LOADED_FIRST = re.compile(r'<(?:script type="module"|link rel="modulepreload")[^>]* (?:src|href)="\./static/js/'
                          r'([^"/]+\.js)"')
IMPORT_HEADER = re.compile(r'(?:\s*import[^;]*;)*')                  # a bundled module's leading static imports
IMPORTED = re.compile(r'(?:from|import)\s*"\./([^"/]+\.js)"')
# The element draws nothing; its container is hidden so that it takes no gap in the page's column either.
_HTML = """<style>[data-testid="stElementContainer"]:has(.plotly-preload) {display: none;}</style>
<script class="plotly-preload">
(() => {
  const entry = document.querySelector('script[type="module"][src*="/static/js/index."]');
  // a failed import leaves the loading to Streamlit
  if (entry) for (const name of %s) import(new URL(name, entry.src).href).catch(() => {});
})();
</script>"""


@lru_cache(maxsize=2)       # the app asks for the installed Streamlit only; tests for a folder of their own
def plotly_chunk(js_folder: Path = STATIC_JS) -> str | None:
    """The file name of the installed Streamlit's Plotly component, or None unless exactly one matches."""
    found = list(js_folder.glob(CHUNK_PATTERN))
    return found[0].name if len(found) == 1 else None


def static_imports(js_folder: Path, name: str) -> set[str]:
    """The modules that module `name` (a file in js_folder) imports statically, by file name."""
    text = (js_folder / name).read_text(errors="replace")
    return set(IMPORTED.findall(IMPORT_HEADER.match(text).group(0)))


def module_graph(js_folder: Path, name: str) -> set[str]:
    """`name` and every module in js_folder it imports statically, directly or not."""
    seen: set[str] = set()
    waiting = [name]
    while waiting:
        module = waiting.pop()
        if module not in seen and (js_folder / module).is_file():
            seen.add(module)
            waiting.extend(static_imports(js_folder, module))
    return seen


@lru_cache(maxsize=2)       # the app asks for the installed Streamlit only; tests for a folder of their own
def plotly_modules(static: Path = STATIC) -> tuple[str, ...]:
    """The Plotly component and the modules it needs that Streamlit's index.html has not loaded, component
    first; () if the Streamlit in `static` (its static folder) is not laid out as this module expects."""
    js_folder, index = static / "static" / "js", static / "index.html"
    chunk = plotly_chunk(js_folder)
    loaded_first = LOADED_FIRST.findall(index.read_text()) if index.is_file() else []
    if chunk is None or not loaded_first:
        return ()
    loaded = set().union(*(module_graph(js_folder, name) for name in loaded_first))
    return (chunk, *sorted(module_graph(js_folder, chunk) - loaded - {chunk}))


def preload_html(modules: tuple[str, ...]) -> str:
    """A hidden element whose script imports `modules` (file names in Streamlit's js folder), in that order."""
    return _HTML % json.dumps(list(modules))


def preload_plotly() -> None:
    """Send the preload, unless the installed Streamlit has no single Plotly component to name."""
    if modules := plotly_modules():
        st.html(preload_html(modules), unsafe_allow_javascript=True)
