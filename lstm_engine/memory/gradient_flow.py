"""Vanishing gradients, measured: how strongly the loss at the answer reaches back to the state d tokens earlier.

For a lesson sentence of T tokens and the loss L = -log p(answer) after the last token, we measure the norm of
the total derivative of L with respect to the hidden state (and the LSTM cell state) when d tokens are still to
be read, d = 1 .. T:
    h_norm[d] = mean over sentences of ||∂L/∂h(T-d)||      c_norm[d] = mean of ||∂L/∂c(T-d)||   (LSTM)
It is computed exactly with the engine's own backward: the layer is rerun from the recorded state over the last d
tokens and `backward(..., return_state_grads=True)` returns ∂L/∂h0 (and ∂L/∂c0) of that run, which is ∂L/∂h(T-d).
For c the total derivative also counts the path through h(T-d) = o·tanh(c(T-d)): dc = dc0 + dh·o·(1 - tanh²c),
the dc(t) of backpropagation through time.
Because a confident trained model has a small loss (and so small gradients everywhere), `h_ratio` also gives
each sentence's norm relative to its own norm at d = 1: the share of the error signal that survives d steps.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lstm_engine.memory.memory_task import OPENING, batch_for_gap
from lstm_engine.memory.model import Classifier, softmax
from lstm_engine.memory.retention import task_of

_TINY = 1e-300


@dataclass(frozen=True)
class GradientFlow:
    kind: str
    distance: np.ndarray          # (D,) tokens still to read after that state (1 = just before the last word)
    h_norm: np.ndarray            # (D,) mean ||∂L/∂h||
    c_norm: np.ndarray | None     # (D,) mean ||∂L/∂c||, LSTM only
    h_ratio: np.ndarray           # (D,) mean of ||∂L/∂h(d)|| / ||∂L/∂h(1)|| per sentence
    c_ratio: np.ndarray | None
    trained: bool
    gap: int
    country_distance: int         # d of the state just after reading the country
    samples: int
    seed: int


def untrained_like(model: Classifier, seed: int = 0) -> Classifier:
    """A Classifier with the same kind, sizes, vocabulary and languages, freshly initialised (as training starts)."""
    return Classifier(model.kind, model.vocab, model.pairs, embed_dim=model.embed_dim,
                      hidden_size=model.hidden_size, seed=seed, dtype=model.dtype)


def distance_grid(length: int, points: int) -> np.ndarray:
    if length <= points:
        return np.arange(1, length + 1)
    return np.unique(np.round(np.linspace(1, length, points)).astype(int))


def gradient_flow(model: Classifier, gap: int = 100, samples: int = 64, seed: int = 0,
                  points: int = 60) -> GradientFlow:
    """Gradient norms vs distance on `samples` fresh single-country sentences with exactly `gap` filler words."""
    if isinstance(samples, bool) or int(samples) != samples or samples < 1:
        raise ValueError(f"samples must be a whole number >= 1, got {samples}")
    batch = batch_for_gap(task_of(model), model.vocab, int(samples), gap, np.random.default_rng([seed, gap]))
    x = model.embedding[batch.ids]                                               # (B, T, D)
    y, trace = model.layer.forward(x)
    B, T, H = y.shape
    dlogits = softmax(y[:, -1] @ model.readout_weight.T + model.readout_bias)   # (B, L) per-sentence loss:
    dlogits[np.arange(B), batch.labels] -= 1.0                                   # dL_b/dlogits_b = p - onehot
    dh_last = dlogits @ model.readout_weight                                     # (B, H)
    has_cell = model.kind == "lstm"
    distances = distance_grid(T, points)
    h_norms, c_norms = [], []
    for d in distances:
        start = T - d                                                            # first token still to read
        h0 = trace.h0 if start == 0 else trace.h[:, start - 1]
        c0 = (trace.c0 if start == 0 else trace.c[:, start - 1]) if has_cell else None
        _, suffix = model.layer.forward(x[:, start:], h0=h0, c0=c0)
        dy = np.zeros((B, d, H), dtype=y.dtype)
        dy[:, -1] = dh_last
        _, _, state = model.layer.backward(dy, suffix, return_state_grads=True)
        h_norms.append(np.linalg.norm(state["h0"], axis=1))                      # (B,)
        if has_cell:
            dc = state["c0"]                                                     # (B, H) along the highway only
            if start > 0:                                                        # + through h = o * tanh(c)
                dc = dc + state["h0"] * trace.o[:, start - 1] * (1.0 - trace.tanh_c[:, start - 1] ** 2)
            c_norms.append(np.linalg.norm(dc, axis=1))
    h = np.array(h_norms)                                                        # (D, B)
    c = np.array(c_norms) if has_cell else None
    return GradientFlow(
        kind=model.kind, distance=distances, h_norm=h.mean(axis=1), c_norm=None if c is None else c.mean(axis=1),
        h_ratio=_relative(h), c_ratio=None if c is None else _relative(c), trained=bool(model.trained),
        gap=int(gap), country_distance=T - len(OPENING) - 1, samples=int(samples), seed=int(seed))


def flow_record(flow: GradientFlow) -> dict:
    """The stored form of a flow (shipped JSON): ratios to 4 significant digits, floored at 1e-300 so a ratio
    that underflows stays positive on a log axis."""
    def floats(values):
        return None if values is None else [float(f"{max(float(v), 1e-300):.4g}") for v in values]
    return {"distance": [int(d) for d in flow.distance], "h_ratio": floats(flow.h_ratio),
            "c_ratio": floats(flow.c_ratio), "gap": flow.gap, "country_distance": flow.country_distance,
            "samples": flow.samples, "seed": flow.seed}


def _relative(norms: np.ndarray) -> np.ndarray:
    """(D, B) norms -> (D,) mean over sentences of norm / norm at the first distance."""
    return np.mean(norms / np.maximum(norms[:1], _TINY), axis=1)

