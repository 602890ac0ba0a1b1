"""The lesson's memory task: "I grew up in France . <gap filler words> so I speak fluent" -> French.

Two variants:
  single       I grew up in <country> . <gap words> so i speak fluent                  -> language of <country>
  two_country  I grew up in <A> . <gap1 words> then we moved to <B> . <gap2 words> so i speak fluent -> language of <B>
The second variant is the forget gate's job: the later country is the answer, the earlier one must be dropped.

The gap is the exact number of filler tokens (words and sentence stops ".") between the country's sentence
and "so i speak fluent". Fillers are whole sentences (see `_filler`); `display_text` shows tokens with normal
capitals and full stops. Fillers never name a country or a language. Everything is deterministic from a seed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from lstm_engine.memory.filler_clauses import FILLER_CLAUSES, FILLER_SINGLE_WORDS, PROPER_WORDS

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
    """Lower-case words; a run of sentence punctuation ("...", "!", "?") becomes one "." token; the rest is dropped."""
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
_BY_LENGTH = {n: tuple(i for i, c in enumerate(_CLAUSES) if len(c) == n) for n in {len(c) for c in _CLAUSES}}
_LONGEST = max(_BY_LENGTH)


def _fits(length: int, room: int) -> bool:
    """A clause of `length` tokens may start the rest of a gap of `room` if what is left can still be filled
    with whole sentences (0 or >= 2 tokens: every length 2.._LONGEST has clauses)."""
    return length == room or length <= room - 2


def clause_stream(rng: np.random.Generator):
    """The clauses one filler is drawn from, in order: shuffled, none repeated until all have been used."""
    while True:
        yield from (int(i) for i in rng.permutation(len(_CLAUSES)))


def filler_plan(gap: int, order: list[int]) -> tuple[int, int]:
    """(how many clauses of `order` open a filler of `gap` tokens, tokens left for its closing sentence(s)).

    Clauses are taken in order while each still leaves room for whole sentences; the first that does not fit
    ends the opening (so a longer gap opens with at least as many of the same clauses)."""
    room, taken = gap, 0
    while room > 0 and taken < len(order) and _fits(len(_CLAUSES[order[taken]]), room):
        room -= len(_CLAUSES[order[taken]])
        taken += 1
    return taken, room


def closing_tokens(room: int, rng: np.random.Generator, used=()) -> list[str]:
    """Exactly `room` tokens (0 <= room <= 2 * _LONGEST) as whole sentences, avoiding clauses in `used` when it
    can; a room of one is a single word ("Anyway") that leads into the question."""
    if room == 1:
        return [FILLER_SINGLE_WORDS[rng.integers(len(FILLER_SINGLE_WORDS))]]
    tokens: list[str] = []
    while room > 0:
        length = room if room <= _LONGEST else int(rng.integers(2, min(_LONGEST, room - 2) + 1))
        choices = [i for i in _BY_LENGTH[length] if i not in used] or list(_BY_LENGTH[length])
        clause = _CLAUSES[choices[rng.integers(len(choices))]]
        tokens.extend(clause)
        room -= len(clause)
    return tokens


def _filler(gap: int, rng: np.random.Generator) -> list[str]:
    """Exactly `gap` tokens of whole sentences (each ends with "."), none repeated while others are left."""
    stream = clause_stream(rng)
    order = [next(stream) for _ in range(gap // 2 + 1)]         # clauses are >= 2 tokens: always enough
    taken, room = filler_plan(gap, order)
    tokens = [token for i in order[:taken] for token in _CLAUSES[i]]
    return tokens + closing_tokens(room, rng, used=set(order[:taken]))


def filler_words(gap: int, seed: int = 0) -> list[str]:
    """The `gap` filler tokens used between the country and the question (deterministic per seed)."""
    _check_gap(gap)
    return _filler(gap, np.random.default_rng(seed))


# "[100 words later]" or "[100 words]", as the lesson writes the gap; an ellipsis right after it belongs to the note.
GAP_NOTE = re.compile(r"(\[\s*(\d+)\s+words?(?:\s+later)?\s*\])\s*(?:\.\.\.|\u2026)?", re.IGNORECASE)
MAX_GAP_NOTE = 1000           # a longer note only makes the models read longer (retention is measured to 400)


def gap_notes(text: str) -> list[tuple[str, int]]:
    """Each gap note in `text` with the number of words it asks for (expand_gap_notes reads at most MAX_GAP_NOTE)."""
    return [(note.group(1), int(note.group(2))) for note in GAP_NOTE.finditer(text)]


def expand_gap_notes(text: str, seed: int = 0) -> str:
    """Replace each "[N words later]" / "[N words]" by N filler tokens drawn as the task draws them, so
    "I grew up in France... [100 words later] ...so I speak fluent" reads 100 words between "France." and "so"."""
    rng = np.random.default_rng(seed)

    def filler(note):
        words = display_text(_filler(min(int(note.group(2)), MAX_GAP_NOTE), rng))
        return words + " " if words else ""
    return GAP_NOTE.sub(filler, text)


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


def display_text(tokens) -> str:
    """Tokens as a reader expects them: capitals after a full stop and for names, "." against its word, and
    a comma after a one-word filler ("Anyway, so I speak fluent"). tokenize(display_text(t)) == t."""
    names = {country.lower(): country for country, _ in PAIRS} | PROPER_WORDS
    words: list[str] = []
    for index, token in enumerate(tokens):
        if token == "." and words:
            words[-1] += "."
            continue
        word = names.get(token, token)
        if not words or words[-1].endswith("."):
            word = word[:1].upper() + word[1:]
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if token in FILLER_SINGLE_WORDS and following == QUESTION[0] and words and words[-1].endswith("."):
            word += ","
        words.append(word)
    return " ".join(words)


def lesson_sentence(country: str = "France", gap: int = 100, seed: int = 0) -> str:
    """The lesson's sentence with exactly `gap` filler tokens between "<country> ." and "so I speak fluent"."""
    _check_gap(gap)
    return display_text(single_tokens(_country(country), filler_words(gap, seed)))


def two_country_sentence(first: str = "France", second: str = "Spain", gap1: int = 20, gap2: int = 20,
                         seed: int = 0) -> str:
    """"I grew up in <first> . <gap1> then we moved to <second> . <gap2> so I speak fluent" (answer: second)."""
    _check_gap(gap1)
    _check_gap(gap2)
    rng = np.random.default_rng(seed)
    return display_text(two_country_tokens(_country(first), _country(second), _filler(gap1, rng), _filler(gap2, rng)))


@dataclass(frozen=True)
class Batch:
    """Sequences of one length. ids (B, T); labels (B,) index config.languages; gap = filler before the question."""
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
