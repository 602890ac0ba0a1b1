"""Accuracy at every gap 0..max_gap on fresh sentences, cheaply: one long filler per sentence, cut at every gap.

`batch_for_gap` draws a filler of exactly `gap` tokens as an opening run of whole clauses from a shuffled
stream (`filler_plan`) and closing sentence(s) that make the length exact (`closing_tokens`). For a longer gap
the opening is the same clauses plus more, so one sentence's stream serves every gap:
  1. read "I grew up in <country> ." + the stream's first clauses once (max_gap tokens), keeping every state;
  2. for each gap, start from the state after that gap's opening clauses and read only its closing
     sentence(s) and "so i speak fluent" (at most ~15 tokens instead of gap + 10).
Each gap's sentences have exactly the distribution `batch_for_gap` draws (the same plan and closing rules);
gaps of one sentence share its opening, so neighbouring gaps are measured on related sentences.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lstm_engine.memory.memory_task import _CLAUSES, OPENING, QUESTION, clause_stream, closing_tokens, filler_plan
from lstm_engine.memory.model import Classifier
from lstm_engine.memory.retention import task_of

CHUNK = 250               # sentences read together


def correct_at_every_gap(model: Classifier, max_gap: int = 400, samples: int = 1000, seed: int = 11) -> np.ndarray:
    """(max_gap + 1,) how many of `samples` fresh single-country sentences the model answers right at each gap."""
    if isinstance(max_gap, bool) or int(max_gap) != max_gap or max_gap < 0:
        raise ValueError(f"max_gap must be a whole number >= 0, got {max_gap!r}")
    if isinstance(samples, bool) or int(samples) != samples or samples < 1:
        raise ValueError(f"samples must be a whole number >= 1, got {samples!r}")
    rng = np.random.default_rng([seed, int(max_gap)])
    correct = np.zeros(int(max_gap) + 1, dtype=np.int64)
    left = int(samples)
    while left > 0:
        n = min(CHUNK, left)
        correct += _chunk(model, int(max_gap), n, rng)
        left -= n
    return correct


@dataclass(frozen=True)
class SentencePlan:
    """n sentences cut at every gap: labels (n,), each one's clause order, and per gap each one's
    (opening clauses taken, closing tokens + the question)."""
    labels: np.ndarray
    orders: list
    cuts: list                 # cuts[gap][b] = (taken, suffix tokens)

    def tokens(self, b: int, gap: int, country: str) -> list[str]:
        """The whole sentence b at `gap`, as batch_for_gap would write it."""
        taken, suffix = self.cuts[gap][b]
        return [*OPENING, country, "."] + [t for i in self.orders[b][:taken] for t in _CLAUSES[i]] + suffix


def draw_plan(countries: int, max_gap: int, n: int, rng: np.random.Generator) -> SentencePlan:
    labels = rng.integers(countries, size=n)                                       # (n,)
    orders = []
    for _ in range(n):
        stream = clause_stream(rng)
        orders.append([next(stream) for _ in range(max_gap // 2 + 1)])
    cuts = []
    for gap in range(max_gap + 1):
        row = []
        for order in orders:
            taken, room = filler_plan(gap, order)
            row.append((taken, closing_tokens(room, rng, used=set(order[:taken])) + list(QUESTION)))
        cuts.append(row)
    return SentencePlan(labels, orders, cuts)


def _chunk(model: Classifier, max_gap: int, n: int, rng: np.random.Generator) -> np.ndarray:
    plan = draw_plan(task_of(model).countries, max_gap, n, rng)
    return correct_per_gap(model, plan, max_gap)


def correct_per_gap(model: Classifier, plan: SentencePlan, max_gap: int) -> np.ndarray:
    """Read each sentence's opening once, then every gap's closing from the saved state."""
    vocab = model.vocab
    countries = [country.lower() for country, _ in task_of(model).pairs]
    opening = len(OPENING) + 2
    rows = []
    for label, order in zip(plan.labels, plan.orders):
        tokens = [*OPENING, countries[label], "."] + [t for i in order for t in _CLAUSES[i]]
        rows.append(vocab.encode(tokens[:opening + max_gap]))
    _, trace = model.layer.forward(model.embedding[np.stack(rows)])                 # states (n, T, H)
    has_cell = model.kind == "lstm"
    ends = [np.cumsum([0] + [len(_CLAUSES[i]) for i in order]) for order in plan.orders]
    correct = np.zeros(max_gap + 1, dtype=np.int64)
    for gap in range(max_gap + 1):
        groups: dict[int, list] = {}
        for b, (taken, suffix) in enumerate(plan.cuts[gap]):
            groups.setdefault(len(suffix), []).append((b, opening + int(ends[b][taken]) - 1, suffix))
        for members in groups.values():
            b = np.array([m[0] for m in members])
            at = np.array([m[1] for m in members])                                  # index of the last read token
            h0 = trace.h[b, at]                                                     # (m, H)
            c0 = trace.c[b, at] if has_cell else None
            suffix_ids = np.stack([vocab.encode(m[2]) for m in members])            # (m, S)
            y, _ = model.layer.forward(model.embedding[suffix_ids], h0=h0, c0=c0)
            logits = y[:, -1] @ model.readout_weight.T + model.readout_bias
            correct[gap] += int(np.sum(np.argmax(logits, axis=1) == plan.labels[b]))
    return correct
