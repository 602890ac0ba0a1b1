"""LSTM layer in numpy with exact backpropagation through time, interchangeable with torch.nn.LSTM.

Equations (the lesson's notation; W_k·[h(t-1), x(t)] is PyTorch's W_ik·x(t) + W_hk·h(t-1)):
    f(t)       = σ(W_f·[h(t-1), x(t)] + b_f)            forget gate
    i(t)       = σ(W_i·[h(t-1), x(t)] + b_i)            input gate
    c_tilde(t) = tanh(W_c·[h(t-1), x(t)] + b_c)         candidate memory ("g" in PyTorch)
    o(t)       = σ(W_o·[h(t-1), x(t)] + b_o)            output gate
    c(t)       = f(t) * c(t-1) + i(t) * c_tilde(t)      cell state, the "highway"
    h(t)       = o(t) * tanh(c(t))                      hidden state, the layer's output y(t)

Backward through time, t = T-1 .. 0, with dh(t) = dy(t) + (gradient arriving from step t+1):
    dc(t)   = dc(t+1) * f(t+1) + dh(t) * o(t) * (1 - tanh²(c(t)))
    do = dh * tanh(c)    df = dc * c(t-1)    di = dc * c_tilde    dc_tilde = dc * i
    da (gradient of each pre-activation) = d(gate) * gate * (1 - gate) for σ, * (1 - c_tilde²) for tanh
    dh(t-1) gets W_hhᵀ·da ;  dW_hh = Σ_t da(t)·h(t-1)ᵀ ;  dW_ih = Σ_t da(t)·x(t)ᵀ ;  db = Σ_t da(t)

Inside, states are columns like the lesson's vectors: h is (H, B), one column per sequence, so a step is
a = W_hh·h(t-1) + (W_ih·x(t) + b) with every slice contiguous. PyTorch stores the four blocks of rows in the
order i, f, g, o; this layer keeps them as o, i, f, c_tilde so that the three σ gates are one slice [0:3H] and
the three gates driven by dc (i, f, c_tilde) are one slice [H:4H]. state_dict() is always in PyTorch's order.
"""

from dataclasses import dataclass

import numpy as np

from .activations import sigmoid_from_tanh_half
from .layer_base import RecurrentLayer, buffers, freeze, read_only_batch_first

O, I_, F, G = 0, 1, 2, 3        # block positions in the internal order


@dataclass(frozen=True)
class LSTMTrace:
    """Everything forward computed, read-only. Per-step arrays are (B, T, H); states are (B, H)."""
    f: np.ndarray
    i: np.ndarray
    c_tilde: np.ndarray
    o: np.ndarray
    c: np.ndarray
    tanh_c: np.ndarray
    h: np.ndarray
    h0: np.ndarray
    c0: np.ndarray
    h_n: np.ndarray
    c_n: np.ndarray
    x: np.ndarray                 # (B, T, I) the input, in the layer's dtype
    _gates: np.ndarray            # (T, 4H, B) activated gates, internal order o, i, f, c_tilde
    _h_all: np.ndarray            # (T+1, H, B) h0 then h(t)
    _c_all: np.ndarray            # (T+1, H, B) c0 then c(t)
    _tanh_c: np.ndarray           # (T, H, B)
    _x: np.ndarray                # (T, I, B)


class LSTM(RecurrentLayer):
    """Single-layer, batch-first LSTM. `forward(x, h0, c0) -> (y, trace)`, `backward(dy, trace, ...)`."""

    kind = "lstm"
    num_blocks = 4
    internal_order = (3, 0, 1, 2)   # PyTorch blocks i=0, f=1, g=2, o=3 kept as o, i, f, g
    has_cell = True
    trace_type = LSTMTrace

    def _prepare(self):
        half = self._sigmoid_rows_halved(3)                                            # o, i, f rows
        self._w_ih_fwd = self._weight_ih * half                                        # (4H, I)
        self._w_hh_fwd = self._weight_hh * half                                        # (4H, H)
        self._b_fwd = (self._bias_ih + self._bias_hh)[:, None] * half                  # (4H, 1)
        self._w_hh_T = np.ascontiguousarray(self._weight_hh.T)                         # (H, 4H)

    def forward(self, x, h0=None, c0=None):
        x, h0, c0 = self._check_forward(x, h0, c0)                         # x (B, T, I); h0, c0 (H, B)
        B, T, I = x.shape
        H = self.hidden_size
        x_fm, gates, h_all, c_all, tanh_c = buffers(
            self.dtype, (T, I, B), (T, 4 * H, B), (T + 1, H, B), (T + 1, H, B), (T, H, B))
        x_fm[...] = x.transpose(1, 2, 0)                                    # (T, I, B)
        h_all[0], c_all[0] = h0, c0                                         # h_all[t+1] = h(t), c_all[t+1] = c(t)
        np.matmul(self._w_ih_fwd, x_fm, out=gates)                          # (T, 4H, B) x part, all steps
        gates += self._b_fwd
        sig = gates[:, :3 * H]                                              # (T, 3H, B) o, i, f
        o, i, f, c_tilde = (gates[:, k * H:(k + 1) * H] for k in (O, I_, F, G))   # each (T, H, B)
        w_hh = self._w_hh_fwd
        hh = np.empty((4 * H, B), dtype=self.dtype)
        ig = np.empty((H, B), dtype=self.dtype)
        for t in range(T):
            a = gates[t]                                                     # (4H, B)
            np.matmul(w_hh, h_all[t], out=hh)
            np.add(a, hh, out=a)
            np.tanh(a, out=a)
            sigmoid_from_tanh_half(sig[t])
            c_t = c_all[t + 1]
            np.multiply(f[t], c_all[t], out=c_t)
            np.multiply(i[t], c_tilde[t], out=ig)
            np.add(c_t, ig, out=c_t)
            np.tanh(c_t, out=tanh_c[t])
            np.multiply(o[t], tanh_c[t], out=h_all[t + 1])
        freeze(gates, h_all, c_all, tanh_c, x_fm)
        bt = read_only_batch_first
        trace = LSTMTrace(f=bt(f), i=bt(i), c_tilde=bt(c_tilde), o=bt(o), c=bt(c_all[1:]), tanh_c=bt(tanh_c),
                          h=bt(h_all[1:]), h0=h_all[0].T, c0=c_all[0].T, h_n=h_all[T].T, c_n=c_all[T].T,
                          x=bt(x_fm), _gates=gates, _h_all=h_all, _c_all=c_all, _tanh_c=tanh_c, _x=x_fm)
        return np.ascontiguousarray(trace.h), trace                         # y (B, T, H)

    def backward(self, dy, trace, dh_n=None, dc_n=None, return_state_grads=False):
        """Exact BPTT. Returns (grads, dx) or, with return_state_grads, (grads, dx, {"h0", "c0"})."""
        dy, dh_rec, dc = self._check_backward(dy, trace, dh_n, dc_n)       # dy (T, H, B); dh_rec, dc (H, B)
        B, T, H = trace.h.shape
        gates, c_all, tanh_c = trace._gates, trace._c_all, trace._tanh_c
        o, i, f, c_tilde = (gates[:, k * H:(k + 1) * H] for k in (O, I_, F, G))   # each (T, H, B)
        dy_fm, da, dc_from_dh, *columns = buffers(
            self.dtype, (T, H, B), (T, 4 * H, B), (T, H, B), *self._column_shapes(T, B, shared=True))
        dy_fm[...] = 0.0 if dy is None else dy
        # Everything that does not depend on the recurrence, for all steps at once. da starts as the factor
        # that turns [dh, dc, dc, dc] into the pre-activation gradients, and is multiplied by them in the loop:
        #   da = [dh * tanh_c, dc * c_tilde, dc * c(t-1), dc * i] * (derivative of each activation)
        np.subtract(1.0, gates, out=da)                                      # (T, 4H, B)
        da *= gates                                                          # σ' = s(1-s) for o, i, f
        np.multiply(c_tilde, c_tilde, out=da[:, 3 * H:])
        np.subtract(1.0, da[:, 3 * H:], out=da[:, 3 * H:])                   # tanh' = 1 - c_tilde² for c_tilde
        for block, factor in zip((O, I_, F, G), (tanh_c, c_tilde, c_all[:-1], i)):
            da[:, block * H:(block + 1) * H] *= factor
        np.multiply(tanh_c, tanh_c, out=dc_from_dh)                          # (T, H, B) dc += dh * this
        np.subtract(1.0, dc_from_dh, out=dc_from_dh)
        dc_from_dh *= o
        da_o, da_ifg = da[:, :H], da[:, H:].reshape(T, 3, H, B)              # (T, H, B), (T, 3, H, B)
        dh = np.empty((H, B), dtype=self.dtype)
        tmp = np.empty((H, B), dtype=self.dtype)
        w_hh_T = self._w_hh_T                                                # (H, 4H)
        for t in range(T - 1, -1, -1):
            np.add(dh_rec, dy_fm[t], out=dh)                                 # dh(t)
            np.multiply(dh, dc_from_dh[t], out=tmp)
            np.add(dc, tmp, out=dc)                                          # dc(t)
            np.multiply(dh, da_o[t], out=da_o[t])                            # da_o
            np.multiply(dc, da_ifg[t], out=da_ifg[t])                        # da_i, da_f, da_c_tilde
            np.multiply(dc, f[t], out=dc)                                    # dc reaching c(t-1)
            np.matmul(w_hh_T, da[t], out=dh_rec)                             # dh reaching h(t-1)
        grads, dx = self._parameter_grads(da, da, trace._x, trace._h_all[:-1], columns)
        if return_state_grads:
            return grads, dx, {"h0": dh_rec.T.copy(), "c0": dc.T.copy()}
        return grads, dx
