"""Plain (Elman) RNN layer with tanh, in numpy with exact backpropagation through time; matches torch.nn.RNN.

Equations (the lesson's notation; W·[h(t-1), x(t)] is PyTorch's W_ih·x(t) + W_hh·h(t-1)):
    h(t) = tanh(W·[h(t-1), x(t)] + b)          b = bias_ih + bias_hh

Backward through time, t = T-1 .. 0, with dh(t) = dy(t) + (gradient arriving from step t+1):
    da(t)   = dh(t) * (1 - h(t)²)              gradient of the pre-activation
    dh(t-1) gets W_hhᵀ·da(t)                   (the repeated product that makes gradients vanish)
    dW_hh = Σ_t da(t)·h(t-1)ᵀ ;  dW_ih = Σ_t da(t)·x(t)ᵀ ;  db = Σ_t da(t)

Inside, states are columns like the lesson's vectors: h is (H, B), one column per sequence of the batch.
"""

from dataclasses import dataclass

import numpy as np

from .layer_base import RecurrentLayer, buffers, freeze, read_only_batch_first


@dataclass(frozen=True)
class RNNTrace:
    """Everything forward computed, read-only. h is (B, T, H); states are (B, H)."""
    h: np.ndarray
    h0: np.ndarray
    h_n: np.ndarray
    x: np.ndarray                 # (B, T, I) the input, in the layer's dtype
    _h_all: np.ndarray            # (T+1, H, B) h0 then h(t)
    _x: np.ndarray                # (T, I, B)


class RNN(RecurrentLayer):
    """Single-layer, batch-first tanh RNN. `forward(x, h0) -> (y, trace)`, `backward(dy, trace, ...)`."""

    kind = "rnn"
    num_blocks = 1
    internal_order = (0,)
    trace_type = RNNTrace

    def _prepare(self):
        self._b_fwd = (self._bias_ih + self._bias_hh)[:, None]             # (H, 1)
        self._w_hh_T = np.ascontiguousarray(self._weight_hh.T)             # (H, H)

    def forward(self, x, h0=None, c0=None):
        x, h0, _ = self._check_forward(x, h0, c0)                          # x (B, T, I); h0 (H, B)
        B, T, I = x.shape
        H = self.hidden_size
        x_fm, h_all = buffers(self.dtype, (T, I, B), (T + 1, H, B))
        x_fm[...] = x.transpose(1, 2, 0)                                   # (T, I, B)
        h_all[0] = h0                                                       # h_all[t+1] = h(t)
        # The x part of every pre-activation, for all time steps at once, written where h(t) goes.
        np.matmul(self._weight_ih, x_fm, out=h_all[1:])                   # (T, H, B)
        h_all[1:] += self._b_fwd
        w_hh = self._weight_hh
        hh = np.empty((H, B), dtype=self.dtype)
        for t in range(T):
            a = h_all[t + 1]                                                # (H, B)
            np.matmul(w_hh, h_all[t], out=hh)
            np.add(a, hh, out=a)
            np.tanh(a, out=a)
        freeze(h_all, x_fm)
        h = read_only_batch_first(h_all[1:])                               # (B, T, H)
        trace = RNNTrace(h=h, h0=h_all[0].T, h_n=h_all[T].T, x=read_only_batch_first(x_fm),
                         _h_all=h_all, _x=x_fm)
        return np.ascontiguousarray(h), trace

    def backward(self, dy, trace, dh_n=None, dc_n=None, return_state_grads=False):
        """Exact BPTT. Returns (grads, dx) or, with return_state_grads, (grads, dx, {"h0"})."""
        dy, dh_rec, _ = self._check_backward(dy, trace, dh_n, dc_n)       # dy (T, H, B); dh_rec (H, B)
        B, T, H = trace.h.shape
        h = trace._h_all[1:]
        dy_fm, da, *columns = buffers(self.dtype, (T, H, B), (T, H, B), *self._column_shapes(T, B, shared=True))
        dy_fm[...] = 0.0 if dy is None else dy
        np.multiply(h, h, out=da)                                           # (T, H, B)
        np.subtract(1.0, da, out=da)                                        # tanh' = 1 - h², times dh below
        dh = np.empty((H, B), dtype=self.dtype)
        w_hh_T = self._w_hh_T                                               # (H, H)
        for t in range(T - 1, -1, -1):
            np.add(dh_rec, dy_fm[t], out=dh)                                # dh(t)
            np.multiply(dh, da[t], out=da[t])                               # da(t)
            np.matmul(w_hh_T, da[t], out=dh_rec)                            # dh reaching h(t-1)
        grads, dx = self._parameter_grads(da, da, trace._x, trace._h_all[:-1], columns)
        if return_state_grads:
            return grads, dx, {"h0": dh_rec.T.copy()}
        return grads, dx
