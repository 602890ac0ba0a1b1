"""The class experiment's chart: the share of the class's runs that learned, per kind and longest training gap,
in a panel above the app's own shipped runs (trained on the same kind of sentences)."""

from __future__ import annotations

from dashboard.charts.memory_runs import learned_runs
from dashboard.engine_calls.memory_measurements import findings
from dashboard.figures import shared_figures
from dashboard.text.memory_insight import SENTENCES
from lstm_engine.memory.findings import LEARNED
from lstm_engine.memory.shipped import FROM_ZERO

CLASS_PANEL = "class"


def class_counts(runs) -> dict[str, dict[int, tuple[int, int]]]:
    """{kind: {longest gap: (runs that learned, finished runs)}} of a class's ClassRun list."""
    counts: dict[str, dict[int, list[int]]] = {}
    for run in runs:
        if run.status == "done" and run.held_out_accuracy is not None:
            tally = counts.setdefault(run.kind, {}).setdefault(run.max_gap, [0, 0])
            tally[0] += run.held_out_accuracy >= LEARNED
            tally[1] += 1
    return {kind: {gap: (k, n) for gap, (k, n) in sorted(by_gap.items())} for kind, by_gap in counts.items()}


@shared_figures(64)
def class_learned_figure(counts: tuple, run_note: str):
    """`counts` as ((kind, ((gap, learned, runs), ...)), ...) (hashable); the shipped panel below when shipped."""
    panels = [(CLASS_PANEL, f"This class's runs ({run_note})")]
    by_kind = {kind: {CLASS_PANEL: {gap: (k, n) for gap, k, n in rows}} for kind, rows in counts}
    try:
        found = findings()
    except FileNotFoundError:
        found = None
    if found is not None:
        panels.append((FROM_ZERO, "The app's own runs, training sentences: " + SENTENCES[FROM_ZERO]))
        for kind in {kind for kind, _ in found.runs}:
            by_kind.setdefault(kind, {CLASS_PANEL: {}})[FROM_ZERO] = found.learned_by_distance(kind, FROM_ZERO)
    return learned_runs(by_kind, panels)


def hashable_counts(counts: dict) -> tuple:
    return tuple((kind, tuple((gap, k, n) for gap, (k, n) in by_gap.items()))
                 for kind, by_gap in sorted(counts.items()))
