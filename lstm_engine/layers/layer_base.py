"""What the RNN, GRU and LSTM layers share: parameters in PyTorch's layout, seeding, input checks.

A layer holds four parameters named and shaped like a single-layer `torch.nn.RNN/GRU/LSTM` with
`batch_first=True`:

    weight_ih_l0 (G·H, I)   weight_hh_l0 (G·H, H)   bias_ih_l0 (G·H,)   bias_hh_l0 (G·H,)

where G is the number of gate blocks (RNN 1, GRU 3, LSTM 4). Inside, each layer may keep the G blocks of
rows in another order (`internal_order`, block indices in PyTorch's order) when that lets the time loop
take one contiguous slice; `state_dict()` always returns PyTorch's order, so the round trip is exact.
"""

import numpy as np

PARAMETER_NAMES = ("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0")
SUPPORTED_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))


def freeze(*arrays):
    """Mark arrays read-only (a trace is a record to read, not a buffer to reuse)."""
    for array in arrays:
        if array is not None:
            array.flags.writeable = False


class RecurrentLayer:
    """Base class. Subclasses set `kind`, `num_blocks`, `internal_order` and implement `_prepare`,
    `forward` and `backward`."""

    kind = ""
    num_blocks = 1
    internal_order = (0,)   # block indices in PyTorch's order, listed in the order the layer keeps them
    has_cell = False

    def __init__(self, input_size, hidden_size, seed=0, dtype=np.float64):
        self.input_size = _positive_int(input_size, "input_size")
        self.hidden_size = _positive_int(hidden_size, "hidden_size")
        self.dtype = np.dtype(dtype)
        if self.dtype not in SUPPORTED_DTYPES:
            raise ValueError(f"dtype must be float32 or float64, got {self.dtype}.")
        H = self.hidden_size
        rows = np.concatenate([np.arange(k * H, (k + 1) * H) for k in self.internal_order])
        self._rows_internal = rows                  # internal row r holds PyTorch row rows[r]
        self._rows_torch = np.argsort(rows)         # PyTorch row r holds internal row _rows_torch[r]
        # PyTorch's default initialisation: every parameter ~ U(-1/sqrt(H), 1/sqrt(H)).
        rng = np.random.default_rng(seed)
        bound = 1.0 / np.sqrt(H)
        shapes = self._parameter_shapes()
        self.load_state_dict({name: rng.uniform(-bound, bound, shapes[name]) for name in PARAMETER_NAMES})

    def __repr__(self):
        return (f"{type(self).__name__}(input_size={self.input_size}, hidden_size={self.hidden_size}, "
                f"dtype={self.dtype.name})")

    def _parameter_shapes(self):
        GH = self.num_blocks * self.hidden_size
        return {"weight_ih_l0": (GH, self.input_size), "weight_hh_l0": (GH, self.hidden_size),
                "bias_ih_l0": (GH,), "bias_hh_l0": (GH,)}

    # ---- parameters -------------------------------------------------------------------------------
    def state_dict(self):
        """Fresh copies of the parameters, PyTorch names, shapes and gate order."""
        internal = (self._weight_ih, self._weight_hh, self._bias_ih, self._bias_hh)
        return {name: array[self._rows_torch] for name, array in zip(PARAMETER_NAMES, internal)}

    def load_state_dict(self, state_dict):
        """Load PyTorch-named arrays (numpy or anything `np.asarray` accepts); cast to the layer's dtype."""
        missing = [name for name in PARAMETER_NAMES if name not in state_dict]
        if missing:
            raise ValueError(f"state_dict is missing {missing}; expected keys {list(PARAMETER_NAMES)}.")
        shapes = self._parameter_shapes()
        loaded = []
        for name in PARAMETER_NAMES:
            array = np.asarray(_to_numpy(state_dict[name]), dtype=self.dtype)
            if array.shape != shapes[name]:
                raise ValueError(f"{name} has shape {array.shape}; this {self.kind.upper()} with input_size="
                                 f"{self.input_size}, hidden_size={self.hidden_size} needs {shapes[name]}.")
            if not np.all(np.isfinite(array)):
                raise ValueError(f"{name} contains NaN or infinite values.")
            loaded.append(np.ascontiguousarray(array[self._rows_internal]))
        self._weight_ih, self._weight_hh, self._bias_ih, self._bias_hh = loaded   # internal row order
        self._prepare()

    def _prepare(self):
        """Derive the arrays the forward loop multiplies by (called whenever parameters change)."""
        raise NotImplementedError

    def _sigmoid_rows_halved(self, sigmoid_blocks):
        """(G·H, 1) column: 0.5 on the first `sigmoid_blocks` blocks of rows, 1 elsewhere.

        σ(a) = 0.5 + 0.5·tanh(a/2): with the σ rows of the forward weights halved (exact in floating point),
        one tanh call activates every gate of a step and `sigmoid_from_tanh_half` finishes the σ slice.
        """
        scale = np.ones((self.num_blocks * self.hidden_size, 1), dtype=self.dtype)
        scale[:sigmoid_blocks * self.hidden_size] = 0.5
        return scale

    # ---- argument checks ---------------------------------------------------------------------------
    # Inside the time loop every state is stored "feature-major", one column per sequence of the batch,
    # (H, B), exactly like the lesson's column vectors: a = W_hh·h(t-1). Each per-step slice is then one
    # contiguous block, which is what makes small numpy calls fast.
    def _check_forward(self, x, h0, c0):
        """Returns x (B, T, I) as an array, and h0, c0 as (H, B) views (0.0 when not given)."""
        if c0 is not None and not self.has_cell:
            raise ValueError(f"{self.kind.upper()} layers have no cell state: pass c0 only to an LSTM.")
        x = np.asarray(x)
        if x.ndim != 3 or x.shape[2] != self.input_size or x.shape[0] < 1 or x.shape[1] < 1:
            raise ValueError(f"x must have shape (batch, time, {self.input_size}) with batch, time >= 1; "
                             f"got {x.shape}.")
        shape = (x.shape[0], self.hidden_size)
        states = []
        for name, state in (("h0", h0), ("c0", c0)):
            if state is None:
                states.append(0.0)
                continue
            state = np.asarray(state)
            if state.shape != shape:
                raise ValueError(f"{name} must have shape {shape} (batch, hidden_size); got {state.shape}.")
            states.append(state.T)                                                 # (H, B)
        return x, states[0], states[1]

    def _check_backward(self, dy, trace, dh_n, dc_n):
        """Returns dy as a (T, H, B) view (None stays None: only dh_n / dc_n), and dh_n, dc_n as fresh
        writable (H, B) arrays, zeros when not given (dc_n is None for layers without a cell)."""
        if dc_n is not None and not self.has_cell:
            raise ValueError(f"{self.kind.upper()} layers have no cell state: pass dc_n only to an LSTM.")
        if not isinstance(trace, self.trace_type):
            raise TypeError(f"{type(self).__name__}.backward needs the trace of its own forward, "
                            f"got {type(trace).__name__}.")
        B, T, H = trace.h.shape
        if H != self.hidden_size or trace.x.shape[2] != self.input_size:
            raise ValueError("This trace comes from a layer of another size.")
        if dy is not None:
            dy = np.asarray(dy)
            if dy.shape != (B, T, H):
                raise ValueError(f"dy must have the shape of y, {(B, T, H)}; got {dy.shape}.")
            dy = dy.transpose(1, 2, 0)                                             # (T, H, B)
        finals = []
        for name, grad in (("dh_n", dh_n), ("dc_n", dc_n)):
            if grad is not None and np.shape(grad) != (B, H):
                raise ValueError(f"{name} must have shape {(B, H)}; got {np.shape(grad)}.")
            final = np.zeros((H, B), dtype=self.dtype)
            if grad is not None:
                final[...] = np.asarray(grad).T                                    # (H, B)
            finals.append(final)
        return dy, finals[0], (finals[1] if self.has_cell else None)

    def _column_shapes(self, T, B, shared):
        """Shapes of the `columns` buffers `_parameter_grads` fills; callers allocate them in the same block
        as their own buffers (see `buffers`)."""
        GH, I, H = self.num_blocks * self.hidden_size, self.input_size, self.hidden_size
        return [(GH, T, B), (0 if shared else GH, T, B), (I, T, B), (H, T, B), (I, T * B)]

    def _parameter_grads(self, d_input, d_hidden, x_fm, h_prev, columns):
        """Sum the per-step pre-activation gradients into parameter gradients and dx, all steps at once.

        d_input, d_hidden (T, G·H, B): gradients of the x part and of the h part of each pre-activation
        (the same array except in a GRU); x_fm (T, I, B); h_prev (T, H, B) = h(t-1); columns: buffers
        shaped by `_column_shapes`. Returns (grads in PyTorch's order, dx (B, T, I)).
        """
        T, GH, B = d_hidden.shape
        I, H = self.input_size, self.hidden_size
        shared = d_input is d_hidden
        d_hidden_2d, d_input_2d, x_2d, h_2d, dx_2d = columns
        for columns, per_step in ((d_hidden_2d, d_hidden), (d_input_2d, d_input), (x_2d, x_fm), (h_2d, h_prev)):
            if columns.size:
                np.copyto(columns, per_step.transpose(1, 0, 2))                   # (rows, T, B)
        d_hidden_2d = d_hidden_2d.reshape(GH, T * B)
        d_input_2d = d_hidden_2d if shared else d_input_2d.reshape(GH, T * B)
        dW_ih = d_input_2d @ x_2d.reshape(I, T * B).T                            # (G·H, I)
        dW_hh = d_hidden_2d @ h_2d.reshape(H, T * B).T                           # (G·H, H)
        db_ih = d_input_2d.sum(axis=1)                                           # (G·H,)
        db_hh = db_ih.copy() if shared else d_hidden_2d.sum(axis=1)              # (G·H,)
        np.matmul(self._weight_ih.T, d_input_2d, out=dx_2d)                      # (I, T·B)
        internal = (dW_ih, dW_hh, db_ih, db_hh)
        grads = {name: np.ascontiguousarray(g[self._rows_torch]) for name, g in zip(PARAMETER_NAMES, internal)}
        return grads, np.ascontiguousarray(dx_2d.reshape(I, T, B).transpose(2, 1, 0))   # dx (B, T, I)


def buffers(dtype, *shapes):
    """Contiguous arrays of the given shapes, all carved out of ONE allocation.

    Why: a call that allocates several mid-sized arrays and frees them together makes the C allocator give the
    memory back to the operating system, and the next call pays a page fault for every page it touches again (a
    large share of a training step). One block of the same size every call stays in the process and is reused.
    """
    sizes = [int(np.prod(shape)) for shape in shapes]
    block = np.empty(sum(sizes), dtype=dtype)
    ends = np.cumsum(sizes)
    return [block[end - size:end].reshape(shape) for end, size, shape in zip(ends, sizes, shapes)]


def read_only_batch_first(a):
    """(T, H, B) -> read-only (B, T, H) view: how the trace shows a feature-major buffer."""
    view = a.transpose(2, 0, 1)
    view.flags.writeable = False
    return view


def _to_numpy(value):
    """Accept torch tensors too (without importing torch): anything with .detach().cpu().numpy()."""
    if hasattr(value, "detach"):
        return value.detach().cpu().numpy()
    return value


def _positive_int(value, name):
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name} must be a whole number of at least 1, got {value!r}.")
    return int(value)
