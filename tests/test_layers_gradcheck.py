"""Finite-difference checks (float64) of every gradient the engine's backward returns.

Loss L = Σ y·dy + Σ h_n·dh_n (+ Σ c_n·dc_n for the LSTM), with random dy, dh_n, dc_n, so the check covers
the gradients flowing in through the outputs and through the final states.
"""

import dataclasses

import numpy as np
import pytest
from finite_differences import numeric_grad

from lstm_engine import GRU, LSTM, RNN

B, T, I, H = 2, 4, 3, 3


def make_case(cls, seed):
    rng = np.random.default_rng(seed)
    layer = cls(I, H, seed=seed)
    inputs = {"x": rng.normal(size=(B, T, I)), "h0": rng.normal(size=(B, H))}
    if layer.has_cell:
        inputs["c0"] = rng.normal(size=(B, H))
    weights = {"dy": rng.normal(size=(B, T, H)), "dh_n": rng.normal(size=(B, H))}
    if layer.has_cell:
        weights["dc_n"] = rng.normal(size=(B, H))
    return layer, inputs, weights


def loss(layer, inputs, weights):
    y, trace = layer.forward(**inputs)
    total = np.sum(y * weights["dy"]) + np.sum(trace.h_n * weights["dh_n"])
    if layer.has_cell:
        total += np.sum(trace.c_n * weights["dc_n"])
    return total


def analytic(layer, inputs, weights):
    _, trace = layer.forward(**inputs)
    kwargs = {"dh_n": weights["dh_n"], "return_state_grads": True}
    if layer.has_cell:
        kwargs["dc_n"] = weights["dc_n"]
    return layer.backward(weights["dy"], trace, **kwargs)


@pytest.mark.parametrize("cls", [RNN, GRU, LSTM])
@pytest.mark.parametrize("seed", [0, 1])
def test_every_parameter_gradient_matches_finite_differences(cls, seed):
    layer, inputs, weights = make_case(cls, seed)
    grads, _, _ = analytic(layer, inputs, weights)
    sd = layer.state_dict()
    for name in sd:
        def f():
            layer.load_state_dict(sd)
            return loss(layer, inputs, weights)
        expected = numeric_grad(f, sd[name])
        np.testing.assert_allclose(grads[name], expected, rtol=1e-6, atol=1e-8, err_msg=name)


@pytest.mark.parametrize("cls", [RNN, GRU, LSTM])
@pytest.mark.parametrize("seed", [0, 1])
def test_input_and_initial_state_gradients_match_finite_differences(cls, seed):
    layer, inputs, weights = make_case(cls, seed)
    _, dx, state_grads = analytic(layer, inputs, weights)
    np.testing.assert_allclose(dx, numeric_grad(lambda: loss(layer, inputs, weights), inputs["x"]),
                               rtol=1e-6, atol=1e-8)
    assert set(state_grads) == ({"h0", "c0"} if layer.has_cell else {"h0"})
    for name in state_grads:
        expected = numeric_grad(lambda: loss(layer, inputs, weights), inputs[name])
        np.testing.assert_allclose(state_grads[name], expected, rtol=1e-6, atol=1e-8, err_msg=name)


@pytest.mark.parametrize("cls", [RNN, GRU, LSTM])
def test_default_state_gradients_are_zero_initial_state_and_no_final_state_gradient(cls):
    layer, inputs, weights = make_case(cls, 3)
    y, trace = layer.forward(inputs["x"])
    grads, dx = layer.backward(weights["dy"], trace)
    zeros = np.zeros((B, H))
    y0, trace0 = layer.forward(inputs["x"], h0=zeros, c0=zeros if layer.has_cell else None)
    kwargs = {"dh_n": zeros, "dc_n": zeros} if layer.has_cell else {"dh_n": zeros}
    grads0, dx0 = layer.backward(weights["dy"], trace0, **kwargs)
    np.testing.assert_array_equal(y, y0)
    np.testing.assert_array_equal(dx, dx0)
    for name in grads:
        np.testing.assert_array_equal(grads[name], grads0[name])
    # and a non-zero dh_n must change the result (the argument is really used)
    _, dx_n = layer.backward(weights["dy"], trace, dh_n=weights["dh_n"])
    assert not np.allclose(dx_n, dx)
    # dy=None means no gradient through the outputs, only through the final state
    grads_none, dx_none = layer.backward(None, trace, dh_n=weights["dh_n"])
    grads_zero, dx_zero = layer.backward(np.zeros_like(y), trace, dh_n=weights["dh_n"])
    np.testing.assert_array_equal(dx_none, dx_zero)
    for name in grads_none:
        np.testing.assert_array_equal(grads_none[name], grads_zero[name])


@pytest.mark.parametrize("cls", [RNN, GRU, LSTM])
def test_trace_is_read_only_and_layer_keeps_no_cache(cls):
    layer, inputs, weights = make_case(cls, 4)
    before = {k: id(v) for k, v in vars(layer).items()}
    y, trace = layer.forward(**inputs)
    layer.backward(weights["dy"], trace)
    assert {k: id(v) for k, v in vars(layer).items()} == before
    names = {"rnn": ["h"], "gru": ["r", "z", "n", "h"], "lstm": ["f", "i", "c_tilde", "o", "c", "h"]}[layer.kind]
    for name in names:
        array = getattr(trace, name)
        assert array.shape == (B, T, H), name
        with pytest.raises(ValueError):
            array[0, 0, 0] = 1.0
    np.testing.assert_array_equal(trace.h, y)
    np.testing.assert_array_equal(trace.h_n, y[:, -1])
    with pytest.raises(dataclasses.FrozenInstanceError):
        trace.h = None
    y[0, 0, 0] = 42.0                      # y is the caller's own copy
    assert trace.h[0, 0, 0] != 42.0
