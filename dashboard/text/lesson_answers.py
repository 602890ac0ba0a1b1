"""The measured answer to each predict-then-reveal question: which option the measurement makes right, and the
sentence that shows the numbers (pure: the measurements come in as arguments, from dashboard/class_ui/measured.py).

    answer = band_answer(question.options, BANDS, findings, 100)       # MeasuredAnswer(correct, text)

A conceptual question (which gate does what) is settled on the engine's own trace of a sentence: the option whose
equation reproduces the numbers the engine computed is the right one, so the answer is what the model does, and
the sentence quotes those numbers.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dashboard.text.gate_story import drop_sentence, wait_sentence
from dashboard.text.memory_insight import LABELS, contrast, measured_cause, of, setting_phrase
from lstm_engine.memory.findings import LEARNED
from lstm_engine.memory.shipped import FEATURED_SETTING

EXACT = 1e-6                  # an equation "reproduces" the engine's numbers to this (float64 traces: ~1e-15)
GATES = ("f", "i", "o")       # the order of the questions' gate options: forget, input, output


@dataclass(frozen=True)
class MeasuredAnswer:
    correct: str | None       # the option the measurement makes right; None when nothing was measured
    text: str                 # markdown: what was measured, with its numbers


def missing(what: str) -> MeasuredAnswer:
    """No measurement yet: `what` names what is missing, with its verb ("the trained LSTM is")."""
    return MeasuredAnswer(None, f"Measured once {what} shipped with the app.")


def band_answer(options, edges, findings, gap: int, kind: str = "rnn") -> MeasuredAnswer:
    """Accuracy questions: option k is right when the typical run's accuracy at `gap` is at least edges[k] (and below
    the edge before it); the sentence gives the accuracy with its interval, the LSTM's, and how many runs learned."""
    point, lstm = findings.accuracy(kind, gap), findings.accuracy("lstm", gap)
    correct = next(option for option, edge in zip(options, edges) if point.accuracy >= edge)
    learned = findings.learned(kind, FEATURED_SETTING)
    return MeasuredAnswer(correct, (
        f"Measured: the typical {LABELS[kind]} ({setting_phrase(FEATURED_SETTING)}) names the language in "
        f"**{point.accuracy:.0%}** of {point.samples:,} fresh sentences with {gap} words in between (95% interval "
        f"{point.low:.0%}–{point.high:.0%}); the typical LSTM in {lstm.accuracy:.0%}. Of the {learned[1]} "
        f"{LABELS[kind]} runs, {of(learned)} learned the task (at least {LEARNED:.0%} right on held-out sentences)."))


def ratio_answer(options, ratios, counts, input_size: int, hidden_size: int) -> MeasuredAnswer:
    """Parameter ratio: the option whose ratio is nearest the engine's count of LSTM ÷ RNN at these sizes."""
    ratio = counts["lstm"].ratio_to(counts["rnn"])
    correct = min(zip(options, ratios), key=lambda pair: abs(pair[1] - ratio))[0]
    return MeasuredAnswer(correct, (
        f"Counted by the engine at input size {input_size}, hidden size {hidden_size}: LSTM "
        f"{counts['lstm'].total:,} parameters, RNN {counts['rnn'].total:,}, so **{ratio:.2f}×**. Four blocks of "
        "weights (f, i, c̃, o) where the RNN has one."))


def trace_arrays(reading) -> dict:
    """The (T, H) arrays an answer reads, in float64, from a Reading of dashboard/engine_calls/lstm_reading."""
    return {name: np.asarray(reading.arrays[name], dtype=float) for name in ("f", "i", "c_tilde", "o", "c", "h")}


def cell_update_errors(a: dict) -> tuple[float, float, float]:
    """How far each candidate line misses the engine's C(t), over every word after the first: f·C(t-1) + i·c̃,
    o·tanh(C(t-1)), and a gate σ(W·[h, x] + b) itself (the closest of f, i, o)."""
    c, previous = a["c"][1:], a["c"][:-1]
    update = np.abs(a["f"][1:] * previous + a["i"][1:] * a["c_tilde"][1:] - c).max()
    squashed = np.abs(a["o"][1:] * np.tanh(previous) - c).max()
    gate = min(np.abs(a[g][1:] - c).max() for g in GATES)
    return float(update), float(squashed), float(gate)


def cell_update_answer(options, a: dict, words: int) -> MeasuredAnswer:
    errors = cell_update_errors(a)
    best = int(np.argmin(errors))
    correct = options[best] if errors[best] < EXACT else None
    return MeasuredAnswer(correct, (
        f"Measured on the engine's LSTM reading the lesson's sentence ({words} words): f·C(t-1) + i·c̃ gives the "
        f"C(t) it computed at every word (largest difference {errors[0]:.0g}); o·tanh(C(t-1)) misses by up to "
        f"{errors[1]:.2f} and a gate's own value by up to {errors[2]:.2f}. The cell state is the old memory, scaled "
        "by f, plus the new candidate, scaled by i."))


def role_errors(a: dict, gate: str) -> tuple[float, float, float]:
    """How far the engine's numbers are from `gate` doing each job: scaling the old memory (g·C(t-1) + i·c̃ = C),
    scaling the new candidate (f·C(t-1) + g·c̃ = C), scaling what is shown (g·tanh(C) = h)."""
    g, c, previous = a[gate][1:], a["c"][1:], a["c"][:-1]
    remove = np.abs(g * previous + a["i"][1:] * a["c_tilde"][1:] - c).max()
    store = np.abs(a["f"][1:] * previous + g * a["c_tilde"][1:] - c).max()
    show = np.abs(g * np.tanh(c) - a["h"][1:]).max()
    return float(remove), float(store), float(show)


def gate_job_answer(options, a: dict, story, display_words, moments) -> MeasuredAnswer:
    """Which gate lets go of the first country when a new one comes: the one that scales the old memory C(t-1);
    the sentence is the Gates page's own (where the forget gate drops, where the answer lets go)."""
    letting_go = min(GATES, key=lambda gate: role_errors(a, gate)[0])
    correct = options[GATES.index(letting_go)] if role_errors(a, letting_go)[0] < EXACT else None
    where = ("" if moments.drop is None
             else drop_sentence(moments.drop, moments.gone, display_words, story.languages) + " ")
    return MeasuredAnswer(correct, (
        f"Measured on the trained LSTM reading the lesson's sentence. {where}"
        "Of the three gates, only f multiplies the old memory: "
        "f·C(t-1) + i·c̃ reproduces every C(t) the engine computed."))


def gate_role_answer(options, gate: str, a: dict, story, display_words, moments) -> MeasuredAnswer:
    """What `gate` does, among the lesson's four roles: the job whose equation the engine's numbers satisfy; the
    sentence quotes the moment the Gates page shows for that gate."""
    errors = role_errors(a, gate)
    best = int(np.argmin(errors))
    correct = options[best] if errors[best] < EXACT else None
    drop, wait = moments.drop, moments.wait
    if gate == "o" and wait is not None:
        said = wait_sentence(wait, display_words)
    elif gate == "o":
        end, unit = len(display_words) - 1, story.carrier_units[0]
        said = (f"At the last word, “{display_words[end]}”, unit {unit + 1}'s o = {a['o'][end, unit]:.2f} lets "
                f"h = o·tanh(C) = {a['h'][end, unit]:.2f} out of C = {a['c'][end, unit]:.2f}.")
    elif drop is None:
        return MeasuredAnswer(correct, "Measured on the trained LSTM: this sentence names no second country, so no "
                                       "gate had a first one to let go of.")
    elif gate == "f":
        said = drop_sentence(drop, None, display_words, story.languages)
    else:
        t, u = drop.new_country, drop.unit
        said = (f"At “{display_words[t]}”, unit {u + 1}'s input gate lets in i = {a['i'][t, u]:.2f} of the new "
                f"candidate c̃ = {a['c_tilde'][t, u]:.2f}.")
    return MeasuredAnswer(correct, f"Measured on the trained LSTM reading the lesson's sentence. {said}")


def why_rnn_fails_answer(options, findings) -> MeasuredAnswer:
    """The RNN's failure, measured: Why LSTM's own measured-cause sentence (the reach at the country and the training
    distance where the RNN's runs fail to learn the link and the LSTM's learn it)."""
    rnn, lstm = findings.reach_at_country("rnn"), findings.reach_at_country("lstm")
    correct = options[0] if rnn.typical_h < lstm.typical_h and contrast(findings) is not None else None
    return MeasuredAnswer(correct, measured_cause(findings, 0))
