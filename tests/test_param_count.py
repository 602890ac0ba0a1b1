"""Parameter counts against what torch.nn reports, and against the Keras formulas written out by hand."""

import itertools
import random

import pytest

from lstm_engine import count_parameters
from lstm_engine.layers.param_count import count_all

torch = pytest.importorskip("torch")
torch.set_num_threads(1)

TORCH_LAYERS = {"rnn": torch.nn.RNN, "gru": torch.nn.GRU, "lstm": torch.nn.LSTM}


def _torch_count(kind, input_size, hidden_size, num_layers, bidirectional):
    module = TORCH_LAYERS[kind](input_size, hidden_size, num_layers=num_layers, bidirectional=bidirectional)
    return module, sum(p.numel() for p in module.parameters())


def _random_cases(count, seed):
    rng = random.Random(seed)
    return [(rng.randint(1, 300), rng.randint(1, 300), rng.randint(1, 4), rng.random() < 0.5) for _ in range(count)]


@pytest.mark.parametrize("kind", ["rnn", "gru", "lstm"])
@pytest.mark.parametrize("input_size,hidden_size,num_layers,bidirectional",
                         [(1, 1, 1, False), (10, 20, 1, False), (7, 3, 3, True)] + _random_cases(6, seed=4))
def test_pytorch_convention_matches_torch_module(kind, input_size, hidden_size, num_layers, bidirectional):
    module, expected = _torch_count(kind, input_size, hidden_size, num_layers, bidirectional)
    count = count_parameters(kind, input_size, hidden_size, num_layers, bidirectional)
    assert count.total == expected
    by_role = {"weight_ih": 0, "weight_hh": 0, "bias": 0}
    for name, p in module.named_parameters():
        by_role[next(role for role in by_role if name.startswith(role))] += p.numel()
    assert (count.input_weights, count.recurrent_weights, count.biases) == (
        by_role["weight_ih"], by_role["weight_hh"], by_role["bias"])


# Keras, written out independently: SimpleRNN and LSTM one bias per block, GRU(reset_after=True) two.
def _keras_single(kind, I, H):
    return {"rnn": I * H + H * H + H, "lstm": 4 * (I * H + H * H + H), "gru": 3 * (I * H + H * H + 2 * H)}[kind]


def _keras_stack(kind, I, H, num_layers, bidirectional):
    directions = 2 if bidirectional else 1
    total, layer_input = 0, I
    for _ in range(num_layers):
        total += directions * _keras_single(kind, layer_input, H)
        layer_input = directions * H     # a stacked layer reads the concatenated outputs below it
    return total


@pytest.mark.parametrize("kind", ["rnn", "gru", "lstm"])
@pytest.mark.parametrize("I,H,num_layers,bidirectional", [(10, 20, 1, False)] + _random_cases(6, seed=9))
def test_keras_convention_matches_keras_formulas(kind, I, H, num_layers, bidirectional):
    count = count_parameters(kind, I, H, num_layers, bidirectional, convention="keras")
    assert count.total == _keras_stack(kind, I, H, num_layers, bidirectional)


def test_lesson_example_counts():
    # input 10, hidden 20 — the self-check on the Summary page; torch says 2,560 / 640.
    assert count_parameters("lstm", 10, 20).total == _torch_count("lstm", 10, 20, 1, False)[1] == 2560
    assert count_parameters("rnn", 10, 20).total == 640


def test_parts_add_up_and_gates_share_equally():
    for kind, (I, H, L, bi), conv in itertools.product(["rnn", "gru", "lstm"], _random_cases(4, 2),
                                                        ["pytorch", "keras"]):
        c = count_parameters(kind, I, H, L, bi, conv)
        assert c.input_weights + c.recurrent_weights + c.biases == c.total
        assert sum(c.per_gate.values()) == c.total
        assert len(set(c.per_gate.values())) == 1
    assert list(count_parameters("lstm", 3, 4).per_gate) == ["i", "f", "c_tilde", "o"]


def test_formula_shows_the_numbers_and_the_total():
    c = count_parameters("lstm", 10, 20)
    assert c.formula == "4 × (10×20 + 20×20 + 2×20) = 2,560"
    keras = count_parameters("lstm", 10, 20, convention="keras")
    assert keras.formula == "4 × (10×20 + 20×20 + 20) = 2,480"
    stacked = count_parameters("gru", 5, 6, num_layers=3, bidirectional=True)
    assert stacked.formula.endswith(f"= {stacked.total:,}")
    assert "(12×6 + 6×6 + 2×6)" in stacked.formula        # layers 2-3 read both directions: 2·6 inputs


def test_lstm_is_exactly_four_rnns_in_pytorch_convention():
    counts = count_all(64, 128)
    assert counts["lstm"].ratio_to(counts["rnn"]) == 4.0
    assert counts["gru"].ratio_to(counts["rnn"]) == 3.0


@pytest.mark.parametrize("bad", [
    dict(kind="transformer"), dict(convention="jax"), dict(input_size=0), dict(hidden_size=-3),
    dict(num_layers=1.5), dict(hidden_size=True),
])
def test_rejects_bad_arguments(bad):
    args = dict(kind="lstm", input_size=4, hidden_size=4, num_layers=1, convention="pytorch") | bad
    with pytest.raises(ValueError):
        count_parameters(**args)
