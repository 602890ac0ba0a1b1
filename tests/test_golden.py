"""The engine against PyTorch's answers stored in tests/golden/*.npz (written by tests/make_golden.py).

These run without torch, so parity is checked wherever the tests run.
"""

from pathlib import Path

import numpy as np
import pytest

from lstm_engine import GRU, LSTM, RNN

GOLDEN_DIR = Path(__file__).parent / "golden"
LAYERS = {"rnn": RNN, "gru": GRU, "lstm": LSTM}
PARAMETERS = ("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0")
TOL = dict(rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("kind", list(LAYERS))
def test_engine_reproduces_pytorch_golden_case(kind):
    golden = dict(np.load(GOLDEN_DIR / f"{kind}.npz"))
    _, _, H = golden["y"].shape
    layer = LAYERS[kind](golden["x"].shape[2], H)
    layer.load_state_dict({name: golden[name] for name in PARAMETERS})
    has_cell = kind == "lstm"
    y, trace = layer.forward(golden["x"], golden["h0"], golden["c0"] if has_cell else None)
    finals = {"dh_n": golden["dh_n"], **({"dc_n": golden["dc_n"]} if has_cell else {})}
    grads, dx, state_grads = layer.backward(golden["dy"], trace, **finals, return_state_grads=True)

    np.testing.assert_allclose(y, golden["y"], **TOL)
    np.testing.assert_allclose(trace.h_n, golden["h_n"], **TOL)
    np.testing.assert_allclose(dx, golden["dx"], **TOL)
    np.testing.assert_allclose(state_grads["h0"], golden["dh0"], **TOL)
    if has_cell:
        np.testing.assert_allclose(trace.c_n, golden["c_n"], **TOL)
        np.testing.assert_allclose(state_grads["c0"], golden["dc0"], **TOL)
    for name in PARAMETERS:
        np.testing.assert_allclose(grads[name], golden[f"grad_{name}"], err_msg=name, **TOL)
    gate_names = [key[len("trace_"):] for key in golden if key.startswith("trace_")]
    assert len(gate_names) == {"rnn": 0, "gru": 3, "lstm": 5}[kind]
    for name in gate_names:
        np.testing.assert_allclose(getattr(trace, name), golden[f"trace_{name}"], err_msg=name, **TOL)
