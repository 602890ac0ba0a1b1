"""Short trainings: the loop learns (clearly above chance), reports progress, stops when asked, is reproducible."""
from dataclasses import replace

import numpy as np
import pytest

from lstm_engine.memory.memory_task import TaskConfig
from lstm_engine.memory.retention import retention_curve, wilson_interval
from lstm_engine.memory.training import TrainConfig, train

SMALL = TrainConfig(task=TaskConfig(countries=4, gap_range=(1, 4), variant="single", seed=3),
                    hidden_size=16, embed_dim=8, batch_size=16, steps=150, lr=1e-2, curriculum_start=2)


def test_a_short_lstm_training_beats_chance_clearly_on_fresh_sequences():
    seen = []
    model, result = train("lstm", SMALL, progress=lambda step, loss, acc: seen.append((step, loss, acc)))
    assert [s for s, _, _ in seen] == list(range(1, 151)) and result.steps == 150
    assert np.mean(result.loss[-20:]) < 0.5 * np.mean(result.loss[:20])
    curve = retention_curve(model, [4], samples=200, seed=5)
    assert curve.chance == 0.25
    assert curve.low[0] > 0.6                       # the 95% interval is well above chance (0.25)
    assert model.trained


def test_training_is_reproducible_and_the_data_does_not_depend_on_the_model_seed():
    config = TrainConfig(task=TaskConfig(countries=3, gap_range=(1, 3), seed=1), hidden_size=4, embed_dim=3,
                         batch_size=4, steps=5)
    _, a = train("rnn", config)
    _, b = train("rnn", config)
    assert a.loss == b.loss

    _, c = train("rnn", replace(config, seed=9))
    assert c.loss != a.loss and c.max_gap == a.max_gap


def test_should_stop_and_time_budget_end_training_early():
    config = TrainConfig(task=TaskConfig(countries=3, gap_range=(1, 3)), hidden_size=4, embed_dim=3,
                         batch_size=4, steps=10_000)
    calls = []
    _, result = train("gru", config, should_stop=lambda: len(calls) >= 7 or calls.append(1))
    assert result.stopped_because == "should_stop" and result.steps == 7

    _, result = train("gru", replace(config, time_budget_s=0.3))
    assert result.stopped_because == "time_budget" and 0 < result.steps < 10_000


def test_early_stop_fires_once_the_largest_gap_is_answered():
    config = TrainConfig(task=TaskConfig(countries=2, gap_range=(1, 2), seed=4), hidden_size=8, embed_dim=4,
                         batch_size=16, steps=2000, lr=2e-2, early_stop_accuracy=0.95, eval_every=10,
                         eval_samples=100)
    _, result = train("lstm", config)
    assert result.stopped_because == "early_stop"
    assert result.evals[-1][2] >= 0.95 and result.steps < 2000 and result.steps % 10 == 0
    assert all(acc < 0.95 for _, _, acc in result.evals[:-1])


def test_curriculum_grows_the_largest_gap_from_the_start_to_the_range_end():
    config = TrainConfig(task=TaskConfig(countries=3, gap_range=(1, 12)), hidden_size=4, embed_dim=3,
                         batch_size=2, steps=20, curriculum_start=2, curriculum_fraction=0.5)
    _, result = train("rnn", config)
    assert result.max_gap[0] == 2 and result.max_gap[10:] == [12] * 10
    assert result.max_gap == sorted(result.max_gap)


def test_wilson_interval_matches_the_textbook_values():
    low, high = wilson_interval(8, 10)        # Wilson (1927) / Newcombe (1998) table: 0.4902, 0.9433
    assert (round(low, 4), round(high, 4)) == (0.4902, 0.9433)
    assert wilson_interval(0, 50)[0] == 0.0 and wilson_interval(50, 50)[1] == 1.0
    with pytest.raises(ValueError):
        wilson_interval(0, 0)


def test_bad_training_configs_are_refused():
    for bad in ({"steps": 0}, {"hidden_size": 2.5}, {"lr": 0}, {"time_budget_s": -1}, {"dtype": "int8"}):
        with pytest.raises(ValueError):
            TrainConfig(**bad)
    with pytest.raises(ValueError, match="unknown model"):
        train("transformer", SMALL)
