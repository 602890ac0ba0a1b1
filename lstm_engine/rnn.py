"""Plain (Elman) RNN layer with tanh, in numpy with exact backpropagation through time; matches torch.nn.RNN.

Equations (the lesson's notation; W·[h(t-1), x(t)] is PyTorch's W_ih·x(t) + W_hh·h(t-1)):
    h(t) = tanh(W·[h(t-1), x(t)] + b)          b = bias_ih + bias_hh

Backward through time, t = T-1 .. 0, with dh(t) = dy(t) + (gradient arriving from step t+1):
    da(t)   = dh(t) * (1 - h(t)²)              gradient of the pre-activation
    dh(t-1) gets W_hhᵀ-side term da(t)·W_hh    (the repeated product that makes gradients vanish)
    dW_hh = Σ_t da(t)ᵀ h(t-1) ;  dW_ih = Σ_t da(t)ᵀ x(t) ;  db = Σ_t da(t)
"""

from dataclasses import dataclass

import numpy as np

from .layer_base import RecurrentLayer, freeze


@dataclass(frozen=True)
class RNNTrace:
    """Everything forward computed, read-only. h is (B, T, H); states are (B, H)."""
    h: np.ndarray
    h0: np.ndarray
    h_n: np.ndarray
    x: np.ndarray                 # (B, T, I) the input, in the layer's dtype
    _h_all: np.ndarray            # (T+1, B, H) h0 then h(t)
    _x: np.ndarray                # (T, B, I)


class RNN(RecurrentLayer):
    """Single-layer, batch-first tanh RNN. `forward(x, h0) -> (y, trace)`, `backward(dy, trace, ...)`."""

    kind = "rnn"
    num_blocks = 1
    internal_order = (0,)
    trace_type = RNNTrace

    def _prepare(self):
        self._w_ih_fwd = np.ascontiguousarray(self._weight_ih.T)           # (I, H)
        self._w_hh_fwd = np.ascontiguousarray(self._weight_hh.T)           # (H, H)
        self._b_fwd = self._bias_ih + self._bias_hh                         # (H,)

    def forward(self, x, h0=None, c0=None):
        if c0 is not None:
            raise ValueError("An RNN has no cell state: pass c0 only to an LSTM.")
        x_tm = self._time_major_input(x)                                   # (T, B, I)
        T, B, _ = x_tm.shape
        H = self.hidden_size
        h_all = np.empty((T + 1, B, H), dtype=self.dtype)                 # h_all[t+1] = h(t)
        h_all[0] = self._initial_state(h0, B, "h0")
        # The x part of every pre-activation, for all time steps in one matmul, written where h(t) goes.
        np.matmul(x_tm, self._w_ih_fwd, out=h_all[1:])                    # (T, B, H)
        h_all[1:] += self._b_fwd
        w_hh = self._w_hh_fwd
        hh = np.empty((B, H), dtype=self.dtype)
        for t in range(T):
            a = h_all[t + 1]                                                # (B, H)
            np.matmul(h_all[t], w_hh, out=hh)
            np.add(a, hh, out=a)
            np.tanh(a, out=a)
        freeze(h_all, x_tm)
        h = h_all[1:].transpose(1, 0, 2)                                   # (B, T, H) view
        x_view = x_tm.transpose(1, 0, 2)
        freeze(h, x_view)
        trace = RNNTrace(h=h, h0=h_all[0], h_n=h_all[T], x=x_view, _h_all=h_all, _x=x_tm)
        return np.ascontiguousarray(h), trace

    def backward(self, dy, trace, dh_n=None, dc_n=None, return_state_grads=False):
        """Exact BPTT. Returns (grads, dx) or, with return_state_grads, (grads, dx, {"h0"})."""
        if dc_n is not None:
            raise ValueError("An RNN has no cell state: pass dc_n only to an LSTM.")
        dy_tm = self._output_grad(dy, trace)                               # (T, B, H)
        T, B, H = dy_tm.shape
        h = trace._h_all[1:]
        d_tanh = 1.0 - h * h                                                # (T, B, H) tanh'
        da = np.empty((T, B, H), dtype=self.dtype)                         # pre-activation grads
        dh_rec = self._final_state_grad(dh_n, trace, "dh_n")               # (B, H) from step t+1
        dh = np.empty((B, H), dtype=self.dtype)
        w_hh = self._weight_hh                                              # (H, H)
        for t in range(T - 1, -1, -1):
            np.add(dh_rec, dy_tm[t], out=dh)                                # dh(t)
            np.multiply(dh, d_tanh[t], out=da[t])                           # da(t)
            np.matmul(da[t], w_hh, out=dh_rec)                              # dh reaching h(t-1)
        da_flat = da.reshape(T * B, H)                                      # (T·B, H)
        dW_ih = da_flat.T @ trace._x.reshape(T * B, -1)                     # (H, I)
        dW_hh = da_flat.T @ trace._h_all[:-1].reshape(T * B, H)             # (H, H)
        db = da_flat.sum(axis=0)                                            # (H,)
        dx = (da_flat @ self._weight_ih).reshape(T, B, -1)                  # (T, B, I)
        grads = self._grads_to_torch(dW_ih, dW_hh, db, db.copy())
        dx = np.ascontiguousarray(dx.transpose(1, 0, 2))                    # (B, T, I)
        if return_state_grads:
            return grads, dx, {"h0": dh_rec}
        return grads, dx
