"""The forget gate at work on "I grew up in France ... then we moved to Spain ... so I speak fluent".

Reads a text with the LSTM once and returns, token by token:
  f, i, o, c, h (T, H) the gates, the cell state and the hidden state (from the layer's trace, B = 1)
  probs (T, L)         the answer if the text stopped at that token and asked: probs[t] is the model's prediction
                       for tokens[:t+1] + "so i speak fluent" (or for tokens[:t+1] itself when it already ends
                       with that question). This is what the memory holds at each step.
  carrier_units        the units that carry the country: the largest total |c(t) - c(t-1)| at the country words
                       (without a country word: the largest |c| at the end)
  country_languages    for each country word, the index of its language in `languages`
  switch_index         the first token from which the top answer is, and stays, the language of the last country
                       named, when an earlier, different country was named before it; None otherwise.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lstm_engine.memory.memory_task import QUESTION
from lstm_engine.memory.model import Classifier, softmax


@dataclass(frozen=True)
class ForgetStory:
    tokens: list
    languages: list
    probs: np.ndarray                # (T, L)
    f: np.ndarray                    # (T, H)
    i: np.ndarray
    c: np.ndarray
    o: np.ndarray
    h: np.ndarray
    carrier_units: list
    switch_index: int | None
    country_positions: list          # token indices of the country words, in reading order
    unknown: list
    country_languages: list          # language index (into `languages`) of each country word


def answers_if_asked(model: Classifier, tokens: list, trace, probs_per_step: np.ndarray) -> np.ndarray:
    """(T, L): for each prefix, the prediction after appending the question (one batched run of 4 tokens)."""
    T = len(tokens)
    question = model.embedding[model.vocab.encode(QUESTION)]                      # (4, D)
    x = np.broadcast_to(question, (T, *question.shape))                           # (T, 4, D)
    c0 = trace.c[0] if model.kind == "lstm" else None
    y, _ = model.layer.forward(x, h0=trace.h[0], c0=c0)                           # (T, 4, H)
    asked = softmax(y[:, -1] @ model.readout_weight.T + model.readout_bias)      # (T, L)
    q = len(QUESTION)
    ends_with_question = np.array([tuple(tokens[max(0, t + 1 - q):t + 1]) == QUESTION for t in range(T)])
    return np.where(ends_with_question[:, None], probs_per_step, asked)


def forget_story(model: Classifier, text: str, units: int = 4) -> ForgetStory:
    if model.kind != "lstm":
        raise ValueError(f"the forget-gate story needs an LSTM (it has a forget gate); this model is {model.kind}")
    run = model.run(text)
    trace = run.trace
    probs = answers_if_asked(model, run.tokens, trace, run.probs_per_step)
    c = trace.c[0]                                                                # (T, H)
    countries = {country.lower(): index for index, country in enumerate(model.countries)}
    positions = [t for t, token in enumerate(run.tokens) if token in countries]
    if positions:
        c_before = np.vstack([trace.c0[:1], c[:-1]])                              # (T, H) c(t-1)
        score = np.abs(c - c_before)[positions].sum(axis=0)                       # (H,)
    else:
        score = np.abs(c[-1])
    carriers = [int(u) for u in np.argsort(-score, kind="stable")[:max(1, int(units))]]
    return ForgetStory(tokens=run.tokens, languages=run.languages, probs=probs, f=trace.f[0], i=trace.i[0], c=c,
                       o=trace.o[0], h=trace.h[0], carrier_units=carriers,
                       switch_index=_switch_index(run.tokens, positions, countries, probs),
                       country_positions=positions, unknown=run.unknown,
                       country_languages=[countries[run.tokens[p]] for p in positions])


def _switch_index(tokens, positions, countries, probs) -> int | None:
    if not positions:
        return None
    last = countries[tokens[positions[-1]]]
    others = [p for p in positions if countries[tokens[p]] != last]
    top = np.argmax(probs, axis=1)                                                # (T,)
    if not others or top[-1] != last:
        return None
    start = min(p for p in positions if p > max(others))       # where the last country is named again
    index = len(top) - 1
    while index > start and top[index - 1] == last:
        index -= 1
    return int(index)
