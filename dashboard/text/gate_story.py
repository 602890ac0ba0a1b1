"""Sentences about what the trained LSTM's gates did on a sentence, built from `lstm_engine.memory.gate_moments`
(never typed in): where the forget gate drops, where the answer lets go of the first country, whether a unit's
forget gate stays near 1 while it carries (the Why LSTM page's highway), and an output gate that waits for the
question. `words` are the tokens as the page prints them. Pure: no Streamlit."""

from __future__ import annotations

from dashboard.text.gate_examples import OPEN
from lstm_engine.memory.gate_moments import HOLDS, OPENS

NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def words_count(n: int) -> str:
    number = NUMBER_WORDS[n] if n < len(NUMBER_WORDS) else str(n)
    return f"{number} word{'' if n == 1 else 's'}"


def drop_sentence(drop, gone, words, languages) -> str:
    """Where the forget gate of the units shown drops, and where the answer stops being the first language."""
    new = f"“{words[drop.new_country]}”"
    where = (f"at {new} itself" if drop.position == drop.new_country
             else f"at “{words[drop.position]}”, {words_count(drop.new_country - drop.position)} before {new}")
    text = (f"The forget gate of unit {drop.unit + 1} drops to {drop.f:.2f} {where}: the unit lets go of what it "
            f"held (its C goes from {drop.c_before:.2f} to {drop.c_after:.2f}).")
    if gone is None:
        return text
    language, country = languages[gone.language], words[drop.first_country]
    when = (f"before {new} is named" if gone.position < drop.new_country
            else f"at {new}" if gone.position == drop.new_country else f"only after {new}")
    return (text + f" Asked right after “{words[gone.position - 1]}”, the model still answers {language} "
            f"(P = {gone.before:.2f}); right after “{words[gone.position]}”, P({language}) = {gone.after:.2f}: it "
            f"lets go of {country} {when}.")


def stretch(words, start: int, end: int) -> str:
    """Words start..end named by the words around them: "the 17 words between “France” and “Spain”"."""
    count, last = words_count(end - start + 1), len(words) - 1
    if 0 < start and end < last:
        return f"the {count} between “{words[start - 1]}” and “{words[end + 1]}”"
    if 0 < start:
        return f"the {count} after “{words[start - 1]}”"
    return f"the {count} before “{words[end + 1]}”" if end < last else f"all {count} of the sentence"


def highway_sentence(span, words) -> str:
    """Whether `span.unit`'s forget gate stays near 1 while it carries the first country (Why LSTM's highway)."""
    claim = "Why LSTM says the cell state rides its highway while the forget gate stays near 1."
    lowest = f"its lowest is {span.lowest:.2f}, at “{words[span.lowest_position]}”"
    over = f"over {stretch(words, span.start, span.end)} its forget gate has a median of {span.median:.2f}"
    if span.median >= OPEN:
        return f"{claim} Unit {span.unit + 1} does: {over}; {lowest}."
    return (f"{claim} Unit {span.unit + 1} does not: {over} ({lowest}), so it keeps little of its cell from word "
            "to word.")


def wait_sentence(wait, words) -> str:
    """A unit that keeps a value in C and lets it into h at the question, or that none does."""
    if wait is None:
        return (f"On this sentence no unit that keeps its cell state away from 0 (|C| ≥ {HOLDS:g}) waits for the "
                f"question with its output gate (o rising by {OPENS:g} or more at the last word); the chart shows "
                "o and h of the units above.")
    little = "little" if wait.mean_o <= 0.5 else "only part"
    return (f"Unit {wait.unit + 1} keeps a value in its cell over {stretch(words, wait.start, wait.end)} (|C| stays "
            f"at {wait.least_c:.2f} or more), but its output gate lets {little} of it into h there: o averages "
            f"{wait.mean_o:.2f} (lowest {wait.lowest_o:.2f}, at “{words[wait.lowest_position]}”). At “{words[-1]}”, "
            f"where the answer is read, o = {wait.o_last:.2f} and h = {wait.h_last:.2f}.")
