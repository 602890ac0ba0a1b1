"""The lesson's equations written plainly: one time step of each kind, and a whole sequence forward and backward
through time, in float64 numpy. The fast layers (rnn.py, gru.py, lstm.py) compute the same numbers faster; their
tests use this module as the oracle, and finite differences check this module (tests/test_reference.py).

    RNN    h = tanh(W_h·[h_prev, x] + b_h)
    GRU    r = σ(W_r·[h_prev, x] + b_r)              z = σ(W_z·[h_prev, x] + b_z)
           n = tanh(W_in·x + b_in + r * (W_hn·h_prev + b_hn))      h = (1 - z) * n + z * h_prev
    LSTM   f = σ(W_f·[h_prev, x] + b_f)              i = σ(W_i·[h_prev, x] + b_i)
           c_tilde = tanh(W_c·[h_prev, x] + b_c)     o = σ(W_o·[h_prev, x] + b_o)
           c = f * c_prev + i * c_tilde              h = o * tanh(c)

Each W_k is (H, H+I) and acts on [h_prev, x]; each b_k is (H,). The GRU's candidate keeps PyTorch's four names
because r scales only its h part. States are rows, one per sequence: x (B, I), h and c (B, H), so W·[h_prev, x]
is written hx @ W.T. `from_torch` / `to_torch` convert to and from the fast layers' state_dict.

    p = from_torch("lstm", LSTM(3, 4).state_dict())
    y, (h_n, c_n), caches = forward("lstm", p, x, h0, c0)
    grads, dx, (dh0, dc0) = backward("lstm", p, caches, dy, (dh_n, dc_n))     # grads["dW_f"], grads["db_f"], ...
"""

from collections import namedtuple

import numpy as np

from .activations import sigmoid
from .layer_base import PARAMETER_NAMES

# The lesson's name of each block of rows in PyTorch's order (its "g" is the lesson's candidate c_tilde, W_c).
BLOCKS = {"rnn": ("h",), "gru": ("r", "z", "n"), "lstm": ("i", "f", "c", "o")}

# What one step keeps for backward; hx is [h_prev, x] (B, H+I).
RNNStep = namedtuple("RNNStep", "hx h")
GRUStep = namedtuple("GRUStep", "hx r z hn n")
LSTMStep = namedtuple("LSTMStep", "hx f i c_tilde o c_prev c")


# ---- one set of weights for both: PyTorch's layout <-> the lesson's names ---------------------------------------
def from_torch(kind, state_dict, dtype=np.float64):
    """PyTorch-layout state_dict (a fast layer's state_dict()) -> {"W_f": (H, H+I), "b_f": (H,), ...}."""
    w_ih, w_hh, b_ih, b_hh = (np.asarray(state_dict[name], dtype=dtype) for name in PARAMETER_NAMES)
    H = w_hh.shape[1]
    p = {}
    for k, gate in enumerate(BLOCKS[kind]):
        rows = slice(k * H, (k + 1) * H)
        if gate == "n":
            p.update(W_in=w_ih[rows], b_in=b_ih[rows], W_hn=w_hh[rows], b_hn=b_hh[rows])
        else:
            p[f"W_{gate}"] = np.concatenate((w_hh[rows], w_ih[rows]), axis=1)   # (H, H+I) acts on [h_prev, x]
            p[f"b_{gate}"] = b_ih[rows] + b_hh[rows]                            # (H,) PyTorch adds two biases
    return p


def to_torch(kind, p):
    """The lesson's parameters -> PyTorch-layout state_dict; a gate's one bias goes to bias_ih (bias_hh is 0)."""
    return _stack(kind, p, both_biases=False)


def grads_to_torch(kind, grads):
    """backward's {"dW_f", "db_f", ...} -> gradients named and laid out like PyTorch's. b = bias_ih + bias_hh,
    so each of the two gets all of db."""
    return _stack(kind, {name[1:]: grad for name, grad in grads.items()}, both_biases=True)


def _stack(kind, p, both_biases):
    blocks = {name: [] for name in PARAMETER_NAMES}
    for gate in BLOCKS[kind]:
        if gate == "n":
            parts = (p["W_in"], p["W_hn"], p["b_in"], p["b_hn"])
        else:
            W, b = p[f"W_{gate}"], p[f"b_{gate}"]
            H = b.shape[0]
            parts = (W[:, H:], W[:, :H], b, b if both_biases else np.zeros_like(b))
        for name, part in zip(PARAMETER_NAMES, parts):
            blocks[name].append(part)
    return {name: np.concatenate(parts) for name, parts in blocks.items()}


# ---- one time step ----------------------------------------------------------------------------------------------
def rnn_step(p, x, h_prev):
    """x (B, I), h_prev (B, H) -> h (B, H) and what backward needs."""
    hx = np.concatenate((h_prev, x), axis=1)                     # (B, H+I)
    h = np.tanh(hx @ p["W_h"].T + p["b_h"])                      # (B, H)
    return h, RNNStep(hx, h)


def gru_step(p, x, h_prev):
    hx = np.concatenate((h_prev, x), axis=1)                     # (B, H+I)
    r = sigmoid(hx @ p["W_r"].T + p["b_r"])                      # (B, H) reset gate
    z = sigmoid(hx @ p["W_z"].T + p["b_z"])                      # (B, H) update gate
    hn = h_prev @ p["W_hn"].T + p["b_hn"]                        # (B, H) the part of n that r scales
    n = np.tanh(x @ p["W_in"].T + p["b_in"] + r * hn)            # (B, H) candidate
    h = (1 - z) * n + z * h_prev
    return h, GRUStep(hx, r, z, hn, n)


def lstm_step(p, x, h_prev, c_prev):
    hx = np.concatenate((h_prev, x), axis=1)                     # (B, H+I)
    f = sigmoid(hx @ p["W_f"].T + p["b_f"])                      # (B, H) forget gate
    i = sigmoid(hx @ p["W_i"].T + p["b_i"])                      # input gate
    c_tilde = np.tanh(hx @ p["W_c"].T + p["b_c"])                # candidate memory
    o = sigmoid(hx @ p["W_o"].T + p["b_o"])                      # output gate
    c = f * c_prev + i * c_tilde                                 # cell state, the highway
    h = o * np.tanh(c)                                           # hidden state
    return h, c, LSTMStep(hx, f, i, c_tilde, o, c_prev, c)


STEPS = {"rnn": rnn_step, "gru": gru_step, "lstm": lstm_step}


def forward(kind, p, x, h0, c0=None):
    """x (B, T, I) from h0 (and c0 for an LSTM) -> y (B, T, H) (h at every step), the final state (h_n,) or
    (h_n, c_n), and every step's record for backward."""
    x = np.asarray(x, dtype=np.float64)
    state = tuple(np.asarray(s, dtype=np.float64) for s in ((h0, c0) if kind == "lstm" else (h0,)))
    ys, caches = [], []
    for t in range(x.shape[1]):
        *state, cache = STEPS[kind](p, x[:, t], *state)
        ys.append(state[0])
        caches.append(cache)
    return np.stack(ys, axis=1), tuple(state), caches


# ---- backward through time --------------------------------------------------------------------------------------
def backward(kind, p, caches, dy, d_final):
    """Gradients of a loss whose gradient is dy (B, T, H) at the outputs and d_final, (dh_n,) or (dh_n, dc_n), at
    the final state. Returns ({"dW_f": ..., "db_f": ..., ...}, dx (B, T, I), (dh0,) or (dh0, dc0))."""
    dy = np.asarray(dy, dtype=np.float64)
    grads = {f"d{name}": np.zeros_like(value, dtype=np.float64) for name, value in p.items()}
    H = dy.shape[2]
    dx = np.zeros((dy.shape[0], dy.shape[1], caches[0].hx.shape[1] - H))                  # (B, T, I)
    d_final = tuple(np.asarray(d, dtype=np.float64) for d in d_final)
    return grads, dx, BACKWARDS[kind](p, caches, dy, grads, dx, *d_final)


def _through(p, grads, gate, da, hx):
    """da (B, H), the gradient at a gate's pre-activation, reaches W_gate, b_gate and [h_prev, x]."""
    grads[f"dW_{gate}"] += da.T @ hx                             # (H, H+I)
    grads[f"db_{gate}"] += da.sum(axis=0)                        # (H,)
    return da @ p[f"W_{gate}"]                                   # (B, H+I) d[h_prev, x]


def rnn_backward(p, caches, dy, grads, dx, dh_next):
    H = dy.shape[2]
    for t in reversed(range(len(caches))):
        hx, h = caches[t]
        dh = dy[:, t] + dh_next                                  # (B, H) from the output and from step t+1
        dhx = _through(p, grads, "h", dh * (1 - h ** 2), hx)     # through tanh
        dh_next, dx[:, t] = dhx[:, :H], dhx[:, H:]
    return (dh_next,)


def gru_backward(p, caches, dy, grads, dx, dh_next):
    H = dy.shape[2]
    for t in reversed(range(len(caches))):
        hx, r, z, hn, n = caches[t]
        h_prev, x = hx[:, :H], hx[:, H:]
        dh = dy[:, t] + dh_next
        da_n = dh * (1 - z) * (1 - n ** 2)                       # through h = (1-z)*n + z*h_prev, then tanh
        da_z = dh * (h_prev - n) * z * (1 - z)
        da_r = da_n * hn * r * (1 - r)
        dhn = da_n * r                                           # r scales hn's gradient as it scaled hn
        grads["dW_in"] += da_n.T @ x
        grads["db_in"] += da_n.sum(axis=0)
        grads["dW_hn"] += dhn.T @ h_prev
        grads["db_hn"] += dhn.sum(axis=0)
        dhx = _through(p, grads, "r", da_r, hx) + _through(p, grads, "z", da_z, hx)
        dh_next = dh * z + dhx[:, :H] + dhn @ p["W_hn"]          # z carries h_prev straight through
        dx[:, t] = dhx[:, H:] + da_n @ p["W_in"]
    return (dh_next,)


def lstm_backward(p, caches, dy, grads, dx, dh_next, dc_next):
    H = dy.shape[2]
    for t in reversed(range(len(caches))):
        hx, f, i, c_tilde, o, c_prev, c = caches[t]
        dh = dy[:, t] + dh_next                                  # (B, H)
        tanh_c = np.tanh(c)
        do = dh * tanh_c
        dc = dc_next + dh * o * (1 - tanh_c ** 2)                # the highway plus what h(t) adds
        df, di, dc_tilde = dc * c_prev, dc * c_tilde, dc * i
        dhx = (_through(p, grads, "f", df * f * (1 - f), hx)
               + _through(p, grads, "i", di * i * (1 - i), hx)
               + _through(p, grads, "c", dc_tilde * (1 - c_tilde ** 2), hx)
               + _through(p, grads, "o", do * o * (1 - o), hx))  # (B, H+I)
        dh_next, dx[:, t] = dhx[:, :H], dhx[:, H:]
        dc_next = dc * f                                         # c_prev reaches c only through f
    return dh_next, dc_next


BACKWARDS = {"rnn": rnn_backward, "gru": gru_backward, "lstm": lstm_backward}
