"""step_time measures the engine's own forward + backward; its record must be self-consistent."""

import pytest

from lstm_engine.layers import training_cost
from lstm_engine.layers.training_cost import compare_step_times, step_flops, step_time


@pytest.mark.parametrize("kind", ["rnn", "gru", "lstm"])
def test_step_time_record_is_consistent(kind):
    t = step_time(kind, input_size=3, hidden_size=5, batch=4, seq_len=6, repeats=3)
    assert (t.kind, t.input_size, t.hidden_size, t.batch, t.seq_len, t.repeats) == (kind, 3, 5, 4, 6, 3)
    assert len(t.all_seconds) == 3 and all(s > 0 for s in t.all_seconds)
    assert t.seconds_per_step == min(t.all_seconds)
    assert t.seconds_per_sequence == pytest.approx(t.seconds_per_step / 4)


def test_step_time_runs_forward_then_backward_of_the_requested_layer(monkeypatch):
    calls = []

    class Spy(training_cost.LAYERS["lstm"]):
        def forward(self, x, h0=None, c0=None):
            calls.append(("forward", x.shape, self.hidden_size))
            return super().forward(x, h0, c0)

        def backward(self, dy, trace, **kwargs):
            calls.append(("backward", dy.shape, trace.h.shape))
            return super().backward(dy, trace, **kwargs)

    monkeypatch.setitem(training_cost.LAYERS, "lstm", Spy)
    step_time("lstm", input_size=2, hidden_size=7, batch=3, seq_len=4, repeats=2)
    assert calls == [("forward", (3, 4, 2), 7), ("backward", (3, 4, 7), (3, 4, 7))] * 2


def test_compare_takes_turns_between_kinds(monkeypatch):
    calls = []
    for kind in ("rnn", "lstm"):
        base = training_cost.LAYERS[kind]

        class Spy(base):
            def forward(self, x, h0=None, c0=None):
                calls.append(self.kind)
                return super().forward(x, h0, c0)

        monkeypatch.setitem(training_cost.LAYERS, kind, Spy)
    times = compare_step_times(("rnn", "lstm"), input_size=2, hidden_size=3, batch=2, seq_len=2, repeats=3)
    assert calls == ["rnn", "lstm"] * 3
    assert [t.kind for t in times.values()] == ["rnn", "lstm"] and all(len(t.all_seconds) == 3 for t in times.values())


def test_flops_scale_with_gate_blocks_and_sizes():
    rnn = step_flops("rnn", 10, 20, batch=2, seq_len=3)
    assert step_flops("gru", 10, 20, 2, 3) == 3 * rnn
    assert step_flops("lstm", 10, 20, 2, 3) == 4 * rnn
    assert step_flops("lstm", 10, 20, 4, 3) == 2 * step_flops("lstm", 10, 20, 2, 3)


@pytest.mark.parametrize("bad", [dict(kind="cnn"), dict(batch=0), dict(seq_len=-1), dict(repeats=1.5),
                                 dict(repeats=0)])
def test_step_time_rejects_bad_arguments(bad):
    args = dict(kind="rnn", input_size=2, hidden_size=2, batch=2, seq_len=2, repeats=1) | bad
    with pytest.raises(ValueError):
        step_time(**args)

