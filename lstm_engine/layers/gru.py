"""GRU layer in numpy with exact backpropagation through time, interchangeable with torch.nn.GRU.

Equations (PyTorch's GRU; the reset gate acts on the recurrent part of the candidate, "reset_after"):
    r(t) = σ(W_ir·x(t) + b_ir + W_hr·h(t-1) + b_hr)             reset gate
    z(t) = σ(W_iz·x(t) + b_iz + W_hz·h(t-1) + b_hz)             update gate
    n(t) = tanh(W_in·x(t) + b_in + r(t) * (W_hn·h(t-1) + b_hn))  candidate
    h(t) = (1 - z(t)) * n(t) + z(t) * h(t-1)                     = n + z * (h(t-1) - n)

Backward through time, t = T-1 .. 0, with dh(t) = dy(t) + (gradient arriving from step t+1):
    da_n = dh * (1 - z) * (1 - n²)          da_z = dh * (h(t-1) - n) * z * (1 - z)
    da_r = da_n * hn * r * (1 - r)          d(hn) = da_n * r          where hn = W_hn·h(t-1) + b_hn
    dh(t-1) gets dh * z + W_hhᵀ·[da_r, da_z, d(hn)]
    input side uses [da_r, da_z, da_n]; hidden side uses [da_r, da_z, d(hn)]

Inside, states are columns like the lesson's vectors: h is (H, B), one column per sequence of the batch.
Rows stay in PyTorch's order r, z, n: the two σ gates are already one slice [0:2H].
"""

from dataclasses import dataclass

import numpy as np

from .activations import sigmoid_from_tanh_half
from .layer_base import RecurrentLayer, buffers, freeze, read_only_batch_first


@dataclass(frozen=True)
class GRUTrace:
    """Everything forward computed, read-only. Per-step arrays are (B, T, H); states are (B, H)."""
    r: np.ndarray
    z: np.ndarray
    n: np.ndarray
    h: np.ndarray
    h0: np.ndarray
    h_n: np.ndarray
    x: np.ndarray                 # (B, T, I) the input, in the layer's dtype
    _gates: np.ndarray            # (T, 3H, B) activated r, z, n
    _hn: np.ndarray               # (T, H, B) W_hn·h(t-1) + b_hn
    _h_all: np.ndarray            # (T+1, H, B) h0 then h(t)
    _x: np.ndarray                # (T, I, B)


class GRU(RecurrentLayer):
    """Single-layer, batch-first GRU. `forward(x, h0) -> (y, trace)`, `backward(dy, trace, ...)`."""

    kind = "gru"
    num_blocks = 3
    internal_order = (0, 1, 2)
    trace_type = GRUTrace

    def _prepare(self):
        H = self.hidden_size
        half = self._sigmoid_rows_halved(2)                                            # r, z rows
        self._w_ih_fwd = self._weight_ih * half                                        # (3H, I)
        self._w_hh_fwd = self._weight_hh * half                                        # (3H, H)
        b_x = self._bias_ih.copy()                                                     # (3H,)
        b_x[:2 * H] += self._bias_hh[:2 * H]           # r, z: both biases go with the x part
        self._b_x_fwd = b_x[:, None] * half                                            # (3H, 1)
        self._b_hn = self._bias_hh[2 * H:, None].copy()                                # (H, 1)
        self._w_hh_T = np.ascontiguousarray(self._weight_hh.T)                         # (H, 3H)

    def forward(self, x, h0=None, c0=None):
        x, h0, _ = self._check_forward(x, h0, c0)                          # x (B, T, I); h0 (H, B)
        B, T, I = x.shape
        H = self.hidden_size
        x_fm, gates, hn, h_all = buffers(self.dtype, (T, I, B), (T, 3 * H, B), (T, H, B), (T + 1, H, B))
        x_fm[...] = x.transpose(1, 2, 0)                                    # (T, I, B)
        h_all[0] = h0                                                        # h_all[t+1] = h(t)
        np.matmul(self._w_ih_fwd, x_fm, out=gates)                          # (T, 3H, B) x part, all steps
        gates += self._b_x_fwd
        rz = gates[:, :2 * H]                                               # (T, 2H, B)
        r, z, n = (gates[:, k * H:(k + 1) * H] for k in range(3))           # each (T, H, B)
        w_hh = self._w_hh_fwd
        b_hn = np.repeat(self._b_hn, B, axis=1)                             # (H, B)
        hh = np.empty((3 * H, B), dtype=self.dtype)
        hh_rz, hh_n = hh[:2 * H], hh[2 * H:]
        for t in range(T):
            np.matmul(w_hh, h_all[t], out=hh)                               # (3H, B)
            np.add(rz[t], hh_rz, out=rz[t])
            np.tanh(rz[t], out=rz[t])
            sigmoid_from_tanh_half(rz[t])                                   # r(t), z(t)
            np.add(hh_n, b_hn, out=hn[t])
            np.multiply(r[t], hn[t], out=hh_n)
            np.add(n[t], hh_n, out=n[t])
            np.tanh(n[t], out=n[t])                                         # n(t)
            h_t = h_all[t + 1]
            np.subtract(h_all[t], n[t], out=h_t)
            np.multiply(h_t, z[t], out=h_t)
            np.add(h_t, n[t], out=h_t)                                      # h(t)
        freeze(gates, hn, h_all, x_fm)
        bt = read_only_batch_first
        trace = GRUTrace(r=bt(r), z=bt(z), n=bt(n), h=bt(h_all[1:]), h0=h_all[0].T, h_n=h_all[T].T,
                         x=bt(x_fm), _gates=gates, _hn=hn, _h_all=h_all, _x=x_fm)
        return np.ascontiguousarray(trace.h), trace                         # y (B, T, H)

    def backward(self, dy, trace, dh_n=None, dc_n=None, return_state_grads=False):
        """Exact BPTT. Returns (grads, dx) or, with return_state_grads, (grads, dx, {"h0"})."""
        dy, dh_rec, _ = self._check_backward(dy, trace, dh_n, dc_n)        # dy (T, H, B); dh_rec (H, B)
        B, T, H = trace.h.shape
        gates, hn, h_all = trace._gates, trace._hn, trace._h_all
        r, z, n = (gates[:, k * H:(k + 1) * H] for k in range(3))           # each (T, H, B)
        dy_fm, k_z, k_n, k_r, d_hidden, d_input, *columns = buffers(
            self.dtype, (T, H, B), (T, H, B), (T, H, B), (T, H, B), (T, 3 * H, B), (T, 3 * H, B),
            *self._column_shapes(T, B, shared=False))
        dy_fm[...] = 0.0 if dy is None else dy
        # Everything that does not depend on the recurrence, for all steps at once:
        #   da_z = dh * k_z,  da_n = dh * k_n,  da_r = da_n * k_r
        np.subtract(1.0, z, out=k_n)                                        # 1 - z
        np.subtract(h_all[:-1], n, out=k_z)
        k_z *= z
        k_z *= k_n                                                          # (h(t-1) - n) * z * (1 - z)
        np.multiply(n, n, out=k_r)
        np.subtract(1.0, k_r, out=k_r)
        k_n *= k_r                                                          # (1 - z) * (1 - n²)
        np.subtract(1.0, r, out=k_r)
        k_r *= r
        k_r *= hn                                                           # hn * r * (1 - r)
        da_r, da_z, d_hn = (d_hidden[:, k * H:(k + 1) * H] for k in range(3))   # [da_r, da_z, d(hn)]
        da_n = d_input[:, 2 * H:]                                           # d_input = [da_r, da_z, da_n]
        dh = np.empty((H, B), dtype=self.dtype)
        tmp = np.empty((H, B), dtype=self.dtype)
        w_hh_T = self._w_hh_T                                               # (H, 3H)
        for t in range(T - 1, -1, -1):
            np.add(dh_rec, dy_fm[t], out=dh)                                # dh(t)
            np.multiply(dh, k_z[t], out=da_z[t])
            np.multiply(dh, k_n[t], out=da_n[t])
            np.multiply(da_n[t], k_r[t], out=da_r[t])
            np.multiply(da_n[t], r[t], out=d_hn[t])
            np.matmul(w_hh_T, d_hidden[t], out=dh_rec)                      # through W_hh
            np.multiply(dh, z[t], out=tmp)
            np.add(dh_rec, tmp, out=dh_rec)                                 # dh reaching h(t-1)
        d_input[:, :2 * H] = d_hidden[:, :2 * H]
        grads, dx = self._parameter_grads(d_input, d_hidden, trace._x, h_all[:-1], columns)
        if return_state_grads:
            return grads, dx, {"h0": dh_rec.T.copy()}
        return grads, dx
