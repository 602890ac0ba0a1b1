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

from .layer_base import RecurrentLayer, freeze, read_only_batch_first


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
        x_fm, h_all = self._start_forward(x, h0, c0)                      # (T, I, B), (T+1, H, B)
        T, H, B = h_all.shape[0] - 1, self.hidden_size, x_fm.shape[2]
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
        dy_fm = self._output_grad(dy, trace, dc_n)                         # (T, H, B)
        T, H, B = dy_fm.shape
        h = trace._h_all[1:]
        d_tanh = np.multiply(h, h)                                          # (T, H, B)
        np.subtract(1.0, d_tanh, out=d_tanh)                                # tanh' = 1 - h²
        da = np.empty((T, H, B), dtype=self.dtype)                         # pre-activation grads
        dh_rec = self._final_state_grad(dh_n, trace, "dh_n")               # (H, B) from step t+1
        dh = np.empty((H, B), dtype=self.dtype)
        w_hh_T = self._w_hh_T                                               # (H, H)
        for t in range(T - 1, -1, -1):
            np.add(dh_rec, dy_fm[t], out=dh)                                # dh(t)
            np.multiply(dh, d_tanh[t], out=da[t])                           # da(t)
            np.matmul(w_hh_T, da[t], out=dh_rec)                            # dh reaching h(t-1)
        grads, dx = self._parameter_grads(da, da, trace._x, trace._h_all[:-1])
        if return_state_grads:
            return grads, dx, {"h0": dh_rec.T.copy()}
        return grads, dx
