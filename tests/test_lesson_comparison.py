"""The comparison table keeps the lesson's claims and puts only measured numbers beside them."""

import numpy as np
import pytest

from dashboard.text.lesson_comparison import NOT_YET, comparison_table, gradient_sentence, memory_sentence
from lstm_engine import count_parameters
from lstm_engine.layers.training_cost import StepTime
from lstm_engine.memory.gradient_flow import GradientFlow
from lstm_engine.memory.retention import RetentionCurve


def counts(I=10, H=20, convention="pytorch"):
    return {kind: count_parameters(kind, I, H, convention=convention) for kind in ("rnn", "gru", "lstm")}


def step(kind, seconds):
    return StepTime(kind, 10, 20, 16, 25, 7, seconds, seconds / 16, (seconds,) * 7)


def curve(kind, accuracy):
    return RetentionCurve(kind, [10, 100, 400], accuracy, [a - 0.05 for a in accuracy], [a + 0.04 for a in accuracy],
                          0.125, 500, 1)


def flow(kind, h_ratio, c_ratio=None):
    distance = np.array([1, 50, 102, 150])
    return GradientFlow(kind, distance, np.ones(4), None if c_ratio is None else np.ones(4), np.array(h_ratio),
                        None if c_ratio is None else np.array(c_ratio), True, 100, 103, 32, 0)


def measured(table, aspect):
    return table.row(aspect)["Measured in this app"]


def test_lesson_claims_are_kept_word_for_word():
    table = comparison_table(counts(), None, None, None)
    assert table.column("Standard RNN")[:3] == ["Simple recurrence", "Single hidden state", "Simple tanh activation"]
    assert table.row("Parameters")["LSTM"] == "More parameters (4x RNN)"


def test_missing_measurements_say_so_and_show_no_number():
    table = comparison_table(counts(), None, None, None)
    assert measured(table, "Memory") == measured(table, "Gradients") == NOT_YET
    assert not any(ch.isdigit() for ch in measured(table, "Training speed"))


def test_parameter_row_uses_the_counts_and_convention():
    table = comparison_table(counts(convention="keras"), None, None, None)
    row = measured(table, "Parameters")
    assert "RNN 620" in row and "LSTM 2,480" in row            # 10·20 + 20·20 + 20, four times that
    assert "4.00×" in row and "Keras" in row


def test_speed_row_reports_the_measured_ratio():
    row = measured(comparison_table(counts(), {"rnn": step("rnn", 0.002), "lstm": step("lstm", 0.007)}, None, None),
                   "Training speed")
    assert "RNN 2 ms" in row and "LSTM 7 ms" in row and "3.5×" in row and "best of 7" in row


def test_memory_sentence_reads_the_gap_nearest_100():
    text = memory_sentence({"rnn": curve("rnn", [0.9, 0.3, 0.125]), "lstm": curve("lstm", [1.0, 0.97, 0.9])})
    assert "100-word gap" in text and "RNN 30%" in text and "LSTM 97%" in text and "chance 12%" in text


@pytest.mark.parametrize("lstm_c", [None, [1.0, 0.9, 0.8, 0.7]])
def test_gradient_sentence_reads_the_country_word(lstm_c):
    text = gradient_sentence({"rnn": flow("rnn", [1.0, 1e-3, 2e-7, 1e-9]), "lstm": flow("lstm", [1.0, 0.5, 0.25, 0.1], lstm_c)})
    assert "102 steps back" in text and "RNN 2e-07" in text and "LSTM 0.25" in text
    assert "eases vanishing gradients but does not abolish them" in text and "The lesson says “solves”" in text
    assert ("cell state C: 0.8" in text) == (lstm_c is not None)


def test_sentences_read_real_engine_measurements():
    # An untrained model is enough to check that the sentences read the engine's own records.
    from lstm_engine import PAIRS, Classifier
    from lstm_engine.memory.gradient_flow import gradient_flow
    from lstm_engine.memory.memory_task import default_vocabulary
    from lstm_engine.memory.retention import retention_curve

    models = {kind: Classifier(kind, default_vocabulary(), PAIRS[:8], embed_dim=4, hidden_size=6, seed=1)
              for kind in ("rnn", "lstm")}
    curves = {kind: retention_curve(model, gaps=(5, 100), samples=20, seed=1) for kind, model in models.items()}
    flows = {kind: gradient_flow(model, gap=12, samples=4, seed=0, points=6) for kind, model in models.items()}
    memory = memory_sentence(curves)
    assert f"RNN {curves['rnn'].accuracy[1]:.0%}" in memory and "100-word gap" in memory
    text = gradient_sentence(flows)
    assert "steps back" in text and "cell state C" in text


def runs_of(kind, accuracies_at_200):
    from lstm_engine.memory.shipped import TrainingRun
    return [TrainingRun(seed, 0.5, 1.0, RetentionCurve(kind, [5, 200], [1.0, a], [0.9, a - 0.05], [1.0, a + 0.04],
                                                       0.125, 200, 3), seed == 0)
            for seed, a in enumerate(accuracies_at_200)]


def test_memory_row_counts_the_training_runs_that_remember_at_gap_200():
    curves = {"rnn": curve("rnn", [0.9, 0.3, 0.125]), "lstm": curve("lstm", [1.0, 0.97, 0.9])}
    runs = {"rnn": runs_of("rnn", [0.98, 0.85, 0.14, 0.74, 0.64]), "lstm": runs_of("lstm", [1.0, 0.9, 1.0, 1.0, 0.99])}
    text = memory_sentence(curves, runs=runs)
    assert "RNN 30%" in text                                       # the shipped curves are still quoted
    assert "runs remembering at gap 200" in text and "RNN 1/5, LSTM 5/5" in text    # 0.9 counts as remembering
    # at 200: RNN sorted 0.14 0.64 0.74 0.85 0.98 -> median 74%, quartiles 64% and 85%
    assert "RNN median 74% (middle half 64%–85%), LSTM median 100% (middle half 99%–100%)" in text
    assert "runs remembering" not in memory_sentence(curves)


def test_memory_row_counts_the_shipped_training_runs_like_the_json():
    import json

    from lstm_engine.memory.shipped import shipped_path, training_runs
    if not all(shipped_path(kind).is_file() for kind in ("rnn", "lstm")):
        pytest.skip("shipped models not generated yet")
    expected = {}
    for kind in ("rnn", "lstm"):
        with open(shipped_path(kind).with_suffix(".json")) as handle:
            records = json.load(handle)["seed_search"]
        remembering = sum(r["retention"]["accuracy"][r["retention"]["gaps"].index(200)] >= 0.9 for r in records)
        expected[kind] = f"{remembering}/{len(records)}"
    curves = {kind: RetentionCurve(**training_runs(kind)[0].retention.to_dict()) for kind in ("rnn", "lstm")}
    text = memory_sentence(curves, runs={kind: training_runs(kind) for kind in ("rnn", "lstm")})
    assert f"RNN {expected['rnn']}, LSTM {expected['lstm']}" in text
