"""Numerically stable activations for the engine.

    σ(a) = 1 / (1 + e^(-a)) = 0.5 + 0.5 · tanh(a / 2)
    tanh(a)

The tanh form of σ never evaluates an exponential, so it cannot overflow: σ(±1e4) is exactly 1 or 0 with no
warning, in float32 and float64, and the dtype of the input is kept.

The layers use the same identity in two halves to save work inside the time loop: the σ rows of their
forward weights are stored pre-halved (multiplying by 0.5 is exact in floating point), so one `np.tanh`
covers all the gates of a step, and `sigmoid_from_tanh_half` finishes the σ slice in place.
"""

import numpy as np


def tanh(a, out=None):
    """tanh(a); numpy's tanh saturates to ±1 without overflow."""
    return np.tanh(a, out=out)


def sigmoid(a, out=None):
    """σ(a) = 0.5 + 0.5 · tanh(a / 2), evaluated without exponentials."""
    a = np.asarray(a)
    out = np.multiply(a, 0.5, out=out)
    np.tanh(out, out=out)
    return sigmoid_from_tanh_half(out)


def sigmoid_from_tanh_half(t):
    """In place: turn t = tanh(a / 2) into σ(a) = 0.5 · t + 0.5. Returns t."""
    np.multiply(t, 0.5, out=t)
    np.add(t, 0.5, out=t)
    return t
