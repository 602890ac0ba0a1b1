"""One step opened up: the values equal torch's LSTM cell, the stages read the right time step, presets do what
their names say."""

import numpy as np
import pytest

from lstm_engine import LSTM
from lstm_engine.layers.cell_walkthrough import (
    PRESET_INFO,
    PRESETS,
    STAGES,
    cell_step,
    preset_inputs,
    preset_lesson,
    run_one_step,
)
from lstm_engine.layers.lesson_view import to_lesson


def sigmoid(a):
    return 1.0 / (1.0 + np.exp(-a))


@pytest.mark.parametrize("hidden,inputs", [(1, 1), (3, 2), (4, 1)])
def test_one_step_matches_torch_lstm_cell(hidden, inputs):
    torch = pytest.importorskip("torch")
    torch.set_num_threads(1)
    rng = np.random.default_rng(hidden * 10 + inputs)
    lesson = {f"W_{k}": rng.uniform(-2, 2, (hidden, hidden + inputs)) for k in "fico"}
    lesson.update({f"b_{k}": rng.uniform(-2, 2, hidden) for k in "fico"})
    x, h_prev, c_prev = rng.uniform(-1, 1, inputs), rng.uniform(-1, 1, hidden), rng.uniform(-2, 2, hidden)
    step = run_one_step(lesson, x, h_prev, c_prev)

    cell = torch.nn.LSTMCell(inputs, hidden).double()
    with torch.no_grad():   # torch rows: i, f, g, o; the lesson's W acts on [h, x]
        cell.weight_ih.copy_(torch.tensor(np.concatenate([lesson[f"W_{k}"][:, hidden:] for k in "ifco"])))
        cell.weight_hh.copy_(torch.tensor(np.concatenate([lesson[f"W_{k}"][:, :hidden] for k in "ifco"])))
        cell.bias_ih.copy_(torch.tensor(np.concatenate([lesson[f"b_{k}"] for k in "ifco"])))
        cell.bias_hh.zero_()
        h, c = cell(torch.tensor(x)[None], (torch.tensor(h_prev)[None], torch.tensor(c_prev)[None]))
    np.testing.assert_allclose(step.h, h[0].numpy(), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(step.c, c[0].numpy(), rtol=1e-12, atol=1e-12)
    np.testing.assert_array_equal(step.x, x)
    np.testing.assert_array_equal(step.c_prev, c_prev)


def test_pre_activations_give_the_trace_gates_back():
    layer = LSTM(3, 5, seed=4)
    x = np.random.default_rng(0).standard_normal((2, 6, 3))
    _, trace = layer.forward(x)
    lesson = to_lesson(layer)
    for t in (0, 3, 5):
        step = cell_step(trace, t, lesson, batch=1)
        for gate in ("f", "i", "o"):
            np.testing.assert_allclose(sigmoid(step.z[gate]), getattr(trace, gate)[1, t], atol=1e-12)
        np.testing.assert_allclose(np.tanh(step.z["c_tilde"]), trace.c_tilde[1, t], atol=1e-12)


def test_a_step_reads_its_own_time_and_the_previous_states():
    layer = LSTM(2, 4, seed=1)
    x = np.random.default_rng(1).standard_normal((1, 5, 2))
    h0, c0 = np.full((1, 4), 0.3), np.full((1, 4), -0.7)
    _, trace = layer.forward(x, h0=h0, c0=c0)
    first, third, last = cell_step(trace, 0), cell_step(trace, 2), cell_step(trace, -1)
    np.testing.assert_array_equal(first.h_prev, h0[0])
    np.testing.assert_array_equal(first.c_prev, c0[0])
    np.testing.assert_array_equal(third.h_prev, trace.h[0, 1])
    np.testing.assert_array_equal(third.c_prev, trace.c[0, 1])
    np.testing.assert_array_equal(third.x, x[0, 2])
    np.testing.assert_array_equal(third.f, trace.f[0, 2])
    assert last.t == 4
    np.testing.assert_array_equal(last.h, trace.h_n[0])
    with pytest.raises(IndexError):
        cell_step(trace, 5)


def test_presets_do_what_their_names_say():
    c_prev, x = np.array([0.8, -0.5]), np.array([1.0])
    remember = run_one_step(preset_lesson("remember", 2, 1), x, [0.0, 0.0], c_prev)
    forget = run_one_step(preset_lesson("forget", 2, 1), x, [0.0, 0.0], c_prev)
    write = run_one_step(preset_lesson("write", 2, 1), x, [0.0, 0.0], c_prev)
    silent = run_one_step(preset_lesson("silent", 2, 1), x, [0.0, 0.0], c_prev)
    np.testing.assert_allclose(remember.c, c_prev, atol=0.01)          # old memory kept, nothing new written
    np.testing.assert_allclose(forget.c, 0.0, atol=0.01)               # old memory dropped
    np.testing.assert_allclose(write.c, np.tanh(1.0), atol=0.01)       # replaced by the candidate tanh(x)
    np.testing.assert_allclose(silent.h, 0.0, atol=0.01)               # output gate shut …
    np.testing.assert_allclose(silent.c, c_prev, atol=0.01)            # … while the memory is kept
    assert set(PRESETS) >= {"remember", "forget", "write", "silent"}
    assert STAGES == ("inputs", "f", "i", "c_tilde", "c", "o", "h")


@pytest.mark.parametrize("hidden,inputs", [(1, 1), (3, 2)])
def test_new_subject_forgets_the_old_gender_and_stores_the_new_one(hidden, inputs):
    lesson = preset_lesson("new_subject", hidden, inputs)
    x, h_prev, c_prev = preset_inputs("new_subject", hidden, inputs)
    assert x[0] == 1.0 and all(c != 0 for c in c_prev)                   # a new subject; the cell holds the old one
    new = run_one_step(lesson, x, h_prev, c_prev)
    assert np.all(new.f < 0.05) and np.all(new.i > 0.95)                # forget shut, input open
    np.testing.assert_allclose(new.c, new.c_tilde, atol=0.05)           # C takes the new value …
    assert np.all(np.sign(new.c) != np.sign(c_prev))                    # … the other gender
    no_subject = run_one_step(lesson, (0.0,) * inputs, h_prev, c_prev)
    np.testing.assert_allclose(no_subject.c, c_prev, rtol=0.05)         # without one, the old value stays


@pytest.mark.parametrize("hidden,inputs", [(1, 1), (2, 2)])
def test_verb_next_opens_the_output_gate_on_the_kept_number(hidden, inputs):
    lesson = preset_lesson("verb_next", hidden, inputs)
    x, h_prev, c_prev = preset_inputs("verb_next", hidden, inputs)
    verb = run_one_step(lesson, x, h_prev, c_prev)
    assert np.all(verb.o > 0.95)
    np.testing.assert_allclose(verb.c, c_prev, rtol=0.05)               # the number is kept …
    np.testing.assert_allclose(verb.h, np.tanh(verb.c), rtol=0.05)      # … and shown
    no_verb = run_one_step(lesson, (0.0,) * inputs, h_prev, c_prev)
    assert np.all(no_verb.o < 0.05) and np.all(np.abs(no_verb.h) < 0.05 * np.abs(np.tanh(no_verb.c)))


def test_every_preset_has_words_and_the_lessons_examples_quote_the_lesson():
    assert set(PRESET_INFO) == set(PRESETS)
    for name in PRESETS:
        assert PRESET_INFO[name].label and PRESET_INFO[name].does
        x, h_prev, c_prev = preset_inputs(name, 4, 2)
        assert (len(x), len(h_prev), len(c_prev)) == (2, 4, 4)
    quoted = [line for name in PRESETS for line in PRESET_INFO[name].lesson]
    assert quoted == ["New subject in text? Forget old subject's gender.", "New subject? Store new gender info.",
                      "Verb coming next? Output singular/plural info."]


def test_random_preset_is_the_seeded_layer_and_unknown_presets_are_refused():
    lesson = preset_lesson("random", 3, 2, seed=5)
    expected = to_lesson(LSTM(2, 3, seed=5))
    for name in expected:
        np.testing.assert_array_equal(lesson[name], expected[name])
    with pytest.raises(ValueError, match="unknown preset"):
        preset_lesson("everything", 2, 1)
