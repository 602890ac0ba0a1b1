"""The shipped LSTM reading a student's sentence, cached, for the Gates and Data Flow pages.

    read = limit_sentence(text)                  # tokens within MAX_TOKENS, and a notice when cut or empty
    model = shipped_lstm()                       # None while lstm_engine/memory/models/lstm.npz is not there
    story = forget_story_of(read.text)           # lstm_engine.memory.forget_story on the shipped LSTM (trained=False:
                                                 # on an untrained stand-in, for pages that say so)
    reading = read_with_lstm(read.text)          # every step's CellStep and the (T, H) arrays of the trace

Pages never compute model maths: everything here is a call into `lstm_engine`, cached on plain strings.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import streamlit as st

from dashboard.engine_calls.shipped_models import shipped_model
from lstm_engine.layers.cell_walkthrough import cell_step, preset_inputs, preset_lesson, run_one_step
from lstm_engine.layers.lesson_view import to_lesson
from lstm_engine.memory.forget_story import forget_story
from lstm_engine.memory.memory_task import PAIRS, TaskConfig, default_vocabulary, tokenize, two_country_sentence
from lstm_engine.memory.model import Classifier

MAX_CHARS = 600            # longest text a student can type or a link can carry
MAX_TOKENS = 80            # words and sentence stops the pages read (heatmap columns, animation frames)
PROPER_NAMES = {name.lower(): name for pair in PAIRS for name in pair} | {"i": "I"}
TRACE_QUANTITIES = ("f", "i", "c_tilde", "o", "c", "h")
UNTRAINED_HIDDEN = 64


@dataclass(frozen=True)
class LimitedSentence:
    """What the pages read: `text` (the tokens re-joined) and a plain-words notice when the input was changed."""

    text: str
    tokens: tuple[str, ...]
    notice: str | None


@dataclass(frozen=True)
class Reading:
    """One sentence through the shipped LSTM: a CellStep per token and the trace's (T, H) arrays by name."""

    tokens: tuple[str, ...]
    unknown: tuple[str, ...]
    steps: tuple
    arrays: dict
    languages: tuple[str, ...]
    probs: np.ndarray                 # (T, L) the prediction if the sentence ended at each token


def display_tokens(tokens) -> tuple[str, ...]:
    """Tokens as a reader writes them: country and language names, "I" and every sentence start capitalised.
    The model reads lower-case tokens (`tokenize`); this is only how pages print them."""
    shown, start = [], True
    for token in tokens:
        word = PROPER_NAMES.get(token, token)
        if start and word[:1].isalpha():
            word = word[0].upper() + word[1:]
        shown.append(word)
        start = token == "."
    return tuple(shown)


def display_sentence(tokens) -> str:
    """The tokens re-joined as a sentence: capitals as in `display_tokens`, stops written after their word."""
    return " ".join(display_tokens(tokens)).replace(" .", ".")


# The lesson's two-country sentence, shown with normal capitals and stops (it reads as the same tokens).
DEFAULT_SENTENCE = display_sentence(tokenize(two_country_sentence("France", "Spain", gap1=12, gap2=10, seed=0)))


def limit_sentence(text: str, default: str = DEFAULT_SENTENCE) -> LimitedSentence:
    """Cut `text` to MAX_CHARS characters and MAX_TOKENS tokens; an empty reading falls back to `default`."""
    text = text if isinstance(text, str) else ""
    notices = []
    if len(text) > MAX_CHARS:
        notices.append(f"The text is {len(text):,} characters long; only the first {MAX_CHARS} are read.")
        text = text[:MAX_CHARS]
    tokens = tokenize(text)
    if not tokens:
        return LimitedSentence(default, tuple(tokenize(default)),
                               "There are no words to read in this text, so the example sentence is shown.")
    if len(tokens) > MAX_TOKENS:
        notices.append(f"The sentence has {len(tokens)} words and stops (“.”); only the first {MAX_TOKENS} are "
                       "read.")
        tokens = tokens[:MAX_TOKENS]
    return LimitedSentence(" ".join(tokens), tuple(tokens), " ".join(notices) or None)


def shipped_lstm():
    """The shipped LSTM classifier, or None when its weights are not in lstm_engine/memory/models yet."""
    try:
        return shipped_model("lstm")
    except FileNotFoundError:
        return None


@st.cache_resource(show_spinner=False)
def untrained_lstm():
    """Stand-in while the shipped model is missing: the same architecture with PyTorch's random initialisation
    (seed 0), never trained. Pages that use it say so."""
    return Classifier("lstm", default_vocabulary(), PAIRS[:TaskConfig().countries], hidden_size=UNTRAINED_HIDDEN,
                      seed=0)


def lstm_model(trained: bool):
    return shipped_lstm() if trained else untrained_lstm()


# Sentences whose readings stay cached: a reading is ~200 kB pickled (a story ~40 kB), so at most ~4 MB; a class
# mostly reads the default sentences, and a typed one is read again in ~10-30 ms.
READINGS_KEPT = 16


@st.cache_data(show_spinner=False, max_entries=READINGS_KEPT)
def forget_story_of(text: str, trained: bool = True):
    return forget_story(lstm_model(trained), text)


@st.cache_data(show_spinner=False, max_entries=READINGS_KEPT)
def read_with_lstm(text: str, trained: bool = True) -> Reading:
    """`text` read by the shipped LSTM (or, with trained=False, by `untrained_lstm`)."""
    model = lstm_model(trained)
    run = model.run(text)
    lesson = to_lesson(model.layer)
    steps = tuple(cell_step(run.trace, t, lesson) for t in range(len(run.tokens)))
    arrays = {name: np.array(getattr(run.trace, name)[0]) for name in TRACE_QUANTITIES}     # each (T, H)
    return Reading(tuple(run.tokens), tuple(run.unknown), steps, arrays, tuple(run.languages),
                   np.array(run.probs_per_step))


@st.cache_data(show_spinner=False, max_entries=256)
def playground_step(weights, x, h_prev, c_prev):
    """One step of the engine's LSTM with these weights ((name, nested tuples), ...) from (h_prev, c_prev)."""
    return run_one_step({name: np.array(value) for name, value in weights}, x, h_prev, c_prev)


@st.cache_data(show_spinner=False, max_entries=64)
def preset_start(name: str, hidden: int, inputs: int) -> dict[str, tuple[float, ...]]:
    """Where a playground preset starts, as the sliders hold it (2 decimals): "W_f".. each W row-major
    (H·(H+I) numbers), "b_f".., and "x", "h_prev", "c_prev"."""
    lesson = preset_lesson(name, hidden, inputs)
    start = dict(zip(("x", "h_prev", "c_prev"), preset_inputs(name, hidden, inputs)))
    start |= {key: tuple(np.ravel(value)) for key, value in lesson.items()}
    return {key: tuple(round(float(v), 2) for v in values) for key, values in start.items()}


def unknown_words_note(unknown) -> str | None:
    """A caption naming the words the model reads as <unk> (shortened), or None."""
    words = list(dict.fromkeys(unknown))
    if not words:
        return None
    shown = ", ".join(f"“{word[:20]}”" for word in words[:8]) + (" …" if len(words) > 8 else "")
    return f"Words the model never saw in training are read as one unknown word: {shown}."
