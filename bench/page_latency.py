"""Server-side time of a warm rerun after each control change, per page: p50 / p95 over repeated changes.

    python bench/page_latency.py [--repeats 20] [--page rnn_vs_lstm] [--json]

Each page runs in Streamlit's AppTest (the same script run the server does, without the browser). For every
(control, values) in CONTROLS, one untimed pass over the values fills the caches (warm), then `repeats` passes
time each `set_value(v).run()`. The reference, timed just before each page, is a rerun of a one-slider Streamlit
app: the ratio column says how many bare reruns a control change costs, which stays meaningful on a busy machine.
Target: p95 <= 100 ms on every page.

Page authors: add your page and its controls (widget key, values to cycle through; the first value is the
default the control is put back to) to CONTROLS.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "dashboard" / "streamlit_app.py"
TARGET_P95_MS = 100.0
MODELS = ("models", [["rnn", "gru", "lstm"], ["rnn", "lstm"]])
FORGET = "Decides what to remove from memory"

# page file (relative to the entry file) -> [(widget key (the control's URL name), [values, the first the default])]
CONTROLS = {
    "app_pages/why_lstm.py": [
        MODELS,
        ("gap", [100, 150, 7, 400]),                    # the target: gap slider p95 <= 100 ms
        ("country", ["france", "japan"]),
        ("run", ["typical", "best"]),
        ("trained", ["200", "10", "50"]),
        ("sentences", ["from_zero", "long_only"]),
        ("text", ["", "I grew up in Spain. We had a dog. So I speak fluent"]),
    ],
    "app_pages/gates.py": [
        ("size", [1, 2, 4]),
        ("preset", ["remember", "forget", "new_subject", "random"]),
        ("gates_b_f_0", [6.0, -2.0, 0.5]),
        ("gates_x_0", [1.0, -1.5]),
        ("carriers", [2, 4]),
        ("story", ["I grew up in France . then we moved to Spain . so I speak fluent",
                   "I grew up in Japan . we had a dog . so I speak fluent"]),
    ],
    "app_pages/data_flow.py": [
        ("token", [5, 12, 30]),
        ("gate", ["c", "f", "h"]),
        ("mode", ["step", "time"]),
        ("unit", [1, 10]),
        ("sentence", ["I grew up in France . then we moved to Spain . so I speak fluent",
                      "I grew up in Japan . we had a dog . so I speak fluent"]),
    ],
    "app_pages/rnn_vs_lstm.py": [
        MODELS,
        ("hidden", [128, 1024, 32]),                    # the largest size: counts only, timing waits for a click
        ("input", [64, 200, 16]),
        ("layers", [1, 2, 4]),
        ("bidirectional", [False, True]),
        ("convention", ["pytorch", "keras"]),
        ("log", [False, True]),
    ],
    "app_pages/summary.py": [
        ("class_ui:own:summary.forget-gate", [None, FORGET]),     # a question answered: the measured answer shown
    ],
}
WIDGET_KINDS = ("slider", "toggle", "checkbox", "radio", "selectbox", "multiselect", "number_input",
                "select_slider", "text_input", "text_area")
REFERENCE_APP = 'import streamlit as st\nst.title("reference")\nx = st.slider("x", 0, 10, key="x")\n'


def widget(at: AppTest, key: str):
    for kind in WIDGET_KINDS:
        try:
            return getattr(at, kind)(key=key)
        except KeyError:
            continue
    raise KeyError(f"no widget with key {key!r} on this page")


def timed_changes(at: AppTest, key: str, values: list, repeats: int) -> list[float]:
    """Seconds per rerun after setting `key` to each value in turn, after one untimed (warming) pass."""
    for value in values[1:] + values[:1]:
        widget(at, key).set_value(value).run()
    seconds = []
    for _ in range(repeats):
        for value in values[1:] + values[:1]:          # every step changes the value
            control = widget(at, key).set_value(value)
            start = time.perf_counter()
            control.run()
            seconds.append(time.perf_counter() - start)
            if at.exception:
                raise RuntimeError(f"{key}={value!r} raised: {at.exception[0].value}")
    return seconds


def reference_seconds(repeats: int) -> list[float]:
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "reference_app.py"
        script.write_text(REFERENCE_APP)
        at = AppTest.from_file(str(script), default_timeout=60).run()
        return timed_changes(at, "x", [0, 5, 10], repeats)


def percentile(seconds: list[float], q: float) -> float:
    return (statistics.quantiles(seconds, n=100, method="inclusive")[q - 1] * 1000 if len(seconds) > 1
            else seconds[0] * 1000)


def measure(pages: dict, repeats: int) -> list[dict]:
    """Rows per (page, control); each page's ratios use a reference timed just before it (the load drifts)."""
    rows = []
    for page, controls in pages.items():
        reference = percentile(reference_seconds(repeats), 50)
        rows.append(dict(page=f"({Path(page).stem} reference)", control="x", reruns=3 * repeats, p50_ms=reference,
                         p95_ms=None, max_ms=None, ratio_p95=None, ok=None))
        at = AppTest.from_file(str(APP), default_timeout=120).run()
        at.switch_page(page).run()
        for key, values in controls:
            try:
                seconds = timed_changes(at, key, values, repeats)
            except KeyError:             # e.g. a page that stops early while its trained models are missing
                print(f"skipped {Path(page).stem}.{key}: no such widget on the page", file=sys.stderr)
                continue
            p95 = percentile(seconds, 95)
            rows.append(dict(page=Path(page).stem, control=key, reruns=len(seconds), p50_ms=percentile(seconds, 50),
                             p95_ms=p95, max_ms=max(seconds) * 1000, ratio_p95=p95 / reference,
                             ok=p95 <= TARGET_P95_MS))
    return rows


def print_table(rows: list[dict]) -> None:
    print(f"{'page':<28} {'control':<20} {'reruns':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} "
          f"{'p95/ref':>8}  target")
    for row in rows:
        cells = [f"{row[name]:8.1f}" if row[name] is not None else f"{'':>8}"
                 for name in ("p50_ms", "p95_ms", "max_ms")]
        ratio = f"{row['ratio_p95']:7.1f}×" if row["ratio_p95"] is not None else f"{'':>8}"
        verdict = "" if row["ok"] is None else ("ok" if row["ok"] else f"OVER {TARGET_P95_MS:.0f} ms")
        print(f"{row['page']:<28} {row['control']:<20} {row['reruns']:>6} {' '.join(cells)} {ratio}  {verdict}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=20, help="timed passes over each control's values")
    parser.add_argument("--page", action="append", help="only pages whose file name contains this")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON instead of a table")
    args = parser.parse_args(argv)
    pages = {page: controls for page, controls in CONTROLS.items()
             if not args.page or any(name in page for name in args.page)}
    rows = measure(pages, args.repeats)
    if args.json:
        print(json.dumps(rows, indent=1))
    else:
        print_table(rows)
    return 0 if all(row["ok"] is not False for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
