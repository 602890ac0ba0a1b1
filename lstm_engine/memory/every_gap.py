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

import numpy as np

from lstm_engine.memory.memory_task import (
    OPENING, QUESTION, _CLAUSES, clause_stream, closing_tokens, filler_plan)
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


def _chunk(model: Classifier, max_gap: int, n: int, rng: np.random.Generator) -> np.ndarray:
    task, vocab = task_of(model), model.vocab
    countries = [country.lower() for country, _ in task.pairs]
    labels = rng.integers(task.countries, size=n)                                   # (n,)
    orders, rows = [], []
    for label in labels:
        stream = clause_stream(rng)
        order = [next(stream) for _ in range(max_gap // 2 + 1)]
        orders.append(order)
        tokens = [*OPENING, countries[label], "."] + [t for i in order for t in _CLAUSES[i]]
        rows.append(vocab.encode(tokens[:len(OPENING) + 2 + max_gap]))
    ids = np.stack(rows)                                                            # (n, 6 + max_gap)
    x = model.embedding[ids]                                                        # (n, T, D)
    _, trace = model.layer.forward(x)
    has_cell = model.kind == "lstm"
    opening = len(OPENING) + 2
    ends = [np.cumsum([0] + [len(_CLAUSES[i]) for i in order]) for order in orders]  # tokens after k clauses
    question = list(QUESTION)
    correct = np.zeros(max_gap + 1, dtype=np.int64)
    for gap in range(max_gap + 1):
        groups: dict[int, list] = {}
        for b, order in enumerate(orders):
            taken, room = filler_plan(gap, order)
            suffix = closing_tokens(room, rng, used=set(order[:taken])) + question
            groups.setdefault(len(suffix), []).append((b, opening + int(ends[b][taken]) - 1, suffix))
        for members in groups.values():
            b = np.array([m[0] for m in members])
            at = np.array([m[1] for m in members])                                  # index of the last read token
            h0 = trace.h[b, at]                                                     # (m, H)
            c0 = trace.c[b, at] if has_cell else None
            suffix_ids = np.stack([vocab.encode(m[2]) for m in members])            # (m, S)
            y, _ = model.layer.forward(model.embedding[suffix_ids], h0=h0, c0=c0)
            logits = y[:, -1] @ model.readout_weight.T + model.readout_bias
            correct[gap] += int(np.sum(np.argmax(logits, axis=1) == labels[b]))
    return correct
