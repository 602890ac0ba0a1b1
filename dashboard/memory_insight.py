"""What the Why LSTM page may say about memory, decided by the measurement (RetentionCurve), never assumed.

The lesson's key insight is "LSTM can remember information for hundreds of time steps". The page shows it only
when the measured LSTM curve supports it: the Wilson 95% lower bound stays at or above RELIABLE at every measured
gap up to at least HUNDREDS words. Otherwise the sentence says how far the LSTM did remember. The RNN is quoted
at the measured gap nearest the lesson's "100 words later".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

RELIABLE = 0.9          # lowest 95% bound that still counts as "remembers"
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


def key_insight(curves: Mapping[str, object]) -> Insight:
    """The key-insight sentence for these measured curves (kind -> RetentionCurve; needs "lstm")."""
    headline, evidence, holds = _lstm_part(curves["lstm"])
    if "rnn" in curves:
        evidence += " " + _rnn_part(curves["rnn"])
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
