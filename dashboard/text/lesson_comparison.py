"""The lesson's RNN vs LSTM table, each claim beside what this app measured (or where to see it).

Pure: takes measurements made elsewhere (engine calls cached by the page) and returns a `Table`. A row whose
measurement is missing says so; it never shows a number that was not measured.
"""

from __future__ import annotations

from collections.abc import Mapping

from dashboard.charts.params import CONVENTION_LABELS
from dashboard.text.memory_insight import of, setting_phrase
from dashboard.text.tables import Table
from lstm_engine.layers.param_count import GATES
from lstm_engine.memory.shipped import FEATURED_DISTANCE, FEATURED_SETTING, LONG_ONLY, setting_of

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


def memory_sentence(findings, gap: int = 100) -> str:
    """The typical RNN and LSTM at `gap` (the numbers Why LSTM's headline shows) and how many runs learned the
    link when trained on long sentences only and with short ones (the counts of Why LSTM's chart)."""
    rnn, lstm = findings.accuracy("rnn", gap), findings.accuracy("lstm", gap)
    long_only = setting_of(FEATURED_DISTANCE, LONG_ONLY)
    return (f"Right language with {gap} words in between, typical run {setting_phrase(FEATURED_SETTING)}, on "
            f"{rnn.samples:,} fresh sentences: RNN {rnn.accuracy:.0%}, LSTM {lstm.accuracy:.0%} (guessing "
            f"{findings.chance:.0%}). Runs that learned the link, {setting_phrase(long_only)}: RNN "
            f"{of(findings.learned('rnn', long_only))}, LSTM {of(findings.learned('lstm', long_only))}; "
            f"{setting_phrase(FEATURED_SETTING)}: RNN {of(findings.learned('rnn', FEATURED_SETTING))}, LSTM "
            f"{of(findings.learned('lstm', FEATURED_SETTING))}.")


def gradient_sentence(findings) -> str:
    """How much of the training signal at the blank reaches the country (Why LSTM's gradient chart)."""
    rnn, lstm = findings.reach_at_country("rnn"), findings.reach_at_country("lstm")
    return (f"The lesson says “solves”; measured, the LSTM eases vanishing gradients but does not abolish them. "
            f"Share of the training signal at the blank that reaches the country {lstm.words_back} words back, "
            f"typical run: RNN {rnn.typical_h:.1e}, LSTM {lstm.typical_h:.1e} (through its cell state "
            f"{lstm.typical_c:.1e}).")


def gru_answer(findings, counts: Mapping[str, object], step_times: Mapping[str, object] | None) -> list[str]:
    """"So why LSTM and not GRU?", answered with this app's measurements, one line per aspect."""
    gru, lstm = counts["gru"], counts["lstm"]
    long_only = setting_of(FEATURED_DISTANCE, LONG_ONLY)
    reach_gru, reach_lstm = findings.reach_at_country("gru"), findings.reach_at_country("lstm")
    lines = [
        f"**Parameters**: GRU {gru.total:,}, LSTM {lstm.total:,} at these sizes: the GRU has "
        f"{gru.total / lstm.total:.0%} of the LSTM's (three blocks of weights instead of four).",
        f"**Runs that learned the link**, {setting_phrase(long_only)}: GRU {of(findings.learned('gru', long_only))}, "
        f"LSTM {of(findings.learned('lstm', long_only))}; {setting_phrase(FEATURED_SETTING)}: GRU "
        f"{of(findings.learned('gru', FEATURED_SETTING))}, LSTM {of(findings.learned('lstm', FEATURED_SETTING))}.",
        f"**Training signal reaching the country** ({reach_lstm.words_back} words back, typical run): GRU "
        f"{reach_gru.typical_h:.1e}, LSTM {reach_lstm.typical_h:.1e}.",
    ]
    if step_times and "gru" in step_times and "lstm" in step_times:
        g, l_ = step_times["gru"].seconds_per_step, step_times["lstm"].seconds_per_step
        lines.append(f"**Time per training step** at these sizes: GRU {_milliseconds(g)}, LSTM {_milliseconds(l_)}.")
    return lines
