"""The lesson's RNN vs LSTM table, each claim beside what this app measured (or where to see it).

Pure: takes measurements made elsewhere (engine calls cached by the page) and returns a `Table`. A row whose
measurement is missing says so; it never shows a number that was not measured.
"""

from __future__ import annotations

from collections.abc import Mapping

from dashboard.charts.params import CONVENTION_LABELS
from dashboard.text.memory_insight import COUNT_GAP, RELIABLE, keeping_counts
from dashboard.text.tables import Table
from lstm_engine.layers.param_count import GATES
from lstm_engine.memory.run_spread import retention_spread

NOT_YET = "Measurement not available yet (the trained models have not been shipped)."

# (aspect, RNN claim, LSTM claim) in the lesson's order and words.
LESSON_ROWS = (
    ("Structure", "Simple recurrence", "Gated memory cells"),
    ("State", "Single hidden state", "Cell state + Hidden state"),
    ("Activation", "Simple tanh activation", "3 gates control flow"),
    ("Memory", "Short-term memory only", "Long-term memory"),
    ("Gradients", "Vanishing gradients", "Solves vanishing gradients"),
    ("Training speed", "Faster to train", "Slower to train"),
    ("Parameters", "Fewer parameters", "More parameters (4x RNN)"),
    ("Best for", "Short sequences, simple patterns", "Long sequences, complex dependencies"),
)
COLUMNS = ("Aspect", "Standard RNN", "LSTM", "Measured in this app")


def _milliseconds(seconds: float) -> str:
    return f"{seconds * 1000:.3g} ms"


def _structure() -> str:
    lstm_blocks = ", ".join(GATES["lstm"]).replace("c_tilde", "c̃")
    return f"Weight blocks per layer: RNN {len(GATES['rnn'])}, LSTM {len(GATES['lstm'])} ({lstm_blocks})."


def _speed(step_times: Mapping[str, object] | None) -> str:
    if not step_times or "rnn" not in step_times or "lstm" not in step_times:
        return "Not measured at these sizes yet — press “Measure time per training step” below."
    rnn, lstm = step_times["rnn"], step_times["lstm"]
    return (f"Forward + backward, batch {rnn.batch} × {rnn.seq_len} steps, input {rnn.input_size}, "
            f"hidden {rnn.hidden_size}: RNN {_milliseconds(rnn.seconds_per_step)}, "
            f"LSTM {_milliseconds(lstm.seconds_per_step)} "
            f"({lstm.seconds_per_step / rnn.seconds_per_step:.1f}× the RNN's time; best of {rnn.repeats}).")


def _parameters(counts: Mapping[str, object]) -> str:
    rnn, lstm = counts["rnn"], counts["lstm"]
    return (f"RNN {rnn.total:,} · LSTM {lstm.total:,} — LSTM = {lstm.ratio_to(rnn):.2f}× RNN "
            f"({CONVENTION_LABELS[lstm.convention]} convention, input {lstm.input_size}, hidden {lstm.hidden_size}).")


def comparison_table(counts: Mapping[str, object], step_times: Mapping[str, object] | None,
                     memory: str | None, gradients: str | None) -> Table:
    """The lesson's table with a 'Measured in this app' column.

    counts: kind -> ParamCount (needs "rnn" and "lstm"); step_times: kind -> StepTime or None;
    memory / gradients: sentences describing the measured retention and gradient flow, or None when the
    measurement does not exist yet.
    """
    measured = {
        "Structure": _structure(),
        "State": "See the Data Flow page: h(t) and C(t) step by step.",
        "Activation": "See the Gates page: f, i, c̃ and o on a real sentence.",
        "Memory": memory or NOT_YET,
        "Gradients": gradients or NOT_YET,
        "Training speed": _speed(step_times),
        "Parameters": _parameters(counts),
        "Best for": "Follows from the rows above.",
    }
    return Table(COLUMNS, tuple((aspect, rnn, lstm, measured[aspect]) for aspect, rnn, lstm in LESSON_ROWS))


def runs_sentence(runs: Mapping[str, object], gap: int = COUNT_GAP) -> str:
    """Median and middle half over the training runs (TrainingRun each) of the RNN and LSTM at `gap`, and how
    many runs keep at least RELIABLE right there (counted as the Why LSTM page counts them)."""
    parts = []
    counts = keeping_counts({kind: runs[kind] for kind in ("rnn", "lstm")}, gap)
    for kind in ("rnn", "lstm"):
        spread = retention_spread(kind, runs[kind])
        k = list(spread.x).index(gap)
        parts.append(f"{kind.upper()} median {spread.median[k]:.0%} (middle half {spread.q1[k]:.0%}–"
                     f"{spread.q3[k]:.0%})")
    n = counts["rnn"][1]
    return (f"Over {n} training runs each (same data, different starting weights), at a {gap}-word gap: "
            + ", ".join(parts) + f". Training runs remembering at gap {gap} (≥ {RELIABLE:.0%} right): "
            f"RNN {counts['rnn'][0]}/{counts['rnn'][1]}, LSTM {counts['lstm'][0]}/{counts['lstm'][1]}.")


def memory_sentence(curves: Mapping[str, object], target_gap: int = 100,
                    runs: Mapping[str, object] | None = None) -> str:
    """Accuracy of the typical RNN and LSTM run at the measured gap nearest `target_gap` (RetentionCurve each),
    and with `runs` (kind -> TrainingRun sequence) the median, middle half and count of remembering runs at 200."""
    rnn, lstm = curves["rnn"], curves["lstm"]
    gap = min((g for g in rnn.gaps if g in lstm.gaps), key=lambda g: abs(g - target_gap))

    def at(curve) -> str:
        k = list(curve.gaps).index(gap)
        return f"{curve.accuracy[k]:.0%} (95% CI {curve.low[k]:.0%}–{curve.high[k]:.0%})"

    text = (f"Right language after a {gap}-word gap, typical training run, on {rnn.samples} fresh sentences: "
            f"RNN {at(rnn)}, LSTM {at(lstm)}; chance {rnn.chance:.0%}.")
    return f"{text} {runs_sentence(runs)}" if runs else text


def gradient_sentence(flows: Mapping[str, object]) -> str:
    """How much of the error signal at the answer reaches back to the country word (GradientFlow each)."""
    parts = []
    for kind in ("rnn", "lstm"):
        flow = flows[kind]
        distance = list(flow.distance)
        k = min(range(len(distance)), key=lambda j: abs(distance[j] - flow.country_distance))
        part = f"{kind.upper()} {flow.h_ratio[k]:.2g}"
        if flow.c_ratio is not None:
            part += f" (cell state C: {flow.c_ratio[k]:.2g})"
        parts.append(part)
    steps = int(flows["lstm"].distance[k])
    return (f"The lesson says “solves”; measured, the LSTM eases vanishing gradients but does not abolish them. "
            f"Share of the error signal that reaches the country word, {steps} steps back (‖∂L/∂h‖ there ÷ at "
            f"the last step, trained models, {flows['lstm'].samples} sentences): " + ", ".join(parts) + ".")
