"""Start loading Streamlit's Plotly component in the browser at the start of a run, not at its first chart.

Streamlit's frontend fetches its Plotly component (`static/js/PlotlyChart.*.js`, 4.7 MB with plotly.js) only when
a page's first `st.plotly_chart` arrives. Chrome traces of the one-chart floor, Gates and Why LSTM: fetching and
compiling it took 0.2-0.7 s, then evaluating the module held the main thread 1.0-1.2 s in one task, before the
first chart could be drawn. A page sends its first chart after its title, text and controls, and on a fresh server
after the project's imports and first engine calls, while the browser mostly waits. Importing the same module
from an `st.html` at the start of the run does that work during the wait; Streamlit's own `import()` of the same
address then finds it evaluated.

    preload_plotly()          # in the entry file, as soon as the page is known to draw a chart

The module's name carries a content hash that changes with Streamlit's version, so it is looked up in the
installed Streamlit's static folder. The address is resolved against Streamlit's own entry script, as
Streamlit resolves it, so it works under any URL prefix. If anything is missing the charts load as before.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import streamlit as st

STATIC_JS = Path(st.__file__).parent / "static" / "static" / "js"
CHUNK_PATTERN = "PlotlyChart.*.js"
# The element draws nothing; its container is hidden so that it takes no gap in the page's column either.
_HTML = """<style>[data-testid="stElementContainer"]:has(.plotly-preload) {display: none;}</style>
<script class="plotly-preload">
(() => {
  const entry = document.querySelector('script[type="module"][src*="/static/js/index."]');
  if (entry) import(new URL(%s, entry.src).href).catch(() => {});   // a failure leaves it to Streamlit
})();
</script>"""


@cache
def plotly_chunk() -> str | None:
    """The file name of the installed Streamlit's Plotly component, or None unless exactly one matches."""
    found = list(STATIC_JS.glob(CHUNK_PATTERN))
    return found[0].name if len(found) == 1 else None


def preload_html(chunk: str) -> str:
    """A hidden element whose script imports the Plotly component `chunk` (a file name in Streamlit's js folder)."""
    return _HTML % json.dumps(chunk)


def preload_plotly() -> None:
    """Send the preload, unless the installed Streamlit has no single Plotly component to name."""
    if chunk := plotly_chunk():
        st.html(preload_html(chunk), unsafe_allow_javascript=True)
