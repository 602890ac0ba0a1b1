"""What the Why LSTM page says about memory, built from the measured numbers (never typed in).

Pure: every sentence is made from lstm_engine.memory.findings.Findings, rounded the way the page rounds ("{:.0%}"),
so a test can read the numbers back. Where a measurement disagrees with the lesson's wording, the sentence says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from math import log10

from lstm_engine.memory.findings import LEARNED, Findings
from lstm_engine.memory.shipped import (
    FEATURED_DISTANCE,
    FEATURED_SETTING,
    FROM_ZERO,
    LONG_ONLY,
    TRAINING_DISTANCES,
    setting_of,
)

LABELS = {"rnn": "RNN", "gru": "GRU", "lstm": "LSTM"}
SENTENCES = {FROM_ZERO: "every gap from 0 up", LONG_ONLY: "long sentences only (from half the distance up)"}
_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


@dataclass(frozen=True)
class Insight:
    headline: str
    evidence: str
    holds: bool         # True when the measurement supports the lesson's claim as worded


def power(value: float) -> str:
    """A share as a power of ten a student can read: 8.5e4 -> "about 10⁵", 9.3e-4 -> "about 10⁻³" (the nearest
    decade); between 0.1 and 10 the number itself; at or below 1e-300 "less than 10⁻³⁰⁰"."""
    if value <= 1e-300:
        return "less than 10⁻³⁰⁰"
    exponent = round(log10(value))
    return f"about 10{str(exponent).translate(_SUPERSCRIPT)}" if exponent else f"{value:.2g}"


def of(counts: tuple[int, int]) -> str:
    """(9, 10) -> "9 of 10"; (10, 10) -> "all 10"; (0, 10) -> "none of 10"."""
    k, n = counts
    return f"all {n}" if k == n else f"none of {n}" if k == 0 else f"{k} of {n}"


def setting_phrase(setting: tuple[int, int]) -> str:
    """(0, 200) -> "trained on gaps 0–200 words"."""
    return f"trained on gaps {setting[0]}–{setting[1]} words"


def run_phrase(run: str, total: int) -> str:
    """How a caption names the shown run, e.g. "the typical training run … (median of 10)"."""
    return {"typical": f"the typical training run of each model (the median of {total} by held-out accuracy)",
            "best": f"the best of {total} training runs of each model (a lucky run, not the usual outcome)",
            "worst": f"the worst of {total} training runs of each model"}[run]


def headline(findings: Findings, kinds: Sequence[str], gap: int, run: str = "typical") -> str:
    return "Right answers: " + " · ".join(f"{LABELS[k]} {findings.accuracy(k, gap, run).accuracy:.0%}" for k in kinds)


def share(counts: tuple[int, int]) -> float:
    return counts[0] / counts[1]


def contrast(findings: Findings) -> int | None:
    """The longest training distance at which, on long sentences only, most LSTM runs learned the link and few RNN
    runs did (at least 80% against at most 20%); None where no distance shows that."""
    for distance in sorted(TRAINING_DISTANCES, reverse=True):
        setting = setting_of(distance, LONG_ONLY)
        if ("lstm", setting) in findings.runs and share(findings.learned("lstm", setting)) >= 0.8 \
                and share(findings.learned("rnn", setting)) <= 0.2:
            return distance
    return None


def long_only_phrase(findings: Findings, distance: int) -> str:
    """"trained on sentences 100–200 words apart only, none of 5 RNN runs learned the link and all 5 LSTM runs"."""
    setting = setting_of(distance, LONG_ONLY)
    return (f"trained on sentences {setting[0]}–{setting[1]} words apart only, {of(findings.learned('rnn', setting))} "
            f"RNN runs learned the link and {of(findings.learned('lstm', setting))} LSTM runs")


def measured_cause(findings: Findings, gap: int) -> str:
    """One sentence under the headline naming what the measurements say is behind the lesson's claim."""
    rnn, lstm = findings.accuracy("rnn", gap), findings.accuracy("lstm", gap)
    if gap > FEATURED_DISTANCE and rnn.accuracy < LEARNED <= lstm.accuracy:
        return (f"Past the {FEATURED_DISTANCE} words it was trained on, the RNN's memory fades ({rnn.accuracy:.0%} "
                f"right here) while the LSTM's holds ({lstm.accuracy:.0%}).")
    rnn_share, lstm_share = (power(findings.reach_at_country(kind).typical_h) for kind in ("rnn", "lstm"))
    signal = (f"{rnn_share[0].upper()}{rnn_share[1:]} of the RNN's training signal at the blank gets back to France, "
              f"{findings.country_distance()} words earlier (of the LSTM's: {lstm_share})")
    easy = of(findings.learned("rnn", FEATURED_SETTING))
    distance = contrast(findings)
    if distance is None:
        return (f"Measured: {signal}. {long_only_phrase(findings, FEATURED_DISTANCE).capitalize()}; with short "
                f"sentences in the training too, {easy} RNN runs did.")
    return (f"Measured cause: {signal}. So, {long_only_phrase(findings, distance)}; with short sentences in the "
            f"training too, {easy} RNN runs learned it even at {FEATURED_DISTANCE} words.")


def intro_finding(findings: Findings) -> Insight:
    """What the lesson claims and what was measured, in a few sentences, and whether they agree."""
    easy_rnn = findings.learned("rnn", FEATURED_SETTING)
    distance = contrast(findings)
    farthest = long_only_phrase(findings, FEATURED_DISTANCE)
    if distance is None:
        return Insight("The lesson's claim, measured",
                       f"Measured: {farthest}; with short sentences in the mix, {of(easy_rnn)} RNN runs learned it. "
                       "At no training distance did most LSTM runs learn from long sentences where most RNN runs "
                       "failed: these runs do not show the lesson's claim.", False)
    text = f"Measured: {long_only_phrase(findings, distance)}."
    if distance != FEATURED_DISTANCE:
        text += f" Farther apart, {farthest}: within this training budget, distance defeats both."
    text += (f" With short sentences in the mix, {of(easy_rnn)} RNN runs learned it even {FEATURED_DISTANCE} words "
             "apart. So the RNN does not so much forget France as fail to learn the link across the distance: almost "
             "none of its training signal gets that far back (Bengio, Simard and Frasconi, 1994).")
    return Insight("The lesson's claim, measured", text, True)


def takeaway(findings: Findings) -> str:
    """The Summary's measured gloss on the lesson's key takeaway."""
    rnn, lstm = findings.reach_at_country("rnn"), findings.reach_at_country("lstm")
    long_only = setting_of(FEATURED_DISTANCE, LONG_ONLY)
    return (f"Measured in this app, the gates **ease** vanishing gradients rather than abolish them: of the training "
            f"signal at the blank, {power(lstm.typical_h)} reaches the country {lstm.words_back} words back in the "
            f"typical LSTM run, {power(rnn.typical_h)} in the RNN's; trained on long sentences only, "
            f"{of(findings.learned('lstm', long_only))} LSTM runs and {of(findings.learned('rnn', long_only))} RNN "
            "runs learned the link.")


def learned_caption(findings: Findings, kinds: Sequence[str]) -> str:
    """The runs-that-learned chart in words: per kind and way of choosing the sentences, the counts."""
    parts = []
    for sentences, phrase in SENTENCES.items():
        rows = []
        for kind in kinds:
            counts = findings.learned_by_distance(kind, sentences)
            rows.append(f"{LABELS[kind]} " + ", ".join(f"{k}/{n} at {d}" for d, (k, n) in counts.items()))
        parts.append(f"Trained on {phrase}: " + "; ".join(rows) + ".")
    return " ".join(parts) + " (runs that learned / runs, by the longest training gap in words)"


def key_insight(findings: Findings, kinds: Sequence[str], setting: tuple[int, int], gap: int = 400) -> Insight:
    """The accuracy chart of one setting in words: medians at the longest gap shown, and whether runs hold past
    what they were trained on."""
    parts = ", ".join(f"{LABELS[k]} {findings.median_accuracy(k, gap, setting):.0%}" for k in kinds)
    text = (f"Runs {setting_phrase(setting)}, asked with {gap} words in between: the median run gets {parts} right "
            f"(guessing gets {findings.chance:.1%}).")
    if "rnn" not in kinds or "lstm" not in kinds:
        return Insight("How far each model's memory reaches", text, True)
    rnn, lstm = findings.median_accuracy("rnn", gap, setting), findings.median_accuracy("lstm", gap, setting)
    if lstm >= LEARNED > rnn:
        return Insight("The LSTM's memory reaches past what it was trained on; the RNN's fades.",
                       text + " “LSTM can remember information for hundreds of time steps”: measured, it does.", True)
    if lstm >= LEARNED and rnn >= LEARNED:
        return Insight("Here both remember for hundreds of words.",
                       text + " The lesson says only the LSTM does: these runs do not show that difference; the "
                              "charts above show where it appears.", False)
    if rnn > lstm + 0.1:
        return Insight("Trained this way, the RNN's memory reaches further than the LSTM's.",
                       text + " Past what they were trained on, neither model's memory is a given; the lesson's "
                              "claim is about learning the link, shown in the first chart.", False)
    return Insight("Neither model's median run remembers this far.", text, False)


def reach_words(findings: Findings, kinds: Sequence[str]) -> str:
    """The gradient chart in words: the typical run's share at the country, the middle half of the runs."""
    n_far = findings.country_distance()
    parts = []
    for kind in kinds:
        at = findings.reach_at_country(kind)
        part = f"{LABELS[kind]} {at.typical_h:.1e} (middle half of runs {at.q1_h:.0e}–{at.q3_h:.0e})"
        if at.typical_c is not None:
            part += f", through the cell state {at.typical_c:.1e}"
        parts.append(part)
    text = (f"Of the training signal at the blank, the share that gets back to France, {n_far} words earlier, on "
            "the typical run: " + "; ".join(parts) + ".")
    if "rnn" in kinds and "lstm" in kinds:
        rnn, lstm = findings.reach_at_country("rnn").typical_h, findings.reach_at_country("lstm").typical_h
        if rnn > 1e-300:
            text += f" The LSTM passes {power(lstm / rnn)} times more of it back than the RNN."
        text += (f" It still shrinks on the way (to {power(lstm)} of what it was): the LSTM eases vanishing gradients; "
                 "the lesson's “solves” is stronger than what is measured.")
    return text


def learning_caption(findings: Findings, kinds: Sequence[str], setting: tuple[int, int] = FEATURED_SETTING) -> str:
    """When the median run of each kind first gets LEARNED right at its longest training gap."""
    parts = []
    for kind in kinds:
        spread, _ = findings.learning(kind, setting)
        step = findings.first_step_learned(kind, setting)
        reached = f"first reaches {LEARNED:.0%} after {step:,} steps" if step is not None else \
            f"never reaches {LEARNED:.0%}"
        parts.append(f"the median {LABELS[kind]} run {reached} and ends at {spread.median[-1]:.0%}")
    return (f"Measured every 100 training steps on the same held-out sentences ({setting_phrase(setting)}): "
            + "; ".join(parts) + ".")


def expected_language(tokens: Sequence[str], pairs: Sequence[tuple[str, str]]) -> str | None:
    """The right answer for a typed sentence, as the memory task defines it: the last country named."""
    languages = {country.lower(): language for country, language in pairs}
    named = [languages[token] for token in tokens if token in languages]
    return named[-1] if named else None


def no_country_note(pairs: Sequence[tuple[str, str]]) -> str:
    countries = ", ".join(country for country, _ in pairs)
    return ("Your sentence names no country these models know, so there is no right answer: the bars are only "
            f"a guess, not knowledge. The models know {countries}.")


def yours_compared(label: str, curve, findings: Findings, gap: int = FEATURED_DISTANCE) -> str:
    """A model trained on the page beside the shipped runs of its kind (featured setting), at `gap`."""
    if gap not in list(curve.gaps):
        return ""
    yours = curve.accuracy[list(curve.gaps).index(gap)]
    median = findings.median_accuracy(curve.kind, gap)
    counts = findings.learned(curve.kind, FEATURED_SETTING)
    return (f"{label}: {yours:.0%} right with {gap} words in between. The shipped {LABELS[curve.kind]} runs "
            f"({setting_phrase(FEATURED_SETTING)}): median {median:.0%}; {of(counts)} learned the task.")
