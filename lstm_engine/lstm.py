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
    dh(t-1) gets W_h·da ;  dW_hh = Σ_t da(t)ᵀ h(t-1) ;  dW_ih = Σ_t da(t)ᵀ x(t) ;  db = Σ_t da(t)

PyTorch stores the four blocks of rows in the order i, f, g, o. This layer keeps them as o, i, f, c_tilde so that
the three σ gates are one slice [0:3H] and the three gates driven by dc (i, f, c_tilde) are one slice [H:4H].
"""

from dataclasses import dataclass

import numpy as np

from .activations import sigmoid_from_tanh_half
from .layer_base import RecurrentLayer, freeze

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
    _gates: np.ndarray            # (T, B, 4H) activated gates, internal order o, i, f, c_tilde
    _h_all: np.ndarray            # (T+1, B, H) h0 then h(t)
    _c_all: np.ndarray            # (T+1, B, H) c0 then c(t)
    _tanh_c: np.ndarray           # (T, B, H)
    _x: np.ndarray                # (T, B, I)


class LSTM(RecurrentLayer):
    """Single-layer, batch-first LSTM. `forward(x, h0, c0) -> (y, trace)`, `backward(dy, trace, ...)`."""

    kind = "lstm"
    num_blocks = 4
    internal_order = (3, 0, 1, 2)   # PyTorch blocks i=0, f=1, g=2, o=3 kept as o, i, f, g
    has_cell = True
    trace_type = LSTMTrace

    def _prepare(self):
        H = self.hidden_size
        # σ(a) = 0.5 + 0.5·tanh(a/2): halve the σ rows (exact) so one tanh activates all four gates.
        half = np.ones(4 * H, dtype=self.dtype)
        half[:3 * H] = 0.5
        self._w_ih_fwd = np.ascontiguousarray((self._weight_ih * half[:, None]).T)      # (I, 4H)
        self._w_hh_fwd = np.ascontiguousarray((self._weight_hh * half[:, None]).T)      # (H, 4H)
        self._b_fwd = (self._bias_ih + self._bias_hh) * half                            # (4H,)

    def forward(self, x, h0=None, c0=None):
        x_tm = self._time_major_input(x)                                    # (T, B, I)
        T, B, _ = x_tm.shape
        H = self.hidden_size
        h_all = np.empty((T + 1, B, H), dtype=self.dtype)                  # h_all[t+1] = h(t)
        c_all = np.empty((T + 1, B, H), dtype=self.dtype)                  # c_all[t+1] = c(t)
        h_all[0] = self._initial_state(h0, B, "h0")
        c_all[0] = self._initial_state(c0, B, "c0")
        tanh_c = np.empty((T, B, H), dtype=self.dtype)
        # The x part of every pre-activation, for all time steps in one matmul.
        gates = np.matmul(x_tm.reshape(T * B, -1), self._w_ih_fwd).reshape(T, B, 4 * H)   # (T, B, 4H)
        gates += self._b_fwd
        sig = gates[:, :, :3 * H]                                           # (T, B, 3H) o, i, f
        o, i, f, c_tilde = (gates[:, :, k * H:(k + 1) * H] for k in (O, I_, F, G))   # each (T, B, H)
        w_hh = self._w_hh_fwd
        hh = np.empty((B, 4 * H), dtype=self.dtype)
        ig = np.empty((B, H), dtype=self.dtype)
        for t in range(T):
            a = gates[t]                                                     # (B, 4H)
            np.matmul(h_all[t], w_hh, out=hh)
            np.add(a, hh, out=a)
            np.tanh(a, out=a)
            sigmoid_from_tanh_half(sig[t])
            c_t = c_all[t + 1]
            np.multiply(f[t], c_all[t], out=c_t)
            np.multiply(i[t], c_tilde[t], out=ig)
            np.add(c_t, ig, out=c_t)
            np.tanh(c_t, out=tanh_c[t])
            np.multiply(o[t], tanh_c[t], out=h_all[t + 1])
        freeze(gates, h_all, c_all, tanh_c, x_tm)

        def bth(a):                                                          # (T, B, .) -> (B, T, .) view
            view = a.transpose(1, 0, 2)
            view.flags.writeable = False
            return view

        trace = LSTMTrace(f=bth(f), i=bth(i), c_tilde=bth(c_tilde), o=bth(o), c=bth(c_all[1:]),
                          tanh_c=bth(tanh_c), h=bth(h_all[1:]), h0=h_all[0], c0=c_all[0],
                          h_n=h_all[T], c_n=c_all[T], x=bth(x_tm),
                          _gates=gates, _h_all=h_all, _c_all=c_all, _tanh_c=tanh_c, _x=x_tm)
        y = np.ascontiguousarray(trace.h)                                    # (B, T, H) writable copy
        return y, trace

    def backward(self, dy, trace, dh_n=None, dc_n=None, return_state_grads=False):
        """Exact BPTT. Returns (grads, dx) or, with return_state_grads, (grads, dx, {"h0", "c0"})."""
        dy_tm = self._output_grad(dy, trace)                                # (T, B, H)
        T, B, H = dy_tm.shape
        gates, c_all, tanh_c = trace._gates, trace._c_all, trace._tanh_c
        o, i, f, c_tilde = (gates[:, :, k * H:(k + 1) * H] for k in (O, I_, F, G))   # each (T, B, H)
        # Everything that does not depend on the recurrence, for all steps at once:
        #   da = [dh * tanh_c, dc * c_tilde, dc * c(t-1), dc * i] * (derivative of each activation)
        d_act = np.empty_like(gates)                                         # (T, B, 4H)
        np.multiply(gates, 1.0 - gates, out=d_act)                           # σ' = s(1-s)
        np.subtract(1.0, c_tilde * c_tilde, out=d_act[:, :, 3 * H:])         # tanh' = 1 - c_tilde²
        k = np.concatenate((tanh_c, c_tilde, c_all[:-1], i), axis=2)         # (T, B, 4H)
        k *= d_act
        k4 = k.reshape(T, B, 4, H)
        dc_from_dh = o * (1.0 - tanh_c * tanh_c)                             # (T, B, H) dc += dh * this
        da = np.empty((T, B, 4 * H), dtype=self.dtype)                       # pre-activation grads
        da4 = da.reshape(T, B, 4, H)
        dh_rec = self._final_state_grad(dh_n, trace, "dh_n")                 # (B, H) from step t+1
        dc = self._final_state_grad(dc_n, trace, "dc_n").reshape(B, 1, H)    # (B, 1, H) broadcasts on i,f,g
        dc2 = dc[:, 0]                                                       # (B, H) view of dc
        dh = np.empty((B, H), dtype=self.dtype)
        tmp = np.empty((B, H), dtype=self.dtype)
        w_hh = self._weight_hh                                               # (4H, H)
        for t in range(T - 1, -1, -1):
            np.add(dh_rec, dy_tm[t], out=dh)                                 # dh(t)
            np.multiply(dh, dc_from_dh[t], out=tmp)
            np.add(dc2, tmp, out=dc2)                                        # dc(t)
            np.multiply(dh, k4[t, :, O], out=da4[t, :, O])                   # da_o
            np.multiply(dc, k4[t, :, I_:], out=da4[t, :, I_:])               # da_i, da_f, da_c_tilde
            np.multiply(dc2, f[t], out=dc2)                                  # dc reaching c(t-1)
            np.matmul(da[t], w_hh, out=dh_rec)                               # dh reaching h(t-1)
        da_flat = da.reshape(T * B, 4 * H)                                   # (T·B, 4H)
        dW_ih = da_flat.T @ trace._x.reshape(T * B, -1)                      # (4H, I)
        dW_hh = da_flat.T @ trace._h_all[:-1].reshape(T * B, H)              # (4H, H)
        db = da_flat.sum(axis=0)                                             # (4H,)
        dx = (da_flat @ self._weight_ih).reshape(T, B, -1)                   # (T, B, I)
        grads = self._grads_to_torch(dW_ih, dW_hh, db, db.copy())
        dx = np.ascontiguousarray(dx.transpose(1, 0, 2))                     # (B, T, I)
        if return_state_grads:
            return grads, dx, {"h0": dh_rec, "c0": dc2.copy()}
        return grads, dx
