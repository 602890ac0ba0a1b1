"""Bad arguments to the engine layers raise ValueError/TypeError with a message naming what is wrong."""

import numpy as np
import pytest

from lstm_engine import GRU, LSTM, RNN


@pytest.mark.parametrize("size", [0, -3, 2.5, True, "8"])
def test_sizes_must_be_whole_numbers_of_at_least_one(size):
    with pytest.raises(ValueError, match="hidden_size"):
        LSTM(3, size)
    with pytest.raises(ValueError, match="input_size"):
        RNN(size, 3)


def test_only_float32_and_float64():
    with pytest.raises(ValueError, match="float32 or float64"):
        GRU(2, 3, dtype=np.int64)


@pytest.mark.parametrize("cls", [RNN, GRU, LSTM])
def test_forward_rejects_wrong_shapes(cls):
    layer = cls(3, 4)
    for x in (np.zeros((2, 5)), np.zeros((2, 5, 2)), np.zeros((0, 5, 3)), np.zeros((2, 0, 3))):
        with pytest.raises(ValueError, match="x must have shape"):
            layer.forward(x)
    with pytest.raises(ValueError, match="h0"):
        layer.forward(np.zeros((2, 5, 3)), h0=np.zeros((4, 2)))


def test_cell_state_only_for_lstm():
    with pytest.raises(ValueError, match="c0 only to an LSTM"):
        GRU(3, 4).forward(np.zeros((2, 5, 3)), c0=np.zeros((2, 4)))
    rnn = RNN(3, 4)
    y, trace = rnn.forward(np.zeros((2, 5, 3)))
    with pytest.raises(ValueError, match="dc_n only to an LSTM"):
        rnn.backward(y, trace, dc_n=np.zeros((2, 4)))
    with pytest.raises(ValueError, match="c0"):
        LSTM(3, 4).forward(np.zeros((2, 5, 3)), c0=np.zeros((2, 5)))


def test_backward_checks_the_trace_and_gradient_shapes():
    lstm, gru = LSTM(3, 4), GRU(3, 4)
    y, trace = gru.forward(np.zeros((2, 5, 3)))
    with pytest.raises(TypeError, match="trace of its own forward"):
        lstm.backward(y, trace)
    with pytest.raises(ValueError, match="another size"):
        GRU(3, 6).backward(np.zeros((2, 5, 6)), trace)
    with pytest.raises(ValueError, match="dy must have the shape of y"):
        gru.backward(y[:, :-1], trace)
    with pytest.raises(ValueError, match="dh_n"):
        gru.backward(y, trace, dh_n=np.zeros((4, 2)))


def test_load_state_dict_names_the_problem():
    layer = LSTM(3, 4)
    sd = layer.state_dict()
    with pytest.raises(ValueError, match="missing"):
        layer.load_state_dict({k: v for k, v in sd.items() if k != "bias_hh_l0"})
    with pytest.raises(ValueError, match=r"weight_hh_l0 has shape \(16, 5\)"):
        layer.load_state_dict({**sd, "weight_hh_l0": np.zeros((16, 5))})
    with pytest.raises(ValueError, match="NaN"):
        layer.load_state_dict({**sd, "bias_ih_l0": np.full(16, np.nan)})
    np.testing.assert_array_equal(layer.state_dict()["weight_hh_l0"], sd["weight_hh_l0"])   # unchanged
