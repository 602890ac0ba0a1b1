"""What the Why LSTM page says about memory, built from the measured numbers (never typed in).

Pure: takes the engine's records (lstm_engine.memory.shipped.TrainingRun, run_spread.Spread, stored gradient
flows) and returns sentences. Numbers in a sentence are the numbers of the data it is given, rounded the way
the page rounds them ("{:.0%}"), so a test can read them back.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from lstm_engine.memory.retention import runs_remembering

RELIABLE = 0.9          # a training run "keeps" the country at a gap when at least this share is right
COUNT_GAP = 200         # the gap the runs are counted at ("hundreds of time steps" starts here)
RUN_WORDS = {"typical": "typical", "best": "best", "worst": "worst"}
LABELS = {"rnn": "RNN", "gru": "GRU", "lstm": "LSTM"}
_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


@dataclass(frozen=True)
class Insight:
    headline: str
    evidence: str
    holds: bool         # True when the measurement supports the lesson's claim (LSTM keeps, RNN mostly not)


def run_phrase(run: str, total: int) -> str:
    """How a caption names the shown run, e.g. "the typical training run (median of 10)"."""
    return {"typical": f"the typical training run of each model (the median of {total} by held-out accuracy)",
            "best": f"the best of {total} training runs of each model (a lucky run, not the usual outcome)",
            "worst": f"the worst of {total} training runs of each model"}[run]


def keeping_counts(runs: Mapping[str, Sequence[object]], gap: int = COUNT_GAP) -> dict:
    """kind -> (runs at least RELIABLE right at `gap`, runs)."""
    return {kind: runs_remembering([run.retention for run in kind_runs], gap, RELIABLE)
            for kind, kind_runs in runs.items()}


def keeping_line(runs: Mapping[str, Sequence[object]], gap: int = COUNT_GAP) -> str:
    counts = keeping_counts(runs, gap)
    listed = ", ".join(f"{LABELS[kind]} {k} of {n}" for kind, (k, n) in counts.items())
    return f"Training runs that keep at least {RELIABLE:.0%} right with {gap} words in between: {listed}."


def _median_at(spread, gap: int) -> float:
    return spread.median[list(spread.x).index(gap)]


def key_insight(spreads: Mapping[str, object], runs: Mapping[str, Sequence[object]],
                gap: int = COUNT_GAP) -> Insight:
    """A short paragraph a student could have written, from the runs' median and counts at `gap`."""
    counts = keeping_counts(runs, gap)
    chance = next(iter(runs.values()))[0].retention.chance
    n = max(total for _, total in counts.values())
    typical = ", ".join(f"{LABELS[kind]} {_median_at(spread, gap):.0%}" for kind, spread in spreads.items())
    kept = ", ".join(f"{LABELS[kind]} in {k} of {total}" for kind, (k, total) in counts.items())
    text = (f"We trained each model {n} times on the same sentences, each time from different random starting "
            f"weights. With {gap} words between the country and the blank, the typical training run gets {typical} "
            f"right (guessing gets {chance:.1%}). At least {RELIABLE:.0%} right: {kept} training runs.")
    if "lstm" not in counts or "rnn" not in counts:
        return Insight("How reliably each model learns to remember", text, True)
    (k_lstm, n_lstm), (k_rnn, n_rnn) = counts["lstm"], counts["rnn"]
    if k_lstm / n_lstm <= k_rnn / n_rnn:
        return Insight("In these measurements the LSTM is not more reliable than the RNN.",
                       text + " So these training runs do not show the lesson's claim.", False)
    rnn = ("no RNN training run learned to hold on to the country" if k_rnn == 0 else
           "an RNN can hold on to the country now and then, but most of its training runs never learn to hold it reliably"
           if 2 * k_rnn < n_rnn else "most RNN runs hold on to it too, but fewer than the LSTM's")
    lstm = ("every LSTM run did" if k_lstm == n_lstm else "almost every LSTM run did" if k_lstm >= 0.8 * n_lstm
            else f"{k_lstm} of {n_lstm} LSTM runs did")
    return Insight("An LSTM learns to remember far back much more reliably than an RNN.",
                   f"{text} So {rnn}; {lstm}. That is the lesson's point: the LSTM's long memory is much easier "
                   "for training to find.", True)


def learning_caption(spreads: Mapping[str, object], threshold: float = RELIABLE) -> str:
    """When the median run of each kind first gets `threshold` right, and where it ends; when the median RNN run
    learns later than the median LSTM run (or never), the reason the lesson gives."""
    parts, first = [], {}
    for kind, spread in spreads.items():
        first[kind] = next((step for step, value in zip(spread.x, spread.median) if value >= threshold), None)
        reached = (f"first reaches {threshold:.0%} after {first[kind]:,} steps" if first[kind] is not None
                   else f"never reaches {threshold:.0%}")
        parts.append(f"the median {LABELS[kind]} run {reached} and ends at {spread.median[-1]:.0%} "
                     f"after {spread.x[-1]:,} steps")
    text = "Measured every 100 training steps on the same held-out sentences: " + "; ".join(parts) + "."
    if first.get("lstm") is not None and "rnn" in first and (first["rnn"] is None or first["rnn"] > first["lstm"]):
        text += (" The RNN learns the long gap later or never because little of its training signal reaches "
                 "back to the country (the vanishing gradient, measured below).")
    return text


def share_at_country(flow: Mapping) -> tuple[int, float, float | None]:
    """(distance, h share, C share or None) at the measured distance nearest the country."""
    distances = list(flow["distance"])
    k = min(range(len(distances)), key=lambda j: (abs(distances[j] - flow["country_distance"]), distances[j]))
    c = flow.get("c_ratio")
    return int(distances[k]), float(flow["h_ratio"][k]), None if c is None else float(c[k])


def _power(value: float) -> str:
    """2.5e41 -> "about 10⁴¹" (the decade, for a student); 1e-300 and below -> "less than 10^-300"."""
    from math import floor, log10
    if value <= 1e-300:
        return "less than 10⁻³⁰⁰"
    exponent = floor(log10(value))
    return f"about 10{str(exponent).translate(_SUPERSCRIPT)}" if exponent else f"{value:.2g}"


def gradient_words(flows: Mapping[str, Mapping]) -> str:
    """The measured share at the country per kind and the LSTM/RNN ratio, worded as the measurement supports."""
    shares = {kind: share_at_country(flow) for kind, flow in flows.items()}
    first = next(iter(flows.values()))
    parts = [f"{LABELS[kind]} {share[1]:.1e}" if share[1] > 1e-300 else f"{LABELS[kind]} less than 1e-300"
             for kind, share in shares.items()]
    text = (f"Of the training signal one word before the blank, the share that reaches back to the country "
            f"({first['gap']} words earlier): " + ", ".join(parts) + ".")
    if "lstm" in shares and "rnn" in shares:
        lstm, rnn = shares["lstm"][1], shares["rnn"][1]
        if rnn > 1e-300:
            text += (f" At {first['gap']} words the LSTM passes {_power(lstm / rnn)} times more of the signal back "
                     "than the RNN.")
        else:
            text += " The RNN's share is too small to measure (below 10⁻³⁰⁰)."
        text += (f" So the LSTM eases vanishing gradients; it does not abolish them: its share is still "
                 f"{_power(lstm)} of what it was at the blank.")
    return text


def expected_language(tokens: Sequence[str], pairs: Sequence[tuple[str, str]]) -> str | None:
    """The right answer for a typed sentence, as the memory task defines it: the last country named."""
    languages = {country.lower(): language for country, language in pairs}
    named = [languages[token] for token in tokens if token in languages]
    return named[-1] if named else None


def no_country_note(pairs: Sequence[tuple[str, str]]) -> str:
    countries = ", ".join(country for country, _ in pairs)
    return ("Your sentence names no country these models know, so there is no right answer: the bars are only "
            f"a guess, not knowledge. The models know {countries}.")


def yours_compared(label: str, curve, spread, runs: Sequence[object], gap: int = COUNT_GAP) -> str:
    """A model trained on the page beside the shipped runs of its kind, at `gap` (which all must measure)."""
    name = LABELS[curve.kind]
    if gap not in list(curve.gaps) or gap not in list(spread.x):
        return ""
    yours = curve.accuracy[list(curve.gaps).index(gap)]
    k, n = runs_remembering([run.retention for run in runs], gap, RELIABLE)
    verdict = ("like most shipped runs" if (yours >= RELIABLE) == (k * 2 >= n) else "unlike most shipped runs")
    return (f"{label}: {yours:.0%} right with {gap} words in between. The shipped {name} runs: median "
            f"{_median_at(spread, gap):.0%}, {k} of {n} keep at least {RELIABLE:.0%} — yours is {verdict}.")
