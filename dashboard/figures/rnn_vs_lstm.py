"""RNN vs LSTM's figures: parameter counts as bars, and against the hidden size."""

from __future__ import annotations

from dashboard.charts.params import count_vs_hidden, parameter_bars
from dashboard.engine_calls.parameter_counts import LARGEST_HIDDEN, count_curves, counts_at
from dashboard.figures import shared_figures

SHARED = 32                    # ~30-50 kB each


@shared_figures(SHARED)
def bars_figure(input_size, hidden_size, layers, bidirectional, convention, models):
    counts = counts_at(input_size, hidden_size, layers, bidirectional, convention)
    return parameter_bars({kind: counts[kind] for kind in models})


@shared_figures(SHARED)
def curve_figure(input_size, hidden_size, layers, bidirectional, convention, models, log_scale):
    counts = counts_at(input_size, hidden_size, layers, bidirectional, convention)
    zoom = None if log_scale else min(LARGEST_HIDDEN, max(2 * hidden_size, 16))    # hidden=20 stays readable
    curves = count_curves(input_size, layers, bidirectional, convention, zoom)
    return count_vs_hidden({kind: curves[kind] for kind in models}, hidden_size,
                           {kind: counts[kind].total for kind in models}, log_scale)
