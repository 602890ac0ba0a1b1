"""Exact parameter counts of RNN, GRU and LSTM layers, as PyTorch or Keras would report them.

Every recurrent layer is a few blocks of the same shape, one per gate (PyTorch order):
    RNN   1 block   h                      h(t) = tanh(W_ih·x(t) + W_hh·h(t-1) + b)
    GRU   3 blocks  r, z, n
    LSTM  4 blocks  i, f, c_tilde (g), o
Each block of layer l holds an input weight (H, I_l), a recurrent weight (H, H) and `n_b` bias vectors (H,):
    block = I_l·H + H·H + n_b·H        I_0 = I, I_l = H·directions for l > 0
    total = directions · blocks · Σ_l block_l
n_b is 2 in PyTorch (bias_ih and bias_hh); Keras keeps one bias per block for SimpleRNN and LSTM and two
for GRU (reset_after=True, the TensorFlow 2 default).
"""

from __future__ import annotations

from dataclasses import dataclass

GATES = {"rnn": ("h",), "gru": ("r", "z", "n"), "lstm": ("i", "f", "c_tilde", "o")}
CONVENTIONS = ("pytorch", "keras")
_BIASES_PER_BLOCK = {
    "pytorch": {"rnn": 2, "gru": 2, "lstm": 2},
    "keras": {"rnn": 1, "gru": 2, "lstm": 1},
}


@dataclass(frozen=True)
class ParamCount:
    """Parameters of one (possibly stacked, possibly bidirectional) recurrent layer."""

    kind: str
    convention: str
    input_size: int
    hidden_size: int
    num_layers: int
    bidirectional: bool
    total: int
    input_weights: int
    recurrent_weights: int
    biases: int
    per_gate: dict[str, int]      # gate name -> parameters in that gate's blocks (all layers, both directions)
    formula: str                  # the count written out with numbers, e.g. "4 × (10×20 + 20×20 + 2×20) = 2,560"
    symbolic: str                 # the same without numbers, e.g. "4 × (I·H + H·H + 2·H)"

    def ratio_to(self, other: ParamCount) -> float:
        """How many times `other`'s parameter count this one is (e.g. LSTM vs RNN)."""
        return self.total / other.total


def count_parameters(kind: str, input_size: int, hidden_size: int, num_layers: int = 1,
                     bidirectional: bool = False, convention: str = "pytorch") -> ParamCount:
    """Count the parameters of `kind` ("rnn", "gru" or "lstm") exactly as `convention` does."""
    _check(kind, input_size, hidden_size, num_layers, convention)
    blocks = len(GATES[kind])
    n_b = _BIASES_PER_BLOCK[convention][kind]
    directions = 2 if bidirectional else 1
    H = hidden_size
    layer_inputs = [input_size] + [H * directions] * (num_layers - 1)   # I_l for each layer

    input_weights = directions * blocks * sum(I_l * H for I_l in layer_inputs)
    recurrent_weights = directions * blocks * num_layers * H * H
    biases = directions * blocks * num_layers * n_b * H
    total = input_weights + recurrent_weights + biases
    per_gate = {gate: total // blocks for gate in GATES[kind]}
    return ParamCount(
        kind=kind, convention=convention, input_size=input_size, hidden_size=hidden_size,
        num_layers=num_layers, bidirectional=bidirectional, total=total,
        input_weights=input_weights, recurrent_weights=recurrent_weights, biases=biases, per_gate=per_gate,
        formula=_formula(blocks, n_b, directions, layer_inputs, H, total),
        symbolic=_symbolic(blocks, n_b, directions, num_layers),
    )


def count_all(input_size: int, hidden_size: int, num_layers: int = 1, bidirectional: bool = False,
              convention: str = "pytorch") -> dict[str, ParamCount]:
    """`count_parameters` for RNN, GRU and LSTM at the same sizes, keyed by kind."""
    return {kind: count_parameters(kind, input_size, hidden_size, num_layers, bidirectional, convention)
            for kind in GATES}


def _check(kind, input_size, hidden_size, num_layers, convention) -> None:
    if kind not in GATES:
        raise ValueError(f"kind must be one of {tuple(GATES)}, got {kind!r}")
    if convention not in CONVENTIONS:
        raise ValueError(f"convention must be one of {CONVENTIONS}, got {convention!r}")
    for name, value in (("input_size", input_size), ("hidden_size", hidden_size), ("num_layers", num_layers)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"{name} must be a positive int, got {value!r}")


def _factor(count: int, what: str) -> str:
    return f"{count} {what} × " if count > 1 else ""


def _block(I_l: int, H: int, n_b: int) -> str:
    bias = f"{H}" if n_b == 1 else f"{n_b}×{H}"
    return f"({I_l}×{H} + {H}×{H} + {bias})"


def _formula(blocks: int, n_b: int, directions: int, layer_inputs: list[int], H: int, total: int) -> str:
    prefix = _factor(directions, "directions") + (f"{blocks} × " if blocks > 1 else "")
    first = prefix + _block(layer_inputs[0], H, n_b)
    if len(layer_inputs) == 1:
        return f"{first} = {total:,}"
    rest = _factor(len(layer_inputs) - 1, "layers") + prefix + _block(layer_inputs[1], H, n_b)
    return f"{first} + {rest} = {total:,}"


def _symbolic(blocks: int, n_b: int, directions: int, num_layers: int) -> str:
    bias = "H" if n_b == 1 else f"{n_b}·H"
    prefix = ("2 × " if directions == 2 else "") + (f"{blocks} × " if blocks > 1 else "")
    first = f"{prefix}(I·H + H·H + {bias})"
    if num_layers == 1:
        return first
    layers = f"{num_layers - 1} × " if num_layers > 2 else ""
    return f"{first} + {layers}{prefix}({'2·' if directions == 2 else ''}H·H + H·H + {bias})"
