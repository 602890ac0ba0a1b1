"""The LSTM's weights in the lesson's notation, and back to PyTorch's layout, for the pages.

The lesson writes each gate as one matrix acting on the concatenation [h(t-1), x(t)]:
    f(t) = σ(W_f·[h(t-1), x(t)] + b_f)   with W_f (H, H+I), b_f (H,)
PyTorch stores the same numbers split by what they act on and stacked by gate (order i, f, g, o):
    weight_hh_l0 (4H, H) acts on h(t-1), weight_ih_l0 (4H, I) acts on x(t), bias_ih_l0 + bias_hh_l0 = b.
So W_f = [weight_hh[f rows] | weight_ih[f rows]] and b_f = bias_ih[f rows] + bias_hh[f rows]. The conversion
itself is the reference's (reference.from_torch / to_torch, every kind); this module checks it is given an LSTM.
"""

import numpy as np

from .reference import from_torch, to_torch

# Lesson name of each PyTorch block, in PyTorch's order i, f, g, o (g is the lesson's c_tilde, W_c).
LESSON_GATES = ("i", "f", "c", "o")


def to_lesson(layer_or_state_dict):
    """LSTM layer or its state_dict -> {"W_f", "W_i", "W_c", "W_o" (H, H+I), "b_f", "b_i", "b_c", "b_o" (H,)},
    in the layer's dtype."""
    lesson = from_torch("lstm", _lstm_state_dict(layer_or_state_dict), dtype=None)
    return {name: lesson[name] for name in ("W_f", "W_i", "W_c", "W_o", "b_f", "b_i", "b_c", "b_o")}


def from_lesson(lesson):
    """Lesson weights -> PyTorch-layout state_dict (the whole bias goes to bias_ih_l0; bias_hh_l0 = 0)."""
    missing = [f"{kind}_{gate}" for kind in "Wb" for gate in LESSON_GATES if f"{kind}_{gate}" not in lesson]
    if missing:
        raise ValueError(f"lesson weights are missing {missing}.")
    W = {gate: np.asarray(lesson[f"W_{gate}"]) for gate in LESSON_GATES}
    b = {gate: np.asarray(lesson[f"b_{gate}"]) for gate in LESSON_GATES}
    H = b["f"].shape[0] if b["f"].ndim == 1 else 0
    width = W["f"].shape[1] if W["f"].ndim == 2 else 0
    for gate in LESSON_GATES:
        if b[gate].shape != (H,) or W[gate].ndim != 2 or W[gate].shape != (H, width) or width <= H or H < 1:
            raise ValueError(f"W_{gate} must be (H, H+I) and b_{gate} (H,) with the same H for every gate "
                             f"and I >= 1; got W_{gate} {W[gate].shape}, b_{gate} {b[gate].shape}.")
    return to_torch("lstm", {**{f"W_{gate}": W[gate] for gate in W}, **{f"b_{gate}": b[gate] for gate in b}})


def _lstm_state_dict(layer_or_state_dict):
    if hasattr(layer_or_state_dict, "state_dict"):
        if getattr(layer_or_state_dict, "kind", "lstm") != "lstm":
            raise ValueError(f"The lesson's W_f, W_i, W_c, W_o describe an LSTM, "
                             f"not a {layer_or_state_dict.kind.upper()}.")
        sd = layer_or_state_dict.state_dict()
    else:
        sd = layer_or_state_dict
    sd = {name: np.asarray(sd[name]) for name in ("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0")}
    H = sd["weight_hh_l0"].shape[1]
    if sd["weight_hh_l0"].shape != (4 * H, H) or sd["weight_ih_l0"].shape[0] != 4 * H:
        raise ValueError("to_lesson needs LSTM weights: weight_hh_l0 (4H, H) and weight_ih_l0 (4H, I).")
    return sd
