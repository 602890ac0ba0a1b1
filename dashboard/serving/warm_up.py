"""Warm a fresh server before it lets its first visitor in.

`streamlit run dashboard/streamlit_app.py` serves the app through `st.App` (serving.app_for), and the App's lifespan
runs `warm()` once per process, before the server answers its first request: otherwise the first visitor of each page
pays for the process's first imports, the shipped measurements and models and the Plotly preload list, while their
browser shares the same cores (docs/performance.md, "Time to first chart").

    seconds = warm()          # {step: seconds}; a step that fails is logged and skipped: warming never stops a
                              # server, and each page reports a missing model file itself

What is warmed is read from the pages themselves: every module the entry file and the page scripts import
(`page_imports`), then the process-wide tables those modules keep (`functools.cache`, not `st.cache_*`).
"""

from __future__ import annotations

import ast
import asyncio
import importlib
import importlib.util
import time
from collections.abc import Callable
from contextlib import asynccontextmanager
from pathlib import Path

# Streamlit reads a page icon that is a picture (the entry file's) with Pillow: loaded with the server, not in a run.
from PIL import Image, ImageFile  # noqa: F401
from streamlit.logger import get_logger

DASHBOARD = Path(__file__).resolve().parents[1]
SCRIPTS = (DASHBOARD / "streamlit_app.py", *sorted((DASHBOARD / "app_pages").glob("[!_]*.py")))
PROJECT_PACKAGES = ("dashboard", "lstm_engine", "numpy", "plotly")
LOG = get_logger(__name__)              # Streamlit's: its `logger.level` (info) shows on the server's console


def page_imports(scripts=SCRIPTS) -> list[str]:
    """The project's, numpy's and Plotly's modules that `scripts` import at their top level, sorted; for
    `from package import name` the submodule `package.name` when there is one, else `package`."""
    found: set[str] = set()
    for script in scripts:
        for node in ast.parse(Path(script).read_text()).body:
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module)
                found.update(f"{node.module}.{alias.name}" for alias in node.names
                             if _is_module(f"{node.module}.{alias.name}"))
    return sorted(name for name in found if name.split(".")[0] in PROJECT_PACKAGES)


def _is_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ImportError:                    # the parent is a module, not a package
        return False


def _import_all(scripts=SCRIPTS) -> int:
    names = page_imports(scripts)
    for name in names:
        importlib.import_module(name)
    return len(names)


def _one_blas_thread() -> bool:
    from lstm_engine.command_line import use_one_blas_thread
    return use_one_blas_thread()


def _plotly_preload() -> int:
    from dashboard.serving.streamlit_internals import plotly_modules
    return len(plotly_modules())


def _chart_path() -> int:
    """What st.plotly_chart does to the app's figures (bars, lines, a heatmap, titled axes, a second row of axes),
    once: Plotly imports the modules for each trace type, axis and for serialising on first use."""
    import plotly.io
    import plotly.tools

    from dashboard.charts.figure import figure
    axis = {"title": {"text": "x", "font": {"color": "#000000"}}, "tickfont": {"color": "#000000"}, "automargin": True}
    traces = [{"type": kind, "x": [0, 1], "y": [1, 0]} for kind in ("bar", "scatter")]
    traces.append({"type": "heatmap", "z": [[0, 1], [1, 0]]})
    chart = figure(traces, {"xaxis": axis, "yaxis": axis, "xaxis2": axis, "yaxis2": axis, "template": "none"})
    return len(plotly.io.to_json(plotly.tools.return_figure_from_figure_or_data(chart, validate_figure=True),
                                 validate=False))


def _shipped_measurements() -> int:
    """The shipped runs read once per process, and every summary the pages quote computed, before any student
    comes: what a class's clicks would otherwise add to the process for good, scattered through its memory."""
    from dashboard.engine_calls.memory_measurements import findings
    found = findings()
    found.summarise_all()
    return len(found.runs)


def _shipped_models() -> int:
    from dashboard.engine_calls.shipped_models import shipped_model
    from lstm_engine.memory.shipped import SHIPPED_KINDS
    return len([shipped_model(kind) for kind in SHIPPED_KINDS])


def _first_element() -> None:
    from dashboard.serving.streamlit_internals import prime_first_element
    prime_first_element()


def _reclaimer() -> bool:
    from dashboard.serving.reclaimer import start_reclaimer
    return start_reclaimer() is not None


def _training_worker() -> bool:
    # At start, not at a first page: a page that stops early (st.stop) never reaches serving.after_page.
    from dashboard.serving.training_worker import start_training_worker
    return start_training_worker().is_alive()


def _freeze() -> int:
    from dashboard.serving.reclaimer import freeze_once
    return freeze_once("warm-up")


STEPS: tuple[tuple[str, Callable[[], object]], ...] = (
    ("imports", _import_all),
    ("one BLAS thread", _one_blas_thread),
    ("Plotly modules to preload", _plotly_preload),
    ("Plotly's chart path", _chart_path),
    ("shipped measurements", _shipped_measurements),
    ("shipped models", _shipped_models),
    ("Streamlit's first element", _first_element),
    ("reclaimer", _reclaimer),
    ("class training worker", _training_worker),
    ("freezing the warm heap", _freeze),          # last: what the steps above left alive
)


def warm(steps=STEPS) -> dict[str, float]:
    """Run every step once; seconds per step that succeeded."""
    seconds = {}
    for name, step in steps:
        start = time.perf_counter()
        try:
            step()
        except Exception as error:         # noqa: BLE001  (an optimisation must not keep the server down)
            LOG.warning("Warming up: %s skipped (%s: %s)", name, type(error).__name__, error)
            continue
        seconds[name] = time.perf_counter() - start
    return seconds


@asynccontextmanager
async def lifespan(app):
    """st.App's lifespan: warm, then serve."""
    seconds = await asyncio.to_thread(warm)
    LOG.info("Warmed up in %.2f s (%s)", sum(seconds.values()),
             ", ".join(f"{name} {value:.2f} s" for name, value in seconds.items()))
    yield
