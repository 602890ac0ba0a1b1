"""Where the gates act on a sentence, found in a `ForgetStory` (so a page points at what the model did, whatever
the weights):

    drop = forget_drop(story, units)     # the lowest forget gate of `units` between the first country and a new one
    gone = let_go(story)                 # the first word from which the answer is no longer the first country's
    span = forget_span(story, unit)      # one unit's forget gate while it carries the first country
    wait = output_wait(story)            # a unit that keeps a value in C but lets it into h only at the question

Positions are token indices; units index the hidden state (0-based).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .forget_story import ForgetStory
from .memory_task import QUESTION

HOLDS = 1.0         # |C| a unit keeps above through the wait, so tanh(C) is large and o alone decides what h shows
OPENS = 0.3         # o at the last word at least this much above its mean over the wait: the gate waited


@dataclass(frozen=True)
class ForgetDrop:
    unit: int
    position: int             # where f is lowest
    f: float
    c_before: float           # the unit's C(t-1) and C(t) there
    c_after: float
    first_country: int
    new_country: int          # the first later word naming another country


@dataclass(frozen=True)
class LetGo:
    position: int             # the first word after the first country at which the answer is another language
    language: int             # the first country's language (index into story.languages)
    before: float             # P(language) one word earlier and at `position`
    after: float


@dataclass(frozen=True)
class ForgetSpan:
    unit: int
    start: int                # the words looked at: start..end, both included
    end: int
    median: float
    lowest: float
    lowest_position: int


@dataclass(frozen=True)
class OutputWait:
    unit: int
    start: int                # the wait: after the last country word, up to the question (both included)
    end: int
    mean_o: float
    lowest_o: float
    lowest_position: int
    least_c: float            # the smallest |C| over the wait
    o_last: float             # o and h at the last word, where the answer is read
    h_last: float


def _new_country(story: ForgetStory) -> int | None:
    first = story.country_languages[0] if story.country_languages else None
    return next((p for p, k in zip(story.country_positions, story.country_languages) if k != first), None)


def forget_drop(story: ForgetStory, units) -> ForgetDrop | None:
    """The lowest forget gate of `units` after the first country word, up to and including the first word that
    names another country; None without two different countries."""
    new = _new_country(story)
    if new is None:
        return None
    first, units = story.country_positions[0], list(units)
    f = story.f[first + 1:new + 1][:, units]                                      # (words, units)
    t, k = np.unravel_index(int(np.argmin(f)), f.shape)
    position, unit = first + 1 + int(t), units[int(k)]
    return ForgetDrop(unit, position, float(f[t, k]), float(story.c[position - 1, unit]),
                      float(story.c[position, unit]), first, new)


def let_go(story: ForgetStory) -> LetGo | None:
    """The first word after the first country at which the top answer (asked there) stops being that country's
    language; None when there is no country, or the answer never is that language, or never leaves it."""
    if not story.country_positions:
        return None
    first, language = story.country_positions[0], story.country_languages[0]
    top = np.argmax(story.probs, axis=1)                                          # (T,)
    later = [t for t in range(first + 1, len(top)) if top[t - 1] == language and top[t] != language]
    if not later:
        return None
    t = later[0]
    return LetGo(t, language, float(story.probs[t - 1, language]), float(story.probs[t, language]))


def forget_span(story: ForgetStory, unit: int) -> ForgetSpan:
    """`unit`'s forget gate while it carries the first country: the words after it, up to the word before another
    country (or the end). Without a country word: the whole sentence."""
    T = len(story.tokens)
    if story.country_positions:
        new = _new_country(story)
        start, end = min(story.country_positions[0] + 1, T - 1), (T - 1 if new is None else max(new - 1, 0))
        start = min(start, end)
    else:
        start, end = 0, T - 1
    f = story.f[start:end + 1, unit]
    lowest = int(np.argmin(f))
    return ForgetSpan(unit, start, end, float(np.median(f)), float(f[lowest]), start + lowest)


def output_wait(story: ForgetStory) -> OutputWait | None:
    """Of the units whose |C| stays at least HOLDS from the last country word to the question ("so i speak
    fluent", else the last word), the one whose o rises most from its mean over that wait to the last word; None
    when no unit holds a value there or none rises by OPENS."""
    T, q = len(story.tokens), len(QUESTION)
    question = T - q if tuple(story.tokens[-q:]) == QUESTION else T - 1
    start = story.country_positions[-1] + 1 if story.country_positions else 0
    end = question - 1
    if end < start:
        return None
    o, c = story.o[start:end + 1], np.abs(story.c[start:end + 1])                # (wait, H)
    rise = np.where(c.min(axis=0) >= HOLDS, story.o[-1] - o.mean(axis=0), -np.inf)
    unit = int(np.argmax(rise))
    if rise[unit] < OPENS:
        return None
    lowest = int(np.argmin(o[:, unit]))
    return OutputWait(unit, start, end, float(o[:, unit].mean()), float(o[lowest, unit]), start + lowest,
                      float(c[:, unit].min()), float(story.o[-1, unit]), float(story.h[-1, unit]))
