"""What the Why LSTM page may say about memory, decided by the measurement (RetentionCurve), never assumed.

The lesson's key insight is "LSTM can remember information for hundreds of time steps". The page shows it only
when the measured LSTM curve supports it: the Wilson 95% lower bound stays at or above RELIABLE at every measured
gap up to at least HUNDREDS words. Otherwise the sentence says how far the LSTM did remember. The RNN is quoted
at the measured gap nearest the lesson's "100 words later". When every training run of each model is given
(lstm_engine.memory.shipped.training_runs), it also says in how many runs each model remembered at the longest gap.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from lstm_engine.memory.retention import runs_remembering

RELIABLE = 0.9          # lowest 95% bound that still counts as "remembers"; a training run counts when its
                        # accuracy (200 sentences per gap) reaches it
HUNDREDS = 200          # "hundreds of time steps" starts here
LESSON_GAP = 100        # "[100 words later]"


@dataclass(frozen=True)
class Insight:
    headline: str
    evidence: str
    holds: bool         # True when the measurement supports the lesson's claim


def longest_reliable_gap(curve) -> int | None:
    """The largest measured gap up to which every measured gap has its 95% lower bound >= RELIABLE."""
    longest = None
    for gap, low in sorted(zip(curve.gaps, curve.low)):
        if low < RELIABLE:
            break
        longest = gap
    return longest


def _at(curve, gap: int) -> str:
    """ "97% right (95% interval 95%–98%)" at a measured gap."""
    k = list(curve.gaps).index(gap)
    return f"{curve.accuracy[k]:.0%} right (95% interval {curve.low[k]:.0%}–{curve.high[k]:.0%})"


def _lstm_part(lstm) -> tuple[str, str, bool]:
    longest = longest_reliable_gap(lstm)
    count = f"{lstm.samples} fresh sentences per gap"
    if longest is not None and longest >= HUNDREDS:
        return ("LSTM can remember information for hundreds of time steps.",
                f"Measured on {count}: with {longest} words between the country and the blank, the LSTM is "
                f"{_at(lstm, longest)}.", True)
    gaps = sorted(lstm.gaps)
    if longest is None:
        return (f"In this measurement the LSTM does not remember reliably, even with {gaps[0]} words in between.",
                f"Measured on {count}: at a gap of {gaps[0]} it is {_at(lstm, gaps[0])}.", False)
    beyond = [gap for gap in gaps if gap > longest]
    after = (f"At a gap of {beyond[0]} it is {_at(lstm, beyond[0])}." if beyond
             else f"No gap longer than {longest} words was measured.")
    return (f"In this measurement the LSTM remembers reliably up to {longest} words — not hundreds.",
            f"Measured on {count}: at a gap of {longest} it is {_at(lstm, longest)}. {after}", False)


def _rnn_part(rnn) -> str:
    gap = min(rnn.gaps, key=lambda g: (abs(g - LESSON_GAP), g))
    k = list(rnn.gaps).index(gap)
    said = f"The RNN, with {gap} words in between: {_at(rnn, gap)}"
    if rnn.low[k] >= RELIABLE:
        return said + " — here the RNN remembers too, so this measurement does not show it forgetting."
    if rnn.low[k] <= rnn.chance:
        return said + f", no better than guessing (chance {rnn.chance:.1%})."
    return said + f" (chance {rnn.chance:.1%})."


def _run_outcome(run) -> str:
    """ "seed 3 fell from 100% at gap 5 to 73% at gap 400" or "seed 2 stayed near chance" (its measured ends)."""
    curve = run.retention
    order = sorted(range(len(curve.gaps)), key=lambda k: curve.gaps[k])
    first, last = order[0], order[-1]
    if max(curve.accuracy) < 2 * curve.chance:
        return f"seed {run.seed} stayed near chance (at most {max(curve.accuracy):.0%} right)"
    verb = "fell" if curve.accuracy[last] < curve.accuracy[first] else "went"
    return (f"seed {run.seed} {verb} from {curve.accuracy[first]:.0%} at gap {curve.gaps[first]} "
            f"to {curve.accuracy[last]:.0%} at gap {curve.gaps[last]}")


def runs_part(runs: Mapping[str, Sequence[object]]) -> str:
    """In how many training runs each model remembered (>= RELIABLE right) at the longest gap all runs measured
    (kind -> sequence of lstm_engine.memory.shipped.TrainingRun); the RNN's other runs are described by their numbers."""
    runs = {kind: list(kind_runs) for kind, kind_runs in runs.items() if kind_runs}
    if "lstm" not in runs:
        return ""
    gap = max(set.intersection(*(set(run.retention.gaps) for kind_runs in runs.values() for run in kind_runs)),
              default=None)
    if gap is None:
        return ""
    counts = {kind: runs_remembering([run.retention for run in kind_runs], gap, RELIABLE)
              for kind, kind_runs in runs.items()}
    n_lstm, total = counts["lstm"]
    text = (f"Each model was trained {total} times from different random starting weights on the same sentences. "
            f"The LSTM remembered across {gap} words (at least {RELIABLE:.0%} right) in {n_lstm} of {total} "
            "training runs")
    if "gru" in counts:
        text += f", the GRU in {counts['gru'][0]} of {counts['gru'][1]}"
    if "rnn" not in counts:
        return text + "."
    n_rnn, rnn_total = counts["rnn"]
    text += f"; the RNN in {n_rnn} of {rnn_total}"
    others = [_run_outcome(run) for run in runs["rnn"]
              if run.retention.accuracy[list(run.retention.gaps).index(gap)] < RELIABLE]
    if others:
        text += " — in its other runs " + ", ".join(others)
    if n_rnn < rnn_total and n_rnn / rnn_total < n_lstm / total:
        text += (". Gradient descent rarely finds a long memory for the RNN: the training signal that reaches "
                 "back to the country vanishes (see the gradient flow)")
    return text + "."


def key_insight(curves: Mapping[str, object], runs: Mapping[str, Sequence[object]] | None = None) -> Insight:
    """The key-insight sentence for these measured curves (kind -> RetentionCurve; needs "lstm") and, when
    given, every training run of each model (kind -> sequence of TrainingRun)."""
    headline, evidence, holds = _lstm_part(curves["lstm"])
    if "rnn" in curves:
        evidence += " " + _rnn_part(curves["rnn"])
        if runs and "rnn" in runs:
            evidence = evidence.replace("so this measurement does not show it forgetting.",
                                        "so this model does not show it forgetting; it is the best of the "
                                        "RNN's training runs (below).")
    if runs:
        part = runs_part(runs)
        evidence += ("\n\n" + part) if part else ""
    return Insight(headline, evidence, holds)


def expected_language(tokens: Sequence[str], pairs: Sequence[tuple[str, str]]) -> str | None:
    """The right answer for a typed sentence, as the memory task defines it: the last country named."""
    languages = {country.lower(): language for country, language in pairs}
    named = [languages[token] for token in tokens if token in languages]
    return named[-1] if named else None


def _share(ratio: float) -> str:
    return f"{ratio:.1g}" if ratio > 0 else "less than 1e-300"


def gradient_summary(flows: Mapping[str, object]) -> str:
    """How much of the gradient one step before the answer reaches the state just after the country
    (kind -> GradientFlow, all measured on the same gap)."""
    parts = []
    for kind, flow in flows.items():
        distances = [int(d) for d in flow.distance]
        k = max(range(len(distances)), key=lambda j: (distances[j] <= flow.country_distance, distances[j]))
        part = f"{kind.upper()} {_share(float(flow.h_ratio[k]))} (‖∂L/∂h‖)"
        if flow.c_ratio is not None:
            part += f" and {_share(float(flow.c_ratio[k]))} through the cell state (‖∂L/∂C‖)"
        parts.append(part)
    first = next(iter(flows.values()))
    return (f"Measured on {first.samples} sentences with {first.gap} words between the country and the blank: "
            "of the gradient one step before the answer, the share that reaches back to the country is "
            + "; ".join(parts) + ".")
