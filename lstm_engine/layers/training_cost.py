"""How long one training step of an engine layer takes: forward, then backpropagation through time.

The RNN vs LSTM page puts this measurement next to the lesson's claim "RNN: faster to train". A step is
`layer.forward(x)` on a batch of random sequences followed by `layer.backward(dy, trace)`, the part of training
whose cost depends on the layer kind (the optimiser update is a few element-wise operations on the weights).
The best of `repeats` runs is reported: other work on the machine only ever makes a run slower.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from .gru import GRU
from .lstm import LSTM
from .rnn import RNN

LAYERS = {"rnn": RNN, "gru": GRU, "lstm": LSTM}
BLOCKS = {"rnn": 1, "gru": 3, "lstm": 4}


@dataclass(frozen=True)
class StepTime:
    """One measured training step: `seconds_per_step` for a whole batch, best of `repeats`."""

    kind: str
    input_size: int
    hidden_size: int
    batch: int
    seq_len: int
    repeats: int
    seconds_per_step: float
    seconds_per_sequence: float       # seconds_per_step / batch
    all_seconds: tuple[float, ...]    # every repeat, in order (the first includes any warm-up)


def step_time(kind: str, input_size: int, hidden_size: int, batch: int = 32, seq_len: int = 50,
              repeats: int = 5, seed: int = 0) -> StepTime:
    """Time forward + backward of the engine's `kind` layer on a (batch, seq_len, input_size) float32 input."""
    return compare_step_times((kind,), input_size, hidden_size, batch, seq_len, repeats, seed)[kind]


def compare_step_times(kinds, input_size: int, hidden_size: int, batch: int = 32, seq_len: int = 50,
                       repeats: int = 5, seed: int = 0) -> dict[str, StepTime]:
    """`step_time` for several kinds, taking turns (rnn, lstm, rnn, lstm, …) so that a burst of other work
    on the machine slows every kind alike instead of one of them."""
    for kind in kinds:
        if kind not in LAYERS:
            raise ValueError(f"kind must be one of {tuple(LAYERS)}, got {kind!r}")
    for name, value in (("batch", batch), ("seq_len", seq_len), ("repeats", repeats)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"{name} must be a positive int, got {value!r}")
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((batch, seq_len, input_size)).astype(np.float32)     # (B, T, I)
    dy = rng.standard_normal((batch, seq_len, hidden_size)).astype(np.float32)   # (B, T, H)
    layers = {kind: LAYERS[kind](input_size, hidden_size, seed=seed, dtype=np.float32) for kind in kinds}
    seconds = {kind: [] for kind in kinds}
    for _ in range(repeats):
        for kind, layer in layers.items():
            start = time.perf_counter()
            _, trace = layer.forward(x)
            layer.backward(dy, trace)
            seconds[kind].append(time.perf_counter() - start)
    return {kind: StepTime(kind=kind, input_size=input_size, hidden_size=hidden_size, batch=batch,
                           seq_len=seq_len, repeats=repeats, seconds_per_step=min(times),
                           seconds_per_sequence=min(times) / batch, all_seconds=tuple(times))
            for kind, times in seconds.items()}

def step_flops(kind: str, input_size: int, hidden_size: int, batch: int = 32, seq_len: int = 50) -> int:
    """Floating-point operations of the step's matrix products (what dominates its time), for budgeting.

    Forward: z = x·W_ihᵀ + h·W_hhᵀ for every step, 2·B·T·G·H·(I + H) operations (G gate blocks).
    Backward: the same products for dh, plus dW_ih, dW_hh and dx, about twice the forward.
    """
    if kind not in BLOCKS:
        raise ValueError(f"kind must be one of {tuple(BLOCKS)}, got {kind!r}")
    forward = 2 * batch * seq_len * BLOCKS[kind] * hidden_size * (input_size + hidden_size)
    return 3 * forward
