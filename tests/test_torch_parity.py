"""The engine against torch.nn.RNN / GRU / LSTM: forward, every gradient, trace gates, state_dict both ways."""

import numpy as np
import pytest

from lstm_engine import GRU, LSTM, RNN

torch = pytest.importorskip("torch")
torch.set_num_threads(1)

TORCH_CLASSES = {"rnn": torch.nn.RNN, "gru": torch.nn.GRU, "lstm": torch.nn.LSTM}
SIZES = [(1, 1, 1, 1), (2, 7, 3, 5), (4, 3, 1, 8), (3, 12, 6, 1), (5, 20, 4, 7)]   # (B, T, I, H)
TOLERANCE = {np.float64: dict(rtol=1e-9, atol=1e-11), np.float32: dict(rtol=2e-4, atol=2e-5)}
TORCH_DTYPE = {np.float64: torch.float64, np.float32: torch.float32}


def torch_twin(layer, torch_seed):
    """A torch module with the torch-initialised weights of `torch_seed`, loaded into `layer` too."""
    torch.manual_seed(torch_seed)
    module = TORCH_CLASSES[layer.kind](layer.input_size, layer.hidden_size, batch_first=True)
    module = module.to(TORCH_DTYPE[layer.dtype.type])
    layer.load_state_dict({k: v.detach().numpy() for k, v in module.state_dict().items()})
    return module


def run_both(cls, size, dtype, with_state, seed):
    B, T, I, H = size
    rng = np.random.default_rng(seed)
    layer = cls(I, H, dtype=dtype)
    module = torch_twin(layer, seed)
    x = rng.normal(size=(B, T, I)).astype(dtype)
    dy = rng.normal(size=(B, T, H)).astype(dtype)
    states = {}
    if with_state:
        states["h0"] = rng.normal(size=(B, H)).astype(dtype)
        if layer.has_cell:
            states["c0"] = rng.normal(size=(B, H)).astype(dtype)
    final_grads = {"dh_n": rng.normal(size=(B, H)).astype(dtype)}
    if layer.has_cell:
        final_grads["dc_n"] = rng.normal(size=(B, H)).astype(dtype)

    x_t = torch.tensor(x, requires_grad=True)
    state_t = {k: torch.tensor(v[None], requires_grad=True) for k, v in states.items()}
    if layer.has_cell:
        hx = (state_t["h0"], state_t["c0"]) if with_state else None
        y_t, (h_n_t, c_n_t) = module(x_t, hx)
        finals_t = {"dh_n": h_n_t[0], "dc_n": c_n_t[0]}
    else:
        y_t, h_n_t = module(x_t, state_t.get("h0"))
        finals_t = {"dh_n": h_n_t[0]}
    loss = (y_t * torch.tensor(dy)).sum()
    for name, final in finals_t.items():
        loss = loss + (final * torch.tensor(final_grads[name])).sum()
    loss.backward()

    y, trace = layer.forward(x, **states)
    grads, dx, state_grads = layer.backward(dy, trace, **final_grads, return_state_grads=True)
    return layer, module, (x_t, state_t, y_t, finals_t), (y, trace, grads, dx, state_grads)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("with_state", [False, True])
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("cls", [RNN, GRU, LSTM])
def test_forward_and_every_gradient_match_torch(cls, size, with_state, dtype):
    layer, module, torch_side, engine_side = run_both(cls, size, dtype, with_state, seed=sum(size))
    x_t, state_t, y_t, finals_t = torch_side
    y, trace, grads, dx, state_grads = engine_side
    tol = TOLERANCE[dtype]
    assert y.dtype == dtype and dx.dtype == dtype
    np.testing.assert_allclose(y, y_t.detach().numpy(), **tol)
    np.testing.assert_allclose(trace.h_n, finals_t["dh_n"].detach().numpy(), **tol)
    if layer.has_cell:
        np.testing.assert_allclose(trace.c_n, finals_t["dc_n"].detach().numpy(), **tol)
    np.testing.assert_allclose(dx, x_t.grad.numpy(), **tol)
    for name, parameter in module.named_parameters():
        assert grads[name].dtype == dtype
        np.testing.assert_allclose(grads[name], parameter.grad.numpy(), err_msg=name, **tol)
    for name, state in state_t.items():
        np.testing.assert_allclose(state_grads[name], state.grad[0].numpy(), err_msg=name, **tol)


def torch_gates(layer, module, x, h0, c0=None):
    """The trace's named intermediates, recomputed step by step from torch's own functions and weights."""
    p = {k: v.detach() for k, v in module.state_dict().items()}
    H = layer.hidden_size
    blocks = lambda a: [a[k * H:(k + 1) * H] for k in range(a.shape[0] // H)]   # noqa: E731
    W_i, W_h, b_i, b_h = (blocks(p[n]) for n in ("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"))
    h, c = torch.tensor(h0), (torch.tensor(c0) if c0 is not None else None)
    out = {}
    for t in range(x.shape[1]):
        x_t = torch.tensor(x[:, t])
        pre = [x_t @ W_i[k].T + b_i[k] + h @ W_h[k].T + b_h[k] for k in range(len(W_i))]
        if layer.kind == "lstm":           # PyTorch blocks i, f, g, o
            step = {"i": torch.sigmoid(pre[0]), "f": torch.sigmoid(pre[1]), "c_tilde": torch.tanh(pre[2]),
                    "o": torch.sigmoid(pre[3])}
            c = step["f"] * c + step["i"] * step["c_tilde"]
            h = step["o"] * torch.tanh(c)
            step["c"] = c
        else:                              # GRU blocks r, z, n
            r = torch.sigmoid(x_t @ W_i[0].T + b_i[0] + h @ W_h[0].T + b_h[0])
            z = torch.sigmoid(x_t @ W_i[1].T + b_i[1] + h @ W_h[1].T + b_h[1])
            n = torch.tanh(x_t @ W_i[2].T + b_i[2] + r * (h @ W_h[2].T + b_h[2]))
            h = (1 - z) * n + z * h
            step = {"r": r, "z": z, "n": n}
        step["h"] = h
        for name, value in step.items():
            out.setdefault(name, []).append(value.numpy())
    return {name: np.stack(values, axis=1) for name, values in out.items()}   # (B, T, H)


@pytest.mark.parametrize("cls", [GRU, LSTM])
def test_trace_gates_are_the_named_torch_gates(cls):
    B, T, I, H = 3, 6, 4, 5
    rng = np.random.default_rng(7)
    layer = cls(I, H)
    module = torch_twin(layer, 7)
    x, h0, c0 = rng.normal(size=(B, T, I)), rng.normal(size=(B, H)), rng.normal(size=(B, H))
    _, trace = layer.forward(x, h0, c0 if layer.has_cell else None)
    expected = torch_gates(layer, module, x, h0, c0 if layer.has_cell else None)
    for name, value in expected.items():
        np.testing.assert_allclose(getattr(trace, name), value, rtol=1e-10, atol=1e-12, err_msg=name)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("cls", [RNN, GRU, LSTM])
def test_state_dict_round_trips_exactly_both_ways(cls, dtype):
    layer = cls(3, 4, seed=11, dtype=dtype)
    module = TORCH_CLASSES[layer.kind](3, 4, batch_first=True).to(TORCH_DTYPE[dtype])
    # engine -> torch -> engine
    module.load_state_dict({k: torch.from_numpy(v) for k, v in layer.state_dict().items()})
    back = cls(3, 4, seed=99, dtype=dtype)
    back.load_state_dict({k: v.numpy() for k, v in module.state_dict().items()})
    for name, value in layer.state_dict().items():
        assert value.dtype == dtype and back.state_dict()[name].dtype == dtype
        np.testing.assert_array_equal(back.state_dict()[name], value)
        np.testing.assert_array_equal(module.state_dict()[name].numpy(), value)
    # torch -> engine -> torch (tensors are accepted directly as well)
    torch.manual_seed(5)
    fresh = TORCH_CLASSES[layer.kind](3, 4, batch_first=True).to(TORCH_DTYPE[dtype])
    layer.load_state_dict(fresh.state_dict())
    module.load_state_dict({k: torch.from_numpy(v) for k, v in layer.state_dict().items()})
    for name, value in fresh.state_dict().items():
        np.testing.assert_array_equal(module.state_dict()[name].numpy(), value.numpy())


@pytest.mark.parametrize("cls", [RNN, GRU, LSTM])
def test_seeded_initialisation_has_torch_shapes_and_range(cls):
    layer = cls(5, 16, seed=3)
    module = TORCH_CLASSES[layer.kind](5, 16, batch_first=True)
    sd = layer.state_dict()
    assert list(sd) == list(module.state_dict())
    bound = 1 / np.sqrt(16)
    for name, value in module.state_dict().items():
        assert sd[name].shape == tuple(value.shape)
        assert np.abs(sd[name]).max() <= bound and np.abs(sd[name]).max() > 0.9 * bound
    np.testing.assert_array_equal(cls(5, 16, seed=3).state_dict()["weight_hh_l0"], sd["weight_hh_l0"])
    assert not np.array_equal(cls(5, 16, seed=4).state_dict()["weight_hh_l0"], sd["weight_hh_l0"])
