"""The lesson's memory task: "I grew up in France . <gap filler words> so I speak fluent" -> French.

Two variants:
  single       I grew up in <country> . <gap words> so i speak fluent                  -> language of <country>
  two_country  I grew up in <A> . <gap1 words> then we moved to <B> . <gap2 words> so i speak fluent -> language of <B>
The second variant is the forget gate's job: the later country is the answer, the earlier one must be dropped.

The gap is the exact number of filler tokens (words and sentence stops ".") between the country's sentence
and "so i speak fluent". Fillers never name a country or a language. Everything is deterministic from a seed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from lstm_engine.memory.filler_clauses import FILLER_CLAUSES, FILLER_SINGLE_WORDS

PAIRS = (
    ("France", "French"),
    ("Spain", "Spanish"),
    ("Germany", "German"),
    ("Italy", "Italian"),
    ("Japan", "Japanese"),
    ("Russia", "Russian"),
    ("Greece", "Greek"),
    ("Sweden", "Swedish"),
    ("Portugal", "Portuguese"),
    ("Korea", "Korean"),
    ("Finland", "Finnish"),
    ("Hungary", "Hungarian"),
)
VARIANTS = ("single", "two_country", "mixed")
PAD, UNK = "<pad>", "<unk>"
OPENING = ("i", "grew", "up", "in")               # followed by <country> "."
MOVE = ("then", "we", "moved", "to")              # followed by <country> "."
QUESTION = ("so", "i", "speak", "fluent")         # the model answers after the last word
_TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)*|[.!?;:]+")


def tokenize(text: str) -> list[str]:
    """Lower-case words; any run of sentence punctuation ("...", "!", "?") becomes one "." token; the rest is dropped."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {type(text).__name__}")
    text = text.lower().replace("\u2019", "'").replace("\u2026", "...")
    return ["." if token[0] in ".!?;:" else token for token in _TOKEN.findall(text)]


@dataclass(frozen=True)
class TaskConfig:
    """One reproducible stream of task sequences (see `batch_for_gap` and `train.py`'s curriculum)."""
    countries: int = 8
    gap_range: tuple[int, int] = (1, 100)
    variant: str = "single"            # "single" | "two_country" | "mixed" (a share of two_country batches)
    two_country_share: float = 0.3     # used by "mixed"
    unk_rate: float = 0.0              # share of filler words replaced by <unk> so typed unknown words act as filler
    seed: int = 0

    def __post_init__(self):
        if not 2 <= self.countries <= len(PAIRS):
            raise ValueError(f"countries must be between 2 and {len(PAIRS)}, got {self.countries}")
        low, high = self.gap_range
        if not 0 <= low <= high:
            raise ValueError(f"gap_range must satisfy 0 <= low <= high, got {self.gap_range}")
        if self.variant not in VARIANTS:
            raise ValueError(f"variant must be one of {VARIANTS}, got {self.variant!r}")
        if not 0.0 <= self.two_country_share <= 1.0 or not 0.0 <= self.unk_rate < 1.0:
            raise ValueError("two_country_share must be in [0, 1] and unk_rate in [0, 1)")

    @property
    def pairs(self) -> tuple[tuple[str, str], ...]:
        return PAIRS[: self.countries]

    @property
    def languages(self) -> list[str]:
        return [language for _, language in self.pairs]


class Vocabulary:
    """Word <-> id. Id 0 is <pad>, id 1 is <unk>; any word not in the list encodes to <unk>."""

    def __init__(self, words):
        self.words = tuple(words)
        if self.words[:2] != (PAD, UNK) or len(set(self.words)) != len(self.words):
            raise ValueError("a vocabulary starts with <pad>, <unk> and has no repeated word")
        self._index = {word: index for index, word in enumerate(self.words)}
        self.pad, self.unk = 0, 1

    @property
    def size(self) -> int:
        return len(self.words)

    def __contains__(self, word) -> bool:
        return word in self._index

    def id(self, word: str) -> int:
        return self._index.get(word, self.unk)

    def encode(self, tokens) -> np.ndarray:
        return np.array([self._index.get(token, self.unk) for token in tokens], dtype=np.int64)  # (T,)

    def decode(self, ids) -> list[str]:
        return [self.words[int(i)] for i in ids]


def build_vocabulary(config: TaskConfig = TaskConfig()) -> Vocabulary:
    """Specials, the template words, the config's countries, then every filler word (first-seen order)."""
    words = [PAD, UNK]
    fillers = [token for clause in FILLER_CLAUSES for token in tokenize(clause)] + list(FILLER_SINGLE_WORDS)
    for word in [*OPENING, ".", *MOVE, *QUESTION, *(c.lower() for c, _ in config.pairs), *fillers]:
        if word not in words:
            words.append(word)
    return Vocabulary(words)


def default_vocabulary() -> Vocabulary:
    return build_vocabulary(TaskConfig())


_CLAUSES = tuple(tuple(tokenize(clause)) + (".",) for clause in FILLER_CLAUSES)   # each ends with "."
_SHORTEST = min(len(clause) for clause in _CLAUSES)


def _filler(gap: int, rng: np.random.Generator) -> list[str]:
    """Exactly `gap` tokens: whole clauses ending in ".", topped up with single words when no clause fits."""
    tokens: list[str] = []
    while len(tokens) < gap:
        room = gap - len(tokens)
        if room >= _SHORTEST:
            fitting = [clause for clause in _CLAUSES if len(clause) <= room]
            tokens.extend(fitting[rng.integers(len(fitting))])
        else:
            tokens.append(FILLER_SINGLE_WORDS[rng.integers(len(FILLER_SINGLE_WORDS))])
    return tokens


def filler_words(gap: int, seed: int = 0) -> list[str]:
    """The `gap` filler tokens used between the country and the question (deterministic per seed)."""
    _check_gap(gap)
    return _filler(gap, np.random.default_rng(seed))


def _check_gap(gap) -> None:
    if isinstance(gap, bool) or not isinstance(gap, (int, np.integer)) or gap < 0:
        raise ValueError(f"a gap is a whole number of words >= 0, got {gap!r}")


def _country(name: str) -> str:
    for country, _ in PAIRS:
        if country.lower() == str(name).lower():
            return country
    raise ValueError(f"unknown country {name!r}; choose one of {', '.join(c for c, _ in PAIRS)}")


def single_tokens(country: str, filler: list[str]) -> list[str]:
    return [*OPENING, country.lower(), ".", *filler, *QUESTION]


def two_country_tokens(first: str, second: str, filler1: list[str], filler2: list[str]) -> list[str]:
    return [*OPENING, first.lower(), ".", *filler1, *MOVE, second.lower(), ".", *filler2, *QUESTION]


def _sentence(tokens: list[str]) -> str:
    text = " ".join(tokens)
    return text[0].upper() + text[1:].replace(" i ", " I ")


def lesson_sentence(country: str = "France", gap: int = 100, seed: int = 0) -> str:
    """The lesson's sentence with exactly `gap` filler tokens between "<country> ." and "so I speak fluent"."""
    _check_gap(gap)
    return _sentence(single_tokens(_country(country), filler_words(gap, seed)))


def two_country_sentence(first: str = "France", second: str = "Spain", gap1: int = 20, gap2: int = 20,
                         seed: int = 0) -> str:
    """"I grew up in <first> . <gap1> then we moved to <second> . <gap2> so I speak fluent" (answer: second)."""
    _check_gap(gap1)
    _check_gap(gap2)
    rng = np.random.default_rng(seed)
    return _sentence(two_country_tokens(_country(first), _country(second), _filler(gap1, rng), _filler(gap2, rng)))


@dataclass(frozen=True)
class Batch:
    """Sequences of one length. ids (B, T); labels (B,) index into config.languages; gap = filler before the question."""
    ids: np.ndarray
    labels: np.ndarray
    variant: str
    gap: int
    gap1: int | None = None            # two_country only: filler between the first and the second country


def batch_for_gap(config: TaskConfig, vocab: Vocabulary, batch_size: int, gap: int, rng: np.random.Generator,
                  variant: str = "single", gap1: int | None = None) -> Batch:
    """`batch_size` fresh sequences with exactly `gap` filler tokens before the question (equal length, no padding).

    two_country: `gap1` filler tokens separate the two countries (drawn from the config's gap range if None);
    the two countries always differ and the label is the second one's language.
    """
    _check_gap(gap)
    if variant not in ("single", "two_country"):
        raise ValueError(f"a batch is 'single' or 'two_country', got {variant!r}")
    if variant == "two_country" and gap1 is None:
        gap1 = int(rng.integers(config.gap_range[0], config.gap_range[1] + 1))
    countries = [country for country, _ in config.pairs]
    labels = rng.integers(config.countries, size=batch_size)                         # (B,)
    rows = []
    for label in labels:
        if variant == "single":
            tokens = single_tokens(countries[label], _filler(gap, rng))
        else:
            first = (label + rng.integers(1, config.countries)) % config.countries     # never the answer
            tokens = two_country_tokens(countries[first], countries[label], _filler(gap1, rng), _filler(gap, rng))
        rows.append(vocab.encode(tokens))
    ids = np.stack(rows)                                                               # (B, T)
    if config.unk_rate > 0:
        ids = _unk_some_filler(ids, vocab, config.unk_rate, rng)
    return Batch(ids=ids, labels=labels.astype(np.int64), variant=variant, gap=int(gap), gap1=gap1)


_TEMPLATE = frozenset((*OPENING, *MOVE, *QUESTION, ".", *(country.lower() for country, _ in PAIRS)))


def _unk_some_filler(ids: np.ndarray, vocab: Vocabulary, rate: float, rng: np.random.Generator) -> np.ndarray:
    """Replace a share of filler-only word ids by <unk> (never a template word, a country or ".")."""
    protected = np.array([vocab.id(word) for word in _TEMPLATE if word in vocab])
    maskable = ~np.isin(ids, protected)                                                # (B, T)
    drop = maskable & (rng.random(ids.shape) < rate)
    return np.where(drop, vocab.unk, ids)
