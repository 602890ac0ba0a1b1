"""The readable reference (lstm_engine/layers/reference.py) as the oracle of the fast layers.

The fast RNN, GRU and LSTM must give the reference's outputs, final states, trace gates and every gradient at
random sizes, float64 tightly and float32 loosely. The oracle is checked on its own by finite differences.
"""

import numpy as np
import pytest
from finite_differences import numeric_grad

from lstm_engine import GRU, LSTM, RNN
from lstm_engine.layers import reference

LAYERS = {"rnn": RNN, "gru": GRU, "lstm": LSTM}
SIZES = [(1, 1, 1, 1), (3, 6, 2, 5), (2, 15, 7, 3), (5, 9, 4, 8)]       # (B, T, I, H)
TOLERANCE = {np.float64: dict(rtol=1e-10, atol=1e-12), np.float32: dict(rtol=2e-4, atol=2e-5)}
GATES = {"rnn": (), "gru": ("r", "z", "n"), "lstm": ("f", "i", "c_tilde", "o", "c")}


def random_case(kind, size, seed, dtype=np.float64):
    """Inputs and output gradients as float64 arrays holding values the dtype represents exactly."""
    B, T, I, H = size
    rng = np.random.default_rng(seed)
    exact = lambda *shape: rng.normal(size=shape).astype(dtype).astype(np.float64)   # noqa: E731
    case = {"x": exact(B, T, I), "h0": exact(B, H), "dy": exact(B, T, H), "dh_n": exact(B, H)}
    if kind == "lstm":
        case.update(c0=exact(B, H), dc_n=exact(B, H))
    return case


def run_reference(kind, p, case):
    lstm = kind == "lstm"
    y, final, caches = reference.forward(kind, p, case["x"], case["h0"], case["c0"] if lstm else None)
    d_final = (case["dh_n"], case["dc_n"]) if lstm else (case["dh_n"],)
    grads, dx, d_start = reference.backward(kind, p, caches, case["dy"], d_final)
    return y, final, caches, grads, dx, d_start


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("kind", list(LAYERS))
def test_fast_layer_matches_the_reference(kind, size, dtype):
    B, T, I, H = size
    seed = sum(size)
    layer = LAYERS[kind](I, H, seed=seed, dtype=dtype)
    p = reference.from_torch(kind, layer.state_dict())                  # the same weights, float64
    case = random_case(kind, size, seed, dtype)
    as_dtype = {name: value.astype(dtype) for name, value in case.items()}
    lstm = kind == "lstm"

    y, trace = layer.forward(as_dtype["x"], as_dtype["h0"], as_dtype["c0"] if lstm else None)
    finals = {"dh_n": as_dtype["dh_n"], **({"dc_n": as_dtype["dc_n"]} if lstm else {})}
    grads, dx, state_grads = layer.backward(as_dtype["dy"], trace, **finals, return_state_grads=True)
    ref_y, ref_final, caches, ref_grads, ref_dx, ref_start = run_reference(kind, p, case)

    tol = TOLERANCE[dtype]
    assert y.shape == ref_y.shape == (B, T, H) and dx.shape == ref_dx.shape == (B, T, I)
    np.testing.assert_allclose(y, ref_y, **tol)
    np.testing.assert_allclose(trace.h_n, ref_final[0], **tol)
    np.testing.assert_allclose(state_grads["h0"], ref_start[0], err_msg="dh0", **tol)
    if lstm:
        np.testing.assert_allclose(trace.c_n, ref_final[1], **tol)
        np.testing.assert_allclose(state_grads["c0"], ref_start[1], err_msg="dc0", **tol)
    np.testing.assert_allclose(dx, ref_dx, err_msg="dx", **tol)
    expected = reference.grads_to_torch(kind, ref_grads)
    assert set(expected) == set(grads)
    for name, grad in grads.items():
        np.testing.assert_allclose(grad, expected[name], err_msg=name, **tol)
    for gate in GATES[kind]:
        recorded = np.stack([getattr(step, gate) for step in caches], axis=1)      # (B, T, H)
        np.testing.assert_allclose(getattr(trace, gate), recorded, err_msg=gate, **tol)


def random_lesson_weights(kind, I, H, rng):
    """Parameters in the reference's names, shaped as its docstring says, not taken from a layer."""
    shapes = {"rnn": {"W_h": (H, H + I), "b_h": (H,)},
              "gru": {"W_r": (H, H + I), "W_z": (H, H + I), "b_r": (H,), "b_z": (H,),
                      "W_in": (H, I), "b_in": (H,), "W_hn": (H, H), "b_hn": (H,)},
              "lstm": {f"{w}_{g}": (H, H + I) if w == "W" else (H,) for w in "Wb" for g in "fico"}}[kind]
    return {name: rng.normal(size=shape) for name, shape in shapes.items()}


@pytest.mark.parametrize("kind", list(LAYERS))
def test_one_set_of_weights_drives_both(kind):
    B, T, I, H = 2, 5, 3, 4
    rng = np.random.default_rng(3)
    p = random_lesson_weights(kind, I, H, rng)
    layer = LAYERS[kind](I, H, seed=0)
    layer.load_state_dict(reference.to_torch(kind, p))
    case = random_case(kind, (B, T, I, H), 4)
    y, trace = layer.forward(case["x"], case["h0"], case.get("c0"))
    ref_y, ref_final, *_ = run_reference(kind, p, case)
    np.testing.assert_allclose(y, ref_y, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(trace.h_n, ref_final[0], rtol=1e-10, atol=1e-12)
    back = reference.from_torch(kind, layer.state_dict())
    assert set(back) == set(p)
    for name in p:
        np.testing.assert_allclose(back[name], p[name], rtol=0, atol=1e-15, err_msg=name)


@pytest.mark.parametrize("kind", list(LAYERS))
@pytest.mark.parametrize("seed", [0, 1])
def test_reference_backward_matches_finite_differences(kind, seed):
    """Loss Σ y·dy + Σ h_n·dh_n (+ Σ c_n·dc_n): every parameter, x, h0 and c0, on tiny sizes."""
    B, T, I, H = 2, 3, 2, 2
    rng = np.random.default_rng(seed)
    p = random_lesson_weights(kind, I, H, rng)
    case = random_case(kind, (B, T, I, H), seed + 10)

    def loss():
        y, final, _ = reference.forward(kind, p, case["x"], case["h0"], case.get("c0"))
        d_final = (case["dh_n"], case["dc_n"]) if kind == "lstm" else (case["dh_n"],)
        return np.sum(y * case["dy"]) + sum(np.sum(s * d) for s, d in zip(final, d_final))

    _, _, _, grads, dx, d_start = run_reference(kind, p, case)
    for name in p:
        np.testing.assert_allclose(grads[f"d{name}"], numeric_grad(loss, p[name]), rtol=1e-6, atol=1e-8,
                                   err_msg=name)
    np.testing.assert_allclose(dx, numeric_grad(loss, case["x"]), rtol=1e-6, atol=1e-8)
    starts = ("h0", "c0") if kind == "lstm" else ("h0",)
    for name, grad in zip(starts, d_start):
        np.testing.assert_allclose(grad, numeric_grad(loss, case[name]), rtol=1e-6, atol=1e-8, err_msg=name)


def test_lstm_step_on_numbers_worked_by_hand():
    """Zero weights: each gate is σ or tanh of its bias alone, so the step can be worked out on paper."""
    p = {f"W_{g}": np.zeros((1, 2)) for g in "fico"}
    p.update(b_f=np.array([np.log(3.0)]), b_i=np.array([0.0]), b_c=np.array([np.arctanh(0.5)]),
             b_o=np.array([np.log(4.0)]))
    h, c, step = reference.lstm_step(p, np.array([[7.0]]), np.array([[-2.0]]), np.array([[0.4]]))
    assert step.f[0, 0] == pytest.approx(0.75) and step.i[0, 0] == pytest.approx(0.5)
    assert step.c_tilde[0, 0] == pytest.approx(0.5) and step.o[0, 0] == pytest.approx(0.8)
    assert c[0, 0] == pytest.approx(0.75 * 0.4 + 0.5 * 0.5)                 # f * c_prev + i * c_tilde
    assert h[0, 0] == pytest.approx(0.8 * np.tanh(0.55))                    # o * tanh(c)
