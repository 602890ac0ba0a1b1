"""Extreme inputs and weights: no overflow warnings, no NaN, and the layer's dtype is kept."""

import warnings

import numpy as np
import pytest

from lstm_engine import GRU, LSTM, RNN
from lstm_engine.layers.activations import sigmoid, tanh


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_activations_saturate_without_warnings(dtype):
    a = np.array([-1e4, -50.0, 0.0, 50.0, 1e4], dtype=dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s, t = sigmoid(a), tanh(a)
    assert s.dtype == dtype and t.dtype == dtype
    np.testing.assert_array_equal(s[[0, 2, 4]], np.array([0.0, 0.5, 1.0], dtype=dtype))
    np.testing.assert_array_equal(t[[0, 2, 4]], np.array([-1.0, 0.0, 1.0], dtype=dtype))
    assert 0.0 <= s[1] < 1e-20 and s[3] == 1.0


def test_sigmoid_matches_the_textbook_formula_where_that_is_safe():
    a = np.linspace(-30, 30, 601)
    np.testing.assert_allclose(sigmoid(a), 1.0 / (1.0 + np.exp(-a)), rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("cls", [RNN, GRU, LSTM])
def test_huge_inputs_and_weights_give_finite_results_in_the_layer_dtype(cls, dtype):
    layer = cls(3, 4, seed=0, dtype=dtype)
    rng = np.random.default_rng(0)
    x = rng.choice([-1e4, 1e4], size=(2, 30, 3))           # float64 input; the layer keeps its own dtype
    h0 = np.full((2, 4), 1e4)
    dy = rng.choice([-1e4, 1e4], size=(2, 30, 4))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for scale in (1.0, 1e4):
            layer.load_state_dict({k: v * scale for k, v in cls(3, 4, seed=0).state_dict().items()})
            y, trace = layer.forward(x, h0)
            grads, dx, state_grads = layer.backward(dy, trace, dh_n=dy[:, -1], return_state_grads=True)
            arrays = [y, dx, *grads.values(), *state_grads.values(), trace.h, trace.h_n]
            for array in arrays:
                assert array.dtype == dtype
                assert np.all(np.isfinite(array))
    # tanh bounds RNN and LSTM outputs by 1; a GRU's h is a convex mix of n in [-1, 1] and h(t-1), h0 = 1e4.
    bound = 1e4 if layer.kind == "gru" else 1.0
    assert np.all(np.abs(y) <= bound)

