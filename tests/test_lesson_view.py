"""The lesson's W_f·[h(t-1), x(t)] + b_f view of an LSTM reproduces the layer's gates, and converts back."""

import numpy as np
import pytest

from lstm_engine import GRU, LSTM
from lstm_engine.layers.lesson_view import from_lesson, to_lesson


def sigmoid_reference(a):
    return 1.0 / (1.0 + np.exp(-a))


def test_lesson_formulas_with_lesson_weights_reproduce_the_trace():
    B, T, I, H = 2, 5, 3, 4
    layer = LSTM(I, H, seed=2)
    lesson = to_lesson(layer)
    assert lesson["W_f"].shape == (H, H + I) and lesson["b_o"].shape == (H,)
    rng = np.random.default_rng(0)
    x, h0, c0 = rng.normal(size=(B, T, I)), rng.normal(size=(B, H)), rng.normal(size=(B, H))
    _, trace = layer.forward(x, h0, c0)
    h, c = h0, c0
    for t in range(T):
        hx = np.concatenate((h, x[:, t]), axis=1)                       # [h(t-1), x(t)]
        f = sigmoid_reference(hx @ lesson["W_f"].T + lesson["b_f"])
        i = sigmoid_reference(hx @ lesson["W_i"].T + lesson["b_i"])
        c_tilde = np.tanh(hx @ lesson["W_c"].T + lesson["b_c"])
        o = sigmoid_reference(hx @ lesson["W_o"].T + lesson["b_o"])
        c = f * c + i * c_tilde
        h = o * np.tanh(c)
        for name, value in {"f": f, "i": i, "c_tilde": c_tilde, "o": o, "c": c, "h": h}.items():
            np.testing.assert_allclose(getattr(trace, name)[:, t], value, rtol=1e-12, atol=1e-14, err_msg=name)


def test_from_lesson_gives_a_layer_with_the_same_outputs():
    layer = LSTM(3, 4, seed=5)
    sd = from_lesson(to_lesson(layer))
    np.testing.assert_array_equal(sd["bias_hh_l0"], 0.0)
    np.testing.assert_array_equal(sd["weight_ih_l0"], layer.state_dict()["weight_ih_l0"])
    np.testing.assert_array_equal(sd["weight_hh_l0"], layer.state_dict()["weight_hh_l0"])
    twin = LSTM(3, 4, seed=6)
    twin.load_state_dict(sd)
    x = np.random.default_rng(1).normal(size=(2, 6, 3))
    np.testing.assert_allclose(twin.forward(x)[0], layer.forward(x)[0], rtol=1e-12, atol=1e-14)
    np.testing.assert_array_equal(to_lesson(sd)["W_c"], to_lesson(layer)["W_c"])


def test_lesson_view_refuses_what_is_not_an_lstm():
    with pytest.raises(ValueError, match="LSTM"):
        to_lesson(GRU(3, 4))
    lesson = to_lesson(LSTM(3, 4))
    del lesson["b_o"]
    with pytest.raises(ValueError, match="b_o"):
        from_lesson(lesson)
    lesson = to_lesson(LSTM(3, 4))
    lesson["W_i"] = lesson["W_i"][:, :5]
    with pytest.raises(ValueError, match="W_i"):
        from_lesson(lesson)
