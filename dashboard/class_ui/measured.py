"""The measured answer of each lesson question, from the engine calls the pages themselves use.

    measured_answer("why-lstm.rnn-at-100")       # MeasuredAnswer(correct option, sentence with the numbers)

Why LSTM's numbers come from `findings()` (the shipped runs' measurements), the gates' from the shipped LSTM
reading the lesson's two-country sentence, the parameter ratio from the engine's counts at RNN vs LSTM's opening
sizes. While the shipped models are missing, the answer says so instead of a number.
"""
from __future__ import annotations

from dashboard.classroom import LESSON_QUESTIONS
from dashboard.controls.shared import CARRIERS, HIDDEN, INPUT
from dashboard.engine_calls.gate_moments import story_moments
from dashboard.engine_calls.lstm_reading import (
    DEFAULT_SENTENCE,
    display_tokens,
    forget_story_of,
    read_with_lstm,
    shipped_lstm,
)
from dashboard.engine_calls.memory_measurements import findings
from dashboard.engine_calls.parameter_counts import counts_at
from dashboard.text.lesson_answers import (
    GATES,
    MeasuredAnswer,
    band_answer,
    cell_update_answer,
    gate_job_answer,
    gate_role_answer,
    missing,
    ratio_answer,
    trace_arrays,
    why_rnn_fails_answer,
)

# The edges of the accuracy bands, in the order of the question's options ("nine in ten or more", ...).
ACCURACY_EDGES = (0.9, 0.5, 0.0)
RATIOS = (2.0, 4.0, 8.0)             # "About 2×", "About 4×", "About 8×"
TRAINED_MODELS = "the trained models are"


def _options(question_id: str) -> tuple[str, ...]:
    return LESSON_QUESTIONS.question(question_id).options


def _reading():
    """(trace arrays, forget story, words as shown, gate moments) of the shipped LSTM on the lesson's sentence, as
    the Gates page opens on it (its default units shown), or None."""
    if shipped_lstm() is None:
        return None
    story = forget_story_of(DEFAULT_SENTENCE)
    moments = story_moments(DEFAULT_SENTENCE, tuple(story.carrier_units[:CARRIERS.default]))
    return trace_arrays(read_with_lstm(DEFAULT_SENTENCE)), story, display_tokens(story.tokens), moments


def _with_findings(build) -> MeasuredAnswer:
    try:
        found = findings()
    except FileNotFoundError:
        return missing(TRAINED_MODELS)
    return build(found)


def _with_reading(build) -> MeasuredAnswer:
    reading = _reading()
    return missing("the trained LSTM is") if reading is None else build(*reading)


def measured_answer(question_id: str) -> MeasuredAnswer:
    options = _options(question_id)
    if question_id == "why-lstm.rnn-at-100":
        return _with_findings(lambda found: band_answer(options, ACCURACY_EDGES, found, 100))
    if question_id == "rnn-vs-lstm.parameter-ratio":
        counts = counts_at(INPUT.default, HIDDEN.default, 1, False, "pytorch")
        return ratio_answer(options, RATIOS, counts, INPUT.default, HIDDEN.default)
    if question_id == "summary.why-rnn-fails":
        return _with_findings(lambda found: why_rnn_fails_answer(options, found))
    if question_id == "data-flow.cell-update":
        return _with_reading(lambda arrays, story, words, moments: cell_update_answer(options, arrays, len(words)))
    if question_id == "gates.lets-go-of-france":
        return _with_reading(lambda *reading: gate_job_answer(options, *reading))
    gate = {"summary.forget-gate": "f", "summary.input-gate": "i", "summary.output-gate": "o"}.get(question_id)
    if gate in GATES:
        return _with_reading(lambda *reading: gate_role_answer(options, gate, *reading))
    raise KeyError(f"no measured answer for {question_id!r}")
